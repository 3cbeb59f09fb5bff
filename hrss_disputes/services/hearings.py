"""Hearing places and the hearing calendar (开庭排期).

Places are reference data: the rooms (仲裁庭室) of each institute and the points where its mobile
tribunal sits (流动仲裁庭点, at a township's centre), kept by the administrator like the other
reference data. A hearing is booked by the step 确定开庭 (services.workflow calls ``check`` and
``apply`` in its transaction): a Hearing row with the day, the time, how long and the place;
开庭审理 marks it held, 延期开庭 postponed with its reason (the row stays: the case's hearings are
its history). ``conflicts`` says, before the booking, which arbitrator, clerk or place is taken
at an overlapping time on another case (the form warns; the service does not refuse).
"""

from __future__ import annotations

import json
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session

from ..domain.calendar import DayKind
from ..domain.chinese_text import natural_key
from ..domain.hearings import (
    NOTICE_RULE,
    day_warnings,
    ends_error,
    overlaps,
    parse_time,
    postpone_request_error,
    span_text,
    time_text,
)
from ..domain.permissions import Permission
from ..models.case import CaseEvent, DisputeCase
from ..models.enums import (
    OPEN_STATUSES,
    CaseStatus,
    EventKind,
    HearingStatus,
    OfficeKind,
    PlaceKind,
)
from ..models.office import AppUser, Office
from ..models.party import Party
from ..models.tribunal import Arbitrator, Hearing, HearingPlace, MobileSitting, TribunalSeat
from . import audit, field_sources
from .access import require
from .cases import _load_case
from .clocks import Clocks, load_calendar
from .context import Actor
from .errors import NotFound, ValidationFailed, VersionConflict
from .lengths import length_errors
from .offices import ensure_visible, subtree_ids, visible_office_ids
from .tribunal import seat_order

ACTIONS = frozenset({"schedule_hearing", "hold_hearing", "postpone_hearing"})
# the mobile sitting services.sittings is booking cases at (None: none): 确定开庭 names a sitting only then
BOOKING_AT: ContextVar[uuid.UUID | None] = ContextVar("BOOKING_AT", default=None)
INSTITUTES = (OfficeKind.INSTITUTE, OfficeKind.COMMISSION)
SUSPENSION_REASON = "中止审理"  # the reason a suspended case's booked hearing is postponed with
# a case's scheduled hearing is on the calendar while the case goes on: not when it is suspended
# (中止审理 postpones it; an older booking left behind is filtered out) nor closed
BOOKABLE = frozenset(OPEN_STATUSES - {CaseStatus.SUSPENDED})


# ---------------------------------------------------------------- places (reference data)


@dataclass(frozen=True)
class PlaceView:
    id: uuid.UUID
    office_id: uuid.UUID
    office_name: str
    name: str
    kind: PlaceKind
    address: str
    active: bool
    version: int

    @property
    def label(self) -> str:
        """"第一仲裁庭（仲裁庭室）" as a drop-down lists it."""
        return f"{self.name}（{self.kind.label}）"


def institute_of(session: Session, office_id: uuid.UUID) -> uuid.UUID:
    """The arbitration institute an office belongs to (itself, or the first institute above it)."""
    office = session.get(Office, office_id)
    while office is not None:
        if office.kind in INSTITUTES:
            return office.id
        office = session.get(Office, office.parent_id) if office.parent_id else None
    return office_id


def places_for(session: Session, institute_id: uuid.UUID, *, active_only: bool = True,
               kind: PlaceKind | None = None) -> list[HearingPlace]:
    """The places where an institute hears cases: its own rooms and points and those of the
    offices below it (a township's point may be kept under the township's centre); rooms first."""
    offices = subtree_ids(session, institute_id)
    query = select(HearingPlace).where(HearingPlace.office_id.in_(offices))
    if active_only:
        query = query.where(HearingPlace.active.is_(True))
    if kind is not None:
        query = query.where(HearingPlace.kind == kind.value)
    rows = list(session.scalars(query))
    return sorted(rows, key=lambda p: (p.kind != PlaceKind.ROOM.value, natural_key(p.name)))


def _view(session: Session, p: HearingPlace, names: dict[uuid.UUID, str] | None = None) -> PlaceView:
    if names is None:
        office = session.get(Office, p.office_id)
        names = {p.office_id: office.name if office else ""}
    return PlaceView(p.id, p.office_id, names.get(p.office_id, ""), p.name, PlaceKind(p.kind), p.address,
                     p.active, p.version)


def list_places(*, session: Session, user: Actor, office_id: uuid.UUID | None = None,
                active_only: bool = False) -> list[PlaceView]:
    """The places of the offices this user sees (or of one office and those below it)."""
    allowed = visible_office_ids(session, user)
    if office_id is not None:
        ensure_visible(session, user, office_id)
        allowed = subtree_ids(session, office_id)
    query = select(HearingPlace)
    if allowed is not None:
        query = query.where(HearingPlace.office_id.in_(allowed))
    if active_only:
        query = query.where(HearingPlace.active.is_(True))
    names = dict(session.execute(select(Office.id, Office.name)).all())
    rows = sorted(session.scalars(query), key=lambda p: (p.kind != PlaceKind.ROOM.value, names.get(p.office_id, ""),
                                                        natural_key(p.name)))
    return [_view(session, p, names) for p in rows]


def save_place(*, session: Session, user: Actor, office_id: uuid.UUID | None, name: str, kind: PlaceKind | str | None,
               address: str, active: bool = True, place_id: uuid.UUID | None = None,
               expected_version: int | None = None) -> PlaceView:
    """Add a place (``place_id`` None) or correct one; a place is never deleted (old hearings
    name it): one no longer used is made inactive and is no longer offered."""
    require(user, Permission.EDIT_REFERENCE)
    errors: dict[str, str] = {}
    name, address = (name or "").strip(), (address or "").strip()
    office = session.get(Office, office_id) if office_id else None
    if office is None:
        errors["office_id"] = "请选择机构"
    else:
        ensure_visible(session, user, office.id, "该机构不是您所在机构或其下级机构")
    try:
        kind = PlaceKind(kind) if kind else None
    except ValueError:
        kind = None
    if kind is None:
        errors["kind"] = "请选择类别"
    elif kind is PlaceKind.ROOM and office is not None and office.kind not in INSTITUTES:
        errors["kind"] = "仲裁庭室属于仲裁院（仲裁委员会）；乡镇（街道）的开庭地点请登记为流动仲裁庭点"
    if not name:
        errors["name"] = "请填写名称，例如 第一仲裁庭、大沙镇流动仲裁庭点"
    if kind is PlaceKind.MOBILE_POINT and not address:
        errors["address"] = "请填写流动仲裁庭点的地址（开庭通知书写明开庭地点）"
    errors.update({k: m for k, m in length_errors(HearingPlace, {"name": name, "address": address}).items()
                   if k not in errors})
    if office is not None and name and "name" not in errors and session.scalar(
            select(HearingPlace.id).where(HearingPlace.name == name,
                                          HearingPlace.office_id.in_(subtree_ids(session, institute_of(session, office.id))),
                                          HearingPlace.id != (place_id or uuid.UUID(int=0)))):
        errors["name"] = f"本院已有名为“{name}”的开庭地点"
    if errors:
        raise ValidationFailed(errors)
    assert office is not None and kind is not None
    if place_id is None:
        row = HearingPlace(office_id=office.id, name=name, kind=kind.value, address=address, active=active)
        session.add(row)
        session.flush()
        audit.record(session, user_id=user.id, entity="hearing_place", entity_id=row.id, action="create",
                     after=audit.snapshot(row))
    else:
        row = session.get(HearingPlace, place_id)
        if row is None:
            raise NotFound("找不到该开庭地点")
        ensure_visible(session, user, row.office_id, "该开庭地点不属于您所在机构或其下级机构")
        if expected_version is not None and row.version != expected_version:
            raise VersionConflict("该开庭地点已被他人修改，请重新打开后再改")
        before = audit.snapshot(row)
        row.office_id, row.name, row.kind, row.address, row.active = office.id, name, kind.value, address, active
        row.version += 1
        audit.record(session, user_id=user.id, entity="hearing_place", entity_id=row.id, action="update",
                     before=before, after=audit.snapshot(row))
    session.commit()
    return _view(session, row)


@field_sources.source("places")
def _place_choices(session: Session, case: DisputeCase) -> list[tuple[str, str]]:
    """确定开庭's 开庭地点: the active rooms and mobile points of the case's institute."""
    return [(p.id.hex, f"{p.name}（{PlaceKind(p.kind).label}）")
            for p in places_for(session, institute_of(session, case.office_id))]


def place_text(place: HearingPlace | None) -> str:
    """The place as a paper names it: "第一仲裁庭（肇庆市端州区…）"."""
    if place is None:
        return ""
    return f"{place.name}（{place.address}）" if place.address else place.name


# ---------------------------------------------------------------- who sits at a hearing


def _sitting_arbitrators(session: Session, hearings: list[Hearing]) -> dict[uuid.UUID, list[Arbitrator]]:
    """For each hearing, the arbitrators sitting on its case on its day (TribunalSeat: from_on <=
    day < until_on), chief first; a case with no seat at all (never formed) is named with its
    mobile sitting's travelling arbitrators instead — never the two mixed (a case's own tribunal
    is the one that hears it)."""
    if not hearings:
        return {}
    case_ids = {h.case_id for h in hearings}
    seats = session.execute(select(TribunalSeat, Arbitrator).join(Arbitrator, Arbitrator.id == TribunalSeat.arbitrator_id)
                            .where(TribunalSeat.case_id.in_(case_ids))).all()
    sittings = {s.id: s for s in session.scalars(select(MobileSitting).where(
        MobileSitting.id.in_({h.sitting_id for h in hearings if h.sitting_id})))}
    sitting_ids = {uuid.UUID(hex=x) for s in sittings.values() for x in json.loads(s.arbitrators or "[]")}
    by_id = {a.id: a for a in session.scalars(select(Arbitrator).where(Arbitrator.id.in_(sitting_ids)))}
    key = seat_order(session, [seat for seat, _a in seats])  # as chosen, never as the rows come back
    out: dict[uuid.UUID, list[Arbitrator]] = {}
    for h in hearings:
        found = sorted(((seat, a) for seat, a in seats if seat.case_id == h.case_id and seat.from_on <= h.hearing_on
                        and (seat.until_on is None or seat.until_on > h.hearing_on)), key=lambda sa: key(sa[0]))
        people = [a for _s, a in found]
        if h.sitting_id in sittings and not any(seat.case_id == h.case_id for seat, _a in seats):
            for x in json.loads(sittings[h.sitting_id].arbitrators or "[]"):
                a = by_id.get(uuid.UUID(hex=x))
                if a is not None and a.id not in {p.id for p in people}:
                    people.append(a)
        out[h.id] = people
    return out


def _clerks(session: Session, hearings: list[Hearing], cases: dict[uuid.UUID, DisputeCase]) -> dict[uuid.UUID, uuid.UUID]:
    """Each hearing's clerk: its case's 书记员, else its mobile sitting's."""
    sittings = {s.id: s for s in session.scalars(select(MobileSitting).where(
        MobileSitting.id.in_({h.sitting_id for h in hearings if h.sitting_id})))}
    out: dict[uuid.UUID, uuid.UUID] = {}
    for h in hearings:
        clerk = cases[h.case_id].clerk_id if h.case_id in cases else None
        if clerk is None and h.sitting_id in sittings:
            clerk = sittings[h.sitting_id].clerk_id
        if clerk is not None:
            out[h.id] = clerk
    return out


def _case_label(case: DisputeCase) -> str:
    return case.case_number or f"未编号案件（{case.applicant_names} 诉 {case.respondent_names}）"


def _booked(session: Session, on: date, *, exclude_case: uuid.UUID | None = None) -> list[tuple[Hearing, DisputeCase]]:
    """The scheduled hearings of open cases on a day."""
    query = (select(Hearing, DisputeCase).join(DisputeCase, DisputeCase.id == Hearing.case_id)
             .where(Hearing.hearing_on == on, Hearing.status == HearingStatus.SCHEDULED.value,
                    DisputeCase.status.in_([s.value for s in BOOKABLE])))
    if exclude_case is not None:
        query = query.where(Hearing.case_id != exclude_case)
    return list(session.execute(query.order_by(Hearing.starts)).all())


def conflicts(*, session: Session, user: Actor, case_id: uuid.UUID, hearing_on: date | None, starts: str | None,
              minutes: int | None, place: str | None = None) -> list[str]:
    """What the booking form warns of before a hearing of this case at that time (it does not
    refuse): the day when it is a rest day or of a year the calendar does not know yet, then
    another case's scheduled hearing at an overlapping time with the same arbitrator (the tribunal
    sitting on the day), the same clerk or the same place, each in a line ("第一仲裁庭 2026-12-03
    09:30–11:00 已安排 肇劳人仲案字〔2026〕5号"). Only the cases this user sees count and are named
    (another institute's bookings are not theirs to read). Empty when there is nothing to warn
    of or the time is not complete yet."""
    case = _load_case(session, user, case_id)
    begin = parse_time(starts)
    if hearing_on is None or begin is None or not minutes:
        return []
    day = day_warnings(hearing_on, load_calendar(session))
    place_id = _uuid(place)
    mine = Hearing(case_id=case.id, hearing_on=hearing_on, starts=begin, minutes=minutes, place_id=place_id)
    allowed = visible_office_ids(session, user)
    others = [(h, c) for h, c in _booked(session, hearing_on, exclude_case=case.id)
              if overlaps(begin, minutes, h.starts, h.minutes) and (allowed is None or c.office_id in allowed)]
    if not others:
        return day
    cases = {case.id: case, **{c.id: c for _h, c in others}}
    hearings = [mine, *(h for h, _c in others)]
    sitting = _sitting_arbitrators(session, hearings)
    clerks = _clerks(session, hearings, cases)
    my_arbitrators = {a.id for a in sitting.get(mine.id, [])}
    my_clerk = clerks.get(mine.id)
    places = {p.id: p for p in session.scalars(select(HearingPlace).where(
        HearingPlace.id.in_({h.place_id for h in hearings if h.place_id})))}
    clerk_names = dict(session.execute(select(AppUser.id, AppUser.display_name).where(
        AppUser.id.in_(set(clerks.values())))).all())
    lines: list[str] = []
    for h, c in others:
        when = f"{h.hearing_on.isoformat()} {span_text(h.starts, h.minutes)} 已安排 {_case_label(c)}"
        if place_id is not None and h.place_id == place_id:
            lines.append(f"{places[place_id].name} {when}")
        for a in sitting.get(h.id, []):
            if a.id in my_arbitrators:
                lines.append(f"仲裁员 {a.name} {when}")
        if my_clerk is not None and clerks.get(h.id) == my_clerk:
            lines.append(f"书记员 {clerk_names.get(my_clerk, '')} {when}")
    return day + lines


def _uuid(value: Any) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(hex=str(value)) if value else None
    except ValueError:
        return None


# ---------------------------------------------------------------- the steps (in workflow's transaction)


def scheduled(session: Session, case_id: uuid.UUID) -> Hearing | None:
    """The case's hearing waiting to be held (the latest booked), if any."""
    return session.scalars(select(Hearing).where(Hearing.case_id == case_id,
                                                 Hearing.status == HearingStatus.SCHEDULED.value)
                           .order_by(Hearing.hearing_on.desc(), Hearing.starts.desc())).first()


def _has_bookings(session: Session, case_id: uuid.UUID) -> bool:
    return session.scalar(select(Hearing.id).where(Hearing.case_id == case_id,
                                                   Hearing.status != HearingStatus.CANCELLED.value).limit(1)) is not None


def _when(h: Hearing, place: HearingPlace | None) -> str:
    where = place.name if place is not None else h.place_text
    return f"{h.hearing_on.isoformat()} {time_text(h.starts)}" + (f" {where}" if where else "")


def restore_refusal(session: Session, h: Hearing, today: date, *, today_ahead: bool = False) -> str | None:
    """Why a hearing a struck step (更正) had postponed or cancelled is not booked again, as the
    更正's note says it ("原定开庭未恢复：…，请重新确定开庭"); None when it may be: its day is
    still ahead of the correction's day, the case has no other hearing booked, and no other case's
    scheduled hearing at the same place or mobile sitting overlaps it (its slot was not taken).
    ``today_ahead``: a hearing of the correction's own day still counts as ahead (a 开庭审理
    recorded by mistake and struck that day: it may still be held)."""
    place = session.get(HearingPlace, h.place_id) if h.place_id else None
    why: str | None = None
    if h.hearing_on < today or (h.hearing_on == today and not today_ahead):
        why = "开庭日期已过"
    elif (own := scheduled(session, h.case_id)) is not None and own.id != h.id:
        why = f"本案已另行安排 {_when(own, session.get(HearingPlace, own.place_id) if own.place_id else None)} 开庭"
    else:
        for other, c in _booked(session, h.hearing_on, exclude_case=h.case_id):
            same = ((h.sitting_id is not None and other.sitting_id == h.sitting_id)
                    or (h.place_id is not None and other.place_id == h.place_id)
                    or (h.place_id is None and bool(h.place_text) and other.place_text == h.place_text))
            if same and overlaps(h.starts, h.minutes, other.starts, other.minutes):
                why = f"该时段已安排 {_case_label(c)}（{span_text(other.starts, other.minutes)}）"
                break
    return None if why is None else f"原定开庭未恢复：{_when(h, place)} {why}，请重新确定开庭"


def blocked(session: Session, case: DisputeCase) -> dict[str, str]:
    """The hearing steps not offered now, with why: one booking at a time (a new 确定开庭 after
    the hearing is held or postponed), a postponement of a booked hearing only, and 开庭审理 of
    the booked hearing (a case booked before the calendar existed is held as before)."""
    pending = scheduled(session, case.id)
    if pending is not None:
        return {"schedule_hearing": f"本案已确定于 {_when(pending, session.get(HearingPlace, pending.place_id) if pending.place_id else None)}"
                                    "开庭：开庭审理后或延期开庭后方可重新确定开庭"}
    out = {"postpone_hearing": "本案没有待开庭的安排，无需延期开庭"}
    if _has_bookings(session, case.id):
        out["hold_hearing"] = "本案没有待开庭的安排（已开庭或已延期）：须先“确定开庭”并通知当事人"
    return out


def check(session: Session, case: DisputeCase, action_key: str, values: dict[str, Any], on: date,
          clocks: Clocks) -> dict[str, str]:
    """The hearing steps' own checks, at their fields."""
    errors: dict[str, str] = {}
    pending = scheduled(session, case.id)
    if action_key == "schedule_hearing" and (msg := ends_error(parse_time(values.get("starts")), values.get("minutes"))):
        errors["minutes"] = msg  # a hearing ends by the day's end (20:45 for eight hours is no booking)
    if action_key == "schedule_hearing" and values.get("sitting"):
        if msg := _sitting_error(session, case, values):
            errors["place"] = msg
    elif action_key == "hold_hearing" and pending is not None and on != pending.hearing_on:
        errors["occurred_on"] = (f"本案确定的开庭日期为 {pending.hearing_on.isoformat()}：开庭审理的办理日期应为开庭当日；"
                                 "开庭改期的，先登记“延期开庭”，再重新“确定开庭”")
    elif action_key == "postpone_hearing" and pending is not None:
        booked_on = _booking_day(session, pending)
        if booked_on is not None and on < booked_on:
            errors["occurred_on"] = f"办理日期不能早于确定开庭的日期 {booked_on.isoformat()}"
        requested = values.get("requested_on") if values.get("party") else None  # on its own motion: no request
        if values.get("party") and not isinstance(requested, date):
            errors["requested_on"] = "当事人申请延期的，请填写申请日期"
        elif isinstance(requested, date):
            kind = DayKind(clocks.kinds.get(NOTICE_RULE.key, NOTICE_RULE.kind))
            if requested > on:
                errors["requested_on"] = "申请日期不能晚于延期决定的办理日期"
            elif booked_on is not None and requested < booked_on:
                errors["requested_on"] = f"申请日期不能早于确定开庭的日期 {booked_on.isoformat()}"
            elif msg := postpone_request_error(requested, pending.hearing_on, clocks.calendar, kind):
                errors["requested_on"] = msg
    return errors


def _sitting_error(session: Session, case: DisputeCase, values: dict[str, Any]) -> str | None:
    """Why 确定开庭 may not book the case at the sitting ``values["sitting"]`` names: only the
    sittings service books a case at a sitting (BOOKING_AT, set while it takes the steps), and only
    at a sitting of the case's own institute, on the booking's day and at its place."""
    sitting = session.get(MobileSitting, _uuid(values.get("sitting")) or uuid.UUID(int=0))
    if sitting is None:
        return "所属的流动仲裁庭安排不存在"
    if BOOKING_AT.get() != sitting.id:
        return "案件只能在流动仲裁庭安排中加入（开庭排期 → 流动仲裁庭），不能在确定开庭时指定流动仲裁庭"
    if case.office_id not in subtree_ids(session, sitting.office_id):
        return "该流动仲裁庭不属于本案所在的仲裁院，不能在其中安排本案开庭"
    if values.get("hearing_on") != sitting.sits_on or _uuid(values.get("place")) != sitting.place_id:
        return f"开庭日期和地点须与所属流动仲裁庭（{sitting.sits_on.isoformat()}）的相同"
    return None


def _booking_day(session: Session, h: Hearing) -> date | None:
    return session.scalar(select(CaseEvent.occurred_on).where(CaseEvent.id == h.event_id)) if h.event_id else None


def apply(session: Session, case: DisputeCase, action_key: str, values: dict[str, Any],
          event: CaseEvent) -> tuple[dict[str, Any], str]:
    """Book, hold or postpone the case's hearing for the step ``event`` (already flushed):
    (what to add to the event's data, the event's note)."""
    if action_key == "schedule_hearing":
        place = session.get(HearingPlace, _uuid(values["place"]))
        starts = parse_time(values["starts"])
        assert place is not None and starts is not None  # checked: a listed place, a valid time
        h = Hearing(case_id=case.id, event_id=event.id, hearing_on=values["hearing_on"], starts=starts,
                    minutes=int(values["minutes"]), place_id=place.id, place_text=place_text(place),
                    sitting_id=_uuid(values.get("sitting")))
        session.add(h)
        session.flush()
        audit.record(session, user_id=event.user_id, entity="hearing", entity_id=h.id, case_id=case.id,
                     action="book", after=audit.snapshot(h))
        note = (f"开庭：{h.hearing_on.isoformat()} {span_text(h.starts, h.minutes)}（{h.minutes}分钟）；"
                f"地点：{h.place_text}")
        return {"place_name": place.name, "place_text": h.place_text}, note
    pending = scheduled(session, case.id)
    if pending is None:  # a case booked before the calendar: 开庭审理 as before
        return {}, event.note
    place = session.get(HearingPlace, pending.place_id) if pending.place_id else None
    before = audit.snapshot(pending, ["status", "ended_event_id", "reason"])
    pending.ended_event_id = event.id
    if action_key == "hold_hearing":
        pending.status = HearingStatus.HELD.value
    else:
        pending.status = HearingStatus.POSTPONED.value
        pending.reason = str(values.get("reason", "")).strip()
    audit.record(session, user_id=event.user_id, entity="hearing", entity_id=pending.id, case_id=case.id,
                 action="held" if action_key == "hold_hearing" else "postpone", before=before,
                 after=audit.snapshot(pending, ["status", "ended_event_id", "reason"]))
    if action_key == "hold_hearing":
        return {"hearing": pending.id.hex}, f"开庭：{_when(pending, place)}"
    if values.get("party"):
        party = session.get(Party, _uuid(values["party"]))
        requested = values.get("requested_on")
        who = f"；{party.name if party else '当事人'}于{requested.isoformat() if isinstance(requested, date) else ''}申请"
    else:  # on the commission's own motion: a date the form showed is no request's
        who = "；仲裁委员会依职权决定"
        event.data = json.dumps({k: x for k, x in json.loads(event.data or "{}").items() if k != "requested_on"},
                                ensure_ascii=False)
    return ({"hearing": pending.id.hex},
            f"原定 {_when(pending, place)} 的开庭延期{who}；理由：{pending.reason}；须重新确定开庭")


def after_step(session: Session, case: DisputeCase, event: CaseEvent) -> str:
    """What a step that stops the hearing does to the case's booked hearing (the case's status
    already refreshed): 中止审理 postpones it with the reason "中止审理" (after 恢复审理 a new
    确定开庭 sets the next one), a step closing the case (撤回, 按撤回处理, 调解结案, 裁决, 撤销…)
    cancels it. The row stays (the case's history); the note says so ("" when nothing was booked)."""
    pending = scheduled(session, case.id)
    if pending is None:
        return ""
    suspended = event.kind == EventKind.SUSPENDED
    if not suspended and CaseStatus(case.status) in OPEN_STATUSES:
        return ""
    place = session.get(HearingPlace, pending.place_id) if pending.place_id else None
    before = audit.snapshot(pending, ["status", "ended_event_id", "reason"])
    pending.ended_event_id = event.id
    if suspended:
        pending.status, pending.reason = HearingStatus.POSTPONED.value, SUSPENSION_REASON
        note = f"原定 {_when(pending, place)} 的开庭因中止审理延期；恢复审理后须重新确定开庭"
    else:
        pending.status = HearingStatus.CANCELLED.value
        pending.reason = f"案件已结案（{EventKind(event.kind).label}）"
        note = f"原定 {_when(pending, place)} 的开庭不再举行（{pending.reason}）"
    audit.record(session, user_id=event.user_id, entity="hearing", entity_id=pending.id, case_id=case.id,
                 action="postpone" if suspended else "cancel", before=before,
                 after=audit.snapshot(pending, ["status", "ended_event_id", "reason"]))
    return note


# ---------------------------------------------------------------- a case's hearings


@dataclass(frozen=True)
class HearingView:
    id: uuid.UUID
    case_id: uuid.UUID
    hearing_on: date
    starts: int
    minutes: int
    place_name: str
    place_text: str  # name and address, as the notice says it
    status: HearingStatus
    reason: str
    arbitrators: tuple[str, ...]

    @property
    def time(self) -> str:
        return time_text(self.starts)

    @property
    def line(self) -> str:
        """"2026-12-03 09:30–11:00 第一仲裁庭（待开庭）"."""
        text = f"{self.hearing_on.isoformat()} {span_text(self.starts, self.minutes)} {self.place_name}（{self.status.label}）"
        return text + (f"：{self.reason}" if self.reason and self.status is HearingStatus.POSTPONED else "")


def _views(session: Session, rows: list[Hearing]) -> list[HearingView]:
    places = {p.id: p for p in session.scalars(select(HearingPlace).where(
        HearingPlace.id.in_({h.place_id for h in rows if h.place_id})))}
    sitting = _sitting_arbitrators(session, rows)
    return [HearingView(h.id, h.case_id, h.hearing_on, h.starts, h.minutes,
                        places[h.place_id].name if h.place_id in places else h.place_text,
                        h.place_text or place_text(places.get(h.place_id)), HearingStatus(h.status), h.reason,
                        tuple(a.name for a in sitting.get(h.id, []))) for h in rows]


def case_hearings(*, session: Session, user: Actor, case_id: uuid.UUID) -> list[HearingView]:
    """Every hearing of the case, earliest first (held, postponed and booked alike)."""
    case = _load_case(session, user, case_id)
    rows = list(session.scalars(select(Hearing).where(Hearing.case_id == case.id)
                                .order_by(Hearing.hearing_on, Hearing.starts)))
    return _views(session, rows)


# ---------------------------------------------------------------- the week (开庭排期)

BY_PLACE, BY_ARBITRATOR = "place", "arbitrator"
NO_TRIBUNAL = "（未组庭）"


@dataclass(frozen=True)
class Slot:
    case_id: uuid.UUID
    case_number: str
    starts: int
    minutes: int
    title: str  # 申请人诉被申请人
    place_name: str
    arbitrators: tuple[str, ...]  # chief (or sole) first
    status: HearingStatus
    overlap: bool = False  # overlaps another hearing of its row (the same place or arbitrator) that day

    @property
    def text(self) -> str:
        """"09:30–10:30 肇劳人仲案字〔2026〕5号 张三诉某公司"."""
        return f"{span_text(self.starts, self.minutes)} {self.case_number} {self.title}"

    @property
    def tribunal(self) -> str:
        """"首席 陈立新", "独任 吴敏" or "未组庭"."""
        if not self.arbitrators:
            return "未组庭"
        return f"{'首席' if len(self.arbitrators) > 1 else '独任'} {self.arbitrators[0]}"

    def line(self, by: str, title_max: int | None = None) -> str:
        """The hearing in a row of the week: its span, the case, and what the row does not say —
        the place in an arbitrator's row, the tribunal in a place's row; "【重叠】" first when it
        overlaps another hearing of the row (a double booking)."""
        title = self.title if title_max is None or len(self.title) <= title_max else self.title[:title_max] + "…"
        other = self.place_name if by == BY_ARBITRATOR else self.tribunal
        return ("【重叠】" if self.overlap else "") + f"{span_text(self.starts, self.minutes)} {self.case_number} {title}（{other}）"


@dataclass(frozen=True)
class WeekRow:
    label: str  # the room or place, or the arbitrator
    days: tuple[tuple[Slot, ...], ...]  # Monday … Sunday


@dataclass(frozen=True)
class Week:
    monday: date
    by: str
    rows: tuple[WeekRow, ...]
    office_name: str

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=i) for i in range(7)]

    @property
    def count(self) -> int:
        return len({(s.case_id, s.starts, d) for r in self.rows for d, slots in enumerate(r.days) for s in slots})


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week(*, session: Session, user: Actor, day: date, by: str = BY_PLACE) -> Week:
    """The week holding ``day``: the hearings booked or held in it, of the cases this user sees
    (their office and those below), in rows by place or by arbitrator, a column per day."""
    require(user, Permission.READ_CASES)
    monday = monday_of(day)
    allowed = visible_office_ids(session, user)
    query = (select(Hearing, DisputeCase).join(DisputeCase, DisputeCase.id == Hearing.case_id)
             .where(Hearing.hearing_on >= monday, Hearing.hearing_on < monday + timedelta(days=7),
                    or_(Hearing.status == HearingStatus.HELD.value,
                        (Hearing.status == HearingStatus.SCHEDULED.value)
                        & DisputeCase.status.in_([s.value for s in BOOKABLE])))
             .order_by(Hearing.hearing_on, Hearing.starts))
    if allowed is not None:
        query = query.where(DisputeCase.office_id.in_(allowed))
    found = list(session.execute(query).all())
    views = {v.id: v for v in _views(session, [h for h, _c in found])}
    people = _sitting_arbitrators(session, [h for h, _c in found])
    office_names = dict(session.execute(select(Office.id, Office.name)).all())
    places = {p.id: p for p in session.scalars(select(HearingPlace).where(
        HearingPlace.id.in_({h.place_id for h, _c in found if h.place_id})))}
    rows: dict[object, list[list[Slot]]] = {}
    names: dict[object, tuple[str, str]] = {}  # a row's key (place or arbitrator) → its name and its office
    order: dict[object, tuple[bool, str]] = {}
    for h, c in found:
        v = views[h.id]
        slot = Slot(c.id, c.case_number or "（未编号）", h.starts, h.minutes,
                    f"{c.applicant_names}诉{c.respondent_names}", v.place_name, v.arbitrators, v.status)
        if by == BY_PLACE:
            p = places.get(h.place_id) if h.place_id else None
            keys = [(h.place_id or h.place_text, v.place_name or "（未定地点）", office_names.get(p.office_id, "") if p else "")]
            # rooms before points, in the order they were set up (第一、第二、第三仲裁庭)
            order[keys[0][0]] = (p.kind != PlaceKind.ROOM.value, p.created_at.isoformat()) if p else (True, "")
        else:
            keys = [(a.id, a.name, office_names.get(a.office_id, "")) for a in people.get(h.id, [])] or [
                (NO_TRIBUNAL, NO_TRIBUNAL, "")]
        for key, label, office in keys:
            names[key] = (label, office)
            rows.setdefault(key, [[] for _ in range(7)])[(h.hearing_on - monday).days].append(slot)
    # the same name at two institutes (每个仲裁院都有“第一仲裁庭”): the institute said beside it
    twice = {label for label in (n for n, _o in names.values()) if sum(n == label for n, _o in names.values()) > 1}

    def shown(key: object) -> str:
        label, office = names[key]
        return f"{label}（{office.removesuffix('劳动人事争议仲裁院')}）" if label in twice and office else label

    def rank(key: object) -> tuple[bool, bool, str, str, str]:
        point, made = order.get(key, (False, ""))
        return key == NO_TRIBUNAL, point, names[key][1], made, shown(key)

    ordered = sorted(rows, key=rank)
    office = session.get(Office, user.office_id)
    return Week(monday, by, tuple(WeekRow(shown(key), tuple(_marked(d) for d in rows[key])) for key in ordered),
                office.name if office else "")


def _marked(slots: list[Slot]) -> tuple[Slot, ...]:
    """A row's day with each hearing overlapping another of the row marked (a double booking of
    the place or the arbitrator; held ones count, postponed ones are not listed)."""
    return tuple(replace(s, overlap=any(o is not s and overlaps(s.starts, s.minutes, o.starts, o.minutes)
                                        for o in slots)) for s in slots)


def notice_fields(session: Session, case_id: uuid.UUID) -> dict[str, Any] | None:
    """The booked hearing as the papers print it (its day, time, place, the tribunal sitting on
    that day and the clerk), None when the case has none booked (an older case's step data is
    read instead)."""
    h = scheduled(session, case_id) or session.scalars(
        select(Hearing).where(Hearing.case_id == case_id, Hearing.status == HearingStatus.HELD.value)
        .order_by(Hearing.hearing_on.desc())).first()
    if h is None:
        return None
    case = session.get(DisputeCase, case_id)
    clerk = _clerks(session, [h], {case.id: case} if case else {}).get(h.id)
    return {"hearing_on": h.hearing_on, "starts": h.starts, "minutes": h.minutes,
            "place": h.place_text or place_text(session.get(HearingPlace, h.place_id) if h.place_id else None),
            # who sits that day (the seats on the hearing day, chief first) and the clerk
            "arbitrators": [a.name for a in _sitting_arbitrators(session, [h]).get(h.id, [])],
            "clerk": session.get(AppUser, clerk).display_name if clerk and session.get(AppUser, clerk) else ""}



def week_pdf(*, session: Session, user: Actor, day: date, by: str = BY_PLACE, today: date | None = None) -> bytes:
    """The week as the 开庭排期表 for the notice board (A4 landscape PDF); ReportLab is loaded here,
    when it is printed."""
    from ..documents.hearing_schedule import render_schedule

    return render_schedule(week(session=session, user=user, day=day, by=by), user.display_name, today or date.today())
