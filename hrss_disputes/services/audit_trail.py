"""Reading the audit trail: supervisors and administrators, filtered by case, user and dates,
within the offices they see; whole ID numbers and informants stay masked in what is shown."""

from __future__ import annotations

import json
import re
import uuid
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlmodel import Session

from ..domain.audit_chain import ChainBreak
from ..domain.permissions import Permission, mask_id_number
from ..domain.workflows import find_action
from ..models.audit import AuditEntry
from ..models.case import DisputeCase
from ..models.enums import Procedure
from ..models.office import AppUser, Office
from . import audit
from .access import require
from .context import Actor
from .offices import visible_office_ids

ENTITY_LABELS = {
    "dispute_case": "案件", "case_event": "办理步骤", "claim_item": "仲裁请求", "party": "当事人",
    "issued_document": "文书", "complaint_detail": "投诉审查", "complaint_worker": "劳动者名单",
    "app_user": "用户", "office": "机构", "setting": "设置", "calendar_day": "节假日",
    "minimum_wage": "最低工资", "average_wage": "平均工资", "kpi_target": "考核目标", "database": "数据库",
    "report_submission": "上报报表", "approval_request": "审批申请",
    "hearing_place": "开庭地点", "hearing": "开庭安排",  # services.hearings
    "paper_draft": "文书草稿", "element_position": "要素确认",  # services.drafts, services.element_positions
}
ACTION_LABELS = {
    "create": "新建", "update": "修改", "delete": "删除", "set": "设置", "login": "登录", "login_failed": "登录失败",
    "change_password": "修改密码", "reset_password": "重置密码", "disable": "停用", "enable": "启用",
    "set_first_password": "设置首个密码", "issue": "签发", "merge": "合并", "backup": "备份", "restore": "恢复",
    "submit": "上报", "encrypt": "加密数据库", "decrypt": "取消数据库加密", "rekey": "更改数据库口令",
    "load": "载入演示数据", "review": "受理审查", "set_workers": "修改名单", "numbering": "案号格式",
    "change_handler": "更换承办人", "decide": "裁决结果", "discard": "放弃草稿",
    "correct_strike": "更正：撤销步骤", "correct_redate": "更正：更正日期",  # services.corrections
    "approval_requested": "申请审批", "approval_approved": "批准", "approval_refused": "不予批准",
    "approval_withdrawn": "撤回审批申请",  # services.approvals
    "approval_cleared": "清除失效审批申请",  # services.approvals.clear_stale
    "book": "确定开庭", "held": "开庭", "postpone": "延期开庭",  # services.hearings
}
# values no one reads in the trail: ID numbers are masked, informants not shown at all
_ID_KEYS = re.compile(r"id_doc_number|id_number")
_HIDDEN_KEYS = re.compile(r"^informant")


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime
    user: str
    entity: str
    action: str
    case_number: str
    changes: str  # what an edit changed, readable: 电话：0758-2223333 → 13900001111
    before: str
    after: str


# the fields people edit, by the names they know them by; others are shown by their key
FIELD_LABELS = {
    "case_number": "案号", "procedure": "程序", "status": "状态", "handler_id": "承办人", "clerk_id": "书记员",
    "cause": "案由", "summary": "请求摘要", "green_channel": "绿色通道", "collective": "集体争议",
    "supervised": "挂牌督办", "small_claims": "小额速裁", "workers_involved": "涉及劳动者人数",
    "amount_claimed": "请求金额", "amount_resolved": "结案金额", "received_on": "收案日期", "accepted_on": "受理日期",
    "closed_on": "结案日期", "rights_known_on": "知道权利被侵害之日", "employment_ended_on": "劳动关系终止之日",
    "intake_channel": "来源", "name": "名称", "phone": "电话", "address": "住址", "id_doc_type": "证件类型",
    "id_doc_number": "证件号码", "sex": "性别", "birth_date": "出生日期", "migrant_worker": "农民工",
    "credit_code": "统一社会信用代码", "legal_rep": "法定代表人", "industry": "行业", "construction": "建设领域",
    "display_name": "姓名", "username": "用户名", "role": "角色", "office_id": "所属机构", "active": "启用",
    "value": "值", "key": "设置项", "amount": "金额", "kind": "类别", "note": "备注",
}
_UNREAD = {"version", "updated_at", "created_at", "number_key", "number_key_tail", "search_text", "name_key"}


def _cleaned(text: str | None):  # noqa: ANN202
    """The stored JSON with ID numbers masked and informant keys dropped (None when empty)."""
    if not text:
        return None
    try:
        values = json.loads(text)
    except ValueError:
        return text

    def clean(v):  # noqa: ANN001, ANN202
        if isinstance(v, dict):
            return {k: (mask_id_number(x) if _ID_KEYS.search(k) and isinstance(x, str) else clean(x))
                    for k, x in v.items() if not _HIDDEN_KEYS.match(k)}
        return v

    return clean(values)


def _shown(values) -> str:  # noqa: ANN001
    if values is None:
        return ""
    return values if isinstance(values, str) else json.dumps(values, ensure_ascii=False, sort_keys=True)


def _value_text(value) -> str:  # noqa: ANN001
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _is_edit(before, after) -> bool:  # noqa: ANN001
    """Before and after hold the same fields: an edit or a setting, not a new row or a step."""
    return isinstance(before, dict) and isinstance(after, dict) and before.keys() == after.keys()


def changes_text(before, after, names: dict[str, str] | None = None) -> str:  # noqa: ANN001
    """The fields whose value an edit changed, old → new: when before and after hold the same
    fields (an edit, a setting); empty for a new row or a procedure step, which record other
    things before and after. ``names`` turns the ids of people and offices into their names."""
    if not _is_edit(before, after):
        return ""
    names = names or {}
    order = {k: i for i, k in enumerate(FIELD_LABELS)}  # the forms' order, not the stored JSON's
    keys = sorted((k for k in before if k not in _UNREAD and before[k] != after[k]),
                  key=lambda k: order.get(k, len(order)))

    def shown(value) -> str:  # noqa: ANN001
        return _value_text(names.get(value, value) if isinstance(value, str) else value)

    return "；".join(f"{FIELD_LABELS.get(k, k)}：{shown(before[k])} → {shown(after[k])}" for k in keys)


_NAMED_IDS = ("handler_id", "clerk_id", "office_id")


def _names(session: Session, pairs: list[tuple]) -> dict[str, str]:
    """Display names of the users and offices an edit shown changed from or to (ids as stored)."""
    ids = set()
    for before, after in pairs:
        if _is_edit(before, after):
            for k in _NAMED_IDS:
                for v in (before.get(k), after.get(k)):
                    if isinstance(v, str):
                        with suppress(ValueError):
                            ids.add(uuid.UUID(v))
    if not ids:
        return {}
    found = session.execute(select(AppUser.id, AppUser.display_name).where(AppUser.id.in_(ids))).all()
    found += session.execute(select(Office.id, Office.name).where(Office.id.in_(ids))).all()
    return {str(i): name for i, name in found}  # audit.to_json writes ids as str(uuid)


def list_entries(*, session: Session, user: Actor, case_number: str = "", user_id: uuid.UUID | None = None,
                 date_from: date | None = None, date_to: date | None = None, limit: int = 500) -> list[AuditRow]:
    """Newest first. A case is found by its number (案号); dates are local calendar days."""
    require(user, Permission.READ_AUDIT)
    stmt = (select(AuditEntry, AppUser.display_name, DisputeCase.case_number, DisputeCase.procedure)
            .outerjoin(AppUser, AppUser.id == AuditEntry.user_id)
            .outerjoin(DisputeCase, DisputeCase.id == AuditEntry.case_id))
    offices = visible_office_ids(session, user)
    if offices is not None:  # a case's entries only within the offices seen; others by whose they are
        stmt = stmt.where(or_(DisputeCase.office_id.in_(offices),
                              AuditEntry.case_id.is_(None) & AppUser.office_id.in_(offices)))
    if case_number.strip():
        stmt = stmt.where(DisputeCase.case_number == case_number.strip())
    if user_id is not None:
        stmt = stmt.where(AuditEntry.user_id == user_id)
    local = datetime.now().astimezone().tzinfo
    if date_from is not None:
        stmt = stmt.where(AuditEntry.at >= datetime.combine(date_from, time(), local).astimezone(UTC))
    if date_to is not None:
        stmt = stmt.where(AuditEntry.at < datetime.combine(date_to + timedelta(days=1), time(), local).astimezone(UTC))
    rows = session.execute(stmt.order_by(AuditEntry.seq.desc()).limit(limit)).all()
    values = [(_cleaned(e.before), _cleaned(e.after)) for e, *_ in rows]
    names = _names(session, values)
    return [AuditRow(e.seq, e.at, name or "（系统）", ENTITY_LABELS.get(e.entity, e.entity),
                     _action_label(e.action, procedure), number or "", changes_text(before, after, names),
                     _shown(before), _shown(after))
            for (e, name, number, procedure), (before, after) in zip(rows, values, strict=True)]


def _action_label(action: str, procedure: str | None) -> str:
    """A procedure step by its name in the case's procedure (受理, 裁决 …), other writes by theirs."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    step = find_action(Procedure(procedure), action) if procedure else None
    return step.label if step else action


def verify(*, session: Session, user: Actor) -> ChainBreak | str | None:
    """The whole chain checked, then every issued paper against the hash its issue entry
    recorded, for the viewer's 校验 button: None when all hold, else the first fault."""
    require(user, Permission.READ_AUDIT)
    return audit.verify_chain(session) or audit.verify_documents(session)


def chain_head(*, session: Session, user: Actor) -> tuple[int, str]:
    """(序号, 哈希) of the chain's head, shown after a check so that it can be noted as an anchor."""
    require(user, Permission.READ_AUDIT)
    return audit.chain_head(session)
