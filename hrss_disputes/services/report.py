"""The monthly report's content: the three rates for the month and the year to date, and the
counts behind them (carried over, accepted, closed by manner, overdue, supervised), for an office
with its sub-offices. The PDF, XLSX and JSON forms lay out the same Report."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session

from ..domain.kpi import Period, Rate
from ..models.case import CaseEvent, DisputeCase
from ..models.complaint import ADVANCE, PAID, BlacklistEntry, ComplaintPayment
from ..models.enums import OPEN_STATUSES, CaseFamily, CaseStatus, Cause, EventKind
from ..models.office import AppUser, Office
from . import audit
from .context import Actor
from .court_links import CourtLinks, court_links
from .court_links import as_json as court_links_json
from .errors import ValidationFailed
from .kpi import EARLIEST, cases_of, mediation_taken_in, office_rates, taken_in_on, trend
from .offices import subtree_ids
from .sql import no_index


@dataclass(frozen=True)
class FamilyCounts:
    """One row of 案件情况: 上期未结 + 本期受理 − 本期结案 = 期末未结. Cases closed without ever being
    taken in (不予受理, withdrawn or referred before acceptance) are counted apart, in neither."""

    family: CaseFamily
    carried: int  # 上期未结 (taken in before the period, open at its start)
    accepted: int  # 本期受理（立案）; a mediation case without an acceptance: when mediation began
    closed_by_manner: dict[CaseStatus, int]  # 本期结案 of cases taken in, by how
    open_at_end: int  # taken in and not yet closed at the end
    overdue: int  # open at the report's date with an office deadline passed by then
    supervised: int  # 挂牌督办, open at the report's date
    not_taken_in_by_manner: dict[CaseStatus, int] = field(default_factory=dict)  # 不予受理 etc., by how

    @property
    def closed(self) -> int:
        return sum(self.closed_by_manner.values())

    @property
    def not_taken_in(self) -> int:
        return sum(self.not_taken_in_by_manner.values())


@dataclass(frozen=True)
class Figures:
    """The statistical figures higher levels ask for (procedures.md, after the KPI definitions)."""

    accepted: int  # 本期受理（立案）, every family
    collective: int  # of which 集体争议
    green_channel: int  # of which 绿色通道
    workers: int  # 涉及劳动者人数 of the cases accepted
    claimed: Decimal  # 请求金额 of the cases accepted
    resolved: Decimal  # 调解/裁决/追回金额 of the cases closed
    causes: dict[Cause, int]  # 案由 of the cases accepted
    final_awards: int  # 终局裁决 among the awards of the period
    average_days: Decimal | None  # 平均结案天数 (受理至结案) of the cases closed


@dataclass(frozen=True)
class ComplaintFigures:
    """The wage-arrears complaint figures of the period (procedures.md family 3)."""

    received: int  # 收到的投诉举报
    accepted: int  # 受理：立案，或属劳动争议移送调解仲裁
    filed: int  # 立案
    closed: int  # 结案
    revoked: int  # 撤销立案
    workers_helped: int  # 获得支付或垫付的劳动者（人次）
    wages_recovered: Decimal  # 用人单位支付到位的工资及赔偿金
    police_transfers: int  # 移送公安机关
    blacklistings: int  # 列入失信联合惩戒名单
    advances: int  # 动用应急周转金垫付的案件
    advanced: Decimal  # 垫付金额


@dataclass(frozen=True)
class ListedCase:
    """An open case the report names: overdue (逾期) or under supervised listing (挂牌督办)."""

    case_number: str
    parties: str
    handler: str
    office: str
    due: date | None
    why: str  # 逾期 / 挂牌督办 / 逾期、挂牌督办


@dataclass(frozen=True)
class Report:
    office: str
    profile: str
    period: Period
    month: list[Rate]
    year_to_date: list[Rate]
    families: list[FamilyCounts]
    made_on: date
    figures: Figures | None = None
    trend: list[list[Rate]] = field(default_factory=list)  # 12 months, oldest first
    listed: list[ListedCase] = field(default_factory=list)
    preparer: str = ""
    complaints: ComplaintFigures | None = None
    court_links: CourtLinks | None = None  # 裁审衔接 (services.court_links)
    # the audit chain's head when the report was made (序号, 哈希): printed on the report, an
    # anchor outside the database for ``audit verify --against``
    audit_head: tuple[int, str] = (0, "")
    # 已上报 (services.report_submissions: the frozen figures), or 当前数据（未上报）: printed under the title
    stamp: str = ""

    @property
    def ended(self) -> bool:
        """The period had ended when the report was made."""
        return self.period.end < self.made_on

    @property
    def period_note(self) -> str:
        """Said beside the period of a report made before it ended; empty otherwise."""
        d = self.made_on
        return "" if self.ended else f"本期尚未结束，数字截至制表日（{d.year}年{d.month}月{d.day}日）"


def _period_rows(session: Session, offices: set[uuid.UUID], p: Period) -> tuple[list, list]:
    """The two passes the counts and figures share: cases taken in (受理) in the period grouped by
    family and cause (with their sums), and the cases closed in it with the day each was taken in.
    Arbitration and complaints are read by their acceptance date's index; mediation cases, whose
    intake may be an event (kpi.taken_in_on), apart."""
    c = DisputeCase
    mine = cases_of(offices)
    columns = (c.family, c.cause, func.count(), func.sum(case((c.collective, 1), else_=0)),
               func.sum(case((c.green_channel, 1), else_=0)), func.sum(c.workers_involved), func.sum(c.amount_claimed))
    accepted = session.execute(select(*columns).where(
        mine, c.family.in_([CaseFamily.ARBITRATION.value, CaseFamily.COMPLAINT.value]),
        c.accepted_on.between(p.start, p.end)).group_by(c.family, c.cause)).all()
    accepted += session.execute(select(*columns).where(mine, mediation_taken_in(p.start, p.end))
                                .group_by(c.family, c.cause)).all()
    closed = session.execute(select(c.id, c.family, c.status, c.accepted_on, c.closed_on, c.amount_resolved,
                                    taken_in_on()).where(mine, c.closed_on.between(p.start, p.end))).all()
    return accepted, closed


def _mediation_carried(session: Session, offices: set[uuid.UUID], p: Period) -> int:
    """Mediation cases taken in before the period and open at its start (their intake may be an event)."""
    c = DisputeCase
    return session.scalar(select(func.count()).where(
        cases_of(offices), mediation_taken_in(EARLIEST, p.start - timedelta(days=1)),
        or_(c.closed_on.is_(None), c.closed_on >= p.start))) or 0


def _family_counts(session: Session, offices: set[uuid.UUID], p: Period, carried_rows: list,
                   accepted_rows: list, closed_rows: list, as_of: date) -> list[FamilyCounts]:
    """Every family's counts: carried over from the KPI counting (mediation apart), the rest from
    the period's rows; 逾期 and 挂牌督办 at the report's date ``as_of``."""
    c = DisputeCase
    carried: dict[str, int] = {}
    for _h, family, n in carried_rows:
        carried[family] = carried.get(family, 0) + n
    carried[CaseFamily.MEDIATION.value] = _mediation_carried(session, offices, p)
    accepted: dict[str, int] = {}
    for family, _cause, n, *_ in accepted_rows:
        accepted[family] = accepted.get(family, 0) + n
    closed: dict[str, dict[CaseStatus, int]] = {}
    apart: dict[str, dict[CaseStatus, int]] = {}
    for _id, family, status, _accepted_on, _closed_on, _amount, taken_on in closed_rows:
        by_status = (closed if taken_on is not None else apart).setdefault(family, {})
        by_status[CaseStatus(status)] = by_status.get(CaseStatus(status), 0) + 1
    # overdue and supervised describe the cases as they stand at the report's date. Few cases are
    # open, so these start from the status index
    now_open = and_(no_index(c.office_id).in_(offices), c.status.in_([s.value for s in OPEN_STATUSES]),
                    no_index(c.received_on) <= p.end)

    def by_family(*where) -> dict[str, int]:  # noqa: ANN002
        return dict(session.execute(select(c.family, func.count()).where(now_open, *where).group_by(c.family)).all())

    overdue = by_family(c.next_deadline.between(EARLIEST, as_of - timedelta(days=1)))
    supervised = by_family(c.supervised)
    out = []
    for f in CaseFamily:
        k = f.value
        done = closed.get(k, {})
        held = carried.get(k, 0) + accepted.get(k, 0) - sum(done.values())
        out.append(FamilyCounts(f, carried.get(k, 0), accepted.get(k, 0), done, held,
                                overdue.get(k, 0), supervised.get(k, 0), apart.get(k, {})))
    return out


def _figures(session: Session, accepted_rows: list, closed_rows: list) -> Figures:
    spans = [(b - a).days for _, _, _, a, b, *_ in closed_rows if a is not None]  # from a recorded 受理
    average = (Decimal(sum(spans)) / len(spans)).quantize(Decimal("0.1")) if spans else None
    awarded = [i for i, _, status, *_ in closed_rows if status == CaseStatus.AWARDED.value]
    final = 0
    for start in range(0, len(awarded), 500):  # the awards' own events say whether they were final
        for (data,) in session.execute(select(CaseEvent.data).where(
                CaseEvent.case_id.in_(awarded[start:start + 500]), CaseEvent.kind == EventKind.AWARDED.value,
                CaseEvent.corrected_by.is_(None))):
            final += bool(data and json.loads(data).get("final"))
    causes: dict[Cause, int] = {}
    for _family, cause, n, *_ in accepted_rows:
        causes[Cause(cause)] = causes.get(Cause(cause), 0) + n
    total = [sum(int(r[i] or 0) for r in accepted_rows) for i in (2, 3, 4, 5)]
    return Figures(total[0], total[1], total[2], total[3],
                   sum((Decimal(r[6] or 0) for r in accepted_rows), Decimal(0)),
                   sum((r[5] or Decimal(0) for r in closed_rows), Decimal(0)), causes, final, average)


CENTS = Decimal("0.01")
LISTED_MAX = 200  # the report names at most this many cases; the count says how many there are


def _listed(session: Session, offices: set[uuid.UUID], p: Period, as_of: date) -> list[ListedCase]:
    c = DisputeCase
    rows = session.execute(
        select(c.case_number, c.applicant_names, c.respondent_names, AppUser.display_name, Office.name,
               c.next_deadline, c.supervised)
        .join(Office, Office.id == c.office_id).outerjoin(AppUser, AppUser.id == c.handler_id)
        .where(no_index(c.office_id).in_(offices),
               c.status.in_([s.value for s in OPEN_STATUSES]), c.received_on <= p.end,
               or_(c.next_deadline.between(EARLIEST, as_of - timedelta(days=1)), c.supervised))
        .order_by(c.next_deadline).limit(LISTED_MAX)).all()
    out = []
    for number, applicants, respondents, handler, office, due, supervised in rows:
        why = "、".join(w for w, on in (("逾期", due is not None and due < as_of), ("挂牌督办", supervised)) if on)
        out.append(ListedCase(number or "（未编号）", f"{applicants} 诉 {respondents}", handler or "", office, due, why))
    return out


def monthly_report(*, session: Session, user: Actor, office_id: uuid.UUID, period: Period,
                   today: date | None = None, with_trend: bool = False) -> Report:
    """The report's figures; ``with_trend`` adds the 12-month trend and the named cases (PDF, XLSX).
    A period not yet begun is refused; one not yet ended is counted up to ``today`` and says so."""
    made_on = today or date.today()
    if period.start > made_on:
        raise ValidationFailed({"period": f"统计期间{period.label}尚未开始（制表日{made_on.isoformat()}），无法统计"})
    known: dict[date, list] = {}
    result = office_rates(session=session, user=user, office_id=office_id, period=period, known=known)
    offices = subtree_ids(session, office_id)
    accepted, closed = _period_rows(session, offices, period)
    families = _family_counts(session, offices, period, known[period.start], accepted, closed, made_on)
    extra = {}
    if with_trend:
        extra = {"trend": trend(session=session, user=user, office_id=office_id, period=period),
                 "listed": _listed(session, offices, period, made_on)}
    return Report(result.office, result.profile, period, result.period, result.year_to_date, families,
                  made_on, figures=_figures(session, accepted, closed), preparer=user.display_name,
                  complaints=complaint_figures(session, offices, period), audit_head=audit.chain_head(session),
                  court_links=court_links(session, offices, period), **extra)


def complaint_figures(session: Session, offices: set[uuid.UUID], p: Period) -> ComplaintFigures:
    """Counted by the date each fact happened: received, filed, closed, paid, transferred, listed."""
    c = DisputeCase
    mine = and_(c.family == CaseFamily.COMPLAINT, no_index(c.office_id).in_(offices))  # the family's date indexes
    # joined from events, payments and listings of the period: SQLite is kept off the case's own
    # indexes so that it walks the period's rows and looks each case up, not every complaint
    theirs = and_(no_index(c.family) == CaseFamily.COMPLAINT, no_index(c.office_id).in_(offices))
    received = session.scalar(select(func.count()).where(mine, c.received_on.between(p.start, p.end))) or 0
    filed = session.scalar(select(func.count()).where(mine, c.accepted_on.between(p.start, p.end))) or 0
    closed = dict(session.execute(select(c.status, func.count()).where(
        mine, c.closed_on.between(p.start, p.end), c.status.in_([CaseStatus.CLOSED, CaseStatus.REVOKED]))
        .group_by(c.status)).all())
    events = dict(session.execute(
        select(CaseEvent.kind, func.count()).join(c, c.id == CaseEvent.case_id)
        .where(theirs, CaseEvent.occurred_on.between(p.start, p.end), CaseEvent.corrected_by.is_(None),
               # a referral is an acceptance only of a complaint never filed (one after 立案 closes it)
               or_(CaseEvent.kind == EventKind.POLICE_TRANSFER,
                   and_(CaseEvent.kind == EventKind.REFERRED, c.accepted_on.is_(None))))
        .group_by(CaseEvent.kind)).all())
    pay = ComplaintPayment
    payments = session.execute(select(pay.kind, pay.worker_id, pay.workers, pay.amount, pay.case_id)
                               .join(c, c.id == pay.case_id).where(theirs, pay.paid_on.between(p.start, p.end))).all()
    reached = [x for x in payments if x.kind in (PAID, ADVANCE)]  # money that reached workers
    listed = session.scalar(select(func.count()).select_from(BlacklistEntry).join(c, c.id == BlacklistEntry.case_id)
                            .where(theirs, BlacklistEntry.listed_on.between(p.start, p.end))) or 0

    def total(kind: str) -> Decimal:
        return sum((x.amount for x in payments if x.kind == kind), Decimal(0)).quantize(CENTS)

    return ComplaintFigures(
        received=received, accepted=filed + events.get(EventKind.REFERRED, 0), filed=filed,
        closed=closed.get(CaseStatus.CLOSED, 0), revoked=closed.get(CaseStatus.REVOKED, 0),
        workers_helped=len({x.worker_id for x in reached if x.worker_id}) + sum(x.workers for x in reached
                                                                              if not x.worker_id),
        wages_recovered=total(PAID), police_transfers=events.get(EventKind.POLICE_TRANSFER, 0), blacklistings=listed,
        advances=len({x.case_id for x in payments if x.kind == ADVANCE}), advanced=total(ADVANCE))


def _rate_json(r: Rate) -> dict[str, Any]:
    return {"numerator": r.numerator, "denominator": r.denominator,
            "rate": float(r.percent) if r.percent is not None else None, "rate_text": r.text,
            "target": float(r.target) if r.target is not None else None, "met": r.met,
            "annual_target": float(r.annual_target) if r.annual_target is not None else None,
            "target_basis": r.target_text,
            "period": {"from": r.period.start.isoformat(), "to": r.period.end.isoformat(), "label": r.period.label}}


def as_json(report: Report) -> dict[str, Any]:
    """The report as plain data: for each KPI the month's and year-to-date figures, then the counts."""
    return {
        "office": report.office, "target_profile": report.profile,
        "period": {"from": report.period.start.isoformat(), "to": report.period.end.isoformat(),
                   "label": report.period.label, "ended": report.ended},
        "kpis": {m.kpi.value: {"label": m.label, "formula": m.formula, "options": list(m.options),
                               "month": _rate_json(m), "year_to_date": _rate_json(y)}
                 for m, y in zip(report.month, report.year_to_date, strict=True)},
        "counts": {f.family.value: {"carried_over": f.carried, "accepted": f.accepted, "closed": f.closed,
                                    "closed_by_manner": {k.value: v for k, v in f.closed_by_manner.items()},
                                    "open_at_end": f.open_at_end, "not_accepted": f.not_taken_in,
                                    "not_accepted_by_manner": {k.value: v for k, v in f.not_taken_in_by_manner.items()},
                                    "overdue": f.overdue, "supervised": f.supervised}
                   for f in report.families},
        "figures": _figures_json(report.figures) if report.figures else None,
        "complaints": {k: (str(x) if isinstance(x, Decimal) else x) for k, x in vars(report.complaints).items()}
        if report.complaints else None,
        "court_links": court_links_json(report.court_links) if report.court_links else None,
        "made_on": report.made_on.isoformat(),
        "audit_head": {"seq": report.audit_head[0], "hash": report.audit_head[1]},
    }


def _figures_json(f: Figures) -> dict[str, Any]:
    return {"accepted": f.accepted, "collective": f.collective, "green_channel": f.green_channel,
            "workers_involved": f.workers, "amount_claimed": str(f.claimed.quantize(CENTS)), "amount_resolved": str(f.resolved.quantize(CENTS)),
            "causes": {k.value: n for k, n in f.causes.items()}, "final_awards": f.final_awards,
            "average_days_to_close": float(f.average_days) if f.average_days is not None else None}
