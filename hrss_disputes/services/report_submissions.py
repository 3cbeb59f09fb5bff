"""上报: an office's report for a period, frozen when its supervisor submits it.

What is stored (models.report.ReportSubmission, immutable by trigger): the report as
``report.as_json`` gives it (with the 12-month trend and the named cases, so the paper can be
printed again), for every figure that has its cases (the rates' numerators and denominators and
the cells of 案件情况) the ids of the cases counted in it with a short snapshot of each, the
audit chain's head the figures rest on, and the SHA-256 of what is stored, which the ``submit``
audit entry records too.

Later work never changes a submitted figure: it shows as differences. ``differences`` counts the
period again as it stands now (at the submission's report date, so 逾期 is judged on the same
day) and lists, per figure, the value then and now and the cases that entered or left it, each
with the events recorded on it since the submission that explain the move.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ..domain.court_links import ROWS as court_link_rows
from ..domain.kpi import LABELS, Kpi, Period, Rate
from ..domain.permissions import Permission, ReportSubmitter, report_submitter_refusal
from ..models.audit import AuditEntry
from ..models.case import CaseEvent, DisputeCase
from ..models.enums import CaseFamily, CaseStatus, Cause, EventKind, Role
from ..models.office import AppUser, Office
from ..models.report import ReportSubmission
from . import audit
from .access import require
from .context import Actor
from .court_links import CourtLinks
from .errors import NotFound, PermissionDenied, ServiceError, ValidationFailed
from .kpi import cases_of, figure_condition, settled_counts_as_mediated
from .offices import OFFICE_NOT_VISIBLE, ensure_visible, subtree_ids
from .report import (
    ComplaintFigures,
    FamilyCounts,
    Figures,
    ListedCase,
    Report,
    as_json,
    monthly_report,
)

ENTITY = "report_submission"
UNNUMBERED = "（未编号）"
# the counts table's JSON keys (report.as_json) and the drill-down part that finds their cases
COUNT_KEYS = {"carried_over": "carried", "accepted": "accepted", "closed": "closed", "open_at_end": "open_at_end",
              "not_accepted": "not_taken_in", "overdue": "overdue"}
# keys of the report that say when and from what it was made, not what it counts
NOT_COMPARED = frozenset({"made_on", "audit_head", "trend", "listed", "rate", "ended"})
TALLIES = frozenset({"closed_by_manner", "not_accepted_by_manner", "causes"})  # counts by kind, 0 when absent
UNREADABLE = "上报报表无法读取（数据库中保存的内容已损坏或被改动），无法显示上报时的数字"
CURRENT_HINT = "可按当前数据重新统计输出（命令行 --current，统计页勾选“导出当前数据”）"
SUBMITTED_AT_SLACK = 300  # seconds: a submission recorded before its time was kept in the entry (older rows)


class SubmissionUnreadable(ServiceError):
    """The submitted report cannot be shown as submitted (unreadable, deleted, another month's)."""


@dataclass(frozen=True)
class Submitted:
    """A submitted report as stored, checked against its hash and the audit chain."""

    id: uuid.UUID
    office: str
    period: Period
    submitted_at: datetime
    submitted_by: str
    audit_seq: int | None
    audit_hash: str | None
    data: dict[str, Any]  # the report (report.as_json, with trend and listed)
    cases: dict[str, Any]  # {"figures": {key: [case ids]}, "cases": {id: snapshot}}
    fault: str | None  # why the stored row does not hold (hash or chain), None when it does
    readable: bool = True  # False: the figures as submitted cannot be shown (see fault)

    @property
    def on(self) -> str:
        return self.submitted_at.astimezone().date().isoformat()

    @property
    def line(self) -> str:
        """已于 2026-11-02 由 王主任 上报（审计链 #1234）"""
        return f"已于 {self.on} 由 {self.submitted_by} 上报（审计链 #{self.audit_seq or 0}）"

    @property
    def refusal(self) -> str:
        """Why the figures as submitted cannot be given, in Chinese."""
        return f"{self.office}{self.period.label}：{self.fault}；{CURRENT_HINT}"

    def report(self) -> Report:
        """The frozen figures as a Report, for the window and the PDF and XLSX, stamped 已上报
        (and warned ⚠ when the row does not hold); SubmissionUnreadable when they cannot be shown."""
        if not self.readable:
            raise SubmissionUnreadable(self.refusal)
        stamp = (f"已上报：{self.on} 由 {self.submitted_by} 上报，以下为上报时的数字（审计链 #{self.audit_seq or 0}）")
        return _report_of(self.data, self.submitted_by, f"警告：{self.fault}。{stamp}" if self.fault else stamp)


@dataclass(frozen=True)
class MovedCase:
    """A case that entered or left a figure since the submission, and why."""

    case_id: str
    case_number: str
    parties: str  # 申请人 诉 被申请人
    why: str

    @property
    def name(self) -> str:
        """How the window names it: by its number, or by its parties when it has none yet."""
        return self.case_number if self.case_number != UNNUMBERED else f"（未编号）{self.parties}"


@dataclass(frozen=True)
class Difference:
    """One figure as submitted and as it stands now, with the cases that moved."""

    key: str  # the JSON path, e.g. kpis.mediation_success.month.denominator
    label: str  # 调解成功率 分母（本月）
    before: Any
    now: Any
    entered: list[MovedCase] = field(default_factory=list)
    left: list[MovedCase] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"figure": self.key, "label": self.label, "submitted": self.before, "now": self.now,
                "entered": [vars(c) for c in self.entered], "left": [vars(c) for c in self.left]}


def content_hash(report_text: str, cases_text: str) -> str:
    return hashlib.sha256(report_text.encode("utf-8") + b"\n" + cases_text.encode("utf-8")).hexdigest()


def _office(session: Session, user: Actor, office_id: uuid.UUID) -> Office:
    ensure_visible(session, user, office_id, OFFICE_NOT_VISIBLE)
    office = session.get(Office, office_id)
    if office is None:
        raise NotFound("找不到该机构")
    return office


def _row(session: Session, office_id: uuid.UUID, period: Period) -> ReportSubmission | None:
    return session.scalar(select(ReportSubmission).where(
        ReportSubmission.office_id == office_id, ReportSubmission.period_start == period.start,
        ReportSubmission.period_end == period.end))


def _name(session: Session, user_id: uuid.UUID | None) -> str:
    u = session.get(AppUser, user_id) if user_id else None
    return u.display_name if u else "（未知用户）"


def _figure_conditions(data: dict[str, Any], settled: bool) -> dict[str, Any]:
    """Each figure of the report that has cases behind it, with the drill-down condition that
    finds them (kpi.figure_condition, the definitions the counts use, checked equal by the KPI tests)."""
    out = {}
    made_on = date.fromisoformat(data["made_on"])
    for kpi_key, k in data["kpis"].items():
        for span in ("month", "year_to_date"):
            p = k[span]["period"]
            start, end = date.fromisoformat(p["from"]), date.fromisoformat(p["to"])
            for part in ("numerator", "denominator"):
                out[f"kpis.{kpi_key}.{span}.{part}"] = figure_condition(kpi_key, part, start, end, settled=settled)
    start, end = date.fromisoformat(data["period"]["from"]), date.fromisoformat(data["period"]["to"])
    for family in data["counts"]:
        for key, part in COUNT_KEYS.items():
            out[f"counts.{family}.{key}"] = figure_condition(f"family:{family}", part, start, end, as_of=made_on)
    return out


def _snapshot(number: str | None, applicants: str, respondents: str, status: str, accepted: date | None,
              closed: date | None) -> dict[str, Any]:
    return {"number": number or UNNUMBERED, "parties": f"{applicants} 诉 {respondents}", "status": status,
            "accepted_on": accepted.isoformat() if accepted else None,
            "closed_on": closed.isoformat() if closed else None}


_SNAPSHOT = (DisputeCase.case_number, DisputeCase.applicant_names, DisputeCase.respondent_names, DisputeCase.status,
             DisputeCase.accepted_on, DisputeCase.closed_on)


def cases_behind(session: Session, office_id: uuid.UUID, data: dict[str, Any],
                 among: set[str] | None = None) -> dict[str, Any]:
    """The cases counted in each figure of the report ``data`` (as_json), as they stand now:
    {"figures": {key: [case ids, sorted]}, "cases": {id: {number, parties, status, accepted_on,
    closed_on}}}; ``among``: only these cases are looked at."""
    c = DisputeCase
    mine = cases_of(subtree_ids(session, office_id))
    if among is not None:
        mine = and_(mine, c.id.in_([uuid.UUID(i) for i in among]))
    figures: dict[str, list[str]] = {}
    snapshots: dict[str, dict[str, Any]] = {}
    for key, condition in _figure_conditions(data, settled_counts_as_mediated(session)).items():
        rows = session.execute(select(c.id, *_SNAPSHOT).where(mine, condition)).all() if among != set() else []
        figures[key] = sorted(r[0].hex for r in rows)
        for case_id, *values in rows:
            snapshots[case_id.hex] = _snapshot(*values)
    return {"figures": figures, "cases": snapshots}


def _stored_report(made: Report) -> dict[str, Any]:
    """as_json, with the trend and the named cases the paper prints."""
    from .report import _rate_json

    data = as_json(made)
    data["trend"] = [[_rate_json(r) for r in month] for month in made.trend]
    data["listed"] = [{"case_number": x.case_number, "parties": x.parties, "handler": x.handler, "office": x.office,
                       "due": x.due.isoformat() if x.due else None, "why": x.why} for x in made.listed]
    return data


def _has_supervisors(session: Session, office_id: uuid.UUID) -> bool:
    return session.scalar(select(AppUser.id).where(AppUser.office_id == office_id, AppUser.role == Role.SUPERVISOR,
                                                   AppUser.active.is_(True)).limit(1)) is not None


def _submitter_refusal(session: Session, user: Actor, office: Office) -> str | None:
    """domain.permissions.report_submitter_refusal with the facts: how the user's office stands to
    ``office`` (its own, the nearest office above with supervisors, or another above it)."""
    if user.office_id == office.id:
        return None
    nearest, above = None, session.get(Office, office.parent_id) if office.parent_id else None
    while above is not None and nearest is None:
        nearest = above if _has_supervisors(session, above.id) else None
        above = session.get(Office, above.parent_id) if above.parent_id else None
    submitter = ReportSubmitter.NEAREST_ABOVE if nearest is not None and nearest.id == user.office_id \
        else ReportSubmitter.OTHER
    mine = session.get(Office, user.office_id)
    return report_submitter_refusal(office.name, office.kind, _has_supervisors(session, office.id), submitter,
                                    mine.kind if mine else office.kind)


def submit_refusal(*, session: Session, user: Actor, office_id: uuid.UUID) -> str | None:
    """Why the user may not submit this office's reports (the window hides 上报 then); None when they may."""
    require(user, Permission.READ_REPORTS)
    office = _office(session, user, office_id)
    from ..domain.permissions import refusal

    return refusal(user.role, Permission.SUBMIT_REPORT) or _submitter_refusal(session, user, office)


def submit(*, session: Session, user: Actor, office_id: uuid.UUID, period: Period,
           today: date | None = None) -> Submitted:
    """上报: freeze the office's report for an ended period. A supervisor of the office, or, when it
    has none, of the nearest office above with supervisors that handles its kinds of case
    (domain.permissions.REPORT_SUBMITTERS); once per office and period; audited; one transaction."""
    require(user, Permission.SUBMIT_REPORT)
    office = _office(session, user, office_id)
    if (why := _submitter_refusal(session, user, office)) is not None:
        raise PermissionDenied(why)
    today = today or date.today()
    if period.end >= today:
        raise ValidationFailed({"period": f"统计期间{period.label}尚未结束（至{period.end.isoformat()}），"
                                          f"期满后才能上报"})
    if (done := _row(session, office_id, period)) is not None:
        when = done.submitted_at.astimezone().strftime("%Y-%m-%d %H:%M")
        raise ValidationFailed({"period": f"{office.name}{period.label}的报表已于 {when} 由 "
                                          f"{_name(session, done.submitted_by)} 上报，不能再次上报"})
    if recorded := _recorded_for(session, office, period):  # the row is gone; the chain remembers it
        when = recorded[0].at.astimezone().strftime("%Y-%m-%d %H:%M")
        raise ValidationFailed({"period": f"审计链记载{office.name}{period.label}的报表已于 {when} 由 "
                                          f"{_name(session, recorded[0].user_id)} 上报，但上报记录已被删除"
                                          f"（数据库被改动过，请管理员从备份恢复），不能再次上报"})
    made = monthly_report(session=session, user=user, office_id=office_id, period=period, today=today,
                          with_trend=True)
    data = _stored_report(made)
    report_text = json.dumps(data, ensure_ascii=False)
    cases_text = json.dumps(cases_behind(session, office_id, data), ensure_ascii=False, sort_keys=True)
    seq, head = made.audit_head
    row = ReportSubmission(office_id=office_id, period_start=period.start, period_end=period.end,
                           submitted_by=user.id, report=report_text, cases=cases_text, audit_seq=seq,
                           audit_hash=head, sha256=content_hash(report_text, cases_text))
    session.add(row)
    try:
        session.flush()
    except IntegrityError as e:  # another supervisor submitted the same period a moment ago
        session.rollback()
        raise ValidationFailed({"period": f"{office.name}{period.label}的报表刚刚已由他人上报，不能再次上报"}) from e
    audit.record(session, user_id=user.id, entity=ENTITY, entity_id=row.id, action="submit",
                 after={"office": office.name, "office_id": office.id.hex, "period_start": period.start,
                        "period_end": period.end, "submitted_at": row.submitted_at, "audit_seq": seq,
                        "audit_hash": head, "sha256": row.sha256})
    session.commit()
    return _view(session, row)


@dataclass(frozen=True)
class _Recorded:
    """A ``submit`` audit entry: what the chain says was submitted, by whom and when."""

    seq: int
    row_id: uuid.UUID
    at: datetime
    user_id: uuid.UUID | None
    after: dict[str, Any]


def _recorded(session: Session, row_id: uuid.UUID | None = None) -> list[_Recorded]:
    """The ``submit`` entries (one per submission: few), or the one of a row."""
    q = select(AuditEntry.seq, AuditEntry.entity_id, AuditEntry.at, AuditEntry.user_id, AuditEntry.after).where(
        AuditEntry.entity == ENTITY, AuditEntry.action == "submit").order_by(AuditEntry.seq)
    if row_id is not None:
        q = q.where(AuditEntry.entity_id == row_id)
    out = []
    for seq, entity_id, at, user_id, after in session.execute(q):
        try:
            values = json.loads(after) if after else {}
        except ValueError:
            values = {}
        out.append(_Recorded(seq, entity_id, at, user_id, values if isinstance(values, dict) else {}))
    return out


def _office_names(session: Session, office: Office) -> set[str]:
    """Every name the office has had: its name now and those its audit entries recorded."""
    names = {office.name}
    for before, after in session.execute(select(AuditEntry.before, AuditEntry.after).where(
            AuditEntry.entity == "office", AuditEntry.entity_id == office.id)):
        for text in (before, after):
            try:
                name = json.loads(text).get("name") if text else None
            except (ValueError, AttributeError):
                name = None
            if isinstance(name, str):
                names.add(name)
    return names


def _same_office(session: Session, values: dict[str, Any], office: Office | None) -> bool:
    if office is None:
        return False
    if "office_id" in values:
        return str(values["office_id"]).replace("-", "") == office.id.hex
    return values.get("office") in _office_names(session, office)  # entries before the office's id was kept


def _recorded_for(session: Session, office: Office, period: Period) -> list[_Recorded]:
    """The ``submit`` entries that name this office and period."""
    return [r for r in _recorded(session) if r.after.get("period_start") == period.start.isoformat()
            and r.after.get("period_end") == period.end.isoformat() and _same_office(session, r.after, office)]


def _when(value: datetime) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _changed(session: Session, row: ReportSubmission, rec: _Recorded) -> list[str]:
    """What the row says that its ``submit`` entry does not: each as 项目（现为…，上报时为…）."""
    out = []
    office = session.get(Office, row.office_id)
    if not _same_office(session, rec.after, office):
        then = rec.after.get("office", "")
        if "office_id" in rec.after:
            was = session.get(Office, uuid.UUID(str(rec.after["office_id"])))
            then = was.name if was else then
        out.append(f"机构（现为“{office.name if office else row.office_id.hex}”，上报时为“{then}”）")
    then_period = (rec.after.get("period_start"), rec.after.get("period_end"))
    if (row.period_start.isoformat(), row.period_end.isoformat()) != then_period:
        out.append(f"统计期间（现为{row.period_start.isoformat()}至{row.period_end.isoformat()}，"
                   f"上报时为{then_period[0]}至{then_period[1]}）")
    if row.submitted_by != rec.user_id:
        out.append(f"上报人（现为“{_name(session, row.submitted_by)}”，上报时为“{_name(session, rec.user_id)}”）")
    then_at = _recorded_at(rec)
    if "submitted_at" in rec.after:
        moved = then_at != row.submitted_at
    else:  # older entries: recorded just after the row was made
        moved = not 0 <= (rec.at - row.submitted_at).total_seconds() <= SUBMITTED_AT_SLACK
    if moved:
        out.append(f"上报时间（现为{_when(row.submitted_at)}，上报时为{_when(then_at)}）")
    if (row.audit_seq, row.audit_hash) != (rec.after.get("audit_seq"), rec.after.get("audit_hash")):
        out.append(f"审计链头（现为 #{row.audit_seq}，上报时为 #{rec.after.get('audit_seq')}）")
    return out


def row_fault(session: Session, row: ReportSubmission, rec: _Recorded | None) -> tuple[str | None, bool]:
    """Why the row does not hold, held to its hash and to its ``submit`` entry ``rec`` (None: the
    chain has none); and whether its figures may still be shown (not when they are another
    office's or month's). (None, True) when it holds."""
    if rec is None:
        return "审计链中没有这次上报的记录：上报报表是后来加入数据库的，以下数字不可信", True
    if rec.after.get("sha256") != row.sha256:
        return "上报报表的哈希与审计链记录的不符：上报报表被替换过，以下数字不可信", True
    if content_hash(row.report, row.cases) != row.sha256:
        return "上报内容与上报时记录的哈希不符：数据库中的上报报表被改动过，以下数字不可信", True
    if changed := _changed(session, row, rec):
        elsewhere = any(c.startswith(("机构", "统计期间")) for c in changed)
        return ("上报记录与审计链中的上报记录不符：" + "、".join(changed) + "被改动过"
                + ("，这份报表不是本机构本期的上报报表" if elsewhere else "，以上以审计链记录为准")), not elsewhere
    return None, True


def _parsed(row: ReportSubmission) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The stored report and cases, when they read as a report (the paper can be laid out)."""
    try:
        data, cases = json.loads(row.report), json.loads(row.cases)
        if not isinstance(data, dict) or not isinstance(cases, dict) or not isinstance(cases.get("figures"), dict):
            return None
        _report_of(data, "", "")
        _figure_conditions(data, settled=False)
        _period_of(data["period"])
    except (ValueError, KeyError, TypeError, AttributeError, ArithmeticError):
        return None
    return data, cases


def _view(session: Session, row: ReportSubmission) -> Submitted:
    office = session.get(Office, row.office_id)
    [rec] = _recorded(session, row.id)[:1] or [None]
    fault, readable = row_fault(session, row, rec)
    parsed = _parsed(row)
    if parsed is None:
        data, cases, readable = {}, {}, False
        fault = UNREADABLE if fault is None else f"{UNREADABLE}（{fault.removesuffix('，以下数字不可信')}）"
    else:
        data, cases = parsed
    period = _row_period(row.period_start, row.period_end, data.get("period", {}).get("label"))
    if rec is not None and fault:  # who, when and on what as the chain recorded them (the row may lie)
        by, at, seq, head = rec.user_id, _recorded_at(rec), rec.after.get("audit_seq"), rec.after.get("audit_hash")
    else:
        by, at, seq, head = row.submitted_by, row.submitted_at, row.audit_seq, row.audit_hash
    return Submitted(row.id, office.name if office else "", period, at, _name(session, by), seq, head, data, cases,
                     fault, readable)


def _row_period(start: date, end: date, label: str | None) -> Period:
    """The row's period, named as the report named it (or as a month, or from–to, when it cannot be read)."""
    month = Period.month(start.year, start.month)
    if label is None and (month.start, month.end) == (start, end):
        return month
    return Period(start, end, label or f"{start.isoformat()}至{end.isoformat()}")


def _recorded_at(rec: _Recorded) -> datetime:
    try:
        at = datetime.fromisoformat(str(rec.after["submitted_at"])) if "submitted_at" in rec.after else rec.at
    except ValueError:
        return rec.at
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _deleted(session: Session, office: Office, period: Period) -> Submitted | None:
    """The month as the audit chain says it was submitted, when its row is gone (or moved)."""
    found = _recorded_for(session, office, period)
    if not found:
        return None
    rec = found[0]
    moved = session.get(ReportSubmission, rec.row_id)
    if moved is not None:
        fault = "上报记录与审计链中的上报记录不符：" + "、".join(_changed(session, moved, rec)) + "被改动过"
    else:
        fault = (f"上报记录已被删除：审计链第 {rec.seq} 条记载本期报表已经上报，数据库中却没有这份报表"
                 "（数据库被改动过，请管理员从备份恢复）")
    return Submitted(rec.row_id, office.name, period, _recorded_at(rec), _name(session, rec.user_id), rec.after.get("audit_seq"),
                     rec.after.get("audit_hash"), {}, {}, fault, readable=False)


def submitted(*, session: Session, user: Actor, office_id: uuid.UUID, period: Period) -> Submitted | None:
    """The office's submitted report for the period, checked against its hash and its ``submit``
    audit entry; one the chain says was submitted whose row is gone comes back unreadable, with
    the fault; None when it was never submitted."""
    require(user, Permission.READ_REPORTS)
    office = _office(session, user, office_id)
    row = _row(session, office_id, period)
    return _view(session, row) if row is not None else _deleted(session, office, period)


# ---------------------------------------------------------------- differences

_SPANS = {"month": "本月", "year_to_date": "累计"}
_RATE_PARTS = {"numerator": "分子", "denominator": "分母", "rate_text": "", "met": "达标", "target": "考核目标",
               "annual_target": "年度目标", "target_basis": "考核方式", "label": "名称", "formula": "公式",
               "options": "统计口径"}
_COUNT_LABELS = {"carried_over": "上期未结", "accepted": "本期受理", "closed": "本期结案", "open_at_end": "期末未结",
                 "not_accepted": "不予受理等", "overdue": "逾期", "supervised": "挂牌督办",
                 "closed_by_manner": "本期结案", "not_accepted_by_manner": "不予受理等"}
_FIGURE_LABELS = {"accepted": "本期受理（立案）", "collective": "其中集体争议", "green_channel": "其中绿色通道",
                  "workers_involved": "涉及劳动者", "amount_claimed": "请求金额",
                  "amount_resolved": "本期结案的调解、裁决及追回金额", "causes": "受理案件的案由",
                  "final_awards": "本期终局裁决", "average_days_to_close": "平均结案天数"}
_COMPLAINT_LABELS = {"received": "收到投诉举报", "accepted": "受理", "filed": "立案", "closed": "结案",
                     "revoked": "撤销立案", "workers_helped": "为劳动者追发或垫付工资（人次）",
                     "wages_recovered": "追发工资及赔偿金", "police_transfers": "移送公安机关",
                     "blacklistings": "列入失信联合惩戒名单", "advances": "动用应急周转金垫付",
                     "advanced": "垫付金额"}


def _enum_label(enum: type, value: str) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value


def figure_label(path: tuple[str, ...]) -> str:
    """A figure's name in words from its JSON path; an unknown path is joined as it is."""
    head, rest = path[0], path[1:]
    if head == "kpis" and len(rest) >= 3 and rest[1] in _SPANS:
        name = LABELS[Kpi(rest[0])] if rest[0] in {k.value for k in Kpi} else rest[0]
        part = _RATE_PARTS.get(rest[2], rest[2])
        return f"{name}{' ' + part if part else ''}（{_SPANS[rest[1]]}）"
    if head == "counts" and len(rest) >= 2:
        name = f"{_enum_label(CaseFamily, rest[0])} {_COUNT_LABELS.get(rest[1], rest[1])}"
        return name + (f"·{_enum_label(CaseStatus, rest[2])}" if len(rest) > 2 else "")
    if head == "figures" and rest:
        name = _FIGURE_LABELS.get(rest[0], rest[0])
        return name + (f"·{_enum_label(Cause, rest[1])}" if len(rest) > 1 else "")
    if head == "complaints" and rest:
        return f"投诉 {_COMPLAINT_LABELS.get(rest[0], rest[0])}"
    if head == "court_links" and rest:
        return "裁审衔接 " + next((label for key, label, _basis in court_link_rows if key == rest[0]), rest[0])
    return {"target_profile": "考核目标", "office": "机构名称"}.get(head, " · ".join(path))


def _walk(then: Any, now: Any, path: tuple[str, ...], out: list[tuple[tuple[str, ...], Any, Any]]) -> None:
    """Every leaf whose value differs; a key the submitted report did not have is no figure of it."""
    if isinstance(then, dict):
        now = now if isinstance(now, dict) else {}
        if path and path[-1] in TALLIES:  # {manner: n}: a manner absent is 0, one new is a change too
            for k in [*then, *(k for k in now if k not in then)]:
                if then.get(k, 0) != now.get(k, 0):
                    out.append(((*path, k), then.get(k, 0), now.get(k, 0)))
            return
        for k, v in then.items():
            if k not in NOT_COMPARED:
                _walk(v, now.get(k), (*path, k), out)
        return
    if then != now:
        out.append((path, then, now))


def _rate_value(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    for k in path:
        data = data.get(k, {}) if isinstance(data, dict) else {}
    return None if data == {} else data


def _day(d: date, year: int) -> str:
    return f"{d.month}月{d.day}日" if d.year == year else f"{d.year}年{d.month}月{d.day}日"


def _change_words(then: dict[str, Any] | None, now: dict[str, Any] | None, year: int) -> list[str]:
    """What changed on the case between its snapshot at submission and now, in words."""
    if now is None:
        return ["案件已不在本机构"]
    if then is None:
        return []
    words = []
    for key, name in (("closed_on", "结案日期"), ("accepted_on", "受理日期")):
        a, b = then.get(key), now.get(key)
        if a != b:
            show = [_day(date.fromisoformat(x), year) if x else "无" for x in (a, b)]
            words.append(f"{name}{show[0]}→{show[1]}")
    if then.get("status") != now.get("status"):
        words.append(f"状态{_enum_label(CaseStatus, then['status'])}→{_enum_label(CaseStatus, now['status'])}")
    return words


def _reasons(session: Session, ids: set[str], since: datetime, year: int) -> dict[str, list[str]]:
    """The events recorded on these cases after ``since``, in words: “11月5日 转仲裁（张三 记录）”."""
    out: dict[str, list[str]] = {}
    if not ids:
        return out
    uuids = [uuid.UUID(i) for i in ids]
    rows = session.execute(
        select(CaseEvent.case_id, CaseEvent.occurred_on, CaseEvent.kind, AppUser.display_name)
        .outerjoin(AppUser, AppUser.id == CaseEvent.user_id)
        .where(CaseEvent.case_id.in_(uuids), CaseEvent.recorded_at > since, CaseEvent.corrected_by.is_(None))
        .order_by(CaseEvent.recorded_at)).all()
    for case_id, on, kind, who in rows:
        out.setdefault(case_id.hex, []).append(f"{_day(on, year)} {_enum_label(EventKind, kind)}（{who or '系统'} 记录）")
    return out


def differences(*, session: Session, user: Actor, office_id: uuid.UUID, period: Period,
                frozen: Submitted | None = None) -> list[Difference]:
    """The submitted figures against the period counted again now: each changed figure (上报时 →
    现在) and each figure whose cases changed, with the cases that entered or left it and why."""
    frozen = frozen or submitted(session=session, user=user, office_id=office_id, period=period)
    if frozen is None:
        raise NotFound(f"{period.label}的报表尚未上报")
    if not frozen.readable:  # nothing as submitted to hold the count against: the fault says so
        return []
    then = frozen.data
    made_on = date.fromisoformat(then["made_on"])
    now = as_json(monthly_report(session=session, user=user, office_id=office_id, period=period, today=made_on))
    changed: list[tuple[tuple[str, ...], Any, Any]] = []
    _walk(then, now, (), changed)
    touched = _touched(session, frozen)
    now_cases = cases_behind(session, office_id, then, among=touched)
    then_sets = {k: set(v) if touched is None else set(v) & touched
                 for k, v in frozen.cases.get("figures", {}).items()}
    now_sets = {k: set(v) for k, v in now_cases["figures"].items()}
    moved = {k: (now_sets.get(k, set()) - s, s - now_sets.get(k, set())) for k, s in then_sets.items()}
    moved = {k: v for k, v in moved.items() if v[0] or v[1]}
    every = set().union(*(a | b for a, b in moved.values())) if moved else set()
    events = _reasons(session, every, frozen.submitted_at, period.start.year)
    current = {i: _snapshot(*r) for i, r in _current(session, every).items()}
    before_snap = frozen.cases.get("cases", {})

    def case_of(case_id: str) -> MovedCase:
        snap = current.get(case_id) or before_snap.get(case_id) or {}
        done = "；".join(events.get(case_id, []))
        change = "，".join(_change_words(before_snap.get(case_id), current.get(case_id), period.start.year))
        why = "：".join(x for x in (done, change) if x) or "上报后没有记录到这件案件的办理经过（统计口径或期限设置的改变）"
        return MovedCase(case_id, snap.get("number", UNNUMBERED), snap.get("parties", ""), why)

    out: dict[str, Difference] = {}
    for path, a, b in changed:
        key = ".".join(path)
        out[key] = Difference(key, figure_label(path), a, b)
    for key, (entered, left) in moved.items():
        path = tuple(key.split("."))
        d = out.get(key) or Difference(key, figure_label(path), _rate_value(then, path), _rate_value(now, path))
        out[key] = Difference(d.key, d.label, d.before, d.now, sorted((case_of(i) for i in entered),
                                                                      key=lambda m: m.case_number),
                              sorted((case_of(i) for i in left), key=lambda m: m.case_number))
    order = {k: i for i, k in enumerate(_keys(then))}
    for k in [k for k in order if k.endswith(".rate_text")]:  # a rate before its numerator and denominator
        order[k] = order.get(k.replace(".rate_text", ".numerator"), order[k]) - 0.5
    return sorted(out.values(), key=lambda d: order.get(d.key, len(order)))


# writes after which any case may count differently: a setting (和解撤回 counted as mediated), the
# office tree, the calendar (deadlines, hence 逾期)
RECOUNT_ALL = ("setting", "office", "calendar_day")
TOUCHED_MAX = 5000  # more cases written since the submission than this: look at every case


def _touched(session: Session, frozen: Submitted) -> set[str] | None:
    """The cases written since the submission, read from the audit chain after the head the report
    rests on (every write of a case records an entry naming it): only they can have entered or left
    a figure. None when every case must be looked at again."""
    if frozen.audit_seq is None:
        return None
    after = AuditEntry.seq > frozen.audit_seq
    if session.scalar(select(AuditEntry.seq).where(after, AuditEntry.entity.in_(RECOUNT_ALL)).limit(1)) is not None:
        return None
    ids = session.scalars(select(AuditEntry.case_id).where(after, AuditEntry.case_id.is_not(None)).distinct()
                          .limit(TOUCHED_MAX + 1)).all()
    return None if len(ids) > TOUCHED_MAX else {i.hex for i in ids}


def _current(session: Session, ids: set[str]) -> dict[str, tuple]:
    if not ids:
        return {}
    rows = session.execute(select(DisputeCase.id, *_SNAPSHOT)
                           .where(DisputeCase.id.in_([uuid.UUID(i) for i in ids]))).all()
    return {r[0].hex: tuple(r[1:]) for r in rows}


def _keys(data: Any, path: tuple[str, ...] = ()) -> list[str]:
    """Every leaf's path in the report's own order (the differences are listed in it)."""
    if isinstance(data, dict):
        return [k for key, v in data.items() for k in _keys(v, (*path, key))]
    return [".".join(path)]


# ---------------------------------------------------------------- the frozen report as a Report

def _period_of(p: dict[str, Any]) -> Period:
    return Period(date.fromisoformat(p["from"]), date.fromisoformat(p["to"]), p["label"])


def _rate_of(kpi_key: str, r: dict[str, Any], office: str, options: tuple[str, ...]) -> Rate:
    def dec(x: Any) -> Decimal | None:
        return None if x is None else Decimal(str(x)).quantize(Decimal("0.01"))

    return Rate(Kpi(kpi_key), r["numerator"], r["denominator"], dec(r.get("target")), _period_of(r["period"]),
                office, options, annual_target=dec(r.get("annual_target")))


def _report_of(data: dict[str, Any], preparer: str, stamp: str) -> Report:
    office = data["office"]
    month, ytd = [], []
    for key, k in data["kpis"].items():
        options = tuple(k.get("options", ()))
        month.append(_rate_of(key, k["month"], office, options))
        ytd.append(_rate_of(key, k["year_to_date"], office, options))
    families = [FamilyCounts(CaseFamily(f), v["carried_over"], v["accepted"],
                             {CaseStatus(s): n for s, n in v["closed_by_manner"].items()}, v["open_at_end"],
                             v["overdue"], v["supervised"],
                             {CaseStatus(s): n for s, n in v["not_accepted_by_manner"].items()})
                for f, v in data["counts"].items()]
    f = data.get("figures")
    figures = Figures(f["accepted"], f["collective"], f["green_channel"], f["workers_involved"],
                      Decimal(f["amount_claimed"]), Decimal(f["amount_resolved"]),
                      {Cause(k): n for k, n in f["causes"].items()}, f["final_awards"],
                      None if f["average_days_to_close"] is None else Decimal(str(f["average_days_to_close"])),
                      ) if f else None
    c = data.get("complaints")
    complaints = ComplaintFigures(**{k: (Decimal(v) if k in ("wages_recovered", "advanced") else v)
                                     for k, v in c.items()}) if c else None
    trend = [[_rate_of(r_key, r, office, ()) for r_key, r in zip(data["kpis"], month_rates, strict=True)]
             for month_rates in data.get("trend", [])]
    listed = [ListedCase(x["case_number"], x["parties"], x["handler"], x["office"],
                         date.fromisoformat(x["due"]) if x["due"] else None, x["why"]) for x in data.get("listed", [])]
    links = data.get("court_links")  # 裁审衔接, in reports submitted since it was counted
    court_links = CourtLinks(**links) if links else None
    head = data.get("audit_head", {})
    return Report(office, data["target_profile"], _period_of(data["period"]), month, ytd, families,
                  date.fromisoformat(data["made_on"]), figures=figures, trend=trend, listed=listed, preparer=preparer,
                  complaints=complaints, court_links=court_links, audit_head=(head.get("seq", 0), head.get("hash", "")),
                  stamp=stamp)


def frozen_report(*, session: Session, user: Actor, office_id: uuid.UUID, period: Period) -> Report | None:
    """The submitted report as a Report stamped 已上报 (the PDF and XLSX print it); None if not submitted."""
    s = submitted(session=session, user=user, office_id=office_id, period=period)
    return s.report() if s is not None else None


# ---------------------------------------------------------------- what the paper and the command print

CURRENT_STAMP = "当前数据（未上报）：本期报表已于 {on} 由 {who} 上报；以下按当前数据重新统计，与上报的数字可能不同"


def printable(*, session: Session, user: Actor, office_id: uuid.UUID, period: Period, today: date | None = None,
              current: bool = False) -> Report:
    """The report the PDF and XLSX lay out: a submitted period's frozen figures stamped 已上报, or
    with ``current`` the period counted now, stamped 当前数据（未上报）; a period never submitted
    is counted now, as before."""
    frozen = submitted(session=session, user=user, office_id=office_id, period=period)
    if frozen is not None and not current:
        return frozen.report()  # SubmissionUnreadable when it cannot be shown as submitted
    made = monthly_report(session=session, user=user, office_id=office_id, period=period, today=today,
                          with_trend=True)
    if frozen is None:
        return made
    return dataclasses.replace(made, stamp=CURRENT_STAMP.format(on=frozen.on, who=frozen.submitted_by))


def submission_json(frozen: Submitted) -> dict[str, Any]:
    return {"submitted_at": frozen.submitted_at.isoformat(), "submitted_on": frozen.on,
            "submitted_by": frozen.submitted_by, "audit_seq": frozen.audit_seq, "audit_hash": frozen.audit_hash,
            "intact": frozen.fault is None, "fault": frozen.fault}


def report_json(*, session: Session, user: Actor, office_id: uuid.UUID, period: Period, today: date | None = None,
                current: bool = False) -> dict[str, Any]:
    """The report as the command prints it: a submitted period's frozen report with ``submission``
    and the ``differences`` since; with ``current`` the live count labelled 当前数据（未上报）."""
    frozen = submitted(session=session, user=user, office_id=office_id, period=period)
    if frozen is None or current:
        data = as_json(monthly_report(session=session, user=user, office_id=office_id, period=period, today=today))
        if frozen is not None:
            data["basis"] = CURRENT_STAMP.format(on=frozen.on, who=frozen.submitted_by)
            data["submission"] = submission_json(frozen)
        return data
    if not frozen.readable:
        raise SubmissionUnreadable(frozen.refusal)
    data = {k: v for k, v in frozen.data.items() if k not in ("trend", "listed")}
    data["basis"] = "已上报：以下为上报时的数字"
    data["submission"] = submission_json(frozen)
    data["differences"] = [d.as_json() for d in differences(session=session, user=user, office_id=office_id,
                                                             period=period, frozen=frozen)]
    return data


def verify_submissions(session: Session) -> str | None:
    """Every submitted report against the SHA-256 its ``submit`` entry recorded in the audit chain
    (``audit verify``): a report rewritten in the database (its trigger dropped) or added or
    removed outside the program no longer matches. None when all hold, else the first fault."""
    recorded: dict[uuid.UUID, _Recorded] = {}
    for rec in _recorded(session):
        if rec.row_id in recorded:
            return f"第 {rec.seq} 条审计记录再次“上报”了已上报的报表 {rec.row_id.hex}（记录是后加的）"
        recorded[rec.row_id] = rec
    seen = 0
    for row in session.scalars(select(ReportSubmission).order_by(ReportSubmission.submitted_at)):
        name = f"上报报表（{row.period_start.isoformat()}至{row.period_end.isoformat()}）"
        if row.id not in recorded:
            return f"{name} 在审计链中没有上报记录（报表是后来加入的）"
        sha = recorded[row.id].after.get("sha256")
        if content_hash(row.report, row.cases) != sha or row.sha256 != sha:
            return f"{name} 的内容与上报时审计链记录的哈希不符（报表被改动或替换）"
        if changed := _changed(session, row, recorded[row.id]):  # office, period, who, when, anchor
            return f"{name} 的" + "、".join(changed) + f"与上报时审计链第 {recorded[row.id].seq} 条记录的不符（上报记录被改动）"
        seen += 1
    if seen != len(recorded):
        return f"审计链记录上报了 {len(recorded)} 份报表，数据库中只有 {seen} 份（报表被删除）"
    return None
