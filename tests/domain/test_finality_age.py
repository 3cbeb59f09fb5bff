"""A city's newest minimum wage more than two years old is flagged (procedures.md, "Reference
data shipped": the province adjusts it every two to three years; only 2021-12-01 ships)."""

from __future__ import annotations

from datetime import date

import pytest

from hrss_disputes.domain.finality import wage_is_stale


@pytest.mark.parametrize(("newest", "today", "stale"), [
    (date(2021, 12, 1), date(2023, 11, 30), False),
    (date(2021, 12, 1), date(2023, 12, 1), False),  # two years to the day: not yet
    (date(2021, 12, 1), date(2023, 12, 2), True),
    (date(2021, 12, 1), date(2026, 11, 29), True),
    (date(2024, 2, 29), date(2026, 2, 28), False),
    (date(2024, 2, 29), date(2026, 3, 1), True),
])
def test_a_figure_older_than_two_years_is_stale(newest: date, today: date, stale: bool) -> None:
    assert wage_is_stale(newest, today) is stale
