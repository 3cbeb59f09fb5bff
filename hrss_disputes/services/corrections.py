"""更正 of a wrong step (issue 19.5): strike a step out (撤销此步骤) or record it again on the right
date (更正日期). Nothing is deleted: the correction is a new 更正 event, and the struck step's
``corrected_by`` names it (the one change an event ever gets). The case's status, dates, clocks
and cached deadlines are then recomputed from the live steps, and what the struck step wrote
(a booked hearing, tribunal seats, a flag) is undone; one transaction, audited before and after.

domain.corrections holds which kinds of step can be corrected which way; this module adds the
case's own facts (the latest live step, papers issued, the new date's checks) and who may.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from ..domain import corrections as rules
from ..domain.event_notes import action_for
from ..domain.tribunal import GRANTED
from ..domain.validators import text_length_error
from ..domain.workflows import WORKFLOWS, split_names
from ..models.case import CaseEvent, CaseParty, DisputeCase
from ..models.enums import CasePartyRole, EventKind, HearingStatus, Procedure
from ..models.tribunal import Hearing, TribunalSeat
from . import audit
from .access import office_acts_on, require_office_for
from .cases import CaseDetail, _bump, _load_case, _refresh_state, get_case
from .clocks import Clocks, refresh_deadlines
from .context import Actor
from .errors import NotFound, PermissionDenied, ValidationFailed
from .hearings import restore_refusal

# the columns of the case a correction may change (audited before and after)
_CASE_FIELDS = ["status", "accepted_on", "closed_on", "procedure", "supervised", "clerk_id", "next_deadline"]
_FLAGS = {EventKind.SUPERVISION_SET: True, EventKind.SUPERVISION_LIFTED: False}


@dataclass(frozen=True)
class CorrectionOptions:
    """What this user may do with one step of the timeline: None for a way that is open, else why
    not (the 更正… dialog disables that way with its reason)."""

    event_id: uuid.UUID
    strike: str | None
    redate: str | None
    paper: str = ""  # the title of a paper of this step already issued: re-dated, it is 补正'd

    @property
    def any(self) -> bool:
        return self.strike is None or self.redate is None

    @property
    def why_not(self) -> str:
        """Why neither way is open ('' when one is)."""
        if self.any:
            return ""
        return self.strike if self.strike == self.redate else f"撤销：{self.strike}\n更正日期：{self.redate}"


def _live(session: Session, case_id: uuid.UUID) -> list[CaseEvent]:
    """The case's events not struck out, in timeline order."""
    return list(session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id,
                                                        CaseEvent.corrected_by.is_(None))
                                .order_by(CaseEvent.occurred_on, CaseEvent.recorded_at)))


def _event(session: Session, case: DisputeCase, event_id: uuid.UUID) -> CaseEvent:
    event = session.get(CaseEvent, event_id)
    if event is None or event.case_id != case.id:
        raise NotFound("该办理步骤不存在")
    return event


def _original(session: Session, event: CaseEvent) -> CaseEvent:
    """The step as first recorded: a re-dated step's replacement is the same step (who recorded it
    and when count from the step it replaced, through every re-date)."""
    replaced = {}
    for (data,) in session.execute(select(CaseEvent.data).where(CaseEvent.case_id == event.case_id,
                                                                CaseEvent.kind == EventKind.CORRECTED,
                                                                CaseEvent.corrected_by.is_(None))):
        d = json.loads(data) if data else {}
        if d.get("replacement"):
            replaced[d["replacement"]] = d.get("corrects")
    first, key = event, event.id.hex
    while (key := replaced.get(key)) is not None:
        if (earlier := session.get(CaseEvent, uuid.UUID(key))) is None:
            break
        first = earlier
    return first


def _first_recorded(session: Session, event: CaseEvent) -> datetime:
    """When the step was first recorded (a paper issued since was made by the step all the same)."""
    return _original(session, event).recorded_at


def _issued_paper(session: Session, live: list[CaseEvent], event: CaseEvent) -> str | None:
    """The title of a paper this step made that was issued after it (签发), if any."""
    kind = EventKind(event.kind)
    since = _first_recorded(session, event)
    for e in live:
        if e.kind != EventKind.DOCUMENT_ISSUED or e.recorded_at < since or not e.data:
            continue
        if kind in rules.PAPERS.get(str(json.loads(e.data).get("document")), ()):
            return e.note.split("》")[0].replace("签发《", "") or "文书"
    return None


def _refusal(session: Session, user: Actor, case: DisputeCase, event: CaseEvent, how: str,
             today: date) -> str | None:
    """Why ``user`` cannot correct ``event`` this way now; None when they can."""
    if event.corrected_by is not None:
        return "该步骤已被更正"
    if (why := office_acts_on(session, user, case.family)) is not None:
        return why
    kind = EventKind(event.kind)
    if (why := rules.kind_refusal(kind, how)) is not None:
        return why
    first = _original(session, event)  # a replacement is judged as the step it replaced was recorded
    recorded_day = first.recorded_at.astimezone().date()
    if (why := rules.who_refusal(user.role, first.user_id == user.id, recorded_day, today)) is not None:
        return why
    live = _live(session, case.id)
    if how == rules.STRIKE:
        if title := _issued_paper(session, live, event):
            return f"已签发《{title}》，已签发的文书不能改动：不能撤销此步骤（日期有误的，更正日期后以补正重新签发）"
        steps = [e for e in live if EventKind(e.kind) not in rules.NOT_STEPS]
        if kind not in rules.NOT_STEPS and steps and steps[-1].id != event.id:
            later = steps[-1]
            return (f"只能撤销本案最后一个步骤；其后已记录“{EventKind(later.kind).label}”"
                    f"（{later.occurred_on.isoformat()}），请先撤销后面的步骤")
        if kind is EventKind.CONVERTED_TO_ORDINARY and _converted_from(event) is None:
            return "无法确定转换前的程序，不能撤销"
    elif action_for(Procedure(case.procedure), kind, _data(event)) is None:
        return "该步骤不是本程序的办理事项，不能更正日期"
    return None


def correction_options(*, session: Session, user: Actor, case_id: uuid.UUID, event_id: uuid.UUID,
                       today: date | None = None) -> CorrectionOptions:
    """Whether this user may strike out or re-date the step, and why not."""
    today = today or date.today()
    case = _load_case(session, user, case_id)
    event = _event(session, case, event_id)
    return CorrectionOptions(event.id, _refusal(session, user, case, event, rules.STRIKE, today),
                             _refusal(session, user, case, event, rules.REDATE, today),
                             _issued_paper(session, _live(session, case.id), event) or "")


def _data(event: CaseEvent) -> dict[str, Any]:
    return json.loads(event.data) if event.data else {}


def _converted_from(event: CaseEvent) -> Procedure | None:
    """The procedure a 转为普通程序 converted from: the one procedure whose table has the action."""
    tables = [p for p, actions in WORKFLOWS.items()
              if any(a.event == EventKind.CONVERTED_TO_ORDINARY for a in actions)]
    return tables[0] if len(tables) == 1 else None


def _values(action: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The stored step's values as the action's checks take them (dates as dates)."""
    values = dict(data)
    for f in action.fields:
        if f.type == "date" and isinstance(values.get(f.name), str):
            try:
                values[f.name] = date.fromisoformat(values[f.name])
            except ValueError:
                values.pop(f.name)
    return values


def _redate_errors(session: Session, case: DisputeCase, event: CaseEvent, on: date, today: date,
                   clocks: Clocks, marker: uuid.UUID) -> str | None:
    """The new date's errors, checked as recording the step on that day would have checked it then:
    on the timeline as it stood before the step (the struck step and the events after it out of it,
    for the check only, marked with ``marker``): not ahead of today, not before the step it follows,
    the notice period of a hearing, an extension within its clock … Then the steps after it keep
    their order (never crossed)."""
    from .workflow import _field_checks  # workflow imports the case services this module builds on

    action = action_for(Procedure(case.procedure), EventKind(event.kind), _data(event))
    assert action is not None  # _refusal refused a step of no action
    later = [e for e in _live(session, case.id)
             if (e.occurred_on, e.recorded_at) > (event.occurred_on, event.recorded_at)]
    # a hearing the step held or postponed is booked again while it is checked (开庭审理 on its day)
    ended = [(h, h.status) for h in session.scalars(select(Hearing).where(Hearing.ended_event_id == event.id))]
    for e in later:
        e.corrected_by = marker
    for h, _status in ended:
        h.status, h.ended_event_id = HearingStatus.SCHEDULED.value, None
    session.flush()
    try:
        errors = _field_checks(session, case, action, _values(action, _data(event)), on, clocks, today)
    finally:
        for e in later:
            e.corrected_by = None
        for h, status in ended:
            h.status, h.ended_event_id = status, event.id
        session.flush()
    if dated := [errors[k] for k in ("occurred_on", "hearing_on", "days", "hearing", "defence") if k in errors]:
        return "；".join(dated)
    if EventKind(event.kind) not in rules.NOT_STEPS and (crossed := _crossed(session, case, event, on,
                                                                              _first_recorded(session, event))):
        return (f"更正后的日期越过了已记录的“{EventKind(crossed.kind).label}”（{crossed.occurred_on.isoformat()}）："
                "步骤的先后不能因更正日期而改变，请先更正该步骤")
    return None


def _crossed(session: Session, case: DisputeCase, event: CaseEvent, on: date, recorded_at: datetime) -> CaseEvent | None:
    """A live step the re-dated step would move past: the steps' order stays as recorded, so
    nothing that followed the step (a service of its paper, a hearing it allowed) ends up before
    it. The timeline orders by (date, recorded_at) and the replacement keeps the step's first
    ``recorded_at``: on the day of a step recorded after it, it still comes first (受理 moved onto
    the day of 组庭), on the day of one recorded before it, after."""
    for e in _live(session, case.id):
        if e.id == event.id or EventKind(e.kind) in rules.NOT_STEPS:
            continue
        key = (e.occurred_on, e.recorded_at)
        if (key < (event.occurred_on, event.recorded_at)) != (key < (on, recorded_at)):
            return e
    return None


def correct_step(*, session: Session, user: Actor, case_id: uuid.UUID, event_id: uuid.UUID,
                 expected_version: int, how: str, reason: str, occurred_on: date | None = None,
                 today: date | None = None) -> CaseDetail:
    """Strike the step out (``how`` = "strike") or record it again dated ``occurred_on``
    ("redate"), with the reason; refused with why (PermissionDenied) or at the field
    (ValidationFailed), nothing written then."""
    today = today or date.today()
    case = _load_case(session, user, case_id)
    require_office_for(session, user, case.family)
    event = _event(session, case, event_id)
    if how not in dict(rules.HOW):
        raise ValidationFailed({"how": "请选择撤销此步骤或更正日期"})
    if (why := _refusal(session, user, case, event, how, today)) is not None:
        raise PermissionDenied(why)
    errors: dict[str, str] = {}
    if not isinstance(reason, str):  # the service API: typed text only
        raise ValidationFailed({"reason": "更正理由须为文字"})
    if not reason.strip():
        errors["reason"] = "请填写更正理由"
    elif msg := text_length_error(reason, what="更正理由"):
        errors["reason"] = msg
    if how == rules.REDATE:
        if occurred_on is None:
            errors["occurred_on"] = "请填写正确的日期"
        elif occurred_on == event.occurred_on:
            errors["occurred_on"] = f"新日期与原日期（{event.occurred_on.isoformat()}）相同"
        elif msg := rules.accepted_year_error(EventKind(event.kind), event.occurred_on, occurred_on):
            errors["occurred_on"] = msg
    if errors:
        raise ValidationFailed(errors)

    _bump(session, case, expected_version)
    before = {"event": audit.snapshot(event), "case": audit.snapshot(case, _CASE_FIELDS)}
    kind = EventKind(event.kind)
    data: dict[str, Any] = {"corrects": event.id.hex, "how": how, "reason": reason.strip()}
    words = f"撤销“{kind.label}”（{event.occurred_on.isoformat()}）"
    if how == rules.REDATE:
        assert occurred_on is not None
        data.update(occurred_on_was=event.occurred_on.isoformat(), occurred_on=occurred_on.isoformat())
        words = f"“{kind.label}”日期由 {event.occurred_on.isoformat()} 更正为 {occurred_on.isoformat()}"
    correction = CaseEvent(case_id=case.id, kind=EventKind.CORRECTED, occurred_on=today, user_id=user.id,
                           note=f"{words}。理由：{reason.strip()}", data=json.dumps(data, ensure_ascii=False))
    session.add(correction)
    session.flush()
    event.corrected_by = correction.id  # the struck step leaves every fold from here on
    session.flush()
    clocks = Clocks.load(session)
    replacement: CaseEvent | None = None
    if how == rules.REDATE:
        assert occurred_on is not None
        if msg := _redate_errors(session, case, event, occurred_on, today, clocks, correction.id):
            raise ValidationFailed({"occurred_on": msg})  # the caller's rollback undoes the marks
        # the same step on its right date: recorded by whom and when it first was (the who-may-correct
        # rule and the timeline's order of a day read them); the timeline names who re-dated it
        # (the 更正 event, services.cases), the audit entry when the row was written
        first = _original(session, event)
        replacement = CaseEvent(case_id=case.id, kind=event.kind, occurred_on=occurred_on, user_id=first.user_id,
                                recorded_at=first.recorded_at, note=event.note, data=event.data)
        session.add(replacement)
        session.flush()
        data["replacement"] = replacement.id.hex
        correction.data = json.dumps(data, ensure_ascii=False)
    undone = _undo_rows(session, case, event, correction, replacement)
    if how == rules.STRIKE:
        undone += _undo_case(session, case, event)
    _refresh_state(session, case)
    refresh_deadlines(session, case, clocks, today)
    after = {"event": audit.snapshot(event), "correction": audit.snapshot(correction),
             "case": audit.snapshot(case, _CASE_FIELDS), "undone": undone}
    if replacement is not None:
        after["replacement"] = audit.snapshot(replacement)
    audit.record(session, user_id=user.id, entity="case_event", entity_id=event.id, case_id=case.id,
                 action=f"correct_{how}", before=before, after=after)
    session.commit()
    return get_case(session=session, user=user, case_id=case_id)


def _undo_rows(session: Session, case: DisputeCase, event: CaseEvent, correction: CaseEvent,
               replacement: CaseEvent | None) -> list[str]:
    """The rows the step wrote, by its id. Struck out: the hearing it booked is cancelled (原因：
    更正), the tribunal seats it formed end the day they began (nobody sat), a hearing it held or
    postponed is booked again and a seat it ended sits again. Re-dated: the same rows belong to
    the replacement, a seat beginning or ending on the new date (a hearing keeps its own day and
    what happened to it since). Returns what was done, for the audit entry."""
    done: list[str] = []
    for h in session.scalars(select(Hearing).where(Hearing.event_id == event.id)):
        if replacement is not None:
            h.event_id = replacement.id
            done.append(f"hearing {h.id.hex} booked by {replacement.id.hex}")
        elif h.status == HearingStatus.SCHEDULED.value:
            h.status, h.ended_event_id, h.reason = HearingStatus.CANCELLED.value, correction.id, "更正"
            done.append(f"hearing {h.id.hex} cancelled")
    for h in session.scalars(select(Hearing).where(Hearing.ended_event_id == event.id)):
        if replacement is not None:
            h.ended_event_id = replacement.id
        elif why := restore_refusal(session, h, correction.occurred_on,
                                    today_ahead=h.status == HearingStatus.HELD.value):
            # its day gone or its slot taken meanwhile: it stays postponed/cancelled, its reason kept;
            # one struck as held was not held: postponed (更正)
            if h.status == HearingStatus.HELD.value:
                h.status, h.ended_event_id, h.reason = HearingStatus.POSTPONED.value, correction.id, "更正"
            correction.note = f"{correction.note}\n{why}"
            done.append(f"hearing {h.id.hex} not restored")
            continue
        else:
            h.status, h.ended_event_id, h.reason = HearingStatus.SCHEDULED.value, None, ""
        done.append(f"hearing {h.id.hex} {h.status}")
    for s in session.scalars(select(TribunalSeat).where(TribunalSeat.formed_event_id == event.id)):
        if replacement is not None:
            s.from_on, s.formed_event_id = replacement.occurred_on, replacement.id
        elif s.until_on is None:
            s.until_on, s.ended_event_id = s.from_on, correction.id
        done.append(f"seat {s.id.hex} {s.from_on.isoformat()}–{s.until_on.isoformat() if s.until_on else ''}")
    for s in session.scalars(select(TribunalSeat).where(TribunalSeat.ended_event_id == event.id)):
        if replacement is not None:
            s.until_on, s.ended_event_id = replacement.occurred_on, replacement.id
        else:
            s.until_on, s.ended_event_id = None, None
        done.append(f"seat {s.id.hex} {s.from_on.isoformat()}–{s.until_on.isoformat() if s.until_on else ''}")
    session.flush()
    return done


def _undo_case(session: Session, case: DisputeCase, event: CaseEvent) -> list[str]:
    """What a struck step changed on the case itself, put back: the supervision flag, the
    procedure a conversion left, the representatives an election chose (the earlier election's,
    or none), the clerk a tribunal's formation or a recusal assigned (as the live steps leave it)."""
    kind = EventKind(event.kind)
    if kind in _FLAGS:
        case.supervised = not _FLAGS[kind]
        return [f"supervised {case.supervised}"]
    if kind is EventKind.CONVERTED_TO_ORDINARY and (old := _converted_from(event)) is not None:
        case.procedure = old.value
        return [f"procedure {old.value}"]
    if kind is EventKind.REPRESENTATIVES_ELECTED:
        return _restore_representatives(session, case)
    if kind in (EventKind.TRIBUNAL_FORMED, EventKind.RECUSAL_DECIDED):
        case.clerk_id = _clerk_of(session, case)
        return [f"clerk {case.clerk_id.hex if case.clerk_id else 'none'}"]
    return []


def _clerk_of(session: Session, case: DisputeCase) -> uuid.UUID | None:
    """The case's clerk (书记员) as its live steps leave it: the one 组成仲裁庭 assigned, replaced by
    a 回避 decision that granted a recusal of the clerk (services.tribunal writes both)."""
    clerk: str | None = None
    live = _live(session, case.id)
    requests = {e.id.hex: _data(e) for e in live if e.kind == EventKind.RECUSAL_REQUESTED}
    for e in live:
        data = _data(e)
        if e.kind == EventKind.TRIBUNAL_FORMED:
            clerk = data.get("clerk")
        elif (e.kind == EventKind.RECUSAL_DECIDED and data.get("outcome") == GRANTED
              and requests.get(str(data.get("request")), {}).get("person_kind") == "clerk"):
            clerk = data.get("replacement")
    try:
        return uuid.UUID(str(clerk)) if clerk else None
    except ValueError:
        return None


def _restore_representatives(session: Session, case: DisputeCase) -> list[str]:
    from .workflow import _set_representatives

    earlier = [e for e in _live(session, case.id) if e.kind == EventKind.REPRESENTATIVES_ELECTED]
    names = split_names(str(_data(earlier[-1]).get("representatives", ""))) if earlier else []
    if names:
        _set_representatives(session, case, names)
    else:
        for link in session.scalars(select(CaseParty).where(CaseParty.case_id == case.id,
                                                            CaseParty.role == CasePartyRole.REPRESENTATIVE)):
            session.delete(link)
    return [f"representatives {'、'.join(names) or 'none'}"]

