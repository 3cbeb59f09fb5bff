"""A case's clocks: the calendar and day-kind settings loaded once, the deadlines computed by
domain.deadlines, and the cache the case list and the deadline board read."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlmodel import Session

from ..domain import deadlines as dl
from ..domain.calendar import CalendarOverride, DayKind, WorkCalendar
from ..models.case import CaseDeadline, CaseEvent, DisputeCase
from ..models.enums import EventKind, Procedure
from ..models.reference import CalendarDay, Setting

KIND_SETTING = "deadline.kind."  # + clock key: "working" | "calendar"
DAYS_SETTING = "deadline.days."  # + clock key: the period's days where the law files mark them ⚠


def load_calendar(session: Session) -> WorkCalendar:
    rows = session.scalars(select(CalendarDay)).all()
    return WorkCalendar({r.day: CalendarOverride(r.day, r.workday, r.note) for r in rows})


def _clock_settings(session: Session, prefix: str) -> dict[str, object]:
    """The office's settings ``<prefix><clock>`` for known clocks, decoded from JSON."""
    rows = session.scalars(select(Setting).where(Setting.key.startswith(prefix))).all()
    values = {r.key[len(prefix):]: json.loads(r.value) for r in rows}
    return {k: v for k, v in values.items() if k in dl.RULE_KEYS}


def day_kinds(session: Session) -> dict[str, DayKind]:
    return {k: DayKind(v) for k, v in _clock_settings(session, KIND_SETTING).items()}


def period_days(session: Session) -> dict[str, int]:
    return {k: int(v) for k, v in _clock_settings(session, DAYS_SETTING).items()}


def _facts(session: Session, case: DisputeCase) -> dl.CaseClockFacts:
    rows = session.execute(
        select(CaseEvent.kind, CaseEvent.occurred_on, CaseEvent.data).where(CaseEvent.case_id == case.id)
        .order_by(CaseEvent.occurred_on, CaseEvent.recorded_at)
    ).all()
    events = tuple(dl.Ev(EventKind(k), d, json.loads(data) if data else {}) for k, d, data in rows)
    return dl.CaseClockFacts(Procedure(case.procedure), events, green_channel=case.green_channel)


@dataclass(frozen=True)
class Clocks:
    calendar: WorkCalendar
    kinds: dict[str, DayKind]
    days: dict[str, int]

    @classmethod
    def load(cls, session: Session) -> Clocks:
        return cls(load_calendar(session), day_kinds(session), period_days(session))

    def compute(self, session: Session, case: DisputeCase, today: date) -> list[dl.Deadline]:
        return dl.compute(_facts(session, case), self.calendar, today, self.kinds, self.days)


def refresh_deadlines(session: Session, case: DisputeCase, clocks: Clocks, today: date | None = None) -> None:
    """Recompute the case's clocks; cache its next deadline and its open office deadlines."""
    found = clocks.compute(session, case, today or date.today())
    case.next_deadline = dl.next_due(found)
    session.execute(delete(CaseDeadline).where(CaseDeadline.case_id == case.id))
    for d in found:
        if d.open and d.owner is dl.Owner.OFFICE:
            session.add(CaseDeadline(case_id=case.id, clock=d.key, due_on=d.due, confirmed=d.confirmed))
