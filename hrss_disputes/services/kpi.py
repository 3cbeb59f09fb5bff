"""Counting the three rates in SQL: one conditional-aggregate query over an office and its
sub-offices (optionally grouped by the person handling the case), and the target profile that
applies. Definitions: domain.kpi and procedures.md "KPI definitions"."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import and_, case, exists, func, literal, or_, select
from sqlmodel import Session

from ..domain.kpi import Kpi, Period, Rate
from ..domain.permissions import Permission
from ..models.case import CaseEvent, DisputeCase
from ..models.enums import OPEN_STATUSES, CaseFamily, CaseStatus, EventKind, Procedure
from ..models.office import AppUser, Office
from ..models.reference import KpiTarget
from . import audit
from .access import require
from .context import Actor
from .errors import NotFound, ValidationFailed
from .offices import OFFICE_NOT_VISIBLE, ensure_visible, subtree_ids
from .reference import json_setting, put_setting
from .sql import no_index

S = CaseStatus
EARLIEST = date(1900, 1, 1)  # a lower bound makes "before the start" an index range
MEDIATION_CLOSURES = (S.AGREEMENT, S.NO_AGREEMENT, S.WITHDRAWN, S.REFERRED)  # not 不予受理
OPTIONS = ("调解案件含基层调解组织与仲裁前调解；仲裁案件以仲裁调解书结案计为调解成功",
           "调解协议仲裁审查案件不计入调解成功率（调解成功已在达成协议的调解案件计算）",
           "不予受理的案件不计入；受理（立案）日期与结案日期取自办理经过")
SETTLED_OPTION = "kpi.settled_withdrawals_mediated"  # setting: 和解撤回 counts as a successful mediation
SETTLED_TEXT = {True: "和解后撤回的计为调解成功", False: "撤回的不计为调解成功（含和解撤回）"}


@dataclass(frozen=True)
class Counts:
    """The raw counts behind the three rates for one period (and one person, if grouped)."""

    mediated: int = 0  # 调解成功
    mediation_closed: int = 0  # 调解处理结案
    arbitration_closed: int = 0
    arbitration_carried: int = 0  # 期初未结
    arbitration_accepted: int = 0
    complaints_closed: int = 0  # 结案＋撤销立案
    complaints_carried: int = 0
    complaints_filed: int = 0


REVIEW = Procedure.ARBITRAL_REVIEW.value


def _grouped(session: Session, where, by_handler: bool, *extra) -> list:  # noqa: ANN001
    """``(handler or None, family, *extra, count)`` rows; every WHERE is a range on an indexed
    date (accepted_on or closed_on) so a city's million cases are read from a covering index."""
    c = DisputeCase
    key = [c.handler_id if by_handler else literal(None), c.family, *extra]
    return session.execute(select(*key, func.count()).where(where).group_by(*key)).all()


def _carried(session: Session, mine, day: date, by_handler: bool,  # noqa: ANN001
             known: dict[date, list]) -> list:
    """``(handler, family, n)`` rows adding up to the cases open at the start of ``day`` (期初未结):
    accepted before it − of those, closed before it. From 1 January's figure when ``known`` has it
    (the year to date is counted first), so only one count reads the whole history."""
    if day in known:
        return known[day]
    c = DisputeCase
    year_start = date(day.year, 1, 1)
    since, base = (year_start, list(known[year_start])) if year_start in known and day > year_start else (EARLIEST, [])
    before = day - timedelta(days=1)
    rows = base + list(_grouped(session, and_(mine, c.accepted_on.between(since, before)), by_handler))
    rows += [(h, f, -n) for h, f, n in _grouped(
        session, and_(mine, c.closed_on.between(since, before), c.accepted_on.is_not(None)), by_handler)]
    known[day] = rows
    return rows


ARBITRATION, MEDIATION, COMPLAINT = (f.value for f in (CaseFamily.ARBITRATION, CaseFamily.MEDIATION,
                                                       CaseFamily.COMPLAINT))
_OPENING = {ARBITRATION: "arbitration", COMPLAINT: "complaints"}  # families with a closure rate


class _Tally:
    """Adds grouped rows up into Counts, one bucket per key (a handler, a month, or None)."""

    def __init__(self) -> None:
        self.buckets: dict[object, dict[str, int]] = {}

    def add(self, key: object, name: str, n: int) -> None:
        bucket = self.buckets.setdefault(key, {})
        bucket[name] = bucket.get(name, 0) + n

    def closed(self, key: object, family: str, status: str, accepted: bool, review: bool, n: int) -> None:
        """A group of cases closed in the period: which numerators and denominators they join. An
        arbitral review (仲裁审查确认) confirms an agreement a mediation case already counted as a
        success: it joins the arbitration closure rate only. A complaint closed after 立案 in any
        manner (结案, 撤销立案, 移送调解仲裁) is closed, as an arbitration case is."""
        if not review:
            if (family, status) in ((MEDIATION, S.AGREEMENT.value), (ARBITRATION, S.MEDIATION_STATEMENT.value)):
                self.add(key, "mediated", n)
            if ((family == MEDIATION and status in [s.value for s in MEDIATION_CLOSURES])
                    or (family == ARBITRATION and status != S.NOT_ACCEPTED.value)):
                self.add(key, "mediation_closed", n)
        if family == ARBITRATION and accepted:
            self.add(key, "arbitration_closed", n)
        if family == COMPLAINT and accepted:
            self.add(key, "complaints_closed", n)

    def accepted(self, key: object, family: str, n: int) -> None:
        if family in _OPENING:
            self.add(key, f"{_OPENING[family]}_{'accepted' if family == ARBITRATION else 'filed'}", n)

    def carried(self, key: object, family: str, n: int) -> None:
        if family in _OPENING:
            self.add(key, f"{_OPENING[family]}_carried", n)

    def result(self) -> dict:
        return {k: Counts(**v) for k, v in self.buckets.items()}


def cases_of(offices: set[uuid.UUID]):  # noqa: ANN202
    """The offices' cases of every family: with the families named and the office kept off its
    index, each date range is read from a covering KPI index led by family (migration 0010)."""
    c = DisputeCase
    return and_(c.family.in_([ARBITRATION, MEDIATION, COMPLAINT]), no_index(c.office_id).in_(offices))


def _settled_withdrawal():  # noqa: ANN202
    """A withdrawn mediation or arbitration case whose 撤回 was recorded as after a settlement."""
    c = DisputeCase
    settled = json.dumps({"settled": True})[1:-1]  # "settled": true
    return and_(c.status == S.WITHDRAWN.value, c.family.in_([MEDIATION, ARBITRATION]), c.procedure != REVIEW,
                exists().where(
                    CaseEvent.case_id == c.id, CaseEvent.kind == EventKind.WITHDRAWN.value,
                    CaseEvent.data.contains(settled), CaseEvent.corrected_by.is_(None)))


def settled_counts_as_mediated(session: Session) -> bool:
    return bool(json_setting(session, SETTLED_OPTION))


def counts(session: Session, offices: set[uuid.UUID], p: Period, *, settled: bool, by_handler: bool = False,
           known: dict[date, list] | None = None) -> dict[uuid.UUID | None, Counts]:
    """Counts for the offices; keyed by handler (or None for all together). Every count is a date
    range; ``known`` carries the cases open at 1 January from the year-to-date call to the month's;
    ``settled``: withdrawals after settlement count as mediated (the setting, read once by the caller)."""
    c = DisputeCase
    mine = cases_of(offices)
    tally = _Tally()
    for h, family, status, accepted, review, n in _grouped(
            session, and_(mine, c.closed_on.between(p.start, p.end)), by_handler, c.status,
            c.accepted_on.is_not(None), c.procedure == REVIEW):
        tally.closed(h, family, status, accepted, bool(review), n)
    for h, family, n in _grouped(session, and_(mine, c.accepted_on.between(p.start, p.end)), by_handler):
        tally.accepted(h, family, n)
    for h, family, n in _carried(session, mine, p.start, by_handler, {} if known is None else known):
        tally.carried(h, family, n)
    if settled:
        for h, _family, n in _grouped(session, and_(mine, c.closed_on.between(p.start, p.end), _settled_withdrawal()),
                                      by_handler):
            tally.add(h, "mediated", n)
    return tally.result()


def monthly_counts(session: Session, offices: set[uuid.UUID], months: list[Period], *, settled: bool) -> list[Counts]:
    """Counts of consecutive months in four queries: the cases open at the first month's start,
    then the closings and acceptances of the whole span grouped by day, rolled forward month by
    month (open at the next start = open + accepted − closed after acceptance)."""
    c = DisputeCase
    mine, first, last = cases_of(offices), months[0].start, months[-1].end
    month_of = {m.start.replace(day=1): i for i, m in enumerate(months)}
    tally = _Tally()
    closed_after_acceptance: dict[tuple[int, str], int] = {}
    review = c.procedure == REVIEW
    for family, status, accepted, is_review, day, n in session.execute(
            select(c.family, c.status, c.accepted_on.is_not(None), review, c.closed_on, func.count())
            .where(mine, c.closed_on.between(first, last))
            .group_by(c.family, c.status, c.accepted_on.is_not(None), review, c.closed_on)).all():
        i = month_of[day.replace(day=1)]
        tally.closed(i, family, status, accepted, bool(is_review), n)
        if accepted:
            closed_after_acceptance[(i, family)] = closed_after_acceptance.get((i, family), 0) + n
    opened: dict[tuple[int, str], int] = {}
    for family, day, n in session.execute(
            select(c.family, c.accepted_on, func.count()).where(mine, c.accepted_on.between(first, last))
            .group_by(c.family, c.accepted_on)).all():
        i = month_of[day.replace(day=1)]
        tally.accepted(i, family, n)
        opened[(i, family)] = opened.get((i, family), 0) + n
    open_now = dict.fromkeys((ARBITRATION, MEDIATION, COMPLAINT), 0)
    for _h, family, n in _carried(session, mine, first, False, {}):
        open_now[family] = open_now.get(family, 0) + n
    if settled:
        for day, n in session.execute(select(c.closed_on, func.count()).where(
                mine, c.closed_on.between(first, last), _settled_withdrawal()).group_by(c.closed_on)).all():
            tally.add(month_of[day.replace(day=1)], "mediated", n)
    for i in range(len(months)):
        for family, n in open_now.items():
            tally.carried(i, family, n)
            open_now[family] = n + opened.get((i, family), 0) - closed_after_acceptance.get((i, family), 0)
    done = tally.result()
    return [done.get(i, Counts()) for i in range(len(months))]


def annual_target_applies(p: Period) -> bool:
    """The profiles' targets are annual: they judge a period from 1 January within one year (the
    year to date, the year; January itself). A month's closure rate counts the cases still open in
    its denominator and would always be below a year's target: a month is shown beside it."""
    return (p.start.month, p.start.day) == (1, 1) and p.end.year == p.start.year


def rates_of(k: Counts, p: Period, office: str, targets: dict[Kpi, object], settled: bool = False) -> list[Rate]:
    applies = annual_target_applies(p)

    def rate(kpi: Kpi, n: int, d: int, options: tuple[str, ...]) -> Rate:
        annual = targets.get(kpi)
        return Rate(kpi, n, d, annual if applies else None, p, office, options, annual_target=annual)

    return [
        rate(Kpi.MEDIATION_SUCCESS, k.mediated, k.mediation_closed, (*OPTIONS, SETTLED_TEXT[settled])),
        rate(Kpi.ARBITRATION_CLOSURE, k.arbitration_closed, k.arbitration_carried + k.arbitration_accepted, OPTIONS),
        rate(Kpi.COMPLAINT_CLOSURE, k.complaints_closed, k.complaints_carried + k.complaints_filed, OPTIONS),
    ]


def targets_for(session: Session, office_id: uuid.UUID, on: date) -> tuple[str, dict[Kpi, object]]:
    """The target profile of the office on a date: its own (or an office above it), else the
    shipped profile named in its or a parent's name (肇庆市…), else the default (广东省)."""
    chain, office = [], session.get(Office, office_id)
    while office is not None:
        chain.append(office)
        office = session.get(Office, office.parent_id) if office.parent_id else None
    rows = session.scalars(select(KpiTarget).where(KpiTarget.effective_from <= on)
                           .order_by(KpiTarget.effective_from.desc())).all()
    chosen = None
    for o in chain:
        chosen = next((t for t in rows if t.office_id == o.id), None) or next(
            (t for t in rows if t.office_id is None and not t.is_default and t.profile in o.name), None)
        if chosen is not None:
            break
    chosen = chosen or next((t for t in rows if t.is_default and t.office_id is None), None)
    if chosen is None:
        return "（无目标）", {}
    return chosen.profile, {Kpi.MEDIATION_SUCCESS: chosen.mediation_success,
                            Kpi.ARBITRATION_CLOSURE: chosen.arbitration_closure,
                            Kpi.COMPLAINT_CLOSURE: chosen.complaint_closure}


@dataclass(frozen=True)
class KpiResult:
    office: str
    profile: str  # the target profile applied
    period: list[Rate]  # the month (or chosen period)
    year_to_date: list[Rate]


def office_rates(*, session: Session, user: Actor, office_id: uuid.UUID, period: Period,
                 known: dict[date, list] | None = None) -> KpiResult:
    """The three rates of an office with its sub-offices, for the period and its year to date;
    ``known`` receives the open-case counts by day (期初未结) for the caller to reuse."""
    require(user, Permission.READ_REPORTS)
    ensure_visible(session, user, office_id, OFFICE_NOT_VISIBLE)
    office = session.get(Office, office_id)
    if office is None:
        raise NotFound("找不到该机构")
    offices = subtree_ids(session, office_id)
    profile, targets = targets_for(session, office_id, period.end)
    ytd, known = period.year_to_date(), {} if known is None else known
    settled = settled_counts_as_mediated(session)
    year = counts(session, offices, ytd, settled=settled, known=known).get(None, Counts())  # first: 1 January
    month = counts(session, offices, period, settled=settled, known=known).get(None, Counts())
    return KpiResult(office.name, profile, rates_of(month, period, office.name, targets, settled),
                     rates_of(year, ytd, office.name, targets, settled))


def trend(*, session: Session, user: Actor, office_id: uuid.UUID, period: Period,
          months: int = 12) -> list[list[Rate]]:
    """The three rates of each of the ``months`` months ending with the period's (the trend chart)."""
    require(user, Permission.READ_REPORTS)
    ensure_visible(session, user, office_id, OFFICE_NOT_VISIBLE)
    office = session.get(Office, office_id)
    _, targets = targets_for(session, office_id, period.end)
    span = period.previous_months(months)
    settled = settled_counts_as_mediated(session)
    return [rates_of(k, m, office.name if office else "", targets, settled)
            for k, m in zip(monthly_counts(session, subtree_ids(session, office_id), span, settled=settled), span,
                            strict=True)]


def person_rates(*, session: Session, user: Actor, office_id: uuid.UUID, period: Period) -> list[tuple[str, list[Rate]]]:
    """Each handler's rates (arbitrators, mediators, inspectors) over the office's cases."""
    require(user, Permission.READ_REPORTS)
    ensure_visible(session, user, office_id, OFFICE_NOT_VISIBLE)
    offices = subtree_ids(session, office_id)
    _, targets = targets_for(session, office_id, period.end)
    settled = settled_counts_as_mediated(session)
    grouped = counts(session, offices, period, settled=settled, by_handler=True)
    names = {u.id: u.display_name for u in session.scalars(
        select(AppUser).where(AppUser.id.in_([h for h in grouped if h is not None])))}
    return sorted(((names.get(h, "（未指定承办人）"), rates_of(k, period, names.get(h, ""), targets, settled))
                   for h, k in grouped.items()), key=lambda x: x[0])


@dataclass(frozen=True)
class TargetRow:
    profile: str  # 广东省, 肇庆市 … or the office's name
    office: str | None  # the office that set it, None for a shipped profile
    effective_from: date
    mediation_success: object
    arbitration_closure: object
    complaint_closure: object
    is_default: bool


def list_targets(*, session: Session, user: Actor) -> list[TargetRow]:
    rows = session.scalars(select(KpiTarget).order_by(KpiTarget.office_id.is_not(None), KpiTarget.profile,
                                                      KpiTarget.effective_from)).all()
    names = {o.id: o.name for o in session.scalars(select(Office))}
    return [TargetRow(t.profile, names.get(t.office_id) if t.office_id else None, t.effective_from,
                      t.mediation_success, t.arbitration_closure, t.complaint_closure, t.is_default) for t in rows]


def _percent(errors: dict[str, str], key: str, text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().rstrip("%"))
    except (InvalidOperation, ValueError):
        errors[key] = "应为百分数，例如 90 或 92.5"
        return None
    if not Decimal(0) <= value < Decimal(100) or value != value.quantize(Decimal("0.01")):
        errors[key] = "应在 0 至 100 之间（不含 100），最多两位小数"
        return None
    return value


def set_office_target(*, session: Session, user: Actor, office_id: uuid.UUID, year: int, mediation_success: str,
                      arbitration_closure: str, complaint_closure: str) -> None:
    """An office's own targets from 1 January of ``year`` (its sub-offices follow it unless they
    set their own); met means strictly above. Administrators only."""
    require(user, Permission.SET_TARGETS)
    office = session.get(Office, office_id)
    if office is None:
        raise NotFound("找不到该机构")
    errors: dict[str, str] = {}
    values = {k: _percent(errors, k, text) for k, text in (
        ("mediation_success", mediation_success), ("arbitration_closure", arbitration_closure),
        ("complaint_closure", complaint_closure))}
    if not 2000 <= year <= 2100:
        errors["year"] = "年度应在 2000 至 2100 之间"
    if errors:
        raise ValidationFailed(errors)
    start = date(year, 1, 1)
    row = session.scalar(select(KpiTarget).where(KpiTarget.office_id == office_id, KpiTarget.effective_from == start))
    before = audit.snapshot(row) if row else None
    if row is None:
        row = KpiTarget(profile=office.name, office_id=office_id, effective_from=start, **values)
        session.add(row)
    else:
        for k, v in values.items():
            setattr(row, k, v)
    session.flush()
    audit.record(session, user_id=user.id, entity="kpi_target", entity_id=row.id,
                 action="update" if before else "create", before=before, after=audit.snapshot(row))
    session.commit()


# ---------------------------------------------------------------- drill-down

PARTS = {"numerator": "分子", "denominator": "分母"}


def figure_condition(kpi_key: str, part: str, start: date, end: date, as_of: date | None = None,
                     settled: bool = False):  # noqa: ANN201
    """The cases behind one figure, as a WHERE clause for the case list (统计 → 案件): the same
    definitions the counts use, written as conditions. ``as_of``: the report's date (逾期)."""
    c = DisputeCase
    closed_in = c.closed_on.between(start, end)
    fam = {f: c.family == f for f in (ARBITRATION, MEDIATION, COMPLAINT)}
    if kpi_key.startswith("family:"):  # a count of the report's 案件情况 table
        return and_(fam[kpi_key.split(":", 1)[1]], _count_condition(part, start, end, as_of or date.today()))
    kpi = Kpi(kpi_key)
    if kpi is Kpi.MEDIATION_SUCCESS:
        not_review = c.procedure != REVIEW
        if part == "numerator":
            return and_(closed_in, not_review, or_(and_(fam[MEDIATION], c.status == S.AGREEMENT.value),
                                                   and_(fam[ARBITRATION], c.status == S.MEDIATION_STATEMENT.value),
                                                   *([_settled_withdrawal()] if settled else [])))
        return and_(closed_in, not_review, or_(
            and_(fam[MEDIATION], c.status.in_([s.value for s in MEDIATION_CLOSURES])),
            and_(fam[ARBITRATION], c.status != S.NOT_ACCEPTED.value)))
    family = fam[ARBITRATION if kpi is Kpi.ARBITRATION_CLOSURE else COMPLAINT]
    if part == "numerator":  # closed after acceptance (立案), in any manner
        return and_(family, closed_in, c.accepted_on.is_not(None))
    # open at the start, or accepted in the period
    return and_(family, c.accepted_on <= end, or_(c.closed_on.is_(None), c.closed_on >= start))


COUNT_PARTS = {"carried": "上期未结", "accepted": "本期受理", "closed": "本期结案", "open_at_end": "期末未结",
               "not_taken_in": "不予受理等", "overdue": "逾期"}
# a mediation case is taken in (受理) when accepted or, without an acceptance (pre-filing mediation
# defers it; a centre may mediate at once), when mediation begins or first gives an outcome
INTAKE_EVENTS = (EventKind.MEDIATION_STARTED, EventKind.AGREEMENT, EventKind.NO_AGREEMENT, EventKind.WITHDRAWN)


def taken_in_on():  # noqa: ANN201
    """The date a case was taken in (受理/立案): ``accepted_on``, and for a mediation case without
    one the first event that shows it was being mediated (INTAKE_EVENTS); NULL if never."""
    c = DisputeCase
    return case((c.family == MEDIATION, func.coalesce(c.accepted_on, _first_intake())), else_=c.accepted_on)


def _first_intake():  # noqa: ANN202
    c = DisputeCase
    return (select(func.min(CaseEvent.occurred_on))
            .where(CaseEvent.case_id == c.id, CaseEvent.kind.in_([k.value for k in INTAKE_EVENTS]),
                   CaseEvent.corrected_by.is_(None))
            .correlate(c).scalar_subquery())


def mediation_taken_in(start: date, end: date):  # noqa: ANN201
    """A mediation case taken in (taken_in_on) from ``start`` to ``end``, written so an index on
    the acceptance date answers it: accepted in the range, or never accepted and first mediated
    in it. The event lookup runs only for the few cases without an acceptance (taken_in_on's
    coalesce is a term no index holds: a server read every mediation case, and its planner,
    guessing the lookup for each, paid a second for compiling the statement)."""
    c = DisputeCase
    return and_(c.family == MEDIATION, or_(c.accepted_on.between(start, end),
                                           and_(c.accepted_on.is_(None), _first_intake().between(start, end))))


def _count_condition(part: str, start: date, end: date, as_of: date):  # noqa: ANN202
    """The cases behind one cell of the counts table (services.report.FamilyCounts), written from
    the definitions, not from the counting: 期末未结 is found directly."""
    c = DisputeCase
    taken = taken_in_on()
    if part == "carried":
        return and_(taken < start, or_(c.closed_on.is_(None), c.closed_on >= start))
    if part == "accepted":
        return taken.between(start, end)
    if part == "closed":
        return and_(c.closed_on.between(start, end), taken.is_not(None))
    if part == "not_taken_in":
        return and_(c.closed_on.between(start, end), taken.is_(None))
    if part == "open_at_end":
        return and_(taken <= end, or_(c.closed_on.is_(None), c.closed_on > end))
    # overdue: open at the report's date, received by the period's end, an office deadline passed by then
    return and_(c.status.in_([s.value for s in OPEN_STATUSES]), c.received_on <= end, c.next_deadline < as_of)


def settled_option(*, session: Session, user: Actor) -> bool:
    return settled_counts_as_mediated(session)


def set_settled_withdrawals_mediated(*, session: Session, user: Actor, value: bool) -> None:
    """Whether a withdrawal after settlement (和解撤回) counts as a successful mediation
    (procedures.md: "if the setting says so"); administrators only."""
    require(user, Permission.SET_TARGETS)
    put_setting(session, user.id, SETTLED_OPTION, value)
    session.commit()
