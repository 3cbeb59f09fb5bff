"""When a hearing may be set (确定开庭): the hearing notice must reach the parties the required
days before it (LDMAF 35: 仲裁庭应当在开庭五日前，将开庭日期、地点书面通知双方当事人).

The law has no waiver: the parties' consent does not shorten the five days (a party may only ask
three days before for a postponement), so a hearing earlier than the decision day plus the notice
days is refused. The days and their kind are the ``hearing_notice`` date rule's (domain/deadlines.py),
the kind being the office's setting (⚠ legal-rules.md §8.1).
"""

from __future__ import annotations

from datetime import date, timedelta

from hrss_disputes.domain.calendar import DayKind, WorkCalendar
from hrss_disputes.domain.deadlines import DATE_RULES

NOTICE_RULE = next(r for r in DATE_RULES if r.key == "hearing_notice")


def earliest_hearing(decided_on: date, cal: WorkCalendar, kind: DayKind, days: int = NOTICE_RULE.before_days) -> date:
    """The first hearing day whose notice can still be served in time when it is decided on
    ``decided_on``: the latest day to serve (``days`` before the hearing) is not before the decision."""
    day = decided_on + timedelta(days=1)
    while cal.days_before(day, days, kind) < decided_on:
        day += timedelta(days=1)
    return day


def hearing_date_error(decided_on: date, hearing_on: date, cal: WorkCalendar, kind: DayKind,
                       days: int = NOTICE_RULE.before_days) -> str | None:
    """A hearing too soon to notify the parties (LDMAF 35), with the first possible day."""
    first = earliest_hearing(decided_on, cal, kind, days)
    if hearing_on >= first:
        return None
    return (f"开庭通知须在开庭{days}个{kind.label}前送达双方当事人（劳动争议调解仲裁法第三十五条），"
            f"{decided_on.isoformat()}决定的开庭最早为 {first.isoformat()}")
