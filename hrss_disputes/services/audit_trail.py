"""Reading the audit trail: supervisors and administrators, filtered by case, user and dates,
within the offices they see; whole ID numbers and informants stay masked in what is shown."""

from __future__ import annotations

import json
import re
import uuid
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
from ..models.office import AppUser
from . import audit
from .access import require
from .context import Actor
from .offices import visible_office_ids

ENTITY_LABELS = {
    "dispute_case": "案件", "case_event": "办理步骤", "claim_item": "仲裁请求", "party": "当事人",
    "issued_document": "文书", "complaint_detail": "投诉审查", "complaint_worker": "劳动者名单",
    "app_user": "用户", "office": "机构", "setting": "设置", "calendar_day": "节假日",
    "minimum_wage": "最低工资", "average_wage": "平均工资", "kpi_target": "考核目标", "database": "数据库",
}
ACTION_LABELS = {
    "create": "新建", "update": "修改", "delete": "删除", "set": "设置", "login": "登录", "login_failed": "登录失败",
    "change_password": "修改密码", "reset_password": "重置密码", "disable": "停用", "enable": "启用",
    "set_first_password": "设置首个密码", "issue": "签发", "merge": "合并", "backup": "备份", "restore": "恢复",
    "encrypt": "加密数据库", "decrypt": "取消数据库加密", "rekey": "更改数据库口令",
    "load": "载入演示数据", "review": "受理审查", "set_workers": "修改名单", "numbering": "案号格式",
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
    before: str
    after: str


def _shown(text: str | None) -> str:
    if not text:
        return ""
    try:
        values = json.loads(text)
    except ValueError:
        return text

    def clean(v):  # noqa: ANN001, ANN202
        if isinstance(v, dict):
            return {k: (mask_id_number(x) if _ID_KEYS.search(k) and isinstance(x, str) else clean(x))
                    for k, x in v.items() if not _HIDDEN_KEYS.match(k)}
        return v

    return json.dumps(clean(values), ensure_ascii=False, sort_keys=True)


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
    return [AuditRow(e.seq, e.at, name or "（系统）", ENTITY_LABELS.get(e.entity, e.entity),
                     _action_label(e.action, procedure), number or "", _shown(e.before), _shown(e.after))
            for e, name, number, procedure in rows]


def _action_label(action: str, procedure: str | None) -> str:
    """A procedure step by its name in the case's procedure (受理, 裁决 …), other writes by theirs."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    step = find_action(Procedure(procedure), action) if procedure else None
    return step.label if step else action


def verify(*, session: Session, user: Actor) -> ChainBreak | None:
    """The whole chain checked, for the viewer's 校验 button."""
    require(user, Permission.READ_AUDIT)
    return audit.verify_chain(session)
