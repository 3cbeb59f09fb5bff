"""The deadline board (待办期限): the open office deadlines of my cases or of my office.

Read from the case_deadline cache (rebuilt with every recorded event, see services/clocks.py),
joined to the case by its key; the order is the board's: overdue, due today, this week, later,
then suspended clocks; within each, priority cases (green channel, collective, supervised listing)
first, then the nearest last day.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ..domain import deadlines as dl
from ..domain.calendar import DayKind
from ..models.case import CaseDeadline, DisputeCase
from ..models.enums import CaseStatus, Procedure, Role
from ..models.office import AppUser, Office
from ..models.party import Party
from .clocks import load_calendar
from .context import Actor
from .offices import visible_office_ids
from .tribunal import mine_condition

SOON_WORKING_DAYS = 3  # the start-up notice: due within this many working days


class Bucket(IntEnum):
    OVERDUE = 0
    TODAY = 1
    THIS_WEEK = 2
    LATER = 3
    PAUSED = 4

    @property
    def label(self) -> str:
        return ("已逾期", "今日到期", "本周内到期", "以后到期", "中止计算")[self.value]


class Scope(IntEnum):
    MINE = 0  # cases I handle (承办), sit on as an arbitrator or clerk
    OFFICE = 1  # every case of my office and its sub-offices


def default_scope(user: Actor) -> Scope:
    """Leaders and administrators watch the office; everyone else their own cases."""
    return Scope.OFFICE if user.role in (Role.SUPERVISOR, Role.ADMIN) else Scope.MINE


@dataclass
class BoardQuery:
    scope: Scope = Scope.MINE
    procedure: Procedure | None = None
    handler_id: uuid.UUID | None = None
    bucket: Bucket | None = None  # only this group
    limit: int = 1000


@dataclass(frozen=True)
class BoardRow:
    case_id: uuid.UUID
    clock: str
    due_on: date | None
    confirmed: bool
    bucket: Bucket
    case_number: str | None
    procedure: Procedure
    status: CaseStatus
    applicant_names: str
    respondent_names: str
    handler_name: str
    office_name: str
    green_channel: bool
    collective: bool
    supervised: bool
    small_claims: bool
    party_name: str = ""  # the party of a clock counted per party (``clock`` is ``<key>@<party id>``)

    @property
    def key(self) -> str:
        """The clock's rule (deadlines.ClockRule.key), without its party."""
        return dl.split_key(self.clock)[0]

    @property
    def label(self) -> str:
        return dl.clock_label(self.clock, self.party_name)

    @property
    def priority(self) -> bool:
        return self.green_channel or self.collective or self.supervised


@dataclass
class Board:
    rows: list[BoardRow]
    counts: dict[Bucket, int] = field(default_factory=dict)  # every matching deadline, not only shown rows

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def truncated(self) -> bool:
        return len(self.rows) < self.total


def week_end(today: date) -> date:
    """The Sunday of today's week: 本周."""
    return today + timedelta(days=6 - today.weekday())


def _bucket(today: date) -> ColumnElement[int]:
    due = CaseDeadline.due_on
    return case(
        (due.is_(None), int(Bucket.PAUSED)),
        (due < today, int(Bucket.OVERDUE)),
        (due == today, int(Bucket.TODAY)),
        (due <= week_end(today), int(Bucket.THIS_WEEK)),
        else_=int(Bucket.LATER),
    )


def _filters(session: Session, user: Actor, q: BoardQuery) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if q.scope is Scope.MINE:  # handler, sitting tribunal member or clerk
        where.append(mine_condition(user.id))
    allowed = visible_office_ids(session, user)
    if allowed is not None:
        where.append(DisputeCase.office_id.in_(allowed))
    if q.procedure is not None:
        where.append(DisputeCase.procedure == q.procedure.value)
    if q.handler_id is not None:
        where.append(DisputeCase.handler_id == q.handler_id)
    return where


_Handler = aliased(AppUser)


def board(*, session: Session, user: Actor, query: BoardQuery | None = None, today: date | None = None) -> Board:
    q = query or BoardQuery(scope=default_scope(user))
    today = today or date.today()
    bucket = _bucket(today)
    where = _filters(session, user, q)
    counts = dict(session.execute(
        select(bucket, func.count()).select_from(CaseDeadline)
        .join(DisputeCase, DisputeCase.id == CaseDeadline.case_id).where(*where).group_by(bucket)
    ).all())
    if q.bucket is not None:
        where.append(bucket == int(q.bucket))
    priority = or_(DisputeCase.green_channel, DisputeCase.collective, DisputeCase.supervised)
    stmt = (
        select(CaseDeadline.case_id, CaseDeadline.clock, CaseDeadline.due_on, CaseDeadline.confirmed, bucket,
               DisputeCase.case_number, DisputeCase.procedure, DisputeCase.status, DisputeCase.applicant_names,
               DisputeCase.respondent_names, _Handler.display_name, Office.name, DisputeCase.green_channel,
               DisputeCase.collective, DisputeCase.supervised, DisputeCase.small_claims)
        .join(DisputeCase, DisputeCase.id == CaseDeadline.case_id)
        .join(Office, Office.id == DisputeCase.office_id)
        .outerjoin(_Handler, _Handler.id == DisputeCase.handler_id)
        .where(*where)
        .order_by(bucket, priority.desc(), CaseDeadline.due_on, DisputeCase.case_number, CaseDeadline.clock)
        .limit(q.limit)
    )
    found = session.execute(stmt).all()
    names = _party_names(session, [clock for _, clock, *_ in found])
    rows = [
        BoardRow(case_id, clock, due, confirmed, Bucket(b), number, Procedure(proc), CaseStatus(status),
                 applicants, respondents, handler or "", office, green, collective, supervised, small,
                 names.get(dl.split_key(clock)[1] or "", ""))
        for (case_id, clock, due, confirmed, b, number, proc, status, applicants, respondents, handler, office,
             green, collective, supervised, small) in found
    ]
    shown = {k: v for k, v in counts.items() if q.bucket is None or k == q.bucket}
    return Board(rows, {Bucket(k): v for k, v in shown.items()})


def _party_names(session: Session, clocks: list[str]) -> dict[str, str]:
    """The names of the parties of the per-party clocks shown (by party id hex), in one query."""
    ids = {uuid.UUID(party) for clock in clocks if (party := dl.split_key(clock)[1])}
    if not ids:
        return {}
    return {pid.hex: name for pid, name in session.execute(select(Party.id, Party.name).where(Party.id.in_(ids)))}


@dataclass(frozen=True)
class Notice:
    """What the start-up notice says of the user's deadlines."""

    overdue: int
    soon: int  # due from today to the third working day after it
    soon_until: date
    scope: Scope

    @property
    def text(self) -> str:
        whose = "您承办案件" if self.scope is Scope.MINE else "本机构案件"
        if not self.overdue and not self.soon:
            return ""
        parts = []
        if self.overdue:
            parts.append(f"{self.overdue} 个期限已逾期")
        if self.soon:
            parts.append(f"{self.soon} 个期限将在 {SOON_WORKING_DAYS} 个工作日内"
                         f"（{self.soon_until.month}月{self.soon_until.day}日前）到期")
        return f"{whose}中有 " + "，".join(parts) + "。"


def start_notice(*, session: Session, user: Actor, today: date | None = None) -> Notice:
    today = today or date.today()
    scope = default_scope(user)
    until = load_calendar(session).period_end(today, SOON_WORKING_DAYS, DayKind.WORKING).end
    due = CaseDeadline.due_on
    overdue, soon = session.execute(
        select(func.count().filter(due < today), func.count().filter(due.between(today, until)))
        .select_from(CaseDeadline).join(DisputeCase, DisputeCase.id == CaseDeadline.case_id)
        .where(*_filters(session, user, BoardQuery(scope=scope)))
    ).one()
    return Notice(overdue or 0, soon or 0, until, scope)
