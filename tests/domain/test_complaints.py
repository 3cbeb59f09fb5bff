"""The complaint rules of legal-rules.md §9, case by case."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hrss_disputes.domain import complaints as cm

D = Decimal


@pytest.mark.parametrize(("review", "action"), [
    (cm.Review(True, True, True), "file"),  # 若干规定 18: all three met → 受理并立案
    (cm.Review(False, True, True), "not_accept"),  # (一) over two years
    (cm.Review(True, False, True), "request_materials"),  # (二) no definite employer → 补正
    (cm.Review(True, True, False), "not_accept"),  # (三) not ours → tell where to go
    (cm.Review(True, True, True, dispute_matter=True), "refer"),  # a dispute → mediation/arbitration
    (cm.Review(True, None, True), None),  # not answered yet
])
def test_review_outcome(review: cm.Review, action: str | None) -> None:
    assert cm.review_outcome(review).action == action


@pytest.mark.parametrize(("start", "end", "months"), [
    (date(2026, 1, 1), date(2026, 3, 31), 3),
    (date(2026, 1, 15), date(2026, 4, 14), 3),
    (date(2026, 1, 15), date(2026, 4, 13), 2),
    (date(2025, 11, 1), date(2026, 2, 28), 4),
    (None, date(2026, 2, 28), None),
])
def test_arrears_months(start: date | None, end: date, months: int | None) -> None:
    assert cm.arrears_months(start, end) == months


def worker(owed: str, paid: str = "0", months: int = 3) -> cm.WorkerBalance:
    return cm.WorkerBalance(owed=D(owed), compensation=D(0), paid=D(paid), months=months)


LIMITS = cm.CrimeThresholds(D(10000), D(50000))


@pytest.mark.parametrize(("workers", "limits", "reached"), [
    ([worker("12000")], LIMITS, True),  # (一) one worker, three months, over the figure
    ([worker("12000", months=2)], LIMITS, False),  # under three months
    ([worker("12000", paid="3000")], LIMITS, False),  # what is still unpaid counts
    ([worker("5000")] * 10, LIMITS, True),  # (二) ten workers, 50,000 in all
    ([worker("5000")] * 9, LIMITS, False),  # nine workers only
    ([worker("12000")], cm.CrimeThresholds(None, None), None),  # not configured: cannot tell
    ([worker("12000")], cm.CrimeThresholds(D(10000), None), True),  # one figure is enough to reach
    ([worker("100")], cm.CrimeThresholds(D(10000), None), None),  # … but not to rule out
])
def test_crime_threshold(workers: list[cm.WorkerBalance], limits: cm.CrimeThresholds, reached: bool | None) -> None:
    check = cm.crime_check(workers, limits)
    assert check.reached is reached
    assert (cm.NOT_CONFIGURED in check.text) == (not limits.configured)


@pytest.mark.parametrize(("value", "band", "ok"), [
    (D(5000), cm.SINGLE_BAND, True), (D(20000), cm.SINGLE_BAND, True), (D(4999.99), cm.SINGLE_BAND, False),
    (D(30000), cm.GROUP_BAND, True), (D(100001), cm.GROUP_BAND, False), (None, cm.GROUP_BAND, True),
])
def test_threshold_bands(value: Decimal | None, band: tuple[Decimal, Decimal], ok: bool) -> None:
    assert (cm.threshold_error(value, band) is None) == ok


@pytest.mark.parametrize(("rate", "unpaid", "compensation"), [
    (50, "9000", "4500.00"), (100, "9000", "9000.00"), (75, "1234.55", "925.91"),
])
def test_additional_compensation(rate: int, unpaid: str, compensation: str) -> None:
    assert cm.compensation_error(rate) is None
    assert cm.additional_compensation(D(unpaid), rate) == D(compensation)


@pytest.mark.parametrize("rate", [49, 101, None])
def test_compensation_rate_outside_the_band(rate: int | None) -> None:
    assert cm.compensation_error(rate) == "加付赔偿金比例须在50%至100%之间"


@pytest.mark.parametrize(("on", "early", "corrected", "ok"), [
    (date(2029, 10, 8), False, None, True),  # three years served
    (date(2029, 10, 7), False, None, False),
    (date(2027, 4, 8), True, date(2026, 10, 8), True),  # six months after correction
    (date(2027, 4, 7), True, date(2026, 10, 8), False),
    (date(2027, 4, 8), True, None, False),  # not corrected: no early removal
])
def test_blacklist_removal(on: date, early: bool, corrected: date | None, ok: bool) -> None:
    listed = date(2026, 10, 8)
    assert cm.removal_due(listed) == date(2029, 10, 8)
    assert (cm.removal_error(listed_on=listed, on=on, early=early, corrected_on=corrected) is None) == ok


@pytest.mark.parametrize(("recent", "listed", "warned"), [(2, False, False), (3, False, True), (0, True, True)])
def test_repeat_employer_warning(recent: int, listed: bool, warned: bool) -> None:
    assert (cm.employer_warning("某公司", recent, listed) is not None) == warned


def test_penalty_band() -> None:
    assert cm.penalty_error("lsir30", D(1999)) == "该项罚款数额应在 2,000.00 元至 20,000.00 元之间"
    assert cm.penalty_error("lsir30", D(20000)) is None and cm.penalty_error("other", D(1)) is None
