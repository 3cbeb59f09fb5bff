"""The people on a case (issue 19): the institute's arbitrators' register (仲裁员名册), the
tribunal's seats written when 组成仲裁庭 is recorded, the clerk (书记员) and handler (承办人), and
回避 (recusal) requests and decisions (LDMAF 31–33).

Others read the seats directly: a case's sitting tribunal on day D is its TribunalSeat rows with
from_on <= D and (until_on is None or until_on > D); its clerk is DisputeCase.clerk_id.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlmodel import Session

from ..domain import validators as v
from ..domain.permissions import Permission
from ..domain.tribunal import (
    GRANTED,
    RECUSAL_GROUNDS,
    REFUSED,
    Candidate,
    recusal_paper,
    seat_kinds,
    tribunal_error,
    tribunal_text,
)
from ..domain.workflows import APPROVERS, Action, find_action
from ..models.case import CaseEvent, DisputeCase
from ..models.enums import (
    ArbitratorKind,
    CaseFamily,
    CaseStatus,
    EventKind,
    HearingStatus,
    OfficeKind,
    Procedure,
    Role,
    TribunalSeatKind,
)
from ..models.office import AppUser, Office
from ..models.tribunal import Arbitrator, Hearing, HearingPlace, TribunalSeat
from . import audit, field_sources
from .access import office_acts_on, require
from .cases import _load_case, handler_error
from .context import Actor
from .errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from .lengths import length_errors
from .offices import visible_office_ids

ACTIONS = frozenset({"accept", "form_tribunal", "request_recusal", "decide_recusal"})
REGISTER_OFFICES = (OfficeKind.INSTITUTE, OfficeKind.COMMISSION)  # who keeps a register
CLERK_LABEL = "书记员"


# ---------------------------------------------------------------- the register (仲裁员名册)


@dataclass(frozen=True)
class ArbitratorView:
    id: uuid.UUID
    office_id: uuid.UUID
    name: str
    kind: ArbitratorKind
    user_id: uuid.UUID | None
    username: str  # the login of a full-time arbitrator, "" for a 兼职仲裁员
    profession: str
    phone: str
    active: bool
    version: int


@dataclass(frozen=True)
class ArbitratorInput:
    name: str
    kind: str  # ArbitratorKind
    user_id: uuid.UUID | None = None  # a full-time arbitrator's sign-in (role 仲裁员 of the institute)
    profession: str = ""
    phone: str = ""
    active: bool = True


@dataclass(frozen=True)
class RegisterOffice:
    id: uuid.UUID
    name: str


def _view(a: Arbitrator, username: str = "") -> ArbitratorView:
    return ArbitratorView(a.id, a.office_id, a.name, ArbitratorKind(a.kind), a.user_id, username, a.profession,
                          a.phone, a.active, a.version)


def keeper_refusal(session: Session, user: Actor, office_id: uuid.UUID) -> str | None:
    """Why the user may not keep this office's register: the office's own supervisor, or an
    administrator of it or an office above it; None when they may."""
    office = session.get(Office, office_id)
    if office is None:
        return "找不到该机构"
    if office.kind not in REGISTER_OFFICES:
        return f"{office.name}不是仲裁机构，没有仲裁员名册"
    if user.role is Role.SUPERVISOR and user.office_id != office_id:
        return f"仲裁员名册由{office.name}本院的领导维护"
    seen = visible_office_ids(session, user)
    if seen is not None and office_id not in seen:
        return f"{office.name}不是您所在机构或其下级机构"
    return None


def _require_keeper(session: Session, user: Actor, office_id: uuid.UUID) -> None:
    require(user, Permission.KEEP_ARBITRATORS)
    if msg := keeper_refusal(session, user, office_id):
        raise PermissionDenied(msg)


def register_offices(*, session: Session, user: Actor) -> list[RegisterOffice]:
    """The arbitration offices whose register this user may keep (the screen's 机构 list)."""
    if user.role not in (Role.SUPERVISOR, Role.ADMIN):
        return []
    rows = session.scalars(select(Office).where(Office.kind.in_([k.value for k in REGISTER_OFFICES]))
                          .order_by(Office.code))
    return [RegisterOffice(o.id, o.name) for o in rows if keeper_refusal(session, user, o.id) is None]


def list_arbitrators(*, session: Session, user: Actor, office_id: uuid.UUID,
                     active_only: bool = False) -> list[ArbitratorView]:
    """The register of an office the user sees: full-time first, then by name."""
    require(user, Permission.READ_CASES)
    seen = visible_office_ids(session, user)
    if seen is not None and office_id not in seen:
        raise PermissionDenied("该机构不是您所在机构或其下级机构")
    stmt = (select(Arbitrator, AppUser.username).outerjoin(AppUser, AppUser.id == Arbitrator.user_id)
            .where(Arbitrator.office_id == office_id))
    if active_only:
        stmt = stmt.where(Arbitrator.active)
    rows = [_view(a, username or "") for a, username in session.execute(stmt)]
    order = list(ArbitratorKind)
    return sorted(rows, key=lambda a: (not a.active, order.index(a.kind), a.name))


@dataclass(frozen=True)
class StaffChoice:
    id: uuid.UUID
    name: str
    role: Role


def unregistered_arbitrator_users(*, session: Session, user: Actor, office_id: uuid.UUID) -> list[StaffChoice]:
    """The institute's users of role 仲裁员 not yet on its register (to register as full-time)."""
    _require_keeper(session, user, office_id)
    taken = select(Arbitrator.user_id).where(Arbitrator.office_id == office_id, Arbitrator.user_id.is_not(None))
    rows = session.scalars(select(AppUser).where(AppUser.office_id == office_id, AppUser.active,
                                                 AppUser.role == Role.ARBITRATOR, AppUser.id.not_in(taken))
                           .order_by(AppUser.display_name))
    return [StaffChoice(u.id, u.display_name, Role(u.role)) for u in rows]


def _check_input(session: Session, office_id: uuid.UUID, data: ArbitratorInput,
                 current: Arbitrator | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.kind not in {k.value for k in ArbitratorKind}:
        errors["kind"] = "请选择专职或兼职仲裁员"
        return errors
    kind = ArbitratorKind(data.kind)
    if kind is ArbitratorKind.FULL_TIME:
        u = session.get(AppUser, data.user_id) if data.user_id else None
        if u is None:
            errors["user_id"] = "专职仲裁员须关联其登录账号（本院角色为仲裁员的用户）"
        elif u.office_id != office_id or Role(u.role) is not Role.ARBITRATOR:
            errors["user_id"] = f"{u.display_name}不是本院角色为仲裁员的用户"
        elif not u.active and data.active:
            errors["user_id"] = f"{u.display_name}的账号已停用，不能登记为在任仲裁员"
        elif session.scalar(select(Arbitrator.id).where(
                Arbitrator.office_id == office_id, Arbitrator.user_id == u.id,
                *([Arbitrator.id != current.id] if current else []))):
            errors["user_id"] = f"{u.display_name}已在本院仲裁员名册中"
    elif data.user_id is not None:
        errors["user_id"] = "兼职仲裁员没有登录账号，不关联用户"
    if not data.name.strip():
        errors["name"] = "请填写姓名"
    if data.phone.strip() and (msg := v.validate_phone(data.phone)):
        errors["phone"] = msg
    typed = {"name": data.name.strip(), "profession": data.profession.strip(), "phone": data.phone.strip()}
    errors.update({k: m for k, m in length_errors(Arbitrator, typed, labels={"profession": "职业/单位"}).items()
                   if k not in errors})
    return errors


def save_arbitrator(*, session: Session, user: Actor, office_id: uuid.UUID, data: ArbitratorInput,
                    arbitrator_id: uuid.UUID | None = None, expected_version: int | None = None) -> uuid.UUID:
    """Register an arbitrator with the institute, or correct (or stand down: ``active`` False) one
    already registered; audited, in one transaction. Someone who sat on a tribunal stays on the
    register (stood down, not deleted): the seats name them."""
    _require_keeper(session, user, office_id)
    current = session.get(Arbitrator, arbitrator_id) if arbitrator_id else None
    if arbitrator_id is not None and (current is None or current.office_id != office_id):
        raise NotFound("找不到该仲裁员")
    if data.kind == ArbitratorKind.FULL_TIME and data.user_id and not data.name.strip():
        u = session.get(AppUser, data.user_id)
        data = ArbitratorInput(u.display_name if u else "", data.kind, data.user_id, data.profession, data.phone,
                               data.active)
    if errors := _check_input(session, office_id, data, current):
        raise ValidationFailed(errors)
    values = {"name": data.name.strip(), "kind": ArbitratorKind(data.kind).value, "user_id": data.user_id,
              "profession": data.profession.strip(), "phone": data.phone.strip(), "active": data.active}
    if current is None:
        row = Arbitrator(office_id=office_id, **values)
        session.add(row)
        session.flush()
        audit.record(session, user_id=user.id, entity="arbitrator", entity_id=row.id, action="create",
                     after=audit.snapshot(row))
    else:
        if expected_version is not None and current.version != expected_version:
            session.rollback()
            raise VersionConflict("该仲裁员的登记已被他人修改，请重新打开后再改")
        before = audit.snapshot(current, list(values))
        for key, value in values.items():
            setattr(current, key, value)
        current.version += 1
        row = current
        audit.record(session, user_id=user.id, entity="arbitrator", entity_id=row.id, action="update",
                     before=before, after=audit.snapshot(row, list(values)))
    session.commit()
    return row.id


def stand_down_warning(*, session: Session, user: Actor, arbitrator_id: uuid.UUID, today: date | None = None) -> str:
    """What the register screen says before standing an arbitrator down: the open cases whose
    tribunal they sit on and the mobile sittings from today they travel with ("" when none)."""
    from ..models.enums import OPEN_STATUSES
    from ..models.tribunal import MobileSitting

    a = session.get(Arbitrator, arbitrator_id)
    if a is None:
        raise NotFound("找不到该仲裁员")
    _require_keeper(session, user, a.office_id)
    numbers = session.scalars(
        select(DisputeCase.case_number).join(TribunalSeat, TribunalSeat.case_id == DisputeCase.id)
        .where(TribunalSeat.arbitrator_id == a.id, TribunalSeat.until_on.is_(None),
               DisputeCase.status.in_([s.value for s in OPEN_STATUSES])).order_by(DisputeCase.case_number)).all()
    places = dict(session.execute(select(HearingPlace.id, HearingPlace.name)).all())
    planned = [f"{m.sits_on.isoformat()} {places.get(m.place_id, '')}" for m in session.scalars(
        select(MobileSitting).where(MobileSitting.office_id == a.office_id,
                                    MobileSitting.sits_on >= (today or date.today())).order_by(MobileSitting.sits_on))
               if a.id.hex in json.loads(m.arbitrators or "[]")]
    found, todo = [], []
    if numbers:
        found.append(f"仍是以下未结案件的仲裁庭成员：{'、'.join(n or '（未编号）' for n in numbers)}")
        todo.append("为上述案件更换仲裁员")
    if planned:
        found.append(f"仍在以下流动仲裁庭安排中：{'、'.join(planned)}")
        todo.append("修改上述流动仲裁庭安排另选仲裁员")
    return f"{a.name}{'；'.join(found)}。停用后请{'，并'.join(todo)}" if found else ""


# ---------------------------------------------------------------- choices of the steps' fields


def _register(session: Session, case: DisputeCase, active: bool = True) -> list[Arbitrator]:
    stmt = select(Arbitrator).where(Arbitrator.office_id == case.office_id)
    if active:
        stmt = stmt.where(Arbitrator.active)
    order = list(ArbitratorKind)
    return sorted(session.scalars(stmt), key=lambda a: (order.index(ArbitratorKind(a.kind)), a.name))


def _arbitrator_label(a: Arbitrator) -> str:
    """周志明（兼职仲裁员，律师）; a profession that merely repeats the kind is said once."""
    kind = ArbitratorKind(a.kind).label
    extra = "，".join([kind] + ([a.profession] if a.profession and a.profession not in kind else []))
    return f"{a.name}（{extra}）"


def _staff(session: Session, case: DisputeCase, roles: tuple[Role, ...]) -> list[AppUser]:
    return list(session.scalars(select(AppUser).where(AppUser.office_id == case.office_id, AppUser.active,
                                                      AppUser.role.in_([r.value for r in roles]))
                                .order_by(AppUser.role, AppUser.display_name)))


@field_sources.source("arbitrators")
def _arbitrator_choices(session: Session, case: DisputeCase) -> list[tuple[str, str]]:
    return [(a.id.hex, _arbitrator_label(a)) for a in _register(session, case)]


@field_sources.source("clerks")
def _clerk_choices(session: Session, case: DisputeCase) -> list[tuple[str, str]]:
    return [(u.id.hex, u.display_name) for u in _staff(session, case, (Role.CLERK,))]


@field_sources.source("handlers")
def _handler_choices(session: Session, case: DisputeCase) -> list[tuple[str, str]]:
    return [(u.id.hex, f"{u.display_name}（{Role(u.role).label}）")
            for u in _staff(session, case, (Role.ARBITRATOR, Role.CLERK))]


def seat_order(session: Session, seats: list[TribunalSeat]) -> Callable[[TribunalSeat], tuple[int, date, int]]:
    """The sort key of seats in seat order: 首席 or 独任 first, then by the day taken, then as the
    tribunal was chosen (the members named in that order at 组成仲裁庭). Never the order rows
    come back in: SQLite's is the order written, a server's is not (a seat ended by a 回避 moves)."""
    order = list(TribunalSeatKind)
    formed: dict[uuid.UUID, list[str]] = {}
    ties = {(s.case_id, s.seat, s.from_on) for s in seats}
    if len(ties) < len(seats):  # two members taken the same day: the formation names their order
        events = {s.formed_event_id for s in seats if s.formed_event_id is not None}
        for event in session.scalars(select(CaseEvent).where(CaseEvent.id.in_(events),
                                                              CaseEvent.corrected_by.is_(None))):
            picked = _data(event).get("arbitrators")
            formed[event.id] = [a.get("id") for a in picked if isinstance(a, dict)] if isinstance(picked, list) else []

    def key(seat: TribunalSeat) -> tuple[int, date, int]:
        named = formed.get(seat.formed_event_id, []) if seat.formed_event_id else []
        place = named.index(seat.arbitrator_id.hex) if seat.arbitrator_id.hex in named else len(named)
        return order.index(TribunalSeatKind(seat.seat)), seat.from_on, place
    return key


def _open_seats(session: Session, case_id: uuid.UUID) -> list[tuple[TribunalSeat, Arbitrator]]:
    """The seats not ended, in seat order (首席 or 独任 first)."""
    rows = session.execute(select(TribunalSeat, Arbitrator).join(Arbitrator, Arbitrator.id == TribunalSeat.arbitrator_id)
                           .where(TribunalSeat.case_id == case_id, TribunalSeat.until_on.is_(None))).all()
    key = seat_order(session, [s for s, _a in rows])
    return sorted(((s, a) for s, a in rows), key=lambda r: key(r[0]))


def _seat_label(seat: TribunalSeat, a: Arbitrator) -> str:
    return f"{TribunalSeatKind(seat.seat).label} {a.name}"


@field_sources.source("sitting")
def _sitting_choices(session: Session, case: DisputeCase) -> list[tuple[str, str]]:
    """Who a party may ask to withdraw: the arbitrators sitting, and the clerk."""
    out = [(a.id.hex, _seat_label(s, a)) for s, a in _open_seats(session, case.id)]
    clerk = session.get(AppUser, case.clerk_id) if case.clerk_id else None
    if clerk is not None:
        out.append((clerk.id.hex, f"{CLERK_LABEL} {clerk.display_name}"))
    return out


def _events(session: Session, case_id: uuid.UUID, kind: EventKind) -> list[CaseEvent]:
    return list(session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind,
                                                        CaseEvent.corrected_by.is_(None))
                                .order_by(CaseEvent.occurred_on, CaseEvent.recorded_at)))


def _data(event: CaseEvent) -> dict[str, Any]:
    return json.loads(event.data) if event.data else {}


def _open_requests(session: Session, case_id: uuid.UUID) -> list[CaseEvent]:
    decided = {_data(e).get("request") for e in _events(session, case_id, EventKind.RECUSAL_DECIDED)}
    return [e for e in _events(session, case_id, EventKind.RECUSAL_REQUESTED) if e.id.hex not in decided]


@field_sources.source("recusal_requests")
def _request_choices(session: Session, case: DisputeCase) -> list[tuple[str, str]]:
    return [(e.id.hex, f"{e.occurred_on.isoformat()} {_data(e).get('party_name', '')}申请"
                       f"{_data(e).get('person_label', '')}回避") for e in _open_requests(session, case.id)]


@field_sources.source("replacements")
def _replacement_choices(session: Session, case: DisputeCase) -> list[tuple[str, str]]:
    """Who may take a withdrawn person's place: the register's active arbitrators not sitting, and
    the institute's other clerks."""
    sitting = {a.id for _s, a in _open_seats(session, case.id)}
    out = [(a.id.hex, f"仲裁员 {_arbitrator_label(a)}") for a in _register(session, case) if a.id not in sitting]
    out += [(u.id.hex, f"{CLERK_LABEL} {u.display_name}") for u in _staff(session, case, (Role.CLERK,))
            if u.id != case.clerk_id]
    return out


# ---------------------------------------------------------------- the steps' checks and effects


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None


def _picked(value: Any) -> list[str] | None:
    """The tribunal field's ids in seat order, or None when it is not a list of ids."""
    if not isinstance(value, list | tuple):
        return None
    # ids as the form gives them, or the seats as a recorded step stored them ({id, name, seat})
    ids = [_uuid(x.get("id") if isinstance(x, dict) else x) for x in value]
    return None if any(i is None for i in ids) else [i.hex for i in ids if i is not None]


def _clerk_error(session: Session, case: DisputeCase, clerk_id: Any) -> str | None:
    u = session.get(AppUser, _uuid(clerk_id)) if _uuid(clerk_id) else None
    if u is None or not u.active or u.office_id != case.office_id or Role(u.role) is not Role.CLERK:
        return "书记员须为本院在职的书记员（角色为书记员的用户）"
    return None


def check(session: Session, case: DisputeCase, key: str, values: dict[str, Any], on: date | None) -> dict[str, str]:
    """The errors of a people step beyond the table's (size, register, duplicates, who may be chosen)."""
    errors: dict[str, str] = {}
    if key == "accept" and values.get("handler") and (
            msg := handler_error(session, case.family, case.office_id, _uuid(values["handler"]))):
        errors["handler"] = msg
    if key == "form_tribunal":
        picked = _picked(values.get("arbitrators"))
        if picked is None:
            errors["arbitrators"] = "请从本院仲裁员名册中选择仲裁员"
        else:
            rows = {a.id.hex: a for a in session.scalars(
                select(Arbitrator).where(Arbitrator.id.in_([uuid.UUID(p) for p in picked])))}
            register = {k: Candidate(a.name, a.active, a.office_id == case.office_id) for k, a in rows.items()}
            if msg := tribunal_error(Procedure(case.procedure), picked, register):
                errors["arbitrators"] = msg
        if values.get("clerk") and (msg := _clerk_error(session, case, values["clerk"])):
            errors["clerk"] = msg
    if key == "request_recusal" and values.get("person"):
        person = str(values["person"])
        if any(_data(e).get("person") == person for e in _open_requests(session, case.id)):
            errors["person"] = "对该人员已有回避申请尚未决定：请先作出回避决定"
    if key == "decide_recusal":
        errors.update(_decision_errors(session, case, values, on))
    return errors


def _decision_errors(session: Session, case: DisputeCase, values: dict[str, Any], on: date | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    asked = session.get(CaseEvent, _uuid(values.get("request"))) if _uuid(values.get("request")) else None
    if (asked is not None and asked.case_id == case.id and asked.kind == EventKind.RECUSAL_REQUESTED
            and on is not None and on < asked.occurred_on):  # also when a recorded decision is re-dated (更正)
        errors["occurred_on"] = f"回避决定不能早于回避申请的日期 {asked.occurred_on.isoformat()}"
    request = next((e for e in _open_requests(session, case.id) if e.id.hex == str(values.get("request"))), None)
    if request is None:
        return errors  # field_sources says the request is not one open
    outcome = values.get("outcome")
    if outcome == REFUSED and not str(values.get("reason") or "").strip():
        errors["reason"] = "驳回回避申请的，请填写理由"
    if outcome != GRANTED:
        return errors
    replacement = _uuid(values.get("replacement"))
    if replacement is None:
        errors["replacement"] = "决定回避的，请选择接替人员"
        return errors
    asked_clerk = _data(request).get("person_kind") == "clerk"
    if asked_clerk:
        if msg := _clerk_error(session, case, replacement):
            errors["replacement"] = f"被申请回避的是书记员：{msg}"
    else:
        a = session.get(Arbitrator, replacement)
        if a is None:
            errors["replacement"] = "被申请回避的是仲裁员：请从本院仲裁员名册中选择接替的仲裁员"
        elif not a.active or a.office_id != case.office_id:
            errors["replacement"] = f"{a.name}不是本院名册中在任的仲裁员"
        elif any(x.id == a.id for _s, x in _open_seats(session, case.id)):
            errors["replacement"] = f"{a.name}已是本案仲裁庭成员"
    return errors


def _name(session: Session, user_id: uuid.UUID | None) -> str:
    u = session.get(AppUser, user_id) if user_id else None
    return u.display_name if u else ""


def _party_label(session: Session, case: DisputeCase, party: Any) -> str:
    return dict(field_sources.listed(session, case, "parties")).get(str(party), "")


def apply(session: Session, user: Actor, case: DisputeCase, key: str, values: dict[str, Any], event: CaseEvent,
          on: date) -> dict[str, Any]:
    """Write what the step recorded (seats, clerk, handler) in the caller's transaction and say it
    in the event's 说明 (a 回避 step's in full; 受理's handler after its own words); returns what the
    event's data adds (names beside the ids)."""
    if key == "accept":
        extra, note = _apply_handler(session, user, case, values, event)
        event.note = "；".join(filter(None, [event.note, note]))
        return extra
    if key == "form_tribunal":
        extra, event.note = _apply_tribunal(session, user, case, values, event, on)
    elif key == "request_recusal":
        extra, event.note = _apply_request(session, case, values)
    else:
        extra, event.note = _apply_decision(session, user, case, values, event, on)
    return extra


def _apply_handler(session: Session, user: Actor, case: DisputeCase, values: dict[str, Any],
                   event: CaseEvent) -> tuple[dict[str, Any], str]:
    handler = _uuid(values.get("handler"))
    if handler is None or handler == case.handler_id:
        return {"handler": case.handler_id.hex} if case.handler_id else {}, ""
    before = audit.snapshot(case, ["handler_id"])
    case.handler_id = handler
    audit.record(session, user_id=user.id, entity="dispute_case", entity_id=case.id, action="change_handler",
                 before=before, after=audit.snapshot(case, ["handler_id"]))
    name = _name(session, handler)
    return {"handler": handler.hex, "handler_name": name}, f"承办人：{name}"


def _apply_tribunal(session: Session, user: Actor, case: DisputeCase, values: dict[str, Any], event: CaseEvent,
                    on: date) -> tuple[dict[str, Any], str]:
    picked = _picked(values["arbitrators"]) or []
    rows = {a.id.hex: a for a in session.scalars(select(Arbitrator).where(
        Arbitrator.id.in_([uuid.UUID(p) for p in picked])))}
    seats = []
    for key, kind in zip(picked, seat_kinds(len(picked)), strict=True):
        seat = TribunalSeat(case_id=case.id, arbitrator_id=rows[key].id, seat=kind.value, from_on=on,
                            formed_event_id=event.id)
        session.add(seat)
        session.flush()
        audit.record(session, user_id=user.id, entity="tribunal_seat", entity_id=seat.id, case_id=case.id,
                     action="create", after=audit.snapshot(seat))
        seats.append({"id": key, "name": rows[key].name, "seat": kind.value})
    clerk = _uuid(values.get("clerk"))
    before = audit.snapshot(case, ["clerk_id"])
    case.clerk_id = clerk
    audit.record(session, user_id=user.id, entity="dispute_case", entity_id=case.id, action="assign_clerk",
                 before=before, after=audit.snapshot(case, ["clerk_id"]))
    clerk_name = _name(session, clerk)
    note = f"仲裁庭：{tribunal_text([(s['seat'], s['name']) for s in seats])}；{CLERK_LABEL}：{clerk_name}"
    return {"arbitrators": seats, "clerk": clerk.hex if clerk else None, "clerk_name": clerk_name}, note


def _apply_request(session: Session, case: DisputeCase, values: dict[str, Any]) -> tuple[dict[str, Any], str]:
    person = str(values["person"])
    label = dict(_sitting_choices(session, case)).get(person, "")
    kind = "clerk" if case.clerk_id is not None and person == case.clerk_id.hex else "arbitrator"
    party = _party_label(session, case, values.get("party"))
    ground = dict(RECUSAL_GROUNDS).get(str(values.get("ground")), "")
    data = {"party_name": party, "person_label": label, "person_kind": kind}
    reason = str(values.get("reason") or "").strip()
    return data, f"{party}以“{ground}”为由申请{label}回避" + (f"：{reason}" if reason else "")


def _apply_decision(session: Session, user: Actor, case: DisputeCase, values: dict[str, Any], event: CaseEvent,
                    on: date) -> tuple[dict[str, Any], str]:
    request = session.get(CaseEvent, uuid.UUID(str(values["request"])))  # checked open (this event now decides it)
    assert request is not None and request.case_id == case.id
    asked = _data(request)
    head = f"{asked.get('party_name', '')}申请{asked.get('person_label', '')}回避"
    if values.get("outcome") != GRANTED:
        reason = str(values.get("reason") or "").strip()
        return {"request": request.id.hex}, f"{head}：驳回申请。理由：{reason}"
    replacement = _uuid(values["replacement"])
    assert replacement is not None
    if asked.get("person_kind") == "clerk":
        before = audit.snapshot(case, ["clerk_id"])
        case.clerk_id = replacement
        audit.record(session, user_id=user.id, entity="dispute_case", entity_id=case.id, action="assign_clerk",
                     before=before, after=audit.snapshot(case, ["clerk_id"]))
        name = _name(session, replacement)
        return ({"request": request.id.hex, "replacement_name": name},
                f"{head}：决定回避，自{on.isoformat()}起由{CLERK_LABEL} {name} 接替")
    person = uuid.UUID(str(asked.get("person")))
    old = next(s for s, a in _open_seats(session, case.id) if a.id == person)
    before = audit.snapshot(old)
    old.until_on, old.ended_event_id = on, event.id
    audit.record(session, user_id=user.id, entity="tribunal_seat", entity_id=old.id, case_id=case.id,
                 action="end", before=before, after=audit.snapshot(old))
    new = TribunalSeat(case_id=case.id, arbitrator_id=replacement, seat=old.seat, from_on=on, formed_event_id=event.id)
    session.add(new)
    session.flush()
    audit.record(session, user_id=user.id, entity="tribunal_seat", entity_id=new.id, case_id=case.id,
                 action="create", after=audit.snapshot(new))
    name = session.get(Arbitrator, replacement).name  # type: ignore[union-attr]
    seat = TribunalSeatKind(old.seat).label
    return ({"request": request.id.hex, "replacement_name": name, "seat": old.seat},
            f"{head}：决定回避，自{on.isoformat()}起由{name}接替{seat}")


# ---------------------------------------------------------------- reading the people of a case


@dataclass(frozen=True)
class SeatView:
    seat: TribunalSeatKind
    name: str
    arbitrator_id: uuid.UUID
    from_on: date


@dataclass(frozen=True)
class NextHearing:
    on: date
    starts: int  # minutes after midnight
    minutes: int
    place: str

    @property
    def text(self) -> str:
        return f"{self.on.isoformat()} {self.starts // 60:02d}:{self.starts % 60:02d} {self.place}".strip()


@dataclass(frozen=True)
class CasePeople:
    seats: tuple[SeatView, ...]  # sitting today, seat order
    named_tribunal: str  # a tribunal recorded before the register: the names as typed
    clerk_name: str
    next_hearing: NextHearing | None

    @property
    def tribunal_text(self) -> str:
        if self.seats:
            return tribunal_text([(s.seat, s.name) for s in self.seats])
        return self.named_tribunal


def sitting(session: Session, case_id: uuid.UUID, day: date) -> list[SeatView]:
    """The tribunal sitting on ``day``, in seat order."""
    rows = session.execute(select(TribunalSeat, Arbitrator.name).join(Arbitrator, Arbitrator.id == TribunalSeat.arbitrator_id)
                           .where(TribunalSeat.case_id == case_id, TribunalSeat.from_on <= day,
                                  or_(TribunalSeat.until_on.is_(None), TribunalSeat.until_on > day))).all()
    key = seat_order(session, [s for s, _name in rows])
    return [SeatView(TribunalSeatKind(s.seat), name, s.arbitrator_id, s.from_on)
            for s, name in sorted(rows, key=lambda r: key(r[0]))]


def _named_tribunal(session: Session, case_id: uuid.UUID) -> str:
    formed = _events(session, case_id, EventKind.TRIBUNAL_FORMED)
    text = _data(formed[-1]).get("arbitrators") if formed else None
    return text.strip() if isinstance(text, str) else ""


def tribunal_names(session: Session, case_id: uuid.UUID, day: date) -> list[str]:
    """The names of the tribunal on ``day`` in seat order (首席 first) for the papers; a tribunal
    recorded before the register: its names as typed."""
    if seats := sitting(session, case_id, day):
        return [s.name for s in seats]
    text = _named_tribunal(session, case_id)
    return [n for n in text.replace(",", "、").replace("，", "、").split("、") if n.strip()]


def case_people(*, session: Session, user: Actor, case_id: uuid.UUID, today: date | None = None) -> CasePeople:
    """The tribunal sitting today, the clerk and the next scheduled hearing (case view)."""
    case = _load_case(session, user, case_id)
    today = today or date.today()
    hearing = session.execute(
        select(Hearing, HearingPlace.name).outerjoin(HearingPlace, HearingPlace.id == Hearing.place_id)
        .where(Hearing.case_id == case.id, Hearing.status == HearingStatus.SCHEDULED.value, Hearing.hearing_on >= today)
        .order_by(Hearing.hearing_on, Hearing.starts).limit(1)).first()
    nxt = None
    if hearing is not None:
        h, place = hearing
        nxt = NextHearing(h.hearing_on, h.starts, h.minutes, place or h.place_text)
    return CasePeople(tuple(sitting(session, case.id, today)), _named_tribunal(session, case.id),
                      _name(session, case.clerk_id), nxt)


def mine_condition(user_id: uuid.UUID) -> ColumnElement[bool]:
    """"我承办的案件": I am the handler, the clerk, or sit on the tribunal (a seat not ended, through
    the register's link to my sign-in)."""
    me = select(Arbitrator.id).where(Arbitrator.user_id == user_id)  # ix_arbitrator_user_id
    sitting = select(TribunalSeat.case_id).where(TribunalSeat.arbitrator_id.in_(me), TribunalSeat.until_on.is_(None))
    # the seats' cases are listed once (ix_seat_arbitrator: arbitrator, until_on), not searched per case
    return or_(DisputeCase.handler_id == user_id, DisputeCase.clerk_id == user_id, DisputeCase.id.in_(sitting))


# ---------------------------------------------------------------- open 回避申请 (待审批, the case view)


@dataclass(frozen=True)
class RecusalRequestView:
    """A 回避申请 not yet decided, as the deciding supervisor's 待审批 (its own kind of row, opening
    the 回避决定 form) and the case view show it."""

    request_id: uuid.UUID  # the 申请回避 event: the value of 回避决定's ``request`` field
    case_id: uuid.UUID
    case_number: str
    parties: str  # 申请人 诉 被申请人
    office_name: str
    requested_on: date
    recorded_by: str  # who recorded the request (a clerk or arbitrator)
    recorded_at: datetime
    text: str  # the request in the timeline's words


def _decide_action(case: DisputeCase) -> Action | None:
    return find_action(Procedure(case.procedure), "decide_recusal")


def _request_views(session: Session, rows: list[tuple[CaseEvent, DisputeCase]]) -> list[RecusalRequestView]:
    users = {e.user_id for e, _c in rows if e.user_id}
    names = dict(session.execute(select(AppUser.id, AppUser.display_name).where(AppUser.id.in_(users))).all()) \
        if users else {}
    offices = dict(session.execute(select(Office.id, Office.name).where(
        Office.id.in_({c.office_id for _e, c in rows}))).all()) if rows else {}
    return [RecusalRequestView(e.id, c.id, c.case_number or "（未编号案件）",
                               " 诉 ".join(filter(None, [c.applicant_names, c.respondent_names])),
                               offices.get(c.office_id, ""), e.occurred_on, names.get(e.user_id, "") if e.user_id else "",
                               e.recorded_at, e.note) for e, c in rows]


def _undecided(session: Session, rows: list[tuple[CaseEvent, DisputeCase]]) -> list[tuple[CaseEvent, DisputeCase]]:
    """The requests of ``rows`` no live 回避决定 answers, on cases where one may still be decided."""
    if not rows:
        return []
    decided = {_data(e).get("request") for e in session.scalars(select(CaseEvent).where(
        CaseEvent.case_id.in_({c.id for _e, c in rows}), CaseEvent.kind == EventKind.RECUSAL_DECIDED,
        CaseEvent.corrected_by.is_(None)))}
    return [(e, c) for e, c in rows if e.id.hex not in decided
            and (a := _decide_action(c)) is not None and CaseStatus(c.status) in a.from_states]


def _requests_query():  # noqa: ANN202
    return (select(CaseEvent, DisputeCase).join(DisputeCase, DisputeCase.id == CaseEvent.case_id)
            .where(CaseEvent.kind == EventKind.RECUSAL_REQUESTED, CaseEvent.corrected_by.is_(None))
            .order_by(CaseEvent.occurred_on, CaseEvent.recorded_at))


def recusal_queue(*, session: Session, user: Actor) -> list[RecusalRequestView]:
    """The 回避申请 this supervisor decides, oldest first: of the arbitration cases of their office
    and its sub-offices still open to a 回避决定 (LDMAF 33: decided promptly). Listed by
    themselves: nobody asks for the decision through 申请审批."""
    if user.role not in APPROVERS:
        raise PermissionDenied(f"回避申请由{'、'.join(r.label for r in APPROVERS)}作出决定，您的角色是{user.role.label}")
    if office_acts_on(session, user, CaseFamily.ARBITRATION) is not None:
        return []
    query = _requests_query().where(DisputeCase.family == CaseFamily.ARBITRATION.value)
    if (ids := visible_office_ids(session, user)) is not None:
        query = query.where(DisputeCase.office_id.in_(ids))
    return _request_views(session, _undecided(session, [(e, c) for e, c in session.execute(query)]))


def open_recusals(*, session: Session, user: Actor, case_id: uuid.UUID) -> list[RecusalRequestView]:
    """The case's 回避申请 not yet decided (the case view says 回避申请待决定)."""
    case = _load_case(session, user, case_id)
    rows = [(e, c) for e, c in session.execute(_requests_query().where(CaseEvent.case_id == case.id))]
    return _request_views(session, _undecided(session, rows))


def recusal_paper_values(events: list[CaseEvent]) -> dict[str, str]:
    """The 回避决定书's fields (services.papers): the latest live 回避决定 and the request it
    answers, from the case's live ``events`` in timeline order; empty before any decision."""
    decided = next((e for e in reversed(events) if e.kind == EventKind.RECUSAL_DECIDED), None)
    if decided is None:
        return {"回避申请": "", "回避决定": ""}
    data = _data(decided)
    asked = next((e for e in events if e.id.hex == data.get("request")), None)
    if asked is None:
        return {"回避申请": "", "回避决定": ""}
    return recusal_paper(_data(asked), asked.occurred_on, data, decided.occurred_on)
