"""Every clock of procedures.md "Days and deadlines", from timelines written out by hand."""

from datetime import date

import pytest

from hrss_disputes.domain.calendar import DayKind, WorkCalendar
from hrss_disputes.domain.deadlines import CaseClockFacts, Ev, State, compute, next_due
from hrss_disputes.models.enums import EventKind as K
from hrss_disputes.models.enums import Procedure as P

CAL = WorkCalendar()


def ev(kind: K, day: str, **data: object) -> Ev:
    return Ev(kind, date.fromisoformat(day), data)


def clocks(procedure: P, *events: Ev, today: str = "2025-12-31", green: bool = False, **kinds: DayKind):
    facts = CaseClockFacts(procedure, tuple(events), green_channel=green)
    return {d.key: d for d in compute(facts, CAL, date.fromisoformat(today), kinds)}


@pytest.mark.parametrize(
    ("procedure", "events", "key", "due", "state"),
    [
        # mediation: 15 calendar days from receipt; 2025-01-20 + 15 = 2-04 (春节) → 2-05
        (P.GRASSROOTS, [ev(K.RECEIVED, "2025-01-20")], "mediation", "2025-02-05", State.OVERDUE),
        (P.PREFILING, [ev(K.RECEIVED, "2025-01-20"), ev(K.AGREEMENT, "2025-02-01")], "mediation", "2025-02-05",
         State.MET),
        # parties agree to extend mediation by 10 days: 15 + 10 from 1-20 = 2-14
        (P.GRASSROOTS, [ev(K.RECEIVED, "2025-01-20"), ev(K.EXTENDED, "2025-02-01", clock="mediation", days=10)],
         "mediation", "2025-02-14", State.OVERDUE),
        # acceptance: 5 working days from receipt across the Spring Festival
        (P.ORDINARY, [ev(K.RECEIVED, "2025-01-24")], "acceptance", "2025-02-07", State.OVERDUE),
        # materials completed later: the receipt date becomes the completion date (Rules2017 46(2))
        (P.ORDINARY, [ev(K.RECEIVED, "2025-01-24"), ev(K.MATERIALS_COMPLETED, "2025-02-10")], "acceptance",
         "2025-02-17", State.OVERDUE),
        # tribunal and service: 5 working days from acceptance (Fri 3-07 → Fri 3-14)
        (P.ORDINARY, [ev(K.RECEIVED, "2025-03-05"), ev(K.ACCEPTED, "2025-03-07")], "tribunal", "2025-03-14",
         State.OVERDUE),
        (P.ORDINARY, [ev(K.RECEIVED, "2025-03-05"), ev(K.ACCEPTED, "2025-03-07"),
                      ev(K.SERVED, "2025-03-12", document="application_copy")], "service", "2025-03-14", State.MET),
        # defence: 10 working days from the respondent's receipt; a party's period ends, never "overdue"
        (P.ORDINARY, [ev(K.RECEIVED, "2025-09-20"), ev(K.ACCEPTED, "2025-09-22"),
                      ev(K.SERVED, "2025-09-25", document="application_copy")], "defence", "2025-10-15", State.ENDED),
        # simplified procedure: defence period shortened to 3 working days with consent
        (P.SIMPLIFIED, [ev(K.RECEIVED, "2025-03-03"), ev(K.ACCEPTED, "2025-03-03"),
                        ev(K.SERVED, "2025-03-04", document="application_copy"),
                        ev(K.DEFENCE_PERIOD_SET, "2025-03-04", days=3)], "defence", "2025-03-07", State.ENDED),
        # award: 45 calendar days from acceptance; 8-20 + 45 = 10-04 (国庆) → 10-09
        (P.ORDINARY, [ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20")], "award", "2025-10-09",
         State.OVERDUE),
        # suspension in the middle: 9-01 … 9-11 not counted (10 days): 8-20 + 55 = 10-14
        (P.ORDINARY, [ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"), ev(K.SUSPENDED, "2025-09-01"),
                      ev(K.RESUMED, "2025-09-11")], "award", "2025-10-14", State.OVERDUE),
        # extension approved: + 15 days: 8-20 + 60 = 10-19 (Sun) → 10-20
        (P.ORDINARY, [ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"),
                      ev(K.EXTENDED, "2025-09-30", clock="award", days=15)], "award", "2025-10-20", State.OVERDUE),
        # an extension beyond 15 days counts 15 only (LDMAF 43)
        (P.ORDINARY, [ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"),
                      ev(K.EXTENDED, "2025-09-30", clock="award", days=10),
                      ev(K.EXTENDED, "2025-10-08", clock="award", days=10)], "award", "2025-10-20", State.OVERDUE),
        # claims changed: restarts from acceptance of the change, 9-15 + 45 = 10-30
        (P.ORDINARY, [ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"),
                      ev(K.CLAIMS_CHANGED, "2025-09-15")], "award", "2025-10-30", State.OVERDUE),
        # simplified → ordinary keeps the clock from the original acceptance (Rules2017 61)
        (P.ORDINARY, [ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"),
                      ev(K.CONVERTED_TO_ORDINARY, "2025-09-01")], "award", "2025-10-09", State.OVERDUE),
        # an award on time meets the clock
        (P.ORDINARY, [ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"), ev(K.AWARDED, "2025-09-30")],
         "award", "2025-10-09", State.MET),
        # after the award is served: 15 days to sue (party's period)
        (P.ORDINARY, [ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"), ev(K.AWARDED, "2025-09-30"),
                      ev(K.SERVED, "2025-10-10", document="award")], "sue", "2025-10-27", State.ENDED),
        # complaint: 5 working days to decide, then 60 working days (+30) to investigate
        (P.COMPLAINT, [ev(K.RECEIVED, "2025-09-26")], "complaint_acceptance", "2025-10-10", State.OVERDUE),
        (P.COMPLAINT, [ev(K.RECEIVED, "2025-03-03"), ev(K.FILED, "2025-03-05")], "investigation", "2025-06-03",
         State.OVERDUE),
        (P.COMPLAINT, [ev(K.RECEIVED, "2025-03-03"), ev(K.FILED, "2025-03-05"),
                       ev(K.EXTENDED, "2025-05-20", clock="investigation", days=30)], "investigation", "2025-07-15",
         State.OVERDUE),
        # hearing on Thu 10-09: the notice must be served 5 working days before, by 9-25
        (P.ORDINARY, [ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"),
                      ev(K.HEARING_SCHEDULED, "2025-09-10", hearing_on="2025-10-09")], "hearing_notice", "2025-09-25",
         State.OVERDUE),
        # public-notice service (公告送达) of the application copy on 8-25: deemed served 30 days later,
        # 9-24 (CPL 95); the defence period runs from then: 10 working days over 国庆 and its make-up
        # days 9-28 and 10-11 → 10-14
        (P.ORDINARY, [ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"),
                      ev(K.SERVED, "2025-08-25", document="application_copy", method="public")],
         "defence", "2025-10-14", State.ENDED),
        # … and the notice's 30 days are not counted in the award period (Rules2017 46(6)):
        # 8-20 + 45 + 30 = 11-03
        (P.ORDINARY, [ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"),
                      ev(K.SERVED, "2025-08-25", document="application_copy", method="public")],
         "award", "2025-11-03", State.OVERDUE),
        # a suspension 9-01 … 9-11 inside the notice period is not taken off twice: still 11-03
        (P.ORDINARY, [ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"),
                      ev(K.SERVED, "2025-08-25", document="application_copy", method="public"),
                      ev(K.SUSPENDED, "2025-09-01"), ev(K.RESUMED, "2025-09-11")], "award", "2025-11-03",
         State.OVERDUE),
        # the office meets its 5-day service duty by publishing on 8-25, within the period (8-27)
        (P.ORDINARY, [ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"),
                      ev(K.SERVED, "2025-08-25", document="application_copy", method="public")],
         "service", "2025-08-27", State.MET),
        # supervised listing with its own due date
        (P.ORDINARY, [ev(K.RECEIVED, "2025-08-18"), ev(K.SUPERVISION_SET, "2025-08-19", due_on="2026-01-31")],
         "supervision", "2026-01-31", State.RUNNING),
    ],
)
def test_clock(procedure: P, events: list[Ev], key: str, due: str, state: State) -> None:
    d = clocks(procedure, *events)[key]
    assert (d.due, d.state) == (date.fromisoformat(due), state), "\n".join(d.lines)


def test_suspended_award_clock_has_no_last_day_until_resumed() -> None:
    d = clocks(P.ORDINARY, ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"),
               ev(K.SUSPENDED, "2025-09-01"))["award"]
    assert d.state is State.PAUSED and d.due is None
    assert "中止" in "\n".join(d.lines)


def test_award_explains_pause_extension_and_restart() -> None:
    d = clocks(P.ORDINARY, ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"),
               ev(K.PARTY_ADDED, "2025-08-25"), ev(K.SUSPENDED, "2025-09-01"), ev(K.RESUMED, "2025-09-11"),
               ev(K.EXTENDED, "2025-09-30", clock="award", days=15))["award"]
    # 8-25 + 45 + 10 + 15 = 11-03 (Mon)
    assert d.due == date(2025, 11, 3)
    text = "\n".join(d.lines)
    for part in ("追加当事人 2025-08-25", "重新计算", "不计入 10 日", "延长 15 日", "2025-11-03"):
        assert part in text


def test_green_channel_target_only_on_green_cases() -> None:
    events = (ev(K.RECEIVED, "2025-03-03"), ev(K.ACCEPTED, "2025-03-03"))
    assert "green_target" not in clocks(P.ORDINARY, *events)
    green = clocks(P.ORDINARY, *events, green=True)["green_target"]
    assert green.due == date(2025, 4, 2)  # 3-03 + 30


def test_employer_set_aside_period_only_after_a_final_award() -> None:
    base = (ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"))
    served = ev(K.SERVED, "2025-10-10", document="award")
    assert "set_aside" not in clocks(P.ORDINARY, *base, ev(K.AWARDED, "2025-09-30", final=False), served)
    d = clocks(P.ORDINARY, *base, ev(K.AWARDED, "2025-09-30", final=True), served)["set_aside"]
    assert d.due == date(2025, 11, 10)  # 10-10 + 30 = 11-09 (Sun) → 11-10


def test_day_kind_is_a_setting() -> None:
    events = (ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"),
              ev(K.SERVED, "2025-09-25", document="application_copy"))
    as_calendar = clocks(P.ORDINARY, *events, defence=DayKind.CALENDAR)["defence"]
    assert as_calendar.due == date(2025, 10, 9)  # 9-25 + 10 = 10-05 (国庆) → 10-09


def test_closed_case_owes_nothing_and_next_due_is_the_nearest_open_office_clock() -> None:
    open_case = clocks(P.ORDINARY, ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"), today="2025-08-21")
    assert next_due(open_case.values()) == date(2025, 8, 27)  # tribunal / service
    closed = clocks(P.ORDINARY, ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"),
                    ev(K.WITHDRAWN, "2025-08-22"))
    assert all(not d.open for d in closed.values())
    assert next_due(closed.values()) is None


def test_past_the_calendar_data_is_marked_unconfirmed() -> None:
    d = clocks(P.ORDINARY, ev(K.RECEIVED, "2026-12-20"), ev(K.ACCEPTED, "2026-12-24"), today="2026-12-25")["award"]
    assert d.due == date(2027, 2, 8) and not d.confirmed  # 12-24 + 45 = 2-07 (Sun) → 2-08, unconfirmed


def test_review_period_days_are_a_setting() -> None:
    # arbitral review 5 (+5) working days is ⚠ in the law files: the office may set another figure
    events = (ev(K.RECEIVED, "2025-03-03"), ev(K.ACCEPTED, "2025-03-03"))
    facts = CaseClockFacts(P.ARBITRAL_REVIEW, events)
    default = {d.key: d for d in compute(facts, CAL, date(2025, 3, 4))}["review"]
    assert default.due == date(2025, 3, 10)  # 5 working days
    changed = {d.key: d for d in compute(facts, CAL, date(2025, 3, 4), days={"review": 7})}["review"]
    assert changed.due == date(2025, 3, 12)
    assert "本机构设置：期间为 7 日" in "\n".join(changed.lines)


def test_hearing_notice_by_public_notice_must_be_deemed_served_before_the_deadline() -> None:
    # hearing on Mon 10-20: the notice is due 5 working days before, 10-13
    base = (ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"),
            ev(K.HEARING_SCHEDULED, "2025-09-01", hearing_on="2025-10-20"))
    in_time = clocks(P.ORDINARY, *base, ev(K.SERVED, "2025-09-10", document="hearing_notice", method="public"))
    assert in_time["hearing_notice"].met_on == date(2025, 10, 10) and not in_time["hearing_notice"].met_late
    late = clocks(P.ORDINARY, *base, ev(K.SERVED, "2025-09-20", document="hearing_notice", method="public"))
    d = late["hearing_notice"]
    assert d.met_on == date(2025, 10, 20) and d.met_late  # published 9-20, deemed served only on 10-20
    assert "视为送达" in "\n".join(d.lines)
