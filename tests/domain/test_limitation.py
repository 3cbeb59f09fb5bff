"""仲裁时效 (LDMAF 27; 民法典 201–203) as a warning, from facts written out by hand."""

from datetime import date

import pytest

from hrss_disputes.domain.calendar import WorkCalendar
from hrss_disputes.domain.limitation import (
    Interruption,
    LimitationFacts,
    Suspension,
    Verdict,
    assess,
    decode,
    encode,
    one_year_after,
)

CAL = WorkCalendar()
D = date.fromisoformat


def only(facts: LimitationFacts):
    (result,) = assess(facts, CAL)
    return result


@pytest.mark.parametrize(
    ("facts", "last_day", "verdict"),
    [
        # one year to the corresponding day: known 2024-03-10 → 2025-03-10 (Mon); applying that day is in time
        (LimitationFacts(D("2025-03-10"), known_on=D("2024-03-10")), "2025-03-10", Verdict.WITHIN),
        # … and the day after is one day late
        (LimitationFacts(D("2025-03-11"), known_on=D("2024-03-10")), "2025-03-10", Verdict.LAPSED),
        # 2-29 has no corresponding day in 2025: the month's last day (民法典 202)
        (LimitationFacts(D("2025-03-01"), known_on=D("2024-02-29")), "2025-02-28", Verdict.LAPSED),
        # the last day falls in the 2025 Spring Festival (1-28 … 2-04): moved to 2-05 (民法典 203)
        (LimitationFacts(D("2025-02-05"), known_on=D("2024-01-28")), "2025-02-05", Verdict.WITHIN),
        # … and in National Day 2025 (10-01 … 10-08): moved to 10-09
        (LimitationFacts(D("2025-10-09"), known_on=D("2024-10-01")), "2025-10-09", Verdict.WITHIN),
        # a written demand on 2024-04-01 interrupts: the year starts again → 2025-04-01 (Tue)
        (LimitationFacts(D("2025-03-20"), known_on=D("2023-05-10"),
                         interruptions=(Interruption(D("2024-04-01"), "向用人单位书面主张"),)),
         "2025-04-01", Verdict.WITHIN),
        # a demand after the year ran out (2024-01-10) interrupts nothing
        (LimitationFacts(D("2024-03-01"), known_on=D("2023-01-10"),
                         interruptions=(Interruption(D("2024-02-01"), "向用人单位书面主张"),)),
         "2024-01-10", Verdict.LAPSED),
        # a suspension of 30 days (7-01 … 7-31) is added: 2025-06-03 + 30 = 2025-07-03 (Thu)
        (LimitationFacts(D("2025-07-01"), known_on=D("2024-06-03"),
                         suspensions=(Suspension(D("2024-07-01"), D("2024-07-31"), "台风封路（不可抗力）"),)),
         "2025-07-03", Verdict.WITHIN),
        # wages after the employment ended on 2024-06-30: one year from then → 2025-06-30 (Mon)
        (LimitationFacts(D("2025-07-15"), employment_ended_on=D("2024-06-30"), remuneration=True,
                         other_claims=False), "2025-06-30", Verdict.LAPSED),
    ],
)
def test_limitation(facts: LimitationFacts, last_day: str, verdict: Verdict) -> None:
    result = only(facts)
    assert (result.last_day, result.verdict) == (D(last_day), verdict), "\n".join(result.lines)


def test_lapsed_says_by_how_many_days_and_that_the_commission_decides() -> None:
    result = only(LimitationFacts(D("2025-07-15"), known_on=D("2024-06-30")))
    assert result.days_over == 15
    text = "\n".join(result.lines)
    assert "超过届满日 15 日" in text and "仲裁委员会审查认定" in text


def test_wages_during_employment_are_not_limited() -> None:
    result = only(LimitationFacts(D("2025-07-15"), remuneration=True, other_claims=False))
    assert result.verdict is Verdict.NOT_LIMITED and result.last_day is None


def test_wages_and_other_claims_are_judged_apart() -> None:
    pay, other = assess(LimitationFacts(D("2025-07-15"), known_on=D("2024-05-01"),
                                        employment_ended_on=D("2024-08-31"), remuneration=True), CAL)
    assert (pay.label, pay.verdict, pay.last_day) == ("仲裁时效（劳动报酬）", Verdict.WITHIN, D("2025-09-01"))
    assert (other.label, other.verdict, other.last_day) == ("仲裁时效（其他请求）", Verdict.LAPSED, D("2025-05-06"))


def test_without_the_day_known_the_warning_asks_for_it() -> None:
    result = only(LimitationFacts(D("2025-07-15")))
    assert result.verdict is Verdict.UNKNOWN and "请在“仲裁时效”中填写" in "\n".join(result.lines)


def test_a_mediation_application_says_when_arbitration_must_follow() -> None:
    result = only(LimitationFacts(D("2025-03-03"), known_on=D("2024-12-01"), mediation=True))
    assert "自申请调解之日 2025-03-03 重新计算，至 2026-03-03 届满" in "\n".join(result.lines)


def test_past_the_calendar_data_is_unconfirmed() -> None:
    result = only(LimitationFacts(D("2026-12-21"), known_on=D("2026-12-20")))
    assert result.last_day == D("2027-12-20") and not result.confirmed


def test_one_year_after() -> None:
    assert one_year_after(D("2023-12-31")) == D("2024-12-31")
    assert one_year_after(D("2024-02-29")) == D("2025-02-28")


def test_stored_form_round_trips() -> None:
    ints = (Interruption(D("2024-04-01"), "书面主张"),)
    sus = (Suspension(D("2024-07-01"), D("2024-07-31"), "不可抗力"),)
    assert decode(encode(ints, sus)) == (ints, sus)
    assert encode((), ()) is None and decode(None) == ((), ())


def test_the_uncertain_rules_are_settings() -> None:
    from hrss_disputes.domain.limitation import LimitationRules
    from hrss_disputes.models.enums import ClaimType

    # known 2024-01-28 → 2025-01-28 falls in the Spring Festival; without 民法典 203 it stays there
    facts = LimitationFacts(D("2025-02-05"), known_on=D("2024-01-28"))
    (kept,) = assess(facts, CAL, LimitationRules(move_off_rest_days=False))
    assert (kept.last_day, kept.verdict) == (D("2025-01-28"), Verdict.LAPSED)
    # an office that counts double wages as remuneration: the service decides the groups with it
    assert ClaimType.DOUBLE_WAGES not in LimitationRules().remuneration
