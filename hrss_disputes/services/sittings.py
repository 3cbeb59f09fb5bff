"""Mobile tribunal sittings (流动仲裁庭): a supervisor plans a day at a township's point, the
tribunal and the clerk who travel and the cases heard there, each at its time.

Each case of a sitting is scheduled through the case's own 确定开庭 step (workflow.perform_action,
action ``schedule_hearing`` with the sitting's id), so its timeline, clocks, Hearing row and
hearing notice are those of any hearing. Adding several cases is all or nothing: the steps run in
savepoints of one transaction, and one refusal leaves every case and the sitting as they were.

Planning is the supervisor's (Permission.PLAN_SITTINGS): a sitting sends arbitrators, part-time
ones too, and a clerk out of the institute for a day, which is the institute head's assignment as
approvals are (domain.workflows.APPROVERS); the hearing of each case stays a step of the case.
Everyone of the institute (and the offices above) reads a sitting, prints its list, and the
arbitration staff issue its hearing notices (Permission.ISSUE_ARBITRATION_PAPERS, documents.issue).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select, update
from sqlmodel import Session

from ..domain import search
from ..domain import sittings as rules
from ..domain.permissions import Permission
from ..domain.validators import TEXT_MAX, text_length_error
from ..domain.workflows import WORKFLOWS, find_action
from ..models.case import CaseEvent, DisputeCase
from ..models.document import IssuedDocument
from ..models.enums import (
    OPEN_STATUSES,
    ArbitratorKind,
    CaseFamily,
    CaseStatus,
    Cause,
    EventKind,
    HearingStatus,
    OfficeKind,
    PlaceKind,
    Procedure,
    Role,
)
from ..models.office import AppUser, Office
from ..models.tribunal import Arbitrator, Hearing, HearingPlace, MobileSitting, TribunalSeat
from . import audit, documents, hearing_day, hearings, workflow
from .access import require, require_office_for
from .clocks import load_calendar
from .context import Actor
from .errors import NotFound, PermissionDenied, ServiceError, ValidationFailed, VersionConflict
from .offices import ensure_visible, subtree_ids, visible_office_ids

SCHEDULE = "schedule_hearing"  # 确定开庭, the step each case of a sitting takes
FORM, FORM_LABEL = "form_tribunal", "组成仲裁庭"  # a case without its tribunal gets the travelling one first
POSTPONE = "postpone"  # 延期开庭, found by its event in the case's procedure (_postpone_action)
NOT_VISIBLE = "该流动仲裁庭不属于您所在机构及其下级机构，无权查看或安排"
SHOWN = (HearingStatus.SCHEDULED.value, HearingStatus.HELD.value)  # a sitting's cases: to be heard or heard


@dataclass(frozen=True)
class SittingInput:
    place_id: uuid.UUID | None
    sits_on: date | None
    arbitrator_ids: tuple[uuid.UUID, ...] = ()  # the chief first
    clerk_id: uuid.UUID | None = None
    note: str = ""


@dataclass(frozen=True)
class CaseEntry:
    """A case to hear at the sitting, at ``starts`` ('HH:MM') for ``minutes``."""

    case_id: uuid.UUID
    starts: str
    minutes: int = rules.DEFAULT_MINUTES


@dataclass(frozen=True)
class Choice:
    id: uuid.UUID
    label: str


@dataclass(frozen=True)
class CaseChoice:
    """A case that may be added to the sitting (the search's answer)."""

    case_id: uuid.UUID
    case_number: str
    parties: str  # 张三 诉 某公司
    cause: str
    status: str
    booked: str  # another hearing already booked for it ('' when none)
    forms_tribunal: bool = False  # no tribunal yet: added, it is formed from the sitting's (组成仲裁庭)


@dataclass(frozen=True)
class SittingCase:
    case_id: uuid.UUID
    case_number: str
    parties: str
    applicants: str
    respondents: str
    cause: str
    starts: int  # minutes after midnight
    minutes: int
    status: HearingStatus
    notice_issued: bool
    tribunal_note: str  # the case's own tribunal when it is not the travelling one ('' otherwise)

    @property
    def time(self) -> str:
        return rules.time_text(self.starts)

    @property
    def ends(self) -> str:
        return rules.time_text(self.starts + self.minutes)


@dataclass(frozen=True)
class SittingView:
    id: uuid.UUID
    version: int
    office_id: uuid.UUID
    office_name: str
    place_id: uuid.UUID
    place_name: str
    place_address: str
    sits_on: date
    arbitrators: tuple[Choice, ...]  # the chief first
    clerk: Choice | None
    note: str
    cases: tuple[SittingCase, ...] = field(default=())  # in time order
    # the travelling arbitrators, the clerk or the point booked elsewhere that day (warned, not refused)
    clashes: tuple[str, ...] = field(default=())
    day_note: str = ""  # the day is a rest day, or of a year whose holidays are not known (warned)

    @property
    def tribunal(self) -> str:
        """首席仲裁员 甲、仲裁员 乙、丙 / 独任仲裁员 甲."""
        names = [a.label for a in self.arbitrators]
        if len(names) == 1:
            return f"独任仲裁员 {names[0]}"
        if not names:
            return ""
        return f"首席仲裁员 {names[0]}；仲裁员 {'、'.join(names[1:])}"

    @property
    def heard(self) -> bool:
        return any(c.status is HearingStatus.HELD for c in self.cases)


@dataclass(frozen=True)
class SittingRow:
    """A line of the list of sittings."""

    id: uuid.UUID
    sits_on: date
    place_name: str
    tribunal: str
    clerk: str
    cases: int


# ---------------------------------------------------------------- reading


def _visible(session: Session, user: Actor, sitting: MobileSitting) -> None:
    ensure_visible(session, user, sitting.office_id, NOT_VISIBLE)


def _load(session: Session, user: Actor, sitting_id: uuid.UUID) -> MobileSitting:
    require(user, Permission.READ_CASES)
    sitting = session.get(MobileSitting, sitting_id)
    if sitting is None:
        raise NotFound("找不到该流动仲裁庭安排")
    _visible(session, user, sitting)
    return sitting


def _arbitrator_ids(sitting: MobileSitting) -> list[uuid.UUID]:
    return [uuid.UUID(x) for x in json.loads(sitting.arbitrators or "[]")]


def _names(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    return dict(session.execute(select(Arbitrator.id, Arbitrator.name).where(Arbitrator.id.in_(ids))).all()) if ids else {}


def _travelling(session: Session, ids: list[uuid.UUID]) -> tuple[Choice, ...]:
    """The sitting's arbitrators in order, one stood down since marked (its form shows it to replace)."""
    rows = {a.id: a for a in session.scalars(select(Arbitrator).where(Arbitrator.id.in_(ids)))} if ids else {}
    return tuple(Choice(i, rows[i].name if rows[i].active else f"{rows[i].name}（已停用）") if i in rows
                 else Choice(i, "（已删除）") for i in ids)


def _parties(case: DisputeCase) -> str:
    return f"{case.applicant_names} 诉 {case.respondent_names}"


def _seated(session: Session, case_ids: list[uuid.UUID], on: date) -> dict[uuid.UUID, set[uuid.UUID]]:
    """Each case's tribunal sitting on ``on`` (services.tribunal's seats)."""
    out: dict[uuid.UUID, set[uuid.UUID]] = {}
    if not case_ids:
        return out
    for case_id, arbitrator_id in session.execute(
            select(TribunalSeat.case_id, TribunalSeat.arbitrator_id)
            .where(TribunalSeat.case_id.in_(case_ids), TribunalSeat.from_on <= on,
                   or_(TribunalSeat.until_on.is_(None), TribunalSeat.until_on > on))):
        out.setdefault(case_id, set()).add(arbitrator_id)
    return out


def _hearings(session: Session, sitting: MobileSitting) -> list[tuple[Hearing, DisputeCase, CaseEvent | None]]:
    """The sitting's hearings to be heard or heard, of cases of its institute and the offices below
    it only (a booking of another office's case never shows here: services.hearings refuses it)."""
    rows = session.execute(
        select(Hearing, DisputeCase).join(DisputeCase, DisputeCase.id == Hearing.case_id)
        .where(Hearing.sitting_id == sitting.id, Hearing.status.in_(SHOWN),
               DisputeCase.office_id.in_(subtree_ids(session, sitting.office_id)))
        .order_by(Hearing.starts, DisputeCase.case_number)).all()
    event_ids = [h.event_id for h, _ in rows if h.event_id]
    events = {e.id: e for e in session.scalars(
        select(CaseEvent).where(CaseEvent.id.in_(event_ids), CaseEvent.corrected_by.is_(None)))} if event_ids else {}
    return [(h, case, events.get(h.event_id) if h.event_id else None) for h, case in rows]


def _notices(session: Session, rows: list[tuple[Hearing, DisputeCase, CaseEvent | None]]) -> dict[uuid.UUID, uuid.UUID]:
    """The hearing notice issued for each case since its hearing was scheduled (hearing_day's rule)."""
    ids = [case.id for _, case, _ in rows]
    scheduled = {case.id: ev.recorded_at for _, case, ev in rows if ev is not None}
    out: dict[uuid.UUID, uuid.UUID] = {}
    if not ids:
        return out
    for case_id, doc_id, issued_at in session.execute(
            select(IssuedDocument.case_id, IssuedDocument.id, IssuedDocument.issued_at)
            .where(IssuedDocument.case_id.in_(ids), IssuedDocument.doc_type == hearing_day.NOTICE)
            .order_by(IssuedDocument.issued_at)):
        since = scheduled.get(case_id)
        if since is not None and issued_at >= since:
            out[case_id] = doc_id  # the latest one
    return out


def _view(session: Session, sitting: MobileSitting) -> SittingView:
    place = session.get(HearingPlace, sitting.place_id)
    office = session.get(Office, sitting.office_id)
    arbitrators = _arbitrator_ids(sitting)
    clerk = session.get(AppUser, sitting.clerk_id) if sitting.clerk_id else None
    rows = _hearings(session, sitting)
    notices = _notices(session, rows)
    seated = _seated(session, [case.id for _, case, _ in rows], sitting.sits_on)
    travelling = set(arbitrators)
    cases = []
    for h, case, _ev in rows:
        own = seated.get(case.id, set())
        note = ""
        if own and not own <= travelling:
            others = "、".join(sorted(_names(session, list(own - travelling)).values()))
            note = f"本案仲裁庭成员{others}不在本次出庭仲裁员之列"
        cases.append(SittingCase(
            case.id, case.case_number or "（未编号）", _parties(case), case.applicant_names, case.respondent_names,
            Cause(case.cause).label, h.starts, h.minutes, HearingStatus(h.status), case.id in notices, note))
    return SittingView(
        sitting.id, sitting.version, sitting.office_id, office.name if office else "", sitting.place_id,
        place.name if place else "", place.address if place else "", sitting.sits_on,
        _travelling(session, arbitrators),
        Choice(clerk.id, clerk.display_name if clerk.active else f"{clerk.display_name}（已停用）") if clerk else None,
        sitting.note, tuple(cases),
        _clashes(session, sitting), _day_note(session, sitting.sits_on))


def _day_note(session: Session, day: date) -> str:
    return rules.day_warning(load_calendar(session).info(day)) or ""


def day_warning(*, session: Session, user: Actor, day: date) -> str:
    """What the plan form says of a day as it is chosen: a rest day (周末, a holiday), or a day whose
    holiday schedule is not known; "" for a working day."""
    require(user, Permission.READ_CASES)
    return _day_note(session, day)


def _clashes(session: Session, sitting: MobileSitting) -> tuple[str, ...]:
    """The sitting's people and place booked elsewhere on its day: another hearing (of a case not
    at this sitting) whose tribunal on the day (its seats, or its own sitting's arbitrators) holds a
    travelling arbitrator, whose clerk (the case's, or its sitting's) is this clerk, or at this
    point. The tribunal is away the whole day, so any time of the day clashes."""
    others = session.execute(
        select(Hearing, DisputeCase).join(DisputeCase, DisputeCase.id == Hearing.case_id)
        .where(Hearing.hearing_on == sitting.sits_on, Hearing.status == HearingStatus.SCHEDULED,
               or_(Hearing.sitting_id.is_(None), Hearing.sitting_id != sitting.id),
               DisputeCase.status.in_([st.value for st in OPEN_STATUSES]))
        .order_by(Hearing.starts)).all()
    if not others:
        return ()
    travelling = set(_arbitrator_ids(sitting))
    seated = _seated(session, [c.id for _, c in others], sitting.sits_on)
    formed = set(session.scalars(select(TribunalSeat.case_id).where(TribunalSeat.case_id.in_([c.id for _, c in others]))))
    their_sittings = {x.id: x for x in session.scalars(select(MobileSitting).where(
        MobileSitting.id.in_({h.sitting_id for h, _ in others if h.sitting_id})))}
    places = dict(session.execute(select(HearingPlace.id, HearingPlace.name)).all())
    names = _names(session, list(travelling))
    clerk = session.get(AppUser, sitting.clerk_id) if sitting.clerk_id else None
    out: list[str] = []
    for h, case in others:
        own = their_sittings.get(h.sitting_id) if h.sitting_id else None
        # its own tribunal; its sitting's travelling arbitrators only for a case never formed (never both)
        people = seated.get(case.id, set()) if case.id in formed else (set(_arbitrator_ids(own)) if own else set())
        span = f"{rules.time_text(h.starts)}–{rules.time_text(h.starts + h.minutes)}"
        where, number = places.get(h.place_id, h.place_text), case.case_number or "（未编号）"
        out += [f"仲裁员 {names[a]} 当日 {span} 另在{where}审理 {number}"
                for a in sorted(people & travelling, key=lambda a: names.get(a, ""))]
        if clerk is not None and (case.clerk_id or (own.clerk_id if own else None)) == clerk.id:
            out.append(f"书记员 {clerk.display_name} 当日 {span} 另在{where}审理 {number}")
        if h.place_id == sitting.place_id:
            out.append(f"{where} 当日 {span} 另有 {number} 开庭")
    return tuple(out)


def get_sitting(*, session: Session, user: Actor, sitting_id: uuid.UUID) -> SittingView:
    """The sitting with its cases in time order."""
    return _view(session, _load(session, user, sitting_id))


def list_sittings(*, session: Session, user: Actor, since: date | None = None) -> list[SittingRow]:
    """The sittings of the user's office and those below it (from ``since`` when given), the
    latest day first."""
    require(user, Permission.READ_CASES)
    query = select(MobileSitting).order_by(MobileSitting.sits_on.desc(), MobileSitting.created_at.desc())
    allowed = visible_office_ids(session, user)
    if allowed is not None:
        query = query.where(MobileSitting.office_id.in_(allowed))
    if since is not None:
        query = query.where(MobileSitting.sits_on >= since)
    sittings = session.scalars(query).all()
    counts: dict[uuid.UUID, int] = {}
    if sittings:  # the cases of each sitting's institute and the offices below it only (as _hearings)
        offices = {s.id: subtree_ids(session, s.office_id) for s in sittings}
        for sitting_id, office_id, n in session.execute(
                select(Hearing.sitting_id, DisputeCase.office_id, func.count())
                .join(DisputeCase, DisputeCase.id == Hearing.case_id)
                .where(Hearing.sitting_id.in_([s.id for s in sittings]), Hearing.status.in_(SHOWN))
                .group_by(Hearing.sitting_id, DisputeCase.office_id)):
            if office_id in offices[sitting_id]:
                counts[sitting_id] = counts.get(sitting_id, 0) + n
    places = dict(session.execute(select(HearingPlace.id, HearingPlace.name)).all())
    clerks = dict(session.execute(select(AppUser.id, AppUser.display_name).where(
        AppUser.id.in_([s.clerk_id for s in sittings if s.clerk_id]))).all())
    names = _names(session, [a for s in sittings for a in _arbitrator_ids(s)])
    return [SittingRow(s.id, s.sits_on, places.get(s.place_id, ""),
                       "、".join(names.get(a, "") for a in _arbitrator_ids(s)),
                       clerks.get(s.clerk_id, "") if s.clerk_id else "", counts.get(s.id, 0))
            for s in sittings]


# ---------------------------------------------------------------- choices for the plan form


def _institute(session: Session, user: Actor) -> Office:
    """The office a sitting planned by this user belongs to: their own, which must hear
    arbitration cases (an institute or a commission)."""
    office = session.get(Office, user.office_id)
    if office is None:
        raise NotFound("找不到用户所属机构")
    if office.kind not in (OfficeKind.INSTITUTE, OfficeKind.COMMISSION):
        raise PermissionDenied(f"{OfficeKind(office.kind).label}不开庭审理仲裁案件，不能安排流动仲裁庭")
    return office


def _require_planner(session: Session, user: Actor) -> Office:
    require(user, Permission.PLAN_SITTINGS)
    require_office_for(session, user, CaseFamily.ARBITRATION)
    return _institute(session, user)


def _load_to_plan(session: Session, user: Actor, sitting_id: uuid.UUID) -> MobileSitting:
    """The sitting, for a change by a supervisor of the institute that planned it."""
    office = _require_planner(session, user)
    sitting = _load(session, user, sitting_id)
    if sitting.office_id != office.id:
        raise PermissionDenied("只能安排本仲裁院的流动仲裁庭")
    return sitting


def places(*, session: Session, user: Actor, office_id: uuid.UUID | None = None) -> list[Choice]:
    """The mobile-tribunal points (流动仲裁庭点) of the institute and its townships, active ones."""
    root = office_id or user.office_id
    ensure_visible(session, user, root, NOT_VISIBLE)
    return [Choice(p.id, hearings.place_text(p)) for p in hearings.places_for(session, root, kind=PlaceKind.MOBILE_POINT)]


def arbitrators(*, session: Session, user: Actor, office_id: uuid.UUID | None = None) -> list[Choice]:
    """The institute's register (仲裁员名册): its active arbitrators, full-time and part-time."""
    root = office_id or user.office_id
    ensure_visible(session, user, root, NOT_VISIBLE)
    rows = session.scalars(select(Arbitrator).where(Arbitrator.office_id == root, Arbitrator.active.is_(True))
                           .order_by(Arbitrator.kind, Arbitrator.name)).all()
    return [Choice(a.id, f"{a.name}（{ArbitratorKind(a.kind).label}）") for a in rows]


def clerks(*, session: Session, user: Actor, office_id: uuid.UUID | None = None) -> list[Choice]:
    """The institute's clerks (书记员), active ones."""
    root = office_id or user.office_id
    ensure_visible(session, user, root, NOT_VISIBLE)
    rows = session.scalars(select(AppUser).where(AppUser.office_id == root, AppUser.role == Role.CLERK,
                                                 AppUser.active.is_(True)).order_by(AppUser.display_name)).all()
    return [Choice(u.id, u.display_name) for u in rows]


# ---------------------------------------------------------------- planning


def _checked(session: Session, user: Actor, office: Office, data: SittingInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    place = session.get(HearingPlace, data.place_id) if data.place_id else None
    if place is None:
        errors["place"] = "请选择流动仲裁庭点"
    elif place.kind != PlaceKind.MOBILE_POINT or not place.active:
        errors["place"] = f"{place.name}不是在用的流动仲裁庭点"
    elif place.office_id not in subtree_ids(session, office.id):
        errors["place"] = f"{place.name}不属于{office.name}及其下属乡镇（街道）"
    if data.sits_on is None:
        errors["sits_on"] = "请填写开庭日期"
    ids = list(data.arbitrator_ids)
    if len(set(ids)) != len(ids):
        errors["arbitrators"] = "同一仲裁员只能选择一次"
    elif msg := rules.tribunal_error(len(ids)):
        errors["arbitrators"] = msg
    else:
        found = {a.id: a for a in session.scalars(select(Arbitrator).where(Arbitrator.id.in_(ids)))}
        bad = [i for i in ids if i not in found or found[i].office_id != office.id]
        stood_down = [found[i].name for i in ids if i in found and i not in bad and not found[i].active]
        if bad:
            errors["arbitrators"] = f"所选仲裁员须为{office.name}仲裁员名册中在册的仲裁员"
        elif stood_down:  # stood down since the sitting was planned: named, to be replaced
            errors["arbitrators"] = f"{'、'.join(stood_down)}已在仲裁员名册中停用，请另选仲裁员接替"
    if data.clerk_id is None:
        errors["clerk"] = "请选择书记员"
    else:
        clerk = session.get(AppUser, data.clerk_id)
        if clerk is None or clerk.role != Role.CLERK or clerk.office_id != office.id:
            errors["clerk"] = f"书记员须为{office.name}在岗的书记员"
        elif not clerk.active:  # disabled since the sitting was planned: named, to be replaced
            errors["clerk"] = f"{clerk.display_name}的账号已停用，请另选书记员接替"
    if len(data.note) > 500:
        errors["note"] = "备注不能超过 500 字"
    return errors


def plan_sitting(*, session: Session, user: Actor, data: SittingInput, today: date | None = None) -> SittingView:
    """A new sitting of the user's institute (no cases yet), on a day not past."""
    office = _require_planner(session, user)
    errors = _checked(session, user, office, data)
    if data.sits_on is not None and data.sits_on < (today or date.today()):
        errors.setdefault("sits_on", "开庭日期不能早于今天")
    if errors:
        raise ValidationFailed(errors)
    assert data.place_id is not None and data.sits_on is not None
    sitting = MobileSitting(office_id=office.id, place_id=data.place_id, sits_on=data.sits_on,
                            arbitrators=json.dumps([a.hex for a in data.arbitrator_ids]), clerk_id=data.clerk_id,
                            note=data.note.strip(), created_by=user.id)
    session.add(sitting)
    session.flush()
    audit.record(session, user_id=user.id, entity="mobile_sitting", entity_id=sitting.id, action="plan",
                 after=audit.snapshot(sitting))
    session.commit()
    return _view(session, sitting)


def _bump(session: Session, sitting: MobileSitting, expected_version: int) -> None:
    """Claim the sitting's next version in SQL (and with it this transaction's write lock)."""
    result = session.execute(
        update(MobileSitting).where(MobileSitting.id == sitting.id, MobileSitting.version == expected_version)
        .values(version=expected_version + 1).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        session.rollback()
        raise VersionConflict("该流动仲裁庭安排已被他人修改，请刷新后重试")
    sitting.version = expected_version + 1


def _steps(session: Session, user: Actor, sitting: MobileSitting, steps: list[tuple[uuid.UUID, str, dict]],
           today: date, field: str | None = None) -> None:
    """Take the steps (_take_steps) all or none: any refusal rolls the caller's transaction back;
    with ``field``, a refusal's messages are said together at that one field of the form."""
    try:
        _take_steps(session, user, sitting, steps, today)
    except ValidationFailed as e:
        session.rollback()
        if field is None:
            raise
        raise ValidationFailed({field: "；".join(e.errors.values())}) from e
    except Exception:
        session.rollback()
        raise


def _take_steps(session: Session, user: Actor, sitting: MobileSitting, steps: list[tuple[uuid.UUID, str, dict]],
                today: date) -> None:
    """Take each (case, action, values) step through workflow.perform_action in savepoints of the
    caller's transaction (which has written already, so the savepoints nest inside it); a refusal
    is raised at the sitting's field, prefixed with the case's number, and the caller rolls
    everything back."""
    inner = Session(bind=session.connection(), join_transaction_mode="create_savepoint", expire_on_commit=False)
    booking = hearings.BOOKING_AT.set(sitting.id)  # 确定开庭 names this sitting only now
    try:
        for case_id, action, values in steps:
            case = inner.get(DisputeCase, case_id)
            label = (case.case_number or "（未编号）") if case else "该案件"
            key = action if action in (SCHEDULE, FORM) else (_postpone_action(case) if case else action)
            step = f"{FORM_LABEL}：" if key == FORM else ""
            try:
                workflow.perform_action(session=inner, user=user, case_id=case_id,
                                        expected_version=case.version if case else 0, action=key,
                                        occurred_on=today, values=values, today=today)
            except ValidationFailed as e:
                raise ValidationFailed({_FIELD_OF.get(k, "cases"): f"{label}：{step}{m}"
                                        for k, m in e.errors.items()}) from e
            except ServiceError as e:
                raise type(e)(f"{label}：{step}{e}") from e
    finally:
        hearings.BOOKING_AT.reset(booking)
        inner.close()


def _booking(sitting: MobileSitting, entry: CaseEntry) -> tuple[uuid.UUID, str, dict]:
    """确定开庭 of the entry's case at the sitting."""
    return entry.case_id, SCHEDULE, {"hearing_on": sitting.sits_on, "starts": entry.starts, "minutes": entry.minutes,
                                     "place": sitting.place_id.hex, "sitting": sitting.id.hex}


def _without_tribunal(session: Session, case_ids: list[uuid.UUID], on: date) -> set[uuid.UUID]:
    """The cases whose tribunal is still to be formed: in a state 组成仲裁庭 is taken from, and
    nobody sitting on them."""
    seated = _seated(session, case_ids, on)
    out = set()
    for case in session.scalars(select(DisputeCase).where(DisputeCase.id.in_(case_ids))):
        action = find_action(Procedure(case.procedure), FORM)
        if action is not None and CaseStatus(case.status) in action.from_states and not seated.get(case.id):
            out.add(case.id)
    return out


def _forming(sitting: MobileSitting, case_id: uuid.UUID) -> tuple[uuid.UUID, str, dict]:
    """组成仲裁庭 of the case from the sitting's arbitrators (the chief first) and its clerk."""
    return case_id, FORM, {"arbitrators": [a.hex for a in _arbitrator_ids(sitting)],
                           "clerk": sitting.clerk_id.hex if sitting.clerk_id else None}


def _postponing(case_id: uuid.UUID, reason: str) -> tuple[uuid.UUID, str, dict]:
    """延期开庭 of the case's booked hearing (the action is looked up for the case's procedure)."""
    return case_id, POSTPONE, {"reason": reason}


# where a refusal of 确定开庭 shows on the sitting's form
_FIELD_OF = {"hearing_on": "sits_on", "occurred_on": "sits_on", "place": "place", "starts": "cases",
             "minutes": "cases", "arbitrators": "arbitrators", "clerk": "clerk"}


def _entry_errors(session: Session, sitting: MobileSitting, entries: list[CaseEntry]) -> dict[str, str]:
    """The cases must be open arbitration cases of the institute (and its townships) that may be
    scheduled now, not already at this sitting; their times fit the day and do not overlap."""
    if not entries:
        return {"cases": "请选择要在本次流动仲裁庭审理的案件"}
    ids = [e.case_id for e in entries]
    if len(set(ids)) != len(ids):
        return {"cases": "同一案件只能安排一次"}
    offices = subtree_ids(session, sitting.office_id)
    found = {c.id: c for c in session.scalars(select(DisputeCase).where(DisputeCase.id.in_(ids)))}
    here = {h.case_id for h, _, _ in _hearings(session, sitting)}
    booked = _booked(session, ids)
    slots: list[rules.Slot] = []
    for e in entries:
        case = found.get(e.case_id)
        if case is None:
            return {"cases": "找不到所选案件"}
        label = case.case_number or "（未编号）"
        if msg := _case_refusal(case, offices):
            return {"cases": f"{label}：{msg}"}
        if case.id in here:
            return {"cases": f"{label}：已在本次流动仲裁庭的审理安排中"}
        if case.id in booked:
            return {"cases": f"{label}：{booked[case.id]}，须先延期开庭（或从原流动仲裁庭撤出）再加入"}
        starts = rules.parse_time(e.starts)
        if starts is None:
            return {"cases": f"{label}：开庭时间“{e.starts}”不是有效时间（如 09:30）"}
        slot = rules.Slot(label, starts, e.minutes)
        if msg := rules.slot_error(slot):
            return {"cases": msg}
        slots.append(slot)
    existing = [rules.Slot(c.case_number or "（未编号）", h.starts, h.minutes)
                for h, c, _ in _hearings(session, sitting) if h.status == HearingStatus.SCHEDULED]
    if msg := rules.overlap_error(existing + slots):
        return {"cases": msg}
    for case_id in _without_tribunal(session, ids, sitting.sits_on):  # formed from the institute's own register
        if found[case_id].office_id != sitting.office_id:
            return {"arbitrators": f"{found[case_id].case_number or '（未编号）'}：尚未组成仲裁庭，"
                                   "其仲裁庭须由所在机构的仲裁员名册组成，不能由本次流动仲裁庭的仲裁员组成"}
    return {}


def _booked(session: Session, case_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The cases with a hearing booked and not yet held or postponed (one at a time, as
    services.hearings keeps it), with when and where."""
    out: dict[uuid.UUID, str] = {}
    if not case_ids:
        return out
    for h, place in session.execute(
            select(Hearing, HearingPlace.name).outerjoin(HearingPlace, HearingPlace.id == Hearing.place_id)
            .where(Hearing.case_id.in_(case_ids), Hearing.status == HearingStatus.SCHEDULED)):
        out[h.case_id] = f"已定于 {h.hearing_on.isoformat()} {rules.time_text(h.starts)} 在{place or h.place_text}开庭"
    return out


def _case_refusal(case: DisputeCase, offices: set[uuid.UUID]) -> str | None:
    """Why the case cannot be heard at a sitting of the institute ``offices`` are the subtree of."""
    if case.family != CaseFamily.ARBITRATION:
        return "只有仲裁案件才能安排流动仲裁庭开庭"
    if case.office_id not in offices:
        return "不属于本仲裁院及其下属乡镇（街道）的案件"
    status = CaseStatus(case.status)
    if status not in OPEN_STATUSES:
        return f"案件已{status.label}，不能安排开庭"
    action = find_action(Procedure(case.procedure), SCHEDULE)
    if action is None:
        return f"{Procedure(case.procedure).label}不开庭审理"
    if status not in action.from_states:
        allowed = "、".join(s.label for s in CaseStatus if s in action.from_states)
        return f"案件目前为“{status.label}”，确定开庭须在{allowed}时"
    return None


def add_cases(*, session: Session, user: Actor, sitting_id: uuid.UUID, expected_version: int,
              entries: list[CaseEntry], today: date | None = None) -> SittingView:
    """Schedule the cases' hearings at the sitting, each at its time: every case or none."""
    today = today or date.today()
    sitting = _load_to_plan(session, user, sitting_id)
    if errors := _entry_errors(session, sitting, entries):
        raise ValidationFailed(errors)
    _bump(session, sitting, expected_version)
    forming = _without_tribunal(session, [e.case_id for e in entries], today)
    steps = [step for e in entries
             for step in ([_forming(sitting, e.case_id)] if e.case_id in forming else []) + [_booking(sitting, e)]]
    _steps(session, user, sitting, steps, today)
    audit.record(session, user_id=user.id, entity="mobile_sitting", entity_id=sitting.id, action="add_cases",
                 after={"cases": [{"case_id": e.case_id.hex, "starts": e.starts, "minutes": e.minutes}
                                  for e in entries], "version": sitting.version})
    session.commit()
    return _view(session, sitting)


def change_sitting(*, session: Session, user: Actor, sitting_id: uuid.UUID, expected_version: int,
                   data: SittingInput, today: date | None = None) -> SittingView:
    """Change the sitting's place, date, tribunal, clerk or note. A new place or date moves the
    hearing of every case still to be heard there (确定开庭 again, at the same times): all or none."""
    today = today or date.today()
    sitting = _load_to_plan(session, user, sitting_id)
    office = session.get(Office, sitting.office_id)
    errors = _checked(session, user, office, data)
    if data.sits_on is not None and data.sits_on != sitting.sits_on and data.sits_on < today:
        errors.setdefault("sits_on", "开庭日期不能早于今天")
    if errors:
        raise ValidationFailed(errors)
    assert data.place_id is not None and data.sits_on is not None
    rows = _hearings(session, sitting)
    if any(h.status == HearingStatus.HELD for h, _, _ in rows) and (
            data.place_id != sitting.place_id or data.sits_on != sitting.sits_on):
        raise ValidationFailed({"sits_on": "本次流动仲裁庭已有案件开庭审理，不能再改开庭日期或地点"})
    before = audit.snapshot(sitting)
    moved = data.place_id != sitting.place_id or data.sits_on != sitting.sits_on
    why = (f"流动仲裁庭改为{data.sits_on.isoformat()}在{session.get(HearingPlace, data.place_id).name}开庭"
           if moved else "")
    _bump(session, sitting, expected_version)
    sitting.place_id, sitting.sits_on = data.place_id, data.sits_on
    sitting.arbitrators = json.dumps([a.hex for a in data.arbitrator_ids])
    sitting.clerk_id, sitting.note = data.clerk_id, data.note.strip()
    session.flush()
    if moved:
        entries = [CaseEntry(c.id, rules.time_text(h.starts), h.minutes)
                   for h, c, _ in rows if h.status == HearingStatus.SCHEDULED]
        steps = [step for e in entries for step in (_postponing(e.case_id, why), _booking(sitting, e))]
        _steps(session, user, sitting, steps, today)
    audit.record(session, user_id=user.id, entity="mobile_sitting", entity_id=sitting.id, action="change",
                 before=before, after=audit.snapshot(sitting))
    session.commit()
    return _view(session, sitting)


def _postpone_action(case: DisputeCase) -> str:
    """The case's 延期开庭 step (the one recording HEARING_POSTPONED in its procedure)."""
    action = next((a for a in WORKFLOWS[Procedure(case.procedure)] if a.event == EventKind.HEARING_POSTPONED), None)
    if action is None:
        raise PermissionDenied(f"{Procedure(case.procedure).label}没有延期开庭的步骤")
    return action.key


def change_time(*, session: Session, user: Actor, sitting_id: uuid.UUID, expected_version: int,
                case_id: uuid.UUID, starts: str, minutes: int, today: date | None = None) -> SittingView:
    """Move one case to another time of the sitting's day: its hearing there is postponed and
    booked again at the new time (the notice already issued names the old time, so the case's
    timeline says so and a new notice is due)."""
    today = today or date.today()
    sitting = _load_to_plan(session, user, sitting_id)
    rows = [(h, c) for h, c, _ in _hearings(session, sitting) if h.status == HearingStatus.SCHEDULED]
    row = next(((h, c) for h, c in rows if c.id == case_id), None)
    if row is None:
        raise ValidationFailed({"starts": "该案件不在本次流动仲裁庭待开庭的安排中"})
    hearing, case = row
    label = case.case_number or "（未编号）"
    begin = rules.parse_time(starts)
    if begin is None:
        raise ValidationFailed({"starts": f"{label}：开庭时间“{starts}”不是有效时间（如 09:30）"})
    if begin == hearing.starts and minutes == hearing.minutes:
        raise ValidationFailed({"starts": f"{label}：开庭时间没有改变"})
    slot = rules.Slot(label, begin, minutes)
    others = [rules.Slot(c.case_number or "（未编号）", h.starts, h.minutes) for h, c in rows if c.id != case_id]
    if msg := rules.slot_error(slot) or rules.overlap_error([*others, slot]):
        raise ValidationFailed({"starts": msg})
    _bump(session, sitting, expected_version)
    why = f"流动仲裁庭开庭时间由 {rules.time_text(hearing.starts)} 改为 {rules.time_text(begin)}"
    _steps(session, user, sitting, [_postponing(case.id, why),
                                    _booking(sitting, CaseEntry(case.id, rules.time_text(begin), minutes))],
           today, field="starts")
    audit.record(session, user_id=user.id, entity="mobile_sitting", entity_id=sitting.id, action="change_time",
                 after={"case_id": case.id.hex, "starts": rules.time_text(begin), "minutes": minutes,
                        "version": sitting.version})
    session.commit()
    return _view(session, sitting)


def remove_case(*, session: Session, user: Actor, sitting_id: uuid.UUID, expected_version: int,
                case_id: uuid.UUID, reason: str, today: date | None = None) -> SittingView:
    """Take a case out of the sitting before it is heard: its hearing there is postponed (延期开庭,
    with the reason, on the case's timeline); a new 确定开庭 books it again."""
    today = today or date.today()
    sitting = _load_to_plan(session, user, sitting_id)
    row = next(((h, c) for h, c, _ in _hearings(session, sitting) if c.id == case_id), None)
    if row is None:
        raise ValidationFailed({"cases": "该案件不在本次流动仲裁庭的审理安排中"})
    hearing, case = row
    if hearing.status != HearingStatus.SCHEDULED:
        raise ValidationFailed({"cases": f"{case.case_number or '该案件'}已开庭审理，不能撤出"})
    if not reason.strip():
        raise ValidationFailed({"reason": "请填写撤出本次流动仲裁庭的理由"})
    said = f"撤出{sitting.sits_on.isoformat()}流动仲裁庭："  # the 延期开庭's 理由 begins so: its limit counts it
    if msg := text_length_error(reason, what="撤出的理由", max_len=TEXT_MAX - len(said)):
        raise ValidationFailed({"reason": msg})
    _bump(session, sitting, expected_version)
    _steps(session, user, sitting, [_postponing(case.id, f"{said}{reason.strip()}")], today, field="reason")
    audit.record(session, user_id=user.id, entity="mobile_sitting", entity_id=sitting.id, action="remove_case",
                 after={"case_id": case.id.hex, "reason": reason.strip(), "version": sitting.version})
    session.commit()
    return _view(session, sitting)


# ---------------------------------------------------------------- candidates, papers


def candidates(*, session: Session, user: Actor, sitting_id: uuid.UUID, text: str, limit: int = 50) -> list[CaseChoice]:
    """Cases that may be added, found by case number (its digits) or a party's name: open
    arbitration cases of the sitting's institute and its townships, in a state 确定开庭 allows,
    not already at this sitting."""
    sitting = _load(session, user, sitting_id)
    offices = subtree_ids(session, sitting.office_id)
    schedulable = {s.value for proc in Procedure if (a := find_action(proc, SCHEDULE)) is not None
                   for s in a.from_states}
    query = select(DisputeCase).where(DisputeCase.family == CaseFamily.ARBITRATION,
                                      DisputeCase.office_id.in_(offices), DisputeCase.status.in_(schedulable))
    t = search.normalise(text)
    if t and search.searches_case_number(t):
        digits = search.digits_of(t)
        query = query.where(or_(DisputeCase.number_key.startswith(digits, autoescape=True),
                                DisputeCase.number_key_tail.startswith(digits, autoescape=True)))
    elif t:
        query = query.where(DisputeCase.search_text.contains(t, autoescape=True))
    here = {h.case_id for h, _, _ in _hearings(session, sitting)}
    found = [c for c in session.scalars(query.order_by(DisputeCase.received_on).limit(limit + len(here)))
             if c.id not in here and _case_refusal(c, offices) is None][:limit]
    booked = _booked(session, [c.id for c in found])
    forming = _without_tribunal(session, [c.id for c in found], sitting.sits_on)
    return [CaseChoice(c.id, c.case_number or "（未编号）", _parties(c), Cause(c.cause).label,
                       CaseStatus(c.status).label, booked.get(c.id, ""), c.id in forming) for c in found]


def list_pdf(*, session: Session, user: Actor, sitting_id: uuid.UUID) -> bytes:
    """The sitting's list (流动仲裁庭开庭安排表), an A4 PDF."""
    from ..documents.sitting_list import render_sitting_list  # ReportLab only when printing

    view = get_sitting(session=session, user=user, sitting_id=sitting_id)
    if not view.cases:
        raise ValidationFailed({"cases": "本次流动仲裁庭还没有安排案件，无安排表可打印"})
    made_by = session.get(AppUser, user.id)
    return render_sitting_list(view, made_by.display_name if made_by else user.display_name, date.today())


def notice_hearings(*, session: Session, user: Actor, sitting_id: uuid.UUID) -> list[hearing_day.Hearing]:
    """The sitting's cases still to be heard, as the 开庭日文书 batch takes them (its notices,
    issued or not), in time order."""
    sitting = _load(session, user, sitting_id)
    place = session.get(HearingPlace, sitting.place_id)
    rows = [r for r in _hearings(session, sitting) if r[0].status == HearingStatus.SCHEDULED]
    notices = _notices(session, rows)
    return [hearing_day.Hearing(case.id, case.case_number, _parties(case), place.name if place else "",
                                notices.get(case.id), starts=rules.time_text(h.starts)) for h, case, _ in rows]


def issue_notices(*, session: Session, user: Actor, sitting_id: uuid.UUID,
                  issue_date: date | None = None) -> list[uuid.UUID]:
    """Issue the hearing notice of every case of the sitting that has none yet (each in its own
    transaction, as the 开庭日文书 batch does); the ids of the notices issued."""
    out = []
    for h in notice_hearings(session=session, user=user, sitting_id=sitting_id):
        if h.notice_id is not None:
            continue
        case = session.get(DisputeCase, h.case_id)
        session.refresh(case)
        [issued] = documents.issue(session=session, user=user, case_id=h.case_id, expected_version=case.version,
                                   doc_type=hearing_day.NOTICE, issue_date=issue_date)
        out.append(issued.id)
    return out
