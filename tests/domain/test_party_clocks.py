"""Clocks counted from one party's receipt run per party (issue 18 point 1): each party's own
receipt starts its own period (LDMAF 30, 35, 48, 49, 50), worked out by hand."""

from datetime import date

import pytest

from hrss_disputes.domain.calendar import WorkCalendar
from hrss_disputes.domain.deadlines import CaseClockFacts, ClockParty, Ev, State, compute
from hrss_disputes.models.enums import EventKind as K
from hrss_disputes.models.enums import Procedure as P

CAL = WorkCalendar()
WORKER = ClockParty("aa" * 16, "张三", "applicant")
EMPLOYER = ClockParty("bb" * 16, "某建筑公司", "respondent", employer=True)
SECOND = ClockParty("cc" * 16, "某劳务公司", "respondent", employer=True)
PARTIES = (WORKER, EMPLOYER, SECOND)


def ev(kind: K, day: str, **data: object) -> Ev:
    return Ev(kind, date.fromisoformat(day), data)


def served(day: str, document: str, *who: tuple[ClockParty, str], method: str = "direct") -> Ev:
    """One 登记送达 naming its recipients and each one's day of receipt."""
    return ev(K.SERVED, day, document=document, method=method,
              recipients=[{"party": p.key, "name": p.name, "role": p.role, "on": on} for p, on in who])


def clocks(procedure: P, *events: Ev, parties: tuple[ClockParty, ...] = PARTIES, today: str = "2025-12-31",
           award_types: frozenset[bool | None] = frozenset()) -> dict[str, object]:
    facts = CaseClockFacts(procedure, tuple(events), parties=parties, award_types=award_types)
    return {d.cache_key: d for d in compute(facts, CAL, date.fromisoformat(today))}


AWARDED = (ev(K.RECEIVED, "2025-08-18"), ev(K.ACCEPTED, "2025-08-20"))


def award(final: bool) -> tuple[Ev, ...]:
    return (*AWARDED, ev(K.AWARDED, "2025-09-30", final=final),
            served("2025-10-10", "award", (WORKER, "2025-10-10"), (EMPLOYER, "2025-10-15")))


W, E, S = WORKER.key, EMPLOYER.key, SECOND.key


@pytest.mark.parametrize(
    ("article", "events", "key", "due", "state"),
    [
        # LDMAF 50: a non-final award, 15 calendar days from each party's own receipt:
        # the worker's 10-10 + 15 = 10-25 (Sat) → 10-27; the employer's 10-15 + 15 = 10-30
        ("LDMAF 50", award(False), f"sue@{W}", "2025-10-27", State.ENDED),
        ("LDMAF 50", award(False), f"sue@{E}", "2025-10-30", State.ENDED),
        # LDMAF 48: a final award, the worker's 15 days from the worker's receipt
        ("LDMAF 48", award(True), f"sue@{W}", "2025-10-27", State.ENDED),
        # LDMAF 49: the employer's 30 days from the employer's receipt, 10-15 + 30 = 11-14
        # (not from the worker's 10-10, which would give 11-10)
        ("LDMAF 49", award(True), f"set_aside@{E}", "2025-11-14", State.ENDED),
        # LDMAF 30: 10 working days from each respondent's receipt of the application copy:
        # 9-25 → 10-15 (国庆 8 days off, 9-28 and 10-11 worked); 10-09 → 10-22 (10-11 a make-up working day)
        ("LDMAF 30", (*AWARDED, served("2025-09-25", "application_copy", (EMPLOYER, "2025-09-25"),
                                       (SECOND, "2025-10-09"))), f"defence@{E}", "2025-10-15", State.ENDED),
        ("LDMAF 30", (*AWARDED, served("2025-09-25", "application_copy", (EMPLOYER, "2025-09-25"),
                                       (SECOND, "2025-10-09"))), f"defence@{S}", "2025-10-22", State.ENDED),
        # Rules2017 58: a simplified case's defence shortened to 3 working days, still from each
        # respondent's own receipt: Tue 3-04 → Fri 3-07; Thu 3-06 → Tue 3-11
        ("仲裁规则58", (ev(K.RECEIVED, "2025-03-03"), ev(K.ACCEPTED, "2025-03-03"),
                        served("2025-03-04", "application_copy", (EMPLOYER, "2025-03-04"), (SECOND, "2025-03-06")),
                        ev(K.DEFENCE_PERIOD_SET, "2025-03-05", days=3)), f"defence@{E}", "2025-03-07", State.ENDED),
        ("仲裁规则58", (ev(K.RECEIVED, "2025-03-03"), ev(K.ACCEPTED, "2025-03-03"),
                        served("2025-03-04", "application_copy", (EMPLOYER, "2025-03-04"), (SECOND, "2025-03-06")),
                        ev(K.DEFENCE_PERIOD_SET, "2025-03-05", days=3)), f"defence@{S}", "2025-03-11", State.ENDED),
        # LDMAF 30: the office serves the copy on every respondent within 5 working days of the
        # acceptance (Fri 3-07 → Fri 3-14); one respondent served on 3-10 does not meet it
        ("LDMAF 30", (ev(K.RECEIVED, "2025-03-05"), ev(K.ACCEPTED, "2025-03-07"),
                      served("2025-03-10", "application_copy", (EMPLOYER, "2025-03-10"))),
         "service", "2025-03-14", State.OVERDUE),
        ("LDMAF 30", (ev(K.RECEIVED, "2025-03-05"), ev(K.ACCEPTED, "2025-03-07"),
                      served("2025-03-10", "application_copy", (EMPLOYER, "2025-03-10"), (SECOND, "2025-03-12"))),
         "service", "2025-03-14", State.MET),
        # LDMAF 35: hearing on Thu 10-09, each party notified by 9-25: the worker on 9-20 in time,
        # the employer never
        ("LDMAF 35", (*AWARDED, ev(K.HEARING_SCHEDULED, "2025-09-10", hearing_on="2025-10-09"),
                      served("2025-09-20", "hearing_notice", (WORKER, "2025-09-20"))),
         f"hearing_notice@{W}", "2025-09-25", State.MET),
        ("LDMAF 35", (*AWARDED, ev(K.HEARING_SCHEDULED, "2025-09-10", hearing_on="2025-10-09"),
                      served("2025-09-20", "hearing_notice", (WORKER, "2025-09-20"))),
         f"hearing_notice@{E}", "2025-09-25", State.OVERDUE),
        # no statute: the office's award service, per party, from the issue on 10-08 (国庆 to 10-08; 10-11 a
        # make-up working day): 10-09, 10-10, 10-11, 10-13, 10-14
        ("本委设定", (*AWARDED, ev(K.AWARDED, "2025-09-30", final=False),
                      ev(K.DOCUMENT_ISSUED, "2025-10-08", document="award"),
                      served("2025-10-10", "award", (WORKER, "2025-10-10"))), f"award_service@{E}", "2025-10-14",
         State.OVERDUE),
        ("本委设定", (*AWARDED, ev(K.AWARDED, "2025-09-30", final=False),
                      ev(K.DOCUMENT_ISSUED, "2025-10-08", document="award"),
                      served("2025-10-10", "award", (WORKER, "2025-10-10"))), f"award_service@{W}", "2025-10-14",
         State.MET),
    ],
)
def test_each_party_own_receipt(article: str, events: tuple[Ev, ...], key: str, due: str, state: State) -> None:
    found = clocks(P.ORDINARY if article != "仲裁规则58" else P.SIMPLIFIED, *events)
    assert key in found, f"{article}: {key} not among {sorted(found)}"
    d = found[key]
    assert (d.due, d.state) == (date.fromisoformat(due), state), f"{article}\n" + "\n".join(d.lines)


def test_a_per_party_clock_names_its_party() -> None:
    d = clocks(P.ORDINARY, *award(False))[f"sue@{E}"]
    assert (d.key, d.party, d.party_name) == ("sue", E, "某建筑公司")
    assert d.label == "不服裁决起诉期限（某建筑公司）"
    assert "某建筑公司 2025-10-15 收到" in "\n".join(d.lines)


def test_a_wholly_final_award_gives_the_employer_no_time_to_sue() -> None:
    # LDMAF 48: only the worker may sue a final award; the employer's remedy is set-aside (LDMAF 49)
    found = clocks(P.ORDINARY, *award(True))
    assert f"sue@{E}" not in found and f"sue@{W}" in found
    assert f"set_aside@{E}" in found and f"set_aside@{W}" not in found


def test_a_split_award_lets_everyone_sue_its_non_final_part() -> None:
    # final and non-final papers (SPC-I Art 18): both parties may sue the non-final part (LDMAF 50),
    # the employer may apply to set the final part aside (LDMAF 49)
    found = clocks(P.ORDINARY, *award(True), award_types=frozenset({True, False}))
    assert {f"sue@{W}", f"sue@{E}", f"set_aside@{E}"} <= set(found)
    assert f"set_aside@{W}" not in found


def test_the_issued_papers_decide_whether_the_award_is_wholly_final() -> None:
    # the event's box said non-final, the issued award says final (SPC-I Art 18): no sue clock for the employer
    found = clocks(P.ORDINARY, *award(False), award_types=frozenset({True}))
    assert f"sue@{E}" not in found and f"set_aside@{E}" in found


def test_public_notice_runs_from_thirty_days_after_publication_for_that_party_only() -> None:
    # LDMAF 35, CPL 95: hearing Mon 10-20, notices due 10-13; the worker signed on 9-10, the employer
    # was served by a notice published 9-20, deemed served only on 10-20
    events = (*AWARDED, ev(K.HEARING_SCHEDULED, "2025-09-01", hearing_on="2025-10-20"),
              served("2025-09-10", "hearing_notice", (WORKER, "2025-09-10")),
              served("2025-09-20", "hearing_notice", (EMPLOYER, "2025-09-20"), method="public"))
    found = clocks(P.ORDINARY, *events)
    worker, employer = found[f"hearing_notice@{W}"], found[f"hearing_notice@{E}"]
    assert worker.met_on == date(2025, 9, 10) and not worker.met_late
    assert employer.met_on == date(2025, 10, 20) and employer.met_late
    assert "视为送达" in "\n".join(employer.lines)
    # LDMAF 48/50 and CPL 95: the award's public notice counts for the party it was published for
    award_events = (*AWARDED, ev(K.AWARDED, "2025-09-30", final=False),
                    served("2025-10-10", "award", (WORKER, "2025-10-10")),
                    served("2025-10-10", "award", (EMPLOYER, "2025-10-10"), method="public"))
    found = clocks(P.ORDINARY, *award_events)
    assert found[f"sue@{W}"].due == date(2025, 10, 27)
    assert found[f"sue@{E}"].due == date(2025, 11, 24)  # 10-10 + 30 = 11-09, + 15 = 11-24


def test_a_party_not_yet_served_has_no_period_of_its_own() -> None:
    found = clocks(P.ORDINARY, *AWARDED, ev(K.AWARDED, "2025-09-30", final=False),
                   served("2025-10-10", "award", (WORKER, "2025-10-10")))
    assert f"sue@{W}" in found and f"sue@{E}" not in found


def test_a_later_receipt_of_the_same_paper_does_not_restart_a_party_period() -> None:
    found = clocks(P.ORDINARY, *award(False), served("2025-10-20", "award", (WORKER, "2025-10-20")))
    assert found[f"sue@{W}"].due == date(2025, 10, 27)


def test_a_service_recorded_without_recipients_counts_for_every_party_that_day() -> None:
    # events recorded before recipients were kept, naming nobody: read as served on every party that day
    legacy = (*AWARDED, ev(K.AWARDED, "2025-09-30", final=False),
              ev(K.SERVED, "2025-10-10", document="award", method="post"))
    found = clocks(P.ORDINARY, *legacy)
    assert found[f"sue@{W}"].due == found[f"sue@{E}"].due == date(2025, 10, 27)
    assert "未记录受送达人" in "\n".join(found[f"sue@{E}"].lines)
    # … and a case whose parties are not known keeps one clock for everyone
    alone = clocks(P.ORDINARY, *legacy, parties=())
    assert alone["sue"].due == date(2025, 10, 27) and alone["sue"].party is None
    # the office's service duty is met by such a service too
    copy = clocks(P.ORDINARY, ev(K.RECEIVED, "2025-03-05"), ev(K.ACCEPTED, "2025-03-07"),
                  ev(K.SERVED, "2025-03-10", document="application_copy", method="post"))
    assert copy["service"].state is State.MET


def legacy_award(*served_text: tuple[str, str]) -> tuple[Ev, ...]:
    """A non-final award served the old way: each 登记送达 with a free-text 受送达人."""
    return (*AWARDED, ev(K.AWARDED, "2025-09-30", final=False),
            *(ev(K.SERVED, day, document="award", method="post", recipient=text) for day, text in served_text))


@pytest.mark.parametrize(("article", "events", "due", "line"), [
    # LDMAF 48/50: the free text names one party exactly: the worker's 15 days run from 10-20
    # (→ 11-04), the employer's from its own 10-10 (→ 10-27), not from the first service of all
    ("LDMAF 50", legacy_award(("2025-10-10", "某建筑公司"), ("2025-10-20", "张三")),
     {W: "2025-11-04", E: "2025-10-27", S: None}, {W: "张三 2025-10-20 收到仲裁裁决书（登记的受送达人：张三）"}),
    # several names, separated by 、 or joined by 及/和: each of them, nobody else
    ("LDMAF 50", legacy_award(("2025-10-10", "张三、某建筑公司")),
     {W: "2025-10-27", E: "2025-10-27", S: None}, {}),
    ("LDMAF 50", legacy_award(("2025-10-10", "张三及某劳务公司")),
     {W: "2025-10-27", E: None, S: "2025-10-27"}, {}),
    ("LDMAF 50", legacy_award(("2025-10-10", "某建筑公司，某劳务公司")),
     {W: None, E: "2025-10-27", S: "2025-10-27"}, {}),
    # the role written before the name
    ("LDMAF 50", legacy_award(("2025-10-10", "申请人张三；被申请人：某建筑公司")),
     {W: "2025-10-27", E: "2025-10-27", S: None}, {}),
    # a name and someone who is no party (an agent): the party named only, the text kept in the line
    ("LDMAF 50", legacy_award(("2025-10-10", "张三、李律师")),
     {W: "2025-10-27", E: None, S: None}, {W: "张三 2025-10-10 收到仲裁裁决书（登记的受送达人：张三、李律师）"}),
    # a name that is no party's (an agent, a short name): the old every-party reading, said honestly
    ("LDMAF 50", legacy_award(("2025-10-10", "建筑公司")),
     {W: "2025-10-27", E: "2025-10-27", S: "2025-10-27"},
     {E: "2025-10-10 送达仲裁裁决书：受送达人：建筑公司（未能对应当事人），视为当日送达各方当事人"}),
    # "双方" names every party on purpose
    ("LDMAF 50", legacy_award(("2025-10-10", "双方")),
     {W: "2025-10-27", E: "2025-10-27", S: "2025-10-27"},
     {W: "2025-10-10 送达仲裁裁决书：受送达人：双方，视为当日送达各方当事人"}),
])
def test_an_old_free_text_recipient_is_read_as_the_parties_it_names(
        article: str, events: tuple[Ev, ...], due: dict[str, str | None], line: dict[str, str]) -> None:
    found = clocks(P.ORDINARY, *events)
    for party, day in due.items():
        got = found.get(f"sue@{party}")
        assert (got.due if got else None) == (date.fromisoformat(day) if day else None), (article, party)
    for party, text in line.items():
        assert found[f"sue@{party}"].lines[0] == text


def test_an_old_free_text_recipient_of_the_copy_starts_only_that_respondent_s_defence() -> None:
    # LDMAF 30: the copy recorded as served on 某建筑公司 (free text) leaves 某劳务公司 unserved
    found = clocks(P.ORDINARY, ev(K.RECEIVED, "2025-03-05"), ev(K.ACCEPTED, "2025-03-07"),
                   ev(K.SERVED, "2025-03-10", document="application_copy", method="post", recipient="某建筑公司"),
                   today="2025-03-12")
    assert f"defence@{E}" in found and f"defence@{S}" not in found
    assert found["service"].state is State.RUNNING and "尚未送达：某劳务公司" in "\n".join(found["service"].lines)


@pytest.mark.parametrize(("article", "events", "gone", "kept"), [
    # LDMAF 48–50: a "receipt" of the award dated before the award was made starts nothing; the
    # worker's 15 days run from the receipt after it (11-20 → 12-05), not from 11-06
    ("LDMAF 48–50", (*AWARDED, served("2025-11-06", "award", (WORKER, "2025-11-06"), (EMPLOYER, "2025-11-06")),
                     ev(K.AWARDED, "2025-11-10", final=True),
                     served("2025-11-20", "award", (WORKER, "2025-11-20"))),
     [f"set_aside@{E}", f"award_service@{E}"], {f"sue@{W}": "2025-12-05"}),
    # the same read from an old free-text service and one naming nobody
    ("LDMAF 48–50", (*AWARDED, ev(K.SERVED, "2025-11-06", document="award", method="post"),
                     ev(K.AWARDED, "2025-11-10", final=False)),
     [f"sue@{W}", f"sue@{E}"], {}),
    # LDMAF 30: a copy "received" before the acceptance starts no defence period
    ("LDMAF 30", (ev(K.RECEIVED, "2025-03-03"), served("2025-03-04", "application_copy", (EMPLOYER, "2025-03-04")),
                  ev(K.ACCEPTED, "2025-03-05")),
     [f"defence@{E}"], {"service": "2025-03-12"}),
    # LDMAF 35: a hearing notice received before any hearing was scheduled does not meet the duty
    ("LDMAF 35", (*AWARDED, served("2025-09-01", "hearing_notice", (WORKER, "2025-09-01"), (EMPLOYER, "2025-09-01")),
                  ev(K.HEARING_SCHEDULED, "2025-09-03", hearing_on="2025-10-20")),
     [], {f"hearing_notice@{W}": "2025-10-13"}),
    # LDMAF 42: a 调解书 received before it was made: nothing to serve on time yet
    ("LDMAF 42", (*AWARDED, served("2025-09-01", "mediation_statement", (WORKER, "2025-09-01")),
                  ev(K.DOCUMENT_ISSUED, "2025-09-05", document="mediation_statement"),
                  ev(K.MEDIATION_STATEMENT, "2025-09-05")),
     [], {f"statement_service@{W}": "2025-09-12"}),
])
def test_a_receipt_before_the_paper_existed_counts_for_nothing(article: str, events: tuple[Ev, ...],
                                                               gone: list[str], kept: dict[str, str]) -> None:
    found = clocks(P.ORDINARY, *events, today="2025-09-02")
    for key in gone:
        assert key not in found, (article, key, found[key].lines if key in found else None)
    for key, due in kept.items():
        assert found[key].due == date.fromisoformat(due), (article, key, found[key].lines)
        assert found[key].state is not State.MET, (article, key)


def test_the_service_clock_says_who_is_still_to_be_served() -> None:
    d = clocks(P.ORDINARY, ev(K.RECEIVED, "2025-03-05"), ev(K.ACCEPTED, "2025-03-07"),
               served("2025-03-10", "application_copy", (EMPLOYER, "2025-03-10")),
               parties=(WORKER, EMPLOYER, SECOND), today="2025-03-12")["service"]
    assert d.state is State.RUNNING
    text = "\n".join(d.lines)
    assert "某建筑公司 2025-03-10" in text and "尚未送达：某劳务公司" in text


def test_the_award_closing_the_case_does_not_meet_the_duty_to_serve_it() -> None:
    # issuing the award records 作出裁决 the same day (issue 18 point 5): the case is closed by it,
    # the award is still owed to each party until served
    found = clocks(P.ORDINARY, *AWARDED, ev(K.HEARING_HELD, "2025-09-25"),
                   ev(K.DOCUMENT_ISSUED, "2025-09-30", document="award"), ev(K.AWARDED, "2025-09-30", final=False),
                   today="2025-10-02")
    assert found[f"award_service@{W}"].state is State.RUNNING and found[f"award_service@{E}"].open


def test_an_award_recorded_with_a_non_final_part_lets_the_employer_sue_it() -> None:
    # an award recorded by 作出裁决 without its papers issued in the program: the event says it has
    # a final and a non-final part (LDMAF 47 per item, SPC-I Art 19): the employer may sue the
    # non-final part (LDMAF 50) and apply to set the final part aside (LDMAF 49)
    split = (*AWARDED, ev(K.AWARDED, "2025-09-30", final=True, non_final=True),
             served("2025-10-10", "award", (WORKER, "2025-10-10"), (EMPLOYER, "2025-10-15")))
    found = clocks(P.ORDINARY, *split)
    assert {f"sue@{W}", f"sue@{E}", f"set_aside@{E}"} <= set(found)


@pytest.mark.parametrize(("text", "names"), [
    ("某建筑公司", ["某建筑公司"]),
    ("张三、某建筑公司", ["张三", "某建筑公司"]),
    ("张三及某劳务公司", ["张三", "某劳务公司"]),
    ("张三 某劳务公司", ["张三", "某劳务公司"]),
    ("被申请人：某建筑公司；申请人张三", ["某建筑公司", "张三"]),
    ("和平建筑有限公司", ["和平建筑有限公司"]),  # a name holding 和 is not split
    ("张三、李律师", ["张三"]),  # an agent is no party
    ("建筑公司", []),  # a short name matches nobody
    ("双方", []),  # read as every party by the caller, not matched to names
])
def test_an_old_free_text_recipient_is_matched_to_party_names_exactly(text: str, names: list[str]) -> None:
    """LDMAF 30, 35, 48–50: a 登记送达 recorded before recipients were kept counts for the parties it names."""
    from hrss_disputes.domain.receipts import match_recipients

    parties = [(p.key, p.name, p.role) for p in PARTIES] + [("dd" * 16, "和平建筑有限公司", "respondent")]
    assert [n for _k, n, _r in match_recipients(text, parties)] == names


# ---- issue 18 review point 6: a party's period is done once THAT party acted, not another party
def sued(day: str, who: ClockParty) -> Ev:
    return ev(K.SUED, day, party=who.key, party_name=who.name, court="某区人民法院", court_case_number="（2025）粤0000民初1号")


def aside(day: str, who: ClockParty) -> Ev:
    return ev(K.SET_ASIDE_APPLIED, day, party=who.key, party_name=who.name, court="某市中级人民法院")


SPLIT_SERVED = served("2025-10-10", "award", (WORKER, "2025-10-10"), (EMPLOYER, "2025-10-15"), (SECOND, "2025-10-15"))


@pytest.mark.parametrize(
    ("article", "events", "key", "state", "line"),
    [
        # LDMAF 50: the employer sued its non-final award on 10-20: its own 15 days are done …
        ("LDMAF 50", (*award(False), sued("2025-10-20", EMPLOYER)), f"sue@{E}", State.MET,
         "已完成：当事人起诉 2025-10-20"),
        # … the worker's own 15 days are not met by the employer's suit (still running on 10-21)
        ("LDMAF 50", (*award(False), sued("2025-10-20", EMPLOYER)), f"sue@{W}", State.RUNNING, None),
        # LDMAF 48: the worker sued the final award
        ("LDMAF 48", (*award(True), sued("2025-10-20", WORKER)), f"sue@{W}", State.MET,
         "已完成：当事人起诉 2025-10-20"),
        # LDMAF 49: the employer applied to set aside the final award: its 30 days are done
        ("LDMAF 49", (*award(True), aside("2025-10-20", EMPLOYER)), f"set_aside@{E}", State.MET,
         "已完成：申请撤销裁决 2025-10-20"),
        # LDMAF 48/49: the worker's suit does not meet the employer's time to apply to set aside
        ("LDMAF 49", (*award(True), sued("2025-10-20", WORKER)), f"set_aside@{E}", State.RUNNING, None),
        # LDMAF 49: one employer's application does not meet another employer's own 30 days
        ("LDMAF 49", (*AWARDED, ev(K.AWARDED, "2025-09-30", final=True), SPLIT_SERVED,
                      aside("2025-10-20", EMPLOYER)), f"set_aside@{S}", State.RUNNING, None),
        # LDMAF 50: a set-aside application is not a suit: the employer's time to sue a split
        # award's non-final part runs on
        ("LDMAF 50", (*AWARDED, ev(K.AWARDED, "2025-09-30", final=True, non_final=True), SPLIT_SERVED,
                      aside("2025-10-20", EMPLOYER)), f"sue@{E}", State.RUNNING, None),
    ],
)
def test_a_party_period_is_done_once_that_party_acted(article: str, events: tuple[Ev, ...], key: str,
                                                       state: State, line: str | None) -> None:
    found = clocks(P.ORDINARY, *events, today="2025-10-21")
    assert key in found, f"{article}: {key} not among {sorted(found)}"
    d = found[key]
    assert d.state is state, f"{article}\n" + "\n".join(d.lines)
    if line is not None:
        assert line in d.lines, f"{article}\n" + "\n".join(d.lines)
        assert d.met_on == date(2025, 10, 20)


@pytest.mark.parametrize(
    ("article", "closing", "today", "state", "line"),
    [
        # LDMAF 30: the respondent received the copy on 9-25 (defence to 10-15); the case was
        # decided on 10-10, before the period ran out: nothing is left to answer
        ("LDMAF 30", ev(K.AWARDED, "2025-10-10", final=False), "2025-10-12", State.MET,
         "已完成：案件已审结（作出裁决 2025-10-10）"),
        ("LDMAF 30", ev(K.WITHDRAWN, "2025-10-10"), "2025-10-12", State.MET, "已完成：案件已审结（撤回申请 2025-10-10）"),
        # decided after the period had run out: the period ended on its own
        ("LDMAF 30", ev(K.AWARDED, "2025-10-20", final=False), "2025-10-21", State.ENDED, None),
    ],
)
def test_a_respondent_defence_period_ends_with_the_case(article: str, closing: Ev, today: str, state: State,
                                                        line: str | None) -> None:
    events = (*AWARDED, served("2025-09-25", "application_copy", (EMPLOYER, "2025-09-25"), (SECOND, "2025-09-25")),
              closing)
    d = clocks(P.ORDINARY, *events, today=today)[f"defence@{E}"]
    assert (d.due, d.state) == (date(2025, 10, 15), state), f"{article}\n" + "\n".join(d.lines)
    if line is not None:
        assert line in d.lines, "\n".join(d.lines)
        assert d.met_on == closing.on
