"""Cases: register, edit, claims, timeline events, and the searchable, paged case list."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlmodel import Session

from ..domain import limitation as lim
from ..domain import search
from ..domain import validators as v
from ..domain.event_notes import edited_note, stored_note
from ..domain.permissions import EDIT, ISSUE, REGISTER, Permission, allowed
from ..domain.status import TimelineFact, derive_state
from ..models.audit import AuditEntry
from ..models.case import CaseEvent, CaseParty, ClaimItem, DisputeCase
from ..models.complaint import ComplaintDetail
from ..models.enums import (
    PROCEDURES_BY_FAMILY,
    CaseFamily,
    CasePartyRole,
    CaseStatus,
    Cause,
    ClaimDecision,
    ClaimType,
    EventKind,
    Procedure,
    Role,
)
from ..models.office import AppUser, Office
from ..models.party import Party
from ..models.types import utcnow
from . import audit
from .access import office_acts_on, require, require_for, require_office_for
from .case_list import CaseQuery, CaseRow, count_cases, list_cases  # noqa: F401  (the list side)
from .case_names import refresh_party_names
from .clocks import Clocks, refresh_deadlines
from .context import Actor
from .errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from .lengths import length_errors
from .offices import ensure_visible
from .parties import (
    PartyInput,
    PartyView,
    RecordDiffers,
    differing,
    party_view,
    resolve_party,
    validate_party,
)

COLLECTIVE_MIN_WORKERS = 10  # Rules2017 Art 5, LDMAF Art 7: 劳动者一方在十人以上


# ---------------------------------------------------------------- inputs and views


@dataclass
class ClaimInput:
    claim_type: str = ClaimType.WAGES
    amount_claimed: str | Decimal | None = None
    description: str = ""
    period_from: date | None = None
    period_to: date | None = None
    elements: dict[str, Any] | None = None  # 要素 for the calculator (services.claims)
    amount_resolved: str | Decimal | None = None  # 裁决/调解金额
    separate_termination: bool = False  # domain.claims.SEPARATE_TERMINATION_LABEL


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
    elements: dict[str, str] = field(default_factory=dict)
    amount_proposed: Decimal | None = None  # the calculator's figure, kept beside an override
    separate_termination: bool = False  # domain.claims.SEPARATE_TERMINATION_LABEL
    decision: ClaimDecision | None = None  # the tribunal's 裁决结果 (services.claims.decide_claim)
    decision_reason: str = ""


@dataclass(frozen=True)
class LinkedCase:
    id: uuid.UUID
    relation: str  # 来源案件 / 转出案件
    label: str  # case number, or family and date of receipt


@dataclass(frozen=True)
class EventView:
    id: uuid.UUID
    kind: EventKind
    occurred_on: date
    recorded_at: datetime
    user_name: str
    note: str
    # 更正 (issue 19.5): the correction that struck this step out, and its words (理由); the
    # timeline shows a struck step struck through
    corrected_by: uuid.UUID | None = None
    correction: str = ""


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
    linked: tuple[LinkedCase, ...] = ()  # the case it came from and the cases it went on to
    # 仲裁时效 facts (services.limitation)
    rights_known_on: date | None = None
    employment_ended_on: date | None = None
    interruptions: tuple[lim.Interruption, ...] = ()
    suspensions: tuple[lim.Suspension, ...] = ()


# ---------------------------------------------------------------- validation


def validate_case(data: CaseInput, *, user: Actor | None = None, today: date | None = None) -> dict[str, str]:
    """Every field error of a new case at once, keyed by field; empty when it may be saved."""
    errors: dict[str, str] = {}
    try:
        family = CaseFamily(data.family)
    except ValueError:
        return {"family": "请选择案件类别"}
    if data.procedure not in PROCEDURES_BY_FAMILY[family]:
        known = data.procedure in Procedure._value2member_map_
        errors["procedure"] = f"{family.label}不能选择“{Procedure(data.procedure).label}”" if known else "请选择程序"
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
        errors.update(length_errors(ClaimItem, {"description": c.description}, prefix=f"claims.{i}.",
                                    labels={"description": "说明"}))
    if data.workers_involved < 1:
        errors["workers_involved"] = "涉及劳动者人数至少为1"
    elif (data.collective or data.procedure == Procedure.COLLECTIVE) and \
            data.workers_involved < COLLECTIVE_MIN_WORKERS:
        errors["workers_involved"] = "集体争议须劳动者一方在10人以上"
    if data.supervised and user is not None and user.role is not Role.SUPERVISOR:
        errors["supervised"] = "挂牌督办只能由领导设定"
    errors.update(length_errors(DisputeCase, {"case_number": data.case_number.strip(), "summary": data.summary},
                                labels={"summary": "摘要"}))
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
    if data.handler_id is not None and data.office_id is not None and "office_id" not in errors and (
            msg := handler_error(session, data.family, data.office_id, data.handler_id)):
        errors["handler_id"] = msg
    number = data.case_number.strip()
    if number and data.office_id and session.scalar(
        select(DisputeCase.id).where(DisputeCase.office_id == data.office_id,
                                     DisputeCase.case_number == number)
    ):
        errors["case_number"] = f"案号 {number} 已被本机构使用"
    return errors


# ---------------------------------------------------------------- writes


def _refresh_state(session: Session, case: DisputeCase) -> None:
    events = session.execute(
        select(CaseEvent.kind, CaseEvent.occurred_on).where(CaseEvent.case_id == case.id, CaseEvent.corrected_by.is_(None))
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
    if data.family in CaseFamily._value2member_map_:  # an unknown family is a field error below
        require_for(user, REGISTER, data.family)
        require_office_for(session, user, data.family)
    errors = validate_new_case(session=session, user=user, data=data)
    if errors:
        raise ValidationFailed(errors)
    differ = {k: m for role, inputs in (("applicants", data.applicants), ("respondents", data.respondents))
              for i, p in enumerate(inputs) for k, m in differing(session, user, p, f"{role}.{i}.").items()}
    if differ:  # every party's question at once, before anything is written
        raise RecordDiffers(differ)
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
    case.number_key, case.number_key_tail = search.number_keys(case.case_number)
    session.add(case)
    session.flush()
    if family is CaseFamily.COMPLAINT:  # every complaint has its detail row (services.complaints)
        session.add(ComplaintDetail(case_id=case.id))
    position = 0
    for role, inputs in ((CasePartyRole.APPLICANT, data.applicants),
                         (CasePartyRole.RESPONDENT, data.respondents)):
        for i, p in enumerate(inputs):
            party = resolve_party(session, user, p, prefix=f"{role.value}s.{i}.")
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
    refresh_party_names(session, case)
    _refresh_amounts(session, case)
    _refresh_state(session, case)
    refresh_deadlines(session, case, Clocks.load(session))
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
        .where(AuditEntry.case_id == case_id).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    if row is None:
        return "该案件已被他人修改"
    local = row.at.astimezone().strftime("%Y-%m-%d %H:%M")
    return f"该案件已被 {row.display_name} 于 {local} 修改"


def _load_case(session: Session, user: Actor, case_id: uuid.UUID) -> DisputeCase:
    require(user, Permission.READ_CASES)
    case = session.get(DisputeCase, case_id)
    if case is None:
        raise NotFound("找不到该案件")
    ensure_visible(session, user, case.office_id)
    return case


def _load_for_edit(session: Session, user: Actor, case_id: uuid.UUID) -> DisputeCase:
    """The case, for a change of its particulars, parties or claims by its family's staff."""
    case = _load_case(session, user, case_id)
    require_for(user, EDIT, case.family)
    require_office_for(session, user, case.family)
    return case


def may_edit(*, session: Session, user: Actor, case_id: uuid.UUID) -> bool:
    """Whether the user changes this case's particulars, claims and (a complaint's) worker list:
    the window shows those buttons only then."""
    case = _load_case(session, user, case_id)
    return allowed(user.role, EDIT[CaseFamily(case.family)]) and office_acts_on(session, user, case.family) is None


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
    case = _load_for_edit(session, user, case_id)
    errors: dict[str, str] = {}
    if "handler_id" in changes and changes["handler_id"] == case.handler_id:
        changes = {k: x for k, x in changes.items() if k != "handler_id"}  # sent back unchanged
    elif "handler_id" in changes:
        if case.family == CaseFamily.COMPLAINT:  # the informant follows the handler: a supervisor's step
            errors["handler_id"] = ("投诉举报案件的承办人由本监察机构领导通过“更换承办人”办理，"
                                    "编辑案件信息不能更改承办人")
        elif msg := handler_error(session, case.family, case.office_id, changes["handler_id"]):
            errors["handler_id"] = msg
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
    if number:
        errors.update(length_errors(DisputeCase, {"case_number": number}))
    if isinstance(changes.get("summary"), str):
        errors.update(length_errors(DisputeCase, {"summary": changes["summary"]}, labels={"summary": "摘要"}))
    if errors:
        raise ValidationFailed(errors)
    before = audit.snapshot(case, list(changes))
    _bump(session, case, expected_version)
    for key, value in changes.items():
        if key == "case_number":
            value = number or None
            case.number_key, case.number_key_tail = search.number_keys(value)
        setattr(case, key, value)
    session.add(CaseEvent(case_id=case.id, kind=EventKind.EDITED, occurred_on=date.today(),
                          user_id=user.id, note=edited_note(changes)))
    audit.record(session, user_id=user.id, entity="dispute_case", entity_id=case.id,
                 action="update", before=before, after=audit.snapshot(case, list(changes)))
    session.commit()
    return get_case(session=session, user=user, case_id=case_id)


def handler_error(session: Session, family: str, office_id: uuid.UUID, handler_id: uuid.UUID | None) -> str | None:
    """Why this member of staff cannot handle a case of the family at the office: an active
    member of that office; for a complaint, one of that inspection unit's inspectors (or its
    supervisor, who registered it)."""
    handler = session.get(AppUser, handler_id) if handler_id else None
    staff = handler is not None and handler.active and handler.office_id == office_id
    if family == CaseFamily.COMPLAINT and not (staff and handler.role in (Role.INSPECTOR, Role.SUPERVISOR)):
        return "投诉举报案件的承办人须为受理该案的监察机构的在职监察员"
    return None if staff else "承办人须为受理机构的在职工作人员"


def _check_handler_changer(session: Session, user: Actor, case: DisputeCase) -> None:
    """A complaint's handler reads its informant (LSIR Art 9): only the supervisors of the
    inspection unit that holds it give it to another inspector. Other cases: their family's staff."""
    if case.family == CaseFamily.COMPLAINT:
        if user.role is not Role.SUPERVISOR or user.office_id != case.office_id or \
                office_acts_on(session, user, case.family) is not None:
            raise PermissionDenied("投诉举报案件的承办人须由受理该案的劳动保障监察机构的领导更换")
        return
    require_for(user, EDIT, case.family)
    require_office_for(session, user, case.family)


@dataclass(frozen=True)
class UserChoice:
    id: uuid.UUID
    display_name: str
    role: Role


def handler_choices(*, session: Session, user: Actor, case_id: uuid.UUID) -> list[UserChoice]:
    """Who may be made the case's handler; refused (PermissionDenied) when the user may not
    change it, so the window offers 更换承办人 only to those who may."""
    case = _load_case(session, user, case_id)
    _check_handler_changer(session, user, case)
    stmt = select(AppUser).where(AppUser.office_id == case.office_id, AppUser.active)
    if case.family == CaseFamily.COMPLAINT:
        stmt = stmt.where(AppUser.role == Role.INSPECTOR)
    return [UserChoice(u.id, u.display_name, Role(u.role))
            for u in session.scalars(stmt.order_by(AppUser.display_name))]


def change_handler(*, session: Session, user: Actor, case_id: uuid.UUID, expected_version: int,
                   handler_id: uuid.UUID) -> CaseDetail:
    """Give the case to another member of staff: its own audited step, with a timeline entry."""
    case = _load_case(session, user, case_id)
    _check_handler_changer(session, user, case)
    if msg := handler_error(session, case.family, case.office_id, handler_id):
        raise ValidationFailed({"handler_id": msg})
    if handler_id == case.handler_id:
        return get_case(session=session, user=user, case_id=case_id)
    old = session.get(AppUser, case.handler_id) if case.handler_id else None
    new = session.get(AppUser, handler_id)
    before = audit.snapshot(case, ["handler_id"])
    _bump(session, case, expected_version)
    case.handler_id = handler_id
    session.add(CaseEvent(case_id=case.id, kind=EventKind.EDITED, occurred_on=date.today(), user_id=user.id,
                          note=f"更换承办人：{old.display_name if old else '无'} → {new.display_name}"))
    audit.record(session, user_id=user.id, entity="dispute_case", entity_id=case.id, case_id=case.id,
                 action="change_handler", before=before, after=audit.snapshot(case, ["handler_id"]))
    session.commit()
    return get_case(session=session, user=user, case_id=case_id)


# ---------------------------------------------------------------- reads


def get_case(*, session: Session, user: Actor, case_id: uuid.UUID) -> CaseDetail:
    """The case as the user may see it (ID numbers masked for roles that do not need them)."""
    return _detail(session, user, case_id, viewer=user)


def paper_detail(session: Session, user: Actor, case_id: uuid.UUID) -> CaseDetail:
    """The case with every ID number whole, for the papers the user makes (callers check that
    the user may make them)."""
    detail = _detail(session, user, case_id, viewer=None)
    require_papers(user, detail.family)
    return detail


def require_papers(user: Actor, family: str) -> None:
    """Papers carry whole ID numbers: those who issue the family's papers or see ID numbers
    read them; others read the anonymised copy."""
    if not (allowed(user.role, ISSUE[CaseFamily(family)]) or allowed(user.role, Permission.SEE_ID_NUMBERS)):
        raise PermissionDenied(f"{user.role.label}不能查看{CaseFamily(family).label}文书原件（含完整证件号码），可查看公开版本")


def _detail(session: Session, user: Actor, case_id: uuid.UUID, viewer: Actor | None) -> CaseDetail:
    case = _load_case(session, user, case_id)
    office = session.get(Office, case.office_id)
    handler = session.get(AppUser, case.handler_id) if case.handler_id else None
    party_rows = session.execute(
        select(CaseParty.role, Party).join(Party, Party.id == CaseParty.party_id)
        .where(CaseParty.case_id == case_id).order_by(CaseParty.position)
    ).all()
    events = session.execute(
        select(CaseEvent, AppUser.display_name).outerjoin(AppUser, AppUser.id == CaseEvent.user_id)
        .where(CaseEvent.case_id == case_id).order_by(CaseEvent.occurred_on, CaseEvent.recorded_at)
    ).all()
    corrections = {e.id: _struck_words(e) for e, _name in events if e.kind == EventKind.CORRECTED}  # 更正
    redated = _redated_words(events)
    interruptions, suspensions = lim.decode(case.limitation_events)
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
        parties=tuple(CasePartyView(CasePartyRole(r), party_view(p, viewer=viewer)) for r, p in party_rows),
        claims=claim_views(session, case_id),
        events=tuple(
            EventView(e.id, EventKind(e.kind), e.occurred_on, e.recorded_at, name or "",
                      "；".join(filter(None, [
                          stored_note(Procedure(case.procedure), EventKind(e.kind), e.note,
                                      json.loads(e.data) if e.data else {}),  # an older step: its note from its data
                          redated.get(e.id.hex, "")])),
                      e.corrected_by, corrections.get(e.corrected_by, "") if e.corrected_by else "")
            for e, name in events
        ),
        linked=_linked(session, case),
        rights_known_on=case.rights_known_on, employment_ended_on=case.employment_ended_on,
        interruptions=interruptions, suspensions=suspensions,
    )


def _redated_words(events: Sequence[Any]) -> dict[str, str]:
    """For the replacement of a re-dated step (kept as recorded by its recorder, when first
    recorded): who re-dated it, when, and the date it had ("王主任于 2026-11-29 更正日期（原为
    2026-10-12）"), keyed by the replacement's id hex, so the row never claims the recorder's."""
    out: dict[str, str] = {}
    for e, name in events:
        data = json.loads(e.data) if e.kind == EventKind.CORRECTED and e.data else {}
        if data.get("replacement"):
            out[data["replacement"]] = (f"{name or ''}于 {e.occurred_on.isoformat()} 更正日期"
                                        f"（原为 {data.get('occurred_on_was', '')}）")
    return out


def _struck_words(correction: CaseEvent) -> str:
    """What a 更正 did to the step it struck, for that step's row: 已撤销 or the new date, and why."""
    data = json.loads(correction.data) if correction.data else {}
    how = f"日期已更正为 {data['occurred_on']}" if data.get("occurred_on") else "已撤销"
    return f"{how}：{data.get('reason', '')}"


def claim_views(session: Session, case_id: uuid.UUID) -> tuple[ClaimView, ...]:
    """The case's claim items in order (no access check: callers have loaded the case)."""
    return tuple(
        ClaimView(c.id, ClaimType(c.claim_type), c.description, c.amount_claimed, c.amount_resolved,
                  c.period_from, c.period_to, json.loads(c.elements) if c.elements else {}, c.amount_proposed,
                  bool(c.separate_termination), ClaimDecision(c.decision) if c.decision else None,
                  c.decision_reason or "")
        for c in session.scalars(select(ClaimItem).where(ClaimItem.case_id == case_id).order_by(ClaimItem.position))
    )


def _linked(session: Session, case: DisputeCase) -> tuple[LinkedCase, ...]:
    def label(c: DisputeCase) -> str:
        return c.case_number or f"{CaseFamily(c.family).label}（{c.received_on.isoformat()}收案）"

    out = []
    if case.origin_case_id and (origin := session.get(DisputeCase, case.origin_case_id)) is not None:
        out.append(LinkedCase(origin.id, "来源案件", label(origin)))
    for later in session.scalars(select(DisputeCase).where(DisputeCase.origin_case_id == case.id)
                                 .order_by(DisputeCase.received_on)):
        out.append(LinkedCase(later.id, "转出案件", label(later)))
    return tuple(out)
