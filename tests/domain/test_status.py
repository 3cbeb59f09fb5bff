"""How the timeline moves a case's status (the cache the case list filters on)."""

from datetime import date

import pytest

from hrss_disputes.domain.status import TimelineFact, derive_state
from hrss_disputes.models.enums import CaseStatus

D = date(2026, 3, 2)


def facts(*kinds: str) -> list[TimelineFact]:
    return [TimelineFact(k, date(2026, 3, 2 + i)) for i, k in enumerate(kinds)]


@pytest.mark.parametrize(
    ("kinds", "status", "accepted", "closed"),
    [
        (("received",), CaseStatus.RECEIVED, None, None),
        (("received", "accepted"), CaseStatus.ACCEPTED, date(2026, 3, 3), None),
        (("received", "accepted", "note"), CaseStatus.ACCEPTED, date(2026, 3, 3), None),
        (("received", "accepted", "awarded"), CaseStatus.AWARDED, date(2026, 3, 3), date(2026, 3, 4)),
        (("received", "not_accepted"), CaseStatus.NOT_ACCEPTED, None, date(2026, 3, 3)),
        (("received", "accepted", "hearing_held", "suspended", "resumed"), CaseStatus.HEARING,
         date(2026, 3, 3), None),
        (("received", "filed", "investigation_started", "order_issued", "payment", "closed"),
         CaseStatus.CLOSED, date(2026, 3, 3), date(2026, 3, 7)),
        (("received", "accepted", "mediation_started", "agreement"), CaseStatus.AGREEMENT,
         date(2026, 3, 3), date(2026, 3, 5)),
    ],
)
def test_derive_state(kinds, status, accepted, closed) -> None:  # noqa: ANN001
    state = derive_state(facts(*kinds))
    assert state.status is status
    assert state.accepted_on == accepted
    assert state.closed_on == closed
    assert state.is_open is (closed is None)
