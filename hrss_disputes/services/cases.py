"""Cases: register, edit, claims, timeline events, and the searchable, paged case list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select, update
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ..domain import validators as v
from ..domain.status import TimelineFact, derive_state
from ..models.audit import AuditEntry
from ..models.case import CaseEvent, CaseParty, ClaimItem, DisputeCase
from ..models.enums import (
    PROCEDURES_BY_FAMILY,
    CaseFamily,
    CasePartyRole,
    CaseStatus,
    Cause,
    ClaimType,
    EventKind,
    Procedure,
    Role,
)
from ..models.office import AppUser, Office
from ..models.party import Party
from ..models.types import utcnow
from . import audit
from .context import Actor
from .errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from .offices import ensure_visible, subtree_ids, visible_office_ids
from .parties import PartyInput, PartyView, party_view, resolve_party, validate_party

COLLECTIVE_MIN_WORKERS = 10  # Rules2017 Art 5, LDMAF Art 7: 劳动者一方在十人以上


# ---------------------------------------------------------------- inputs and views


@dataclass
class ClaimInput:
    claim_type: str = ClaimType.WAGES
    amount_claimed: str | Decimal | None = None
    description: str = ""
    period_from: date | None = None
    period_to: date | None = None


@dataclass
class CaseInput:
    family: str
    procedure: str
    office_id: uuid.UUID | None
    received_on: date | None
    cause: str = Cause.LABOUR_PAY
    applicants: list[PartyInput] = field(default_factory=list)
    respondents: list[PartyInput] = field(default_factory=list)
    claims: list[ClaimInput] = field(default_factory=list)
    summary: str = ""
    case_number: str = ""
    handler_id: uuid.UUID | None = None
    intake_channel: str | None = None
    green_channel: bool = False
    collective: bool = False
    supervised: bool = False
    small_claims: bool = False
    workers_involved: int = 1


@dataclass(frozen=True)
class ClaimView:
    id: uuid.UUID
    claim_type: ClaimType
    description: str
    amount_claimed: Decimal | None
    amount_resolved: Decimal | None
    period_from: date | None
    period_to: date | None


@dataclass(frozen=True)
class EventView:
    id: uuid.UUID
    kind: EventKind
    occurred_on: date
    recorded_at: datetime
    user_name: str
    note: str


@dataclass(frozen=True)
class CasePartyView:
    role: CasePartyRole
    party: PartyView


@dataclass(frozen=True)
class CaseDetail:
    id: uuid.UUID
    family: CaseFamily
    procedure: Procedure
    status: CaseStatus
    case_number: str | None
    office_id: uuid.UUID
    office_name: str
    handler_id: uuid.UUID | None
    handler_name: str
    cause: Cause
    intake_channel: str | None
    summary: str
    green_channel: bool
    collective: bool
    supervised: bool
    small_claims: bool
    workers_involved: int
    amount_claimed: Decimal
    amount_resolved: Decimal | None
    received_on: date
    accepted_on: date | None
    closed_on: date | None
    next_deadline: date | None
    version: int
    updated_at: datetime
    parties: tuple[CasePartyView, ...]
    claims: tuple[ClaimView, ...]
    events: tuple[EventView, ...]


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: uuid.UUID
    case_number: str | None
    family: CaseFamily
    procedure: Procedure
    status: CaseStatus
    applicant_names: str
    respondent_names: str
    cause: Cause
    received_on: date
    office_name: str
    handler_name: str
    amount_claimed: Decimal
    next_deadline: date | None
    green_channel: bool
    collective: bool
    supervised: bool
    small_claims: bool
    search_text: str = ""  # party names in lower case, as the search matches them

    def matches(self, text: str) -> bool:
        """Whether the search box's ``text`` finds this row: the rule the SQL search applies."""
        needle = normalise_search(text)
        if not needle:
            return True
        if searches_case_number(needle):
            return needle in (self.case_number or "").lower()
        return needle in self.search_text


SORT_KEYS = (
    "case_number", "family", "procedure", "status", "applicant_names", "respondent_names",
    "cause", "received_on", "office", "handler", "amount_claimed", "next_deadline",
)


@dataclass
class CaseQuery:
    """Filters, sort and page of the case list; every part is done in SQL."""

    text: str = ""  # 案号 or party name, matched anywhere
    family: str | None = None
    procedure: str | None = None
    status: str | None = None  # a CaseStatus, or "open" / "closed"
    office_id: uuid.UUID | None = None  # this office and its sub-offices
    party_id: uuid.UUID | None = None  # cases in which this party appears
    green_channel: bool = False
    collective: bool = False
    supervised: bool = False
    small_claims: bool = False
    received_from: date | None = None
    received_to: date | None = None
    sort: str = "received_on"
    descending: bool = True
    offset: int = 0
    limit: int = 200


# ---------------------------------------------------------------- validation


def validate_case(data: CaseInput, *, user: Actor | None = None, today: date | None = None) -> dict[str, str]:
    """Every field error of a new case at once, keyed by field; empty when it may be saved."""
    errors: dict[str, str] = {}
    try:
        family = CaseFamily(data.family)
    except ValueError:
        return {"family": "请选择案件类别"}
    if data.procedure not in PROCEDURES_BY_FAMILY[family]:
        errors["procedure"] = f"{family.label}不能选择“{Procedure(data.procedure).label}”"
    if data.office_id is None:
        errors["office_id"] = "请选择受理机构"
    if msg := v.validate_past_date(data.received_on, today=today, what="收案日期"):
        errors["received_on"] = msg
    if not data.applicants:
        errors["applicants"] = "请至少填写一名申请人" if family is not CaseFamily.COMPLAINT else "请填写投诉人"
    if not data.respondents:
        errors["respondents"] = "请填写被申请人（用人单位）" if family is not CaseFamily.COMPLAINT else "请填写被投诉单位"
    for i, p in enumerate(data.applicants):
        errors.update(validate_party(p, prefix=f"applicants.{i}.", today=today))
    for i, p in enumerate(data.respondents):
        errors.update(validate_party(p, prefix=f"respondents.{i}.", today=today))
    for i, c in enumerate(data.claims):
        if msg := v.validate_money(c.amount_claimed):
            errors[f"claims.{i}.amount_claimed"] = msg
        if msg := v.validate_date_order(c.period_from, c.period_to, what="请求期间的结束日期"):
            errors[f"claims.{i}.period_to"] = msg
        if c.claim_type not in ClaimType.__members__.values():
            errors[f"claims.{i}.claim_type"] = "请选择请求类型"
    if data.workers_involved < 1:
        errors["workers_involved"] = "涉及劳动者人数至少为1"
    elif (data.collective or data.procedure == Procedure.COLLECTIVE) and \
            data.workers_involved < COLLECTIVE_MIN_WORKERS:
        errors["workers_involved"] = "集体争议须劳动者一方在10人以上"
    if data.supervised and user is not None and user.role is not Role.SUPERVISOR:
        errors["supervised"] = "挂牌督办只能由领导设定"
    if len(data.case_number.strip()) > 60:
        errors["case_number"] = "案号过长"
    if len(data.summary) > 20000:
        errors["summary"] = "摘要过长（最多20000字）"
    return errors


def validate_new_case(*, session: Session, user: Actor, data: CaseInput) -> dict[str, str]:
    """The errors ``create_case`` would refuse with, for the dialog to show at its fields."""
    errors = validate_case(data, user=user)
    if data.office_id is not None and "office_id" not in errors:
        try:
            ensure_visible(session, user, data.office_id)
        except PermissionDenied as e:
            errors["office_id"] = str(e)
    number = data.case_number.strip()
    if number and data.office_id and session.scalar(
        select(DisputeCase.id).where(DisputeCase.office_id == data.office_id,
                                     DisputeCase.case_number == number)
    ):
        errors["case_number"] = f"案号 {number} 已被本机构使用"
    return errors


# ---------------------------------------------------------------- writes


def _refresh_party_cache(session: Session, case: DisputeCase) -> None:
    rows = session.execute(
        select(CaseParty.role, Party.name).join(Party, Party.id == CaseParty.party_id)
        .where(CaseParty.case_id == case.id).order_by(CaseParty.position)
    ).all()
    applicants = [n for r, n in rows if r == CasePartyRole.APPLICANT]
    respondents = [n for r, n in rows if r == CasePartyRole.RESPONDENT]
    case.applicant_names = _names_from(applicants)
    case.respondent_names = _names_from(respondents)
    case.search_text = normalise_search(" ".join(n for _, n in rows))[:800]


def _names_from(names: list[str]) -> str:
    if len(names) > 3:
        return "、".join(names[:3]) + f"等{len(names)}人"
    return "、".join(names)


def _refresh_state(session: Session, case: DisputeCase) -> None:
    events = session.execute(
        select(CaseEvent.kind, CaseEvent.occurred_on).where(CaseEvent.case_id == case.id)
        .order_by(CaseEvent.occurred_on, CaseEvent.recorded_at)
    ).all()
    state = derive_state(TimelineFact(k, d) for k, d in events)
    case.status = state.status.value
    case.accepted_on = state.accepted_on
    case.closed_on = state.closed_on


def _refresh_amounts(session: Session, case: DisputeCase) -> None:
    claimed, resolved = session.execute(
        select(func.sum(ClaimItem.amount_claimed), func.sum(ClaimItem.amount_resolved))
        .where(ClaimItem.case_id == case.id)
    ).one()
    case.amount_claimed = Decimal(claimed or 0).quantize(Decimal("0.01"))
    case.amount_resolved = None if resolved is None else Decimal(resolved).quantize(Decimal("0.01"))


def create_case(*, session: Session, user: Actor, data: CaseInput) -> uuid.UUID:
    """Register a case with its parties, claims and the 'received' event, in one transaction."""
    errors = validate_new_case(session=session, user=user, data=data)
    if errors:
        raise ValidationFailed(errors)
    family = CaseFamily(data.family)
    case = DisputeCase(
        family=family, procedure=data.procedure, status=CaseStatus.RECEIVED,
        case_number=data.case_number.strip() or None, office_id=data.office_id,
        handler_id=data.handler_id or user.id, cause=data.cause,
        intake_channel=data.intake_channel, summary=data.summary.strip(),
        green_channel=data.green_channel,
        collective=data.collective or data.procedure == Procedure.COLLECTIVE,
        supervised=data.supervised, small_claims=data.small_claims,
        workers_involved=data.workers_involved, received_on=data.received_on, created_by=user.id,
    )
    session.add(case)
    session.flush()
    position = 0
    for role, inputs in ((CasePartyRole.APPLICANT, data.applicants),
                         (CasePartyRole.RESPONDENT, data.respondents)):
        for p in inputs:
            party = resolve_party(session, user, p)
            session.add(CaseParty(case_id=case.id, party_id=party.id, role=role, position=position))
            position += 1
    for i, c in enumerate(data.claims):
        session.add(ClaimItem(
            case_id=case.id, claim_type=c.claim_type, description=c.description.strip(),
            amount_claimed=v.parse_money(c.amount_claimed), period_from=c.period_from,
            period_to=c.period_to, position=i,
        ))
    session.add(CaseEvent(case_id=case.id, kind=EventKind.RECEIVED, occurred_on=data.received_on,
                          user_id=user.id, note=f"登记{family.label}"))
    session.flush()
    _refresh_party_cache(session, case)
    _refresh_amounts(session, case)
    _refresh_state(session, case)
    audit.record(session, user_id=user.id, entity="dispute_case", entity_id=case.id,
                 action="create", after=audit.snapshot(case))
    session.commit()
    return case.id


EDITABLE_FIELDS = (
    "case_number", "handler_id", "cause", "intake_channel", "summary", "green_channel",
    "collective", "small_claims", "workers_involved",
)


def _who_changed(session: Session, case_id: uuid.UUID) -> str:
    row = session.execute(
        select(AppUser.display_name, AuditEntry.at).join(AppUser, AppUser.id == AuditEntry.user_id)
        .where(AuditEntry.entity == "dispute_case", AuditEntry.entity_id == case_id)
        .order_by(AuditEntry.at.desc()).limit(1)
    ).first()
    if row is None:
        return "该案件已被他人修改"
    local = row.at.astimezone().strftime("%Y-%m-%d %H:%M")
    return f"该案件已被 {row.display_name} 于 {local} 修改"


def _load_case(session: Session, user: Actor, case_id: uuid.UUID) -> DisputeCase:
    case = session.get(DisputeCase, case_id)
    if case is None:
        raise NotFound("找不到该案件")
    ensure_visible(session, user, case.office_id)
    return case


def _bump(session: Session, case: DisputeCase, expected_version: int) -> None:
    """Claim the next version in SQL, so two savers of the same version cannot both win."""
    result = session.execute(
        update(DisputeCase).where(DisputeCase.id == case.id, DisputeCase.version == expected_version)
        .values(version=expected_version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        raise VersionConflict(_who_changed(session, case.id) + "。您填写的内容仍保留，请核对后重新保存。")
    case.version = expected_version + 1


def update_case(
    *, session: Session, user: Actor, case_id: uuid.UUID, expected_version: int,
    changes: dict[str, Any],
) -> CaseDetail:
    """Edit the case's own fields (not parties, claims or status)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"fields not editable here: {sorted(unknown)}")
    case = _load_case(session, user, case_id)
    errors: dict[str, str] = {}
    workers = changes.get("workers_involved", case.workers_involved)
    collective = changes.get("collective", case.collective) or case.procedure == Procedure.COLLECTIVE
    if workers < 1:
        errors["workers_involved"] = "涉及劳动者人数至少为1"
    elif collective and workers < COLLECTIVE_MIN_WORKERS:
        errors["workers_involved"] = "集体争议须劳动者一方在10人以上"
    number = (changes.get("case_number") or "").strip() if "case_number" in changes else None
    if number and number != case.case_number and session.scalar(
        select(DisputeCase.id).where(DisputeCase.office_id == case.office_id,
                                     DisputeCase.case_number == number)
    ):
        errors["case_number"] = f"案号 {number} 已被本机构使用"
    if errors:
        raise ValidationFailed(errors)
    before = audit.snapshot(case, list(changes))
    _bump(session, case, expected_version)
    for key, value in changes.items():
        if key == "case_number":
            value = number or None
        setattr(case, key, value)
    session.add(CaseEvent(case_id=case.id, kind=EventKind.EDITED, occurred_on=date.today(),
                          user_id=user.id, note="修改：" + "、".join(sorted(changes))))
    audit.record(session, user_id=user.id, entity="dispute_case", entity_id=case.id,
                 action="update", before=before, after=audit.snapshot(case, list(changes)))
    session.commit()
    return get_case(session=session, user=user, case_id=case_id)


def add_claim(
    *, session: Session, user: Actor, case_id: uuid.UUID, expected_version: int, claim: ClaimInput
) -> CaseDetail:
    case = _load_case(session, user, case_id)
    errors = {}
    if msg := v.validate_money(claim.amount_claimed):
        errors["amount_claimed"] = msg
    if msg := v.validate_date_order(claim.period_from, claim.period_to, what="请求期间的结束日期"):
        errors["period_to"] = msg
    if errors:
        raise ValidationFailed(errors)
    _bump(session, case, expected_version)
    position = session.scalar(select(func.count()).where(ClaimItem.case_id == case.id)) or 0
    item = ClaimItem(
        case_id=case.id, claim_type=claim.claim_type, description=claim.description.strip(),
        amount_claimed=v.parse_money(claim.amount_claimed), period_from=claim.period_from,
        period_to=claim.period_to, position=position,
    )
    session.add(item)
    session.flush()
    _refresh_amounts(session, case)
    label = ClaimType(claim.claim_type).label
    session.add(CaseEvent(case_id=case.id, kind=EventKind.CLAIM_ADDED, occurred_on=date.today(),
                          user_id=user.id, note=f"{label} {item.amount_claimed or ''}".strip()))
    audit.record(session, user_id=user.id, entity="claim_item", entity_id=item.id, action="create",
                 after=audit.snapshot(item))
    session.commit()
    return get_case(session=session, user=user, case_id=case_id)


def add_event(
    *, session: Session, user: Actor, case_id: uuid.UUID, expected_version: int, kind: str,
    occurred_on: date | None, note: str = "",
) -> CaseDetail:
    """Append a timeline event and re-derive the status. The timeline is never edited."""
    case = _load_case(session, user, case_id)
    errors = {}
    if msg := v.validate_past_date(occurred_on, what="发生日期"):
        errors["occurred_on"] = msg
    elif occurred_on < case.received_on:
        errors["occurred_on"] = "发生日期不能早于收案日期"
    if kind not in EventKind.__members__.values():
        errors["kind"] = "请选择事件类型"
    elif kind == EventKind.NOTE and not note.strip():
        errors["note"] = "请填写备注内容"
    if errors:
        raise ValidationFailed(errors)
    _bump(session, case, expected_version)
    event = CaseEvent(case_id=case.id, kind=kind, occurred_on=occurred_on, user_id=user.id,
                      note=note.strip())
    session.add(event)
    session.flush()
    _refresh_state(session, case)
    audit.record(session, user_id=user.id, entity="case_event", entity_id=event.id, action="create",
                 after=audit.snapshot(event))
    session.commit()
    return get_case(session=session, user=user, case_id=case_id)


# ---------------------------------------------------------------- reads


def get_case(*, session: Session, user: Actor, case_id: uuid.UUID) -> CaseDetail:
    case = _load_case(session, user, case_id)
    office = session.get(Office, case.office_id)
    handler = session.get(AppUser, case.handler_id) if case.handler_id else None
    party_rows = session.execute(
        select(CaseParty.role, Party).join(Party, Party.id == CaseParty.party_id)
        .where(CaseParty.case_id == case_id).order_by(CaseParty.position)
    ).all()
    claims = session.scalars(
        select(ClaimItem).where(ClaimItem.case_id == case_id).order_by(ClaimItem.position)
    ).all()
    events = session.execute(
        select(CaseEvent, AppUser.display_name).outerjoin(AppUser, AppUser.id == CaseEvent.user_id)
        .where(CaseEvent.case_id == case_id).order_by(CaseEvent.occurred_on, CaseEvent.recorded_at)
    ).all()
    return CaseDetail(
        id=case.id, family=CaseFamily(case.family), procedure=Procedure(case.procedure),
        status=CaseStatus(case.status), case_number=case.case_number, office_id=case.office_id,
        office_name=office.name if office else "", handler_id=case.handler_id,
        handler_name=handler.display_name if handler else "", cause=Cause(case.cause),
        intake_channel=case.intake_channel, summary=case.summary,
        green_channel=case.green_channel, collective=case.collective,
        supervised=case.supervised, small_claims=case.small_claims,
        workers_involved=case.workers_involved, amount_claimed=case.amount_claimed,
        amount_resolved=case.amount_resolved, received_on=case.received_on,
        accepted_on=case.accepted_on, closed_on=case.closed_on, next_deadline=case.next_deadline,
        version=case.version, updated_at=case.updated_at,
        parties=tuple(CasePartyView(CasePartyRole(r), party_view(p)) for r, p in party_rows),
        claims=tuple(
            ClaimView(c.id, ClaimType(c.claim_type), c.description, c.amount_claimed,
                      c.amount_resolved, c.period_from, c.period_to) for c in claims
        ),
        events=tuple(
            EventView(e.id, EventKind(e.kind), e.occurred_on, e.recorded_at, name or "", e.note)
            for e, name in events
        ),
    )


_Handler = aliased(AppUser)

_SORT_COLUMNS = {
    "case_number": DisputeCase.case_number,
    "family": DisputeCase.family,
    "procedure": DisputeCase.procedure,
    "status": DisputeCase.status,
    "applicant_names": DisputeCase.applicant_names,
    "respondent_names": DisputeCase.respondent_names,
    "cause": DisputeCase.cause,
    "received_on": DisputeCase.received_on,
    "office": Office.name,
    "handler": _Handler.display_name,
    "amount_claimed": DisputeCase.amount_claimed,
    "next_deadline": DisputeCase.next_deadline,
}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# Search plans (bench/startup.py measures them on 200,000 cases; a keystroke may take 100 ms):
# - a common text (≥5% of a sample of the newest cases) with an indexed order: walking the sort
#   index meets a page of matches within a few thousand rows;
# - otherwise, default order on SQLite: one scan of the covering search index picks the page's
#   ids and sorts only the matches; the index holds received_on, family and office_id, so the
#   usual filters are checked without touching the table;
# - otherwise the matching ids come from the covering index and only those rows are sorted.
DENSE_SAMPLE = 1500
DENSE_SHARE = 0.05
_INDEXED_SORTS = frozenset({"received_on", "case_number", "status", "amount_claimed", "next_deadline"})
_COVERED_FILTERS = frozenset({"family", "office_id", "received_from", "received_to"})


def _contains(session: Session, column: ColumnElement[str], text: str) -> ColumnElement[bool]:
    """``text`` occurs in ``column``: instr() on SQLite (about twice as fast as LIKE '%…%' over
    a whole index), LIKE with escaped wildcards elsewhere (where a trigram index can serve it)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.instr(column, text) > 0
    return column.like(f"%{_escape_like(text)}%", escape="\\")


def normalise_search(text: str) -> str:
    """Search text is stored and matched in lower case, so instr() is case-insensitive too."""
    return text.strip().lower()


def searches_case_number(text: str) -> bool:
    """Party names never hold digits and case numbers always do: a digit means a case number."""
    return any(c.isdigit() for c in text)


def _search_column(text: str) -> ColumnElement[str]:
    return DisputeCase.case_number if searches_case_number(text) else DisputeCase.search_text


def _is_common(session: Session, column: ColumnElement[str], text: str) -> bool:
    """Does the text occur in at least DENSE_SHARE of a sample of the newest cases?"""
    recent = (select(column.label("t")).order_by(DisputeCase.received_on.desc())
              .limit(DENSE_SAMPLE).subquery())
    hits = session.scalar(select(func.count()).select_from(recent)
                          .where(_contains(session, recent.c.t, text))) or 0
    return hits >= DENSE_SAMPLE * DENSE_SHARE


def _text_condition(session: Session, text: str, sort: str | None) -> ColumnElement[bool]:
    column = _search_column(text)
    contains = _contains(session, column, text)
    if sort is None or (sort in _INDEXED_SORTS and _is_common(session, column, text)):
        return contains  # a count, or a walk along the sort index that soon fills a page
    inner = aliased(DisputeCase)
    return DisputeCase.id.in_(select(inner.id).where(_contains(session, getattr(inner, column.key), text)))


def _no_index(column: ColumnElement) -> ColumnElement:
    """The same value, but not a term SQLite would answer from another index (its planner
    would otherwise trade the covering scan for an index on family or the sort column)."""
    return func.coalesce(column, column)


def _covered_page(session: Session, user: Actor, q: CaseQuery, text: str) -> Select | None:
    """Ids of the requested page, read from the covering search index alone (SQLite, default
    order, only filters the index carries); None when the query does not fit that plan."""
    if session.get_bind().dialect.name != "sqlite" or q.sort != "received_on":
        return None
    used = {k for k in ("procedure", "status", "party_id") if getattr(q, k)}
    used |= {f for f in ("green_channel", "collective", "supervised", "small_claims") if getattr(q, f)}
    if used:
        return None
    column = _search_column(text)
    if _is_common(session, column, text):
        return None  # the walk along the received_on index fills the page sooner
    conds: list[ColumnElement[bool]] = [_contains(session, column, text)]
    allowed = _allowed_offices(session, user, q)
    if allowed is not None:
        conds.append(_no_index(DisputeCase.office_id).in_(allowed))
    if q.family:
        conds.append(_no_index(DisputeCase.family) == q.family)
    received = _no_index(DisputeCase.received_on)
    if q.received_from:
        conds.append(received >= q.received_from)
    if q.received_to:
        conds.append(received <= q.received_to)
    order = (received.desc(), DisputeCase.id.desc()) if q.descending else (received.asc(), DisputeCase.id.asc())
    return (select(DisputeCase.id).where(*conds).order_by(*order)
            .limit(max(q.offset, 0) + max(min(q.limit, 1000), 1)))


def _allowed_offices(session: Session, user: Actor, q: CaseQuery) -> set[uuid.UUID] | None:
    allowed = visible_office_ids(session, user)
    if q.office_id is not None:
        wanted = subtree_ids(session, q.office_id)
        allowed = wanted if allowed is None else wanted & allowed
    return allowed


def _filtered(stmt: Select, session: Session, user: Actor, q: CaseQuery, *, sort: str | None = None) -> Select:
    """Apply the query's filters; ``sort`` (for a page, not a count) picks the search plan."""
    conds = []
    allowed = _allowed_offices(session, user, q)
    if allowed is not None:
        conds.append(DisputeCase.office_id.in_(allowed))
    if q.party_id is not None:
        conds.append(DisputeCase.id.in_(select(CaseParty.case_id).where(CaseParty.party_id == q.party_id)))
    text = normalise_search(q.text)
    if text:
        conds.append(_text_condition(session, text, sort))
    if q.family:
        conds.append(DisputeCase.family == q.family)
    if q.procedure:
        conds.append(DisputeCase.procedure == q.procedure)
    if q.status == "open":
        conds.append(DisputeCase.closed_on.is_(None))
    elif q.status == "closed":
        conds.append(DisputeCase.closed_on.is_not(None))
    elif q.status:
        conds.append(DisputeCase.status == q.status)
    for flag in ("green_channel", "collective", "supervised", "small_claims"):
        if getattr(q, flag):
            conds.append(getattr(DisputeCase, flag).is_(True))
    if q.received_from:
        conds.append(DisputeCase.received_on >= q.received_from)
    if q.received_to:
        conds.append(DisputeCase.received_on <= q.received_to)
    return stmt.where(and_(*conds)) if conds else stmt


def list_cases(*, session: Session, user: Actor, query: CaseQuery) -> list[CaseRow]:
    """One page of the case list: filtered, sorted and paged by the database."""
    if query.sort not in _SORT_COLUMNS:
        raise ValueError(f"unknown sort key {query.sort!r}")
    stmt = (
        select(
            DisputeCase.id, DisputeCase.case_number, DisputeCase.family, DisputeCase.procedure,
            DisputeCase.status, DisputeCase.applicant_names, DisputeCase.respondent_names,
            DisputeCase.cause, DisputeCase.received_on, Office.name, _Handler.display_name,
            DisputeCase.amount_claimed, DisputeCase.next_deadline, DisputeCase.green_channel,
            DisputeCase.collective, DisputeCase.supervised, DisputeCase.small_claims,
            DisputeCase.search_text,
        )
        .join(Office, Office.id == DisputeCase.office_id)
        .outerjoin(_Handler, _Handler.id == DisputeCase.handler_id)
    )
    text = normalise_search(query.text)
    covered = _covered_page(session, user, query, text) if text else None
    if covered is not None:
        stmt = stmt.where(DisputeCase.id.in_(covered))
    else:
        stmt = _filtered(stmt, session, user, query, sort=query.sort)
    col = _SORT_COLUMNS[query.sort]
    order = col.desc() if query.descending else col.asc()
    tiebreak = DisputeCase.id.desc() if query.descending else DisputeCase.id.asc()
    if query.sort == "next_deadline":  # cases without a deadline go last either way
        stmt = stmt.order_by(col.is_(None), order, tiebreak)
    else:
        stmt = stmt.order_by(order, tiebreak)
    stmt = stmt.offset(max(query.offset, 0)).limit(max(min(query.limit, 1000), 1))
    return [
        CaseRow(
            id=r[0], case_number=r[1], family=CaseFamily(r[2]), procedure=Procedure(r[3]),
            status=CaseStatus(r[4]), applicant_names=r[5], respondent_names=r[6],
            cause=Cause(r[7]), received_on=r[8], office_name=r[9], handler_name=r[10] or "",
            amount_claimed=r[11], next_deadline=r[12], green_channel=r[13], collective=r[14],
            supervised=r[15], small_claims=r[16], search_text=r[17],
        )
        for r in session.execute(stmt).all()
    ]


def count_cases(*, session: Session, user: Actor, query: CaseQuery) -> int:
    stmt = _filtered(select(func.count()).select_from(DisputeCase), session, user, query)
    return session.scalar(stmt) or 0
