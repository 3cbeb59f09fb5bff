"""A case's status, acceptance and closing dates, derived from its timeline.

The case row caches the result so that lists filter and sort in SQL; this function is the
single source of how events move the status. (The full workflow tables, with the actions
each status allows, build on it.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..models.enums import OPEN_STATUSES, CaseStatus, EventKind

# Events that set the status; events absent here (served, note, edited, extended …) leave it.
EVENT_STATUS: dict[EventKind, CaseStatus] = {
    EventKind.RECEIVED: CaseStatus.RECEIVED,
    EventKind.ACCEPTED: CaseStatus.ACCEPTED,
    EventKind.NOT_ACCEPTED: CaseStatus.NOT_ACCEPTED,
    EventKind.MEDIATION_STARTED: CaseStatus.MEDIATING,
    EventKind.TRIBUNAL_FORMED: CaseStatus.TRIBUNAL_FORMED,
    EventKind.HEARING_HELD: CaseStatus.HEARING,
    EventKind.SUSPENDED: CaseStatus.SUSPENDED,
    EventKind.AGREEMENT: CaseStatus.AGREEMENT,
    EventKind.NO_AGREEMENT: CaseStatus.NO_AGREEMENT,
    EventKind.MEDIATION_STATEMENT: CaseStatus.MEDIATION_STATEMENT,
    EventKind.AWARDED: CaseStatus.AWARDED,
    EventKind.WITHDRAWN: CaseStatus.WITHDRAWN,
    EventKind.DEEMED_WITHDRAWN: CaseStatus.DEEMED_WITHDRAWN,
    EventKind.REVOKED: CaseStatus.REVOKED,
    EventKind.REFERRED: CaseStatus.REFERRED,
    EventKind.REVIEW_REFUSED: CaseStatus.REVIEW_REFUSED,
    EventKind.FILED: CaseStatus.FILED,
    EventKind.INVESTIGATION_STARTED: CaseStatus.INVESTIGATING,
    EventKind.ORDER_ISSUED: CaseStatus.ORDERED,
    EventKind.CLOSED: CaseStatus.CLOSED,
}

# The event that counts as acceptance (受理 / 立案) for each family.
ACCEPTANCE_EVENTS: frozenset[EventKind] = frozenset({EventKind.ACCEPTED, EventKind.FILED})


@dataclass(frozen=True)
class TimelineFact:
    kind: str
    occurred_on: date


@dataclass(frozen=True)
class DerivedState:
    status: CaseStatus
    accepted_on: date | None
    closed_on: date | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def derive_state(events: Iterable[TimelineFact]) -> DerivedState:
    """Fold the timeline (in recorded order) into status, acceptance date and closing date."""
    status = CaseStatus.RECEIVED
    before_suspension = status
    accepted_on: date | None = None
    closed_on: date | None = None
    for ev in events:
        kind = EventKind(ev.kind)
        if kind in ACCEPTANCE_EVENTS and accepted_on is None:
            accepted_on = ev.occurred_on
        if kind is EventKind.RESUMED and status is CaseStatus.SUSPENDED:
            status = before_suspension
            continue
        new = EVENT_STATUS.get(kind)
        if new is None:
            continue
        if new is CaseStatus.SUSPENDED:
            before_suspension = status
        status = new
        closed_on = None if new in OPEN_STATUSES else ev.occurred_on
    return DerivedState(status=status, accepted_on=accepted_on, closed_on=closed_on)
