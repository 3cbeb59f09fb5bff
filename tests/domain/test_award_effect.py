"""The award's legal effect and the steps after it (裁审衔接), from the statutes.

Worked by hand (2026 calendar; no rest day falls on a last day below):
- award made 2026-02-27; the worker 张三 receives it 2026-03-02, the employer 某公司 2026-03-05.
- 起诉期限 (LDMAF 48, 50: fifteen days from one's own receipt): 张三 to 2026-03-17 (Tue),
  某公司 to 2026-03-20 (Fri). 申请撤销期限 (LDMAF 49: thirty days): 某公司 to 2026-04-04 — a
  Saturday and 清明 (04-04…04-06), so it moves to Tuesday 2026-04-07 (CPL 85).
- A non-final award nobody sued on takes effect the day after the last period: 2026-03-21.
- A final award is effective the day it is made (LDMAF 47): 2026-02-27, before any service.
- A 调解书 takes effect when both parties have signed for it (LDMAF 42): the later signature.
"""

from __future__ import annotations

from datetime import date

import pytest

from hrss_disputes.domain import award_effect as ae
from hrss_disputes.domain.calendar import WorkCalendar
from hrss_disputes.domain.deadlines import Ev
from hrss_disputes.models.enums import EventKind

W, E = "a" * 32, "b" * 32  # the worker's and the employer's party ids
FACTS = ae.AwardFacts((ae.AwardParty(W, "张三", False), ae.AwardParty(E, "某公司", True)))
CAL = WorkCalendar()
D = date.fromisoformat


def award(final: bool) -> Ev:
    return Ev(EventKind.AWARDED, D("2026-02-27"), {"final": final})


def served(*who: tuple[str, str], document: str = "award", method: str = "post") -> Ev:
    names = {W: "张三", E: "某公司"}
    on = max(d for _p, d in who)
    return Ev(EventKind.SERVED, D(on), {"document": document, "method": method, "recipients": [
        {"party": p, "name": names[p], "role": "", "on": d} for p, d in who]})


BOTH = [served((W, "2026-03-02")), served((E, "2026-03-05"))]


def sued(party: str, on: str, number: str = "（2026）粤0106民初1号") -> Ev:
    return Ev(EventKind.SUED, D(on), {"party": party, "party_name": {W: "张三", E: "某公司"}[party],
                                      "court": "天河区人民法院", "court_case_number": number})


CASES = [
    # (article, events, today, state, effective_on, a line that must be there)
    ("LDMAF 47: final award effective on the day it is made, not on service",
     [award(True)], "2026-03-01", ae.Effect.EFFECTIVE, "2026-02-27", "自作出之日（2026-02-27）起发生法律效力"),
    ("LDMAF 50: non-final, the employer's 15 days still running",
     [award(False), *BOTH], "2026-03-18", ae.Effect.PENDING, None, "某公司 起诉期限至 2026-03-20"),
    ("LDMAF 50: non-final, the last day itself is still within the period",
     [award(False), *BOTH], "2026-03-20", ae.Effect.PENDING, None, "某公司 起诉期限至 2026-03-20"),
    ("LDMAF 50: non-final, every party's period passed with no suit",
     [award(False), *BOTH], "2026-03-21", ae.Effect.EFFECTIVE, "2026-03-21", "最后一方的起诉期限于 2026-03-20 届满"),
    ("LDMAF 50: non-final, one party not yet served: never effective",
     [award(False), served((W, "2026-03-02"))], "2026-06-01", ae.Effect.PENDING, None, "某公司 尚未收到裁决书"),
    ("LDMAF 50: a suit in time keeps a non-final award from taking effect",
     [award(False), *BOTH, sued(E, "2026-03-19")], "2026-04-01", ae.Effect.SUED, None,
     "因起诉不生效：某公司 于 2026-03-19 向天河区人民法院起诉，案号 （2026）粤0106民初1号"),
    ("LDMAF 50: a suit after one's own period is recorded with a warning and does not stop the effect",
     [award(False), *BOTH, sued(W, "2026-03-18")], "2026-03-25", ae.Effect.EFFECTIVE, "2026-03-21",
     "起诉时其起诉期限已届满，是否受理由人民法院决定"),
    ("LDMAF 50: an old service recorded without recipients serves everyone that day",
     [award(False), Ev(EventKind.SERVED, D("2026-03-02"), {"document": "award", "method": "post"})], "2026-03-18",
     ae.Effect.EFFECTIVE, "2026-03-18", "2026-03-17 届满"),
    ("LDMAF 48: the worker sues on a final award: effective since made, the court tries the dispute",
     [award(True), *BOTH, sued(W, "2026-03-10")], "2026-03-11", ae.Effect.CONTESTED, "2026-02-27",
     "（劳动争议调解仲裁法第四十八条），争议由人民法院审理"),
    ("LDMAF 49: the intermediate court sets the final award aside",
     [award(True), *BOTH,
      Ev(EventKind.SET_ASIDE_APPLIED, D("2026-03-20"), {"party": E, "party_name": "某公司", "court": "广州市中级人民法院",
                                                        "court_case_number": "（2026）粤01民特9号"}),
      Ev(EventKind.SET_ASIDE_RULED, D("2026-05-06"), {"court_case_number": "（2026）粤01民特9号", "outcome": "set_aside"})],
     "2026-05-07", ae.Effect.SET_ASIDE, None, "收到裁定书之日起十五日内"),
    ("LDMAF 49 / SPC-I 25: a set-aside application pending: enforcement is suspended",
     [award(True), *BOTH,
      Ev(EventKind.SET_ASIDE_APPLIED, D("2026-03-20"), {"party": E, "party_name": "某公司", "court": "广州市中级人民法院",
                                                        "court_case_number": "（2026）粤01民特9号"})],
     "2026-03-21", ae.Effect.EFFECTIVE, "2026-02-27", "执行应当中止"),
    ("LDMAF 42: a mediation statement signed by one party only is not effective",
     [Ev(EventKind.MEDIATION_STATEMENT, D("2026-02-27"), {}),
      served((W, "2026-03-02"), document="mediation_statement")], "2026-04-01", ae.Effect.PENDING, None, "尚待签收：某公司"),
    ("LDMAF 42: effective when both parties have signed for it",
     [Ev(EventKind.MEDIATION_STATEMENT, D("2026-02-27"), {}),
      served((W, "2026-03-02"), (E, "2026-03-04"), document="mediation_statement")], "2026-03-04",
     ae.Effect.EFFECTIVE, "2026-03-04", "最后签收日 2026-03-04"),
    ("LDMAF 42: a public notice is no signature",
     [Ev(EventKind.MEDIATION_STATEMENT, D("2026-02-27"), {}),
      served((W, "2026-03-02"), document="mediation_statement"),
      served((E, "2026-03-02"), document="mediation_statement", method="public")], "2026-06-01",
     ae.Effect.PENDING, None, "某公司（公告送达不是签收）"),
]


@pytest.mark.parametrize(("article", "events", "today", "state", "effective_on", "line"), CASES,
                         ids=[c[0] for c in CASES])
def test_legal_effect(article: str, events: list[Ev], today: str, state: ae.Effect, effective_on: str | None,
                      line: str) -> None:
    got = ae.award_effect(events, FACTS, CAL, D(today))
    assert got.state is state, got.lines
    assert got.effective_on == (D(effective_on) if effective_on else None)
    assert any(line in x for x in got.lines), got.lines


def test_each_party_has_its_own_period() -> None:
    """LDMAF 48/49: the worker's 15 days and the employer's 30 (a final award) from each one's receipt."""
    got = ae.award_effect([award(True), *BOTH], FACTS, CAL, D("2026-03-10"))
    periods = {p.name: (p.what, p.received, p.ends) for p in got.periods}
    assert periods == {"张三": ("起诉期限", D("2026-03-02"), D("2026-03-17")),
                       "某公司": ("申请撤销期限", D("2026-03-05"), D("2026-04-07"))}


def test_a_split_award_final_part_effective_when_made_rest_waits() -> None:
    """Rules2017 50 / LDMAF 47, 50: separate final and non-final papers."""
    facts = ae.AwardFacts(FACTS.parties, frozenset({True, False}))
    got = ae.award_effect([award(True), *BOTH], facts, CAL, D("2026-03-10"))
    assert got.state is ae.Effect.PENDING and got.final_part and not got.final
    assert any("终局裁决部分自作出之日" in x for x in got.lines)


GUARDS = [
    # (article, check, party, on, events, error field or None, message or warning fragment)
    ("LDMAF 48/50: a suit not before that party's receipt", "suit", W, "2026-03-01", [award(False), *BOTH],
     "occurred_on", "张三于 2026-03-02 收到裁决书"),
    ("LDMAF 48/50: no receipt recorded for that party", "suit", E, "2026-03-03",
     [award(False), served((W, "2026-03-02"))], "party", "尚未登记向某公司送达裁决书"),
    ("LDMAF 48/50: a late suit is recorded with a warning", "suit", W, "2026-03-18", [award(False), *BOTH],
     None, "张三的起诉期限已于 2026-03-17 届满"),
    ("LDMAF 49: the employer may not sue on a final award (warned, the court decides)", "suit", E, "2026-03-10",
     [award(True), *BOTH], None, "应向中级人民法院申请撤销"),
    ("LDMAF 49: a worker may not apply for set-aside", "set_aside", W, "2026-03-10", [award(True), *BOTH],
     "party", "张三是劳动者，不能申请撤销终局裁决"),
    ("LDMAF 49/50: no set-aside of a non-final award", "set_aside", E, "2026-03-10", [award(False), *BOTH],
     "party", "非终局裁决，不能申请撤销"),
    ("LDMAF 49: the employer within its thirty days", "set_aside", E, "2026-04-07", [award(True), *BOTH], None, ""),
    ("LDMAF 49: the employer after its thirty days: warned", "set_aside", E, "2026-04-08", [award(True), *BOTH],
     None, "申请撤销期限已于 2026-04-07 届满"),
    ("LDMAF 51: no enforcement of a non-final award not yet effective", "enforcement", W, "2026-03-19",
     [award(False), *BOTH], "occurred_on", "尚未发生法律效力"),
    ("LDMAF 51: enforcement of an effective award", "enforcement", W, "2026-03-23", [award(False), *BOTH], None, ""),
    ("LDMAF 51: no enforcement of an award a party sued on", "enforcement", W, "2026-04-01",
     [award(False), *BOTH, sued(E, "2026-03-19")], "occurred_on", "因起诉不生效"),
]


@pytest.mark.parametrize(("article", "check", "party", "on", "events", "field", "text"), GUARDS,
                         ids=[g[0] for g in GUARDS])
def test_guards(article: str, check: str, party: str, on: str, events: list[Ev], field: str | None,
                text: str) -> None:
    fn = {"suit": ae.suit_check, "set_aside": ae.set_aside_check, "enforcement": ae.enforcement_check}[check]
    errors, warnings = fn(events, FACTS, CAL, party, D(on))
    if field is None:
        assert errors == {}
        assert (any(text in w for w in warnings) if text else warnings == [])
    else:
        assert text in errors[field]


def test_an_outcome_needs_its_suit() -> None:
    events = [award(False), *BOTH]
    assert "须先登记起诉" in ae.ruling_check(events, "court", "x", D("2026-04-01"))["court_case_number"]
    events.append(sued(W, "2026-03-10"))
    assert ae.ruling_check(events, "court", "（2026）粤0106民初1号", D("2026-04-01")) == {}
    assert "不能早于" in ae.ruling_check(events, "court", "（2026）粤0106民初1号", D("2026-03-09"))["occurred_on"]


def test_an_award_recorded_with_a_non_final_part_waits_for_the_suits() -> None:
    """LDMAF 47, 50: 作出裁决 recorded with final and non-final parts, no paper issued in the program:
    the final part is effective when made, the rest waits for every party's 15 days."""
    made = Ev(EventKind.AWARDED, D("2026-02-27"), {"final": True, "non_final": True})
    got = ae.award_effect([made, *BOTH], FACTS, CAL, D("2026-03-10"))
    assert got.state is ae.Effect.PENDING and got.final_part and not got.final


def test_a_receipt_before_the_award_was_made_starts_no_period() -> None:
    """LDMAF 48–50: the periods run from receiving the award; a service recorded before it was made
    is no receipt of it: no suit on it, the effect waits for a real receipt."""
    early = served((W, "2026-02-20"), (E, "2026-02-20"))
    events = [early, award(False)]
    errors, _ = ae.suit_check(events, FACTS, CAL, W, D("2026-03-01"))
    assert "尚未登记向张三送达裁决书" in errors["party"]
    got = ae.award_effect(events, FACTS, CAL, D("2026-06-01"))
    assert got.state is ae.Effect.PENDING and all(p.received is None for p in got.periods)
    # LDMAF 49: nor does the employer's thirty days run from it
    errors, _ = ae.set_aside_check([early, award(True)], FACTS, CAL, E, D("2026-03-01"))
    assert "尚未登记向某公司送达裁决书" in errors["party"]
    # LDMAF 42: a 调解书 "signed for" before it was made is not signed for
    statement = Ev(EventKind.MEDIATION_STATEMENT, D("2026-02-27"))
    signed = served((W, "2026-02-20"), (E, "2026-02-20"), document="mediation_statement")
    assert ae.award_effect([signed, statement], FACTS, CAL, D("2026-03-10")).state is ae.Effect.PENDING


@pytest.mark.parametrize(("article", "text", "worker", "employer"), [
    ("LDMAF 50: an old free-text recipient naming one party serves that party only", "某公司", None, "2026-03-20"),
    ("LDMAF 50: several names separated by 、", "张三、某公司", "2026-03-20", "2026-03-20"),
    ("LDMAF 50: several names joined by 及", "张三及某公司", "2026-03-20", "2026-03-20"),
    ("LDMAF 50: a text naming no party: the old every-party reading", "某公司代理人李律师", "2026-03-20", "2026-03-20"),
])
def test_an_old_free_text_recipient_is_matched_to_the_parties(article: str, text: str, worker: str | None,
                                                               employer: str | None) -> None:
    old = Ev(EventKind.SERVED, D("2026-03-05"), {"document": "award", "method": "post", "recipient": text})
    got = ae.award_effect([award(False), old], FACTS, CAL, D("2026-03-10"))
    ends = {p.name: p.ends for p in got.periods}
    assert ends == {"张三": D(worker) if worker else None, "某公司": D(employer) if employer else None}, article


SPLIT = ae.AwardFacts(FACTS.parties, frozenset({True, False}))


@pytest.mark.parametrize(("article", "events", "field", "text"), [
    # LDMAF 47, 51: the final part of a split award is effective when made: its enforcement is
    # accepted while the non-final part still waits, saying which part
    ("LDMAF 47/51", [award(True), *BOTH], None, "仅终局裁决部分自 2026-02-27 起已发生法律效力"),
    # SPC-I 20: a party sued the split award in time: treated as non-final, nothing to enforce
    ("SPC-I 20", [award(True), *BOTH, sued(E, "2026-03-09")], "occurred_on", "因起诉不生效"),
    # LDMAF 49: the final part set aside: the rest still waits
    ("LDMAF 49", [award(True), *BOTH, Ev(EventKind.SET_ASIDE_APPLIED, D("2026-03-06"), {
        "party": E, "party_name": "某公司", "court": "广州市中级人民法院", "court_case_number": "（2026）粤01民特1号"}),
        Ev(EventKind.SET_ASIDE_RULED, D("2026-03-09"), {"court_case_number": "（2026）粤01民特1号",
                                                         "outcome": "set_aside"})], "occurred_on", "尚未发生法律效力"),
])
def test_a_split_award_final_part_can_be_enforced_once_in_effect(article: str, events: list[Ev], field: str | None,
                                                                  text: str) -> None:
    errors, warnings = ae.enforcement_check(events, SPLIT, CAL, W, D("2026-03-10"))
    if field is None:
        assert errors == {} and any(text in w for w in warnings), (article, warnings)
    else:
        assert text in errors[field], (article, errors)
    got = ae.award_effect(events, SPLIT, CAL, D("2026-03-10"))
    assert (got.final_part_on is not None) == (field is None), article


@pytest.mark.parametrize(("case", "items", "recorded", "warned"), [
    ("an award the older program issued: 驳回 printed, 5000 recorded",
     ["驳回申请人关于劳动报酬的仲裁请求。"], "5000", "未裁决支付任何款项"),
    ("the paper and the entry agree", ["被申请人某公司应于本裁决生效之日起五日内向申请人张三支付劳动报酬人民币12,000.50元（大写：壹万贰仟元伍角）。",
                                       "驳回申请人关于加班工资的仲裁请求。"], "12000.50", None),
    ("a split award's two papers together", ["…支付劳动报酬人民币8,000.00元（大写：捌仟元整）。",
                                             "…支付经济补偿人民币36,000.00元（大写：叁万陆仟元整）。"], "44000", None),
    ("the paper orders another sum", ["…支付劳动报酬人民币8,000.00元（大写：捌仟元整）。"], "5000",
     "裁决支付合计人民币8,000.00元，与“作出裁决”登记的裁决金额人民币5,000.00元不一致"),
    ("everything dismissed, nothing recorded", ["驳回申请人的全部仲裁请求。"], "0", None),
])
def test_an_issued_award_that_says_otherwise_than_its_entry_is_flagged(case: str, items: list[str], recorded: str,
                                                                        warned: str | None) -> None:
    """LDMAF 47–50 and the 补正 of the award (legal-rules §12.2): what the parties were served governs;
    the office is told when the 作出裁决 entry behind the figures says something else."""
    got = ae.paper_disagreement(items, recorded)
    assert (got is None) if warned is None else (got is not None and warned in got), case


def test_a_split_award_whose_final_part_was_set_aside_is_enforced_in_its_non_final_part_only() -> None:
    """LDMAF 49, 50, 51: the final part set aside, the non-final part effective once every period passed."""
    events = [award(True), *BOTH, Ev(EventKind.SET_ASIDE_APPLIED, D("2026-03-06"), {
        "party": E, "party_name": "某公司", "court": "广州市中级人民法院", "court_case_number": "（2026）粤01民特1号"}),
        Ev(EventKind.SET_ASIDE_RULED, D("2026-03-09"), {"court_case_number": "（2026）粤01民特1号", "outcome": "set_aside"})]
    errors, warnings = ae.enforcement_check(events, SPLIT, CAL, W, D("2026-03-23"))
    assert errors == {} and any("申请执行限于非终局裁决书所载事项" in w for w in warnings)
