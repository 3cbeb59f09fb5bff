"""A case's clocks: the calendar and day-kind settings loaded once, the deadlines computed by
domain.deadlines, and the cache the case list and the deadline board read."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, delete, insert, select, update
from sqlmodel import Session

from ..domain import deadlines as dl
from ..domain.calendar import DATA_VERSION, CalendarOverride, DayKind, WorkCalendar
from ..domain.employer import employer_flags
from ..models.case import CaseDeadline, CaseEvent, CaseParty, DisputeCase
from ..models.document import IssuedDocument
from ..models.enums import OPEN_STATUSES, CasePartyRole, CaseStatus, EventKind, Procedure
from ..models.party import Party
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


# the roles a paper is served on (受送达人): a representative is an applicant as well, an agent
# (委托代理人) receives for a party, not as one
SERVED_ROLES = {CasePartyRole.APPLICANT.value: "applicant", CasePartyRole.REPRESENTATIVE.value: "applicant",
                CasePartyRole.RESPONDENT.value: "respondent", CasePartyRole.THIRD_PARTY.value: "third_party"}


def clock_parties(rows: list[tuple[uuid.UUID, str, str, str]]) -> tuple[dl.ClockParty, ...]:
    """A case's parties as the clocks read them, from (party id, name, kind, role) rows in the
    case's order: each party once (an applicant before its representative row), agents left out.
    The employer (用人单位) by domain.employer, the rule the award's legal effect reads too."""
    roles: dict[uuid.UUID, tuple[str, str, str]] = {}
    for pid, name, kind, role in rows:
        if role in SERVED_ROLES and pid not in roles:
            roles[pid] = (name, kind, SERVED_ROLES[role])
    flags = employer_flags((kind, role) for _name, kind, role in roles.values())
    return tuple(dl.ClockParty(pid.hex, name, role, employer)
                 for (pid, (name, _kind, role)), employer in zip(roles.items(), flags, strict=True))


def case_party_rows(session: Session, case_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[tuple]]:
    """(party id, name, kind, role) of each case's parties, in the case's order: one query."""
    out: dict[uuid.UUID, list[tuple]] = defaultdict(list)
    for case_id, pid, name, kind, role in session.execute(
        select(CaseParty.case_id, Party.id, Party.name, Party.kind, CaseParty.role)
        .join(Party, Party.id == CaseParty.party_id).where(CaseParty.case_id.in_(case_ids))
        .order_by(CaseParty.case_id, CaseParty.position)
    ):
        out[case_id].append((pid, name, kind, role))
    return out


def _award_types(session: Session, case_ids: list[uuid.UUID]) -> dict[uuid.UUID, frozenset[bool | None]]:
    """The types of each case's issued awards not replaced by a 补正 (SPC-I Art 18): one query."""
    replaced = select(IssuedDocument.supersedes_id).where(IssuedDocument.supersedes_id.is_not(None))
    out: dict[uuid.UUID, set[bool | None]] = defaultdict(set)
    for case_id, final in session.execute(
        select(IssuedDocument.case_id, IssuedDocument.final).where(
            IssuedDocument.case_id.in_(case_ids), IssuedDocument.doc_type == "award",
            IssuedDocument.id.not_in(replaced))
    ):
        out[case_id].add(final)
    return {k: frozenset(v) for k, v in out.items()}


def _facts(session: Session, case: DisputeCase) -> dl.CaseClockFacts:
    rows = session.execute(
        select(CaseEvent.kind, CaseEvent.occurred_on, CaseEvent.data).where(CaseEvent.case_id == case.id,
                                                                      CaseEvent.corrected_by.is_(None))
        .order_by(CaseEvent.occurred_on, CaseEvent.recorded_at)
    ).all()
    events = tuple(dl.Ev(EventKind(k), d, json.loads(data) if data else {}) for k, d, data in rows)
    return dl.CaseClockFacts(Procedure(case.procedure), events, green_channel=case.green_channel,
                             parties=clock_parties(case_party_rows(session, [case.id])[case.id]),
                             award_types=_award_types(session, [case.id]).get(case.id, frozenset()))


@dataclass(frozen=True)
class Clocks:
    calendar: WorkCalendar
    kinds: dict[str, DayKind]
    days: dict[str, int]

    @classmethod
    def load(cls, session: Session) -> Clocks:
        return cls(load_calendar(session), day_kinds(session), period_days(session))

    def compute(self, session: Session, case: DisputeCase, today: date) -> list[dl.Deadline]:
        return self.compute_facts(_facts(session, case), today)

    def compute_facts(self, facts: dl.CaseClockFacts, today: date) -> list[dl.Deadline]:
        return dl.compute(facts, self.calendar, today, self.kinds, self.days)


def stored_rows(case_id: uuid.UUID, found: list[dl.Deadline]) -> tuple[date | None, list[dict]]:
    """What is cached of a case's clocks: its next office deadline and its open office deadlines."""
    rows = [dict(case_id=case_id, clock=d.cache_key, due_on=d.due, confirmed=d.confirmed)
            for d in found if d.open and d.owner is dl.Owner.OFFICE]
    return dl.next_due(found), rows


def refresh_deadlines(session: Session, case: DisputeCase, clocks: Clocks, today: date | None = None) -> None:
    """Recompute the case's clocks; cache its next deadline and its open office deadlines."""
    case.next_deadline, rows = stored_rows(case.id, clocks.compute(session, case, today or date.today()))
    session.execute(delete(CaseDeadline).where(CaseDeadline.case_id == case.id))
    for row in rows:
        session.add(CaseDeadline(**row))


# -- the whole cache: after an upgrade, a new calendar package, or changed day settings

CACHE_SETTING = "deadline.cache"
# closed by a paper the office still owes the parties (裁决书送达期限, 调解书送达期限: owed_after_close)
OWED_AFTER_CLOSE = (CaseStatus.AWARDED, CaseStatus.MEDIATION_STATEMENT)
REBUILD_CHUNK = 500


def cache_stamp() -> str:
    return f"rules {dl.RULES_VERSION}; chinesecalendar {DATA_VERSION}"


def cache_is_current(*, session: Session, **_: object) -> bool:
    """Whether the stored deadlines were worked out by these rules and this holiday data (first
    start and the demo stamp a new database; an older database is worked out again once)."""
    row = session.get(Setting, CACHE_SETTING)
    return row is not None and json.loads(row.value) == cache_stamp()


def mark_cache_current(session: Session) -> None:
    session.merge(Setting(key=CACHE_SETTING, value=json.dumps(cache_stamp())))


def rebuild_cache(*, session: Session, today: date | None = None, **_: object) -> int:
    """Work out every open case's deadlines anew (and a decided case's, whose papers may still be
    owed to a party), in one transaction. Returns the cases done."""
    today = today or date.today()
    clocks = Clocks.load(session)
    session.execute(update(DisputeCase).where(DisputeCase.next_deadline.is_not(None)).values(next_deadline=None))
    session.execute(delete(CaseDeadline))
    open_cases = session.execute(
        select(DisputeCase.id, DisputeCase.procedure, DisputeCase.green_channel)
        .where(DisputeCase.status.in_([s.value for s in (*OPEN_STATUSES, *OWED_AFTER_CLOSE)]))
    ).all()
    table = DisputeCase.__table__
    set_next = update(table).where(table.c.id == bindparam("case")).values(next_deadline=bindparam("due"))
    for i in range(0, len(open_cases), REBUILD_CHUNK):
        chunk = open_cases[i:i + REBUILD_CHUNK]
        events: dict[uuid.UUID, list[dl.Ev]] = defaultdict(list)
        for case_id, kind, on, data in session.execute(
            select(CaseEvent.case_id, CaseEvent.kind, CaseEvent.occurred_on, CaseEvent.data)
            .where(CaseEvent.case_id.in_([c.id for c in chunk]), CaseEvent.corrected_by.is_(None))
            .order_by(CaseEvent.case_id, CaseEvent.occurred_on, CaseEvent.recorded_at)
        ):
            events[case_id].append(dl.Ev(EventKind(kind), on, json.loads(data) if data else {}))
        ids = [c.id for c in chunk]
        parties, awards = case_party_rows(session, ids), _award_types(session, ids)
        nexts, rows = [], []
        for case_id, procedure, green in chunk:
            facts = dl.CaseClockFacts(Procedure(procedure), tuple(events[case_id]), green_channel=green,
                                      parties=clock_parties(parties[case_id]),
                                      award_types=awards.get(case_id, frozenset()))
            due, case_rows = stored_rows(case_id, clocks.compute_facts(facts, today))
            rows += case_rows
            if due is not None:
                nexts.append({"case": case_id, "due": due})
        if nexts:
            session.connection().execute(set_next, nexts)
        if rows:
            session.connection().execute(insert(CaseDeadline.__table__), rows)
    mark_cache_current(session)
    session.commit()
    return len(open_cases)
