"""The award's life after it is made, as the case's staff record it (裁审衔接): the steps keep the
case closed on its award date, are checked against each party's receipt, and the legal effect
follows (LDMAF 47–51)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from hrss_disputes.domain.award_effect import Effect
from hrss_disputes.models.enums import CaseStatus, EventKind, Role
from hrss_disputes.services import award_life, cases, field_sources
from hrss_disputes.services.cases import ClaimInput
from hrss_disputes.services.errors import ValidationFailed
from tests.factories import act, arbitration_input, award_amounts, make_user


def _parties(ctx, case_id) -> dict[str, str]:  # noqa: ANN001
    """名称 → party id hex, as the 当事人 choice lists them."""
    listed = ctx.call(field_sources.choices, case_id=case_id, source="parties")
    return {label.split(" ", 1)[1]: value for value, label in listed}


def serve_award(ctx, case_id, who: dict[str, date]) -> None:  # noqa: ANN001
    ids = _parties(ctx, case_id)
    act(ctx, case_id, "serve", max(who.values()), document="award", method="direct",
        recipients=[{"party": ids[name], "name": name, "on": on} for name, on in who.items()])


@pytest.fixture
def awarded(ctx, admin):  # noqa: ANN001, ANN201
    return awarded_case(ctx, admin)


def awarded_case(ctx, admin, claim: tuple[str, str] = ("economic_compensation", "36000"), user: str = "arb"):  # noqa: ANN001, ANN201
    """A non-final award (one claim, economic compensation over the final line of 12 × 1,720 元;
    ``claim`` another one, all of it awarded) made 2026-11-12, served on the worker 11-13 and on
    the employer 11-16."""
    ctx.actor = make_user(ctx, user, Role.ARBITRATOR, admin.office_id)
    case_id = ctx.call(cases.create_case, data=arbitration_input(
        admin.office_id, received_on=date(2026, 10, 8), claims=[ClaimInput(claim_type=claim[0], amount_claimed=claim[1])]))
    act(ctx, case_id, "accept", date(2026, 10, 9))
    act(ctx, case_id, "form_tribunal", date(2026, 10, 12), arbitrators="陈立新、王芳、黄国强")
    act(ctx, case_id, "hold_hearing", date(2026, 11, 5))
    award_amounts(ctx, case_id, [claim[1]])
    act(ctx, case_id, "award", date(2026, 11, 12))
    serve_award(ctx, case_id, {"张三": date(2026, 11, 13), "肇庆市鼎盛建筑工程有限公司": date(2026, 11, 16)})
    return case_id


EMPLOYER = "肇庆市鼎盛建筑工程有限公司"


def test_a_suit_keeps_the_case_closed_on_its_award_date_and_stops_the_effect(ctx, awarded) -> None:  # noqa: ANN001
    """LDMAF 50: the worker sues within fifteen days of his receipt; the status and the KPI's closing
    date stay the award's."""
    before = ctx.call(cases.get_case, case_id=awarded)
    worker = _parties(ctx, awarded)["张三"]
    act(ctx, awarded, "record_suit", date(2026, 11, 20), party=worker, court="肇庆市端州区人民法院",
        court_case_number="（2026）粤1202民初501号")
    after = ctx.call(cases.get_case, case_id=awarded)
    assert (after.status, after.closed_on) == (CaseStatus.AWARDED, date(2026, 11, 12)) == (before.status, before.closed_on)
    assert after.events[-1].kind is EventKind.SUED
    assert "张三 向肇庆市端州区人民法院起诉，案号 （2026）粤1202民初501号" in after.events[-1].note
    life = ctx.call(award_life.award_life, case_id=awarded, today=date(2026, 12, 10))
    assert life.state is Effect.SUED
    assert [s.number for s in life.suits] == ["（2026）粤1202民初501号"]
    act(ctx, awarded, "record_court_outcome", date(2026, 11, 21), court_case_number="（2026）粤1202民初501号",
        outcome="amended")
    life = ctx.call(award_life.award_life, case_id=awarded, today=date(2026, 12, 10))
    assert life.suits[0].outcome == "amended"


def test_the_party_that_sued_has_its_period_done_and_the_other_runs_on(ctx, awarded) -> None:  # noqa: ANN001
    """LDMAF 50: the employer's suit meets its own fifteen days on the 期限 tab (已完成：当事人起诉 …);
    the worker's own fifteen days run on (issue 18 review point 6)."""
    from hrss_disputes.domain.deadlines import State
    from hrss_disputes.services import workflow

    ids = _parties(ctx, awarded)
    act(ctx, awarded, "record_suit", date(2026, 11, 20), party=ids[EMPLOYER], court="肇庆市端州区人民法院",
        court_case_number="（2026）粤1202民初502号")
    sue = {d.party_name: d for d in ctx.call(workflow.case_deadlines, case_id=awarded, today=date(2026, 11, 21))
           if d.key == "sue"}
    assert sue[EMPLOYER].state is State.MET and "已完成：当事人起诉 2026-11-20" in sue[EMPLOYER].lines
    assert sue["张三"].state is State.RUNNING


def test_nobody_sued_the_award_takes_effect_after_the_last_period(ctx, awarded) -> None:  # noqa: ANN001
    """LDMAF 50: 张三 to 11-30 (11-28 is a Saturday), the employer to 12-01: effective 12-02."""
    life = ctx.call(award_life.award_life, case_id=awarded, today=date(2026, 12, 1))
    assert life.state is Effect.PENDING
    assert any(f"{EMPLOYER} 起诉期限至 2026-12-01" in x for x in life.lines)
    life = ctx.call(award_life.award_life, case_id=awarded, today=date(2026, 12, 2))
    assert (life.state, life.effective_on) == (Effect.EFFECTIVE, date(2026, 12, 2))


REFUSED = [
    # (article, action, values, on, field, message)
    ("LDMAF 48/50: not before the party's receipt", "record_suit", {"party": EMPLOYER}, date(2026, 11, 14),
     "occurred_on", "收到裁决书，起诉日期不能早于收到之日"),
    ("LDMAF 49: no set-aside of a non-final award", "record_set_aside", {"party": EMPLOYER}, date(2026, 11, 20),
     "party", "非终局裁决，不能申请撤销"),
    ("an outcome only after a suit", "record_court_outcome", {"court_case_number": "（2026）粤1202民初1号",
                                                              "outcome": "upheld"}, date(2026, 11, 20),
     "court_case_number", "须先登记起诉"),
    ("LDMAF 51: no enforcement before the award is effective", "apply_enforcement", {"party": "张三"},
     date(2026, 11, 20), "occurred_on", "尚未发生法律效力"),
]


@pytest.mark.parametrize(("article", "action", "values", "on", "field", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_at_the_field_writing_nothing(ctx, awarded, article, action, values, on, field, message) -> None:  # noqa: ANN001, ARG001
    ids = _parties(ctx, awarded)
    values = {**values, "court": "肇庆市中级人民法院", "court_case_number": values.get("court_case_number", "（2026）粤12民特1号")}
    if "party" in values:
        values["party"] = ids[values["party"]]
    before = ctx.call(cases.get_case, case_id=awarded)
    with pytest.raises(ValidationFailed) as e:
        act(ctx, awarded, action, on, **values)
    assert message in e.value.errors[field], e.value.errors
    assert len(ctx.call(cases.get_case, case_id=awarded).events) == len(before.events)


def test_a_late_suit_is_recorded_with_a_warning(ctx, awarded) -> None:  # noqa: ANN001
    """The worker's fifteen days end on Saturday 11-28, moved to Monday 11-30 (CPL 85): a suit on 12-01
    is recorded, the note says the court decides."""
    from hrss_disputes.services import workflow

    d = ctx.call(cases.get_case, case_id=awarded)
    ctx.call(workflow.perform_action, case_id=awarded, expected_version=d.version, action="record_suit",
             occurred_on=date(2026, 12, 1), today=date(2026, 12, 2),
             values={"party": _parties(ctx, awarded)["张三"], "court": "端州区人民法院",
                     "court_case_number": "（2026）粤1202民初777号"})
    note = ctx.call(cases.get_case, case_id=awarded).events[-1].note
    assert "张三的起诉期限已于 2026-11-30 届满" in note and "由人民法院决定" in note


def test_a_clerk_records_and_a_mediator_may_not(ctx, admin, awarded) -> None:  # noqa: ANN001
    """ARBITRATION_STAFF: arbitrators, clerks and supervisors."""
    from hrss_disputes.services import workflow

    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    assert "record_suit" in {a.key for a in ctx.call(workflow.allowed_actions, case_id=awarded)}
    ctx.actor = make_user(ctx, "med", Role.MEDIATOR, admin.office_id)
    assert "record_suit" not in {a.key for a in ctx.call(workflow.allowed_actions, case_id=awarded)}


def test_the_clocks_and_the_legal_effect_agree_on_who_is_the_employer(ctx, admin) -> None:  # noqa: ANN001
    """domain.employer, one rule: a worker against 李包工 (a natural person) and a company, a wholly
    final award. Both respondents are the employer's side: each gets the thirty days to apply to set
    it aside (LDMAF 49) on the 期限 tab and in the legal effect; 李包工's suit is a respondent's suit
    (warned, the court decides) and does not stop the worker enforcing the award (LDMAF 51)."""
    from hrss_disputes.models.enums import PartyKind
    from hrss_disputes.services import workflow
    from hrss_disputes.services.parties import PartyInput
    from tests.factories import VALID_ID_2, VALID_USCC

    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = ctx.call(cases.create_case, data=arbitration_input(
        admin.office_id, received_on=date(2026, 10, 8),
        respondents=[PartyInput(name="李包工", id_doc_number=VALID_ID_2, phone="13900139000"),
                     PartyInput(kind=PartyKind.ORGANISATION, name=EMPLOYER, credit_code=VALID_USCC)],
        claims=[ClaimInput(claim_type="wages", amount_claimed="8000", period_from=date(2026, 7, 1),
                           period_to=date(2026, 8, 31))]))
    act(ctx, case_id, "accept", date(2026, 10, 9))
    act(ctx, case_id, "form_tribunal", date(2026, 10, 12), arbitrators="陈立新、王芳、黄国强")
    act(ctx, case_id, "hold_hearing", date(2026, 11, 5))
    award_amounts(ctx, case_id, ["8000"])
    act(ctx, case_id, "award", date(2026, 11, 6))
    act(ctx, case_id, "serve", date(2026, 11, 9), document="award", method="direct")
    clocks = {d.cache_key.split("@")[0] + "（" + d.party_name + "）"
              for d in ctx.call(workflow.case_deadlines, case_id=case_id, today=date(2026, 11, 21))
              if d.key in ("sue", "set_aside")}
    assert clocks == {"sue（张三）", "set_aside（李包工）", f"set_aside（{EMPLOYER}）"}
    life = ctx.call(award_life.award_life, case_id=case_id, today=date(2026, 11, 21))
    assert {p.name: p.what for p in life.periods} == {"张三": "起诉期限", "李包工": "申请撤销期限",
                                                     EMPLOYER: "申请撤销期限"}
    ids = _parties(ctx, case_id)
    act(ctx, case_id, "record_set_aside", date(2026, 11, 12), party=ids["李包工"], court="肇庆市中级人民法院",
        court_case_number="（2026）粤12民特1号")
    act(ctx, case_id, "record_suit", date(2026, 11, 12), party=ids["李包工"], court="端州区人民法院",
        court_case_number="（2026）粤1202民初9号")
    life = ctx.call(award_life.award_life, case_id=case_id, today=date(2026, 11, 21))
    assert life.state is Effect.EFFECTIVE
    assert any("李包工 为用人单位" in x for x in life.lines)
    act(ctx, case_id, "apply_enforcement", date(2026, 11, 15), party=ids["张三"], court="端州区人民法院",
        court_case_number="（2026）粤1202执1号")


def test_a_split_award_final_part_is_enforced_once_in_effect(ctx, admin) -> None:  # noqa: ANN001
    """LDMAF 47, 51: a split award (wages final, compensation non-final) made 11-12; the final part
    is effective that day, the worker's enforcement on 11-20 is accepted and says it is of the final
    part; the non-final part still waits (LDMAF 50)."""
    from hrss_disputes.services import documents

    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = ctx.call(cases.create_case, data=arbitration_input(
        admin.office_id, received_on=date(2026, 10, 8),
        claims=[ClaimInput(claim_type="wages", amount_claimed="8000", period_from=date(2026, 7, 1),
                           period_to=date(2026, 8, 31)),
                ClaimInput(claim_type="economic_compensation", amount_claimed="36000")]))
    act(ctx, case_id, "accept", date(2026, 10, 9))
    act(ctx, case_id, "form_tribunal", date(2026, 10, 12), arbitrators="陈立新、王芳、黄国强")
    act(ctx, case_id, "hold_hearing", date(2026, 11, 5))
    award_amounts(ctx, case_id, ["8000", "36000"])
    d = ctx.call(cases.get_case, case_id=case_id)
    ctx.call(documents.issue, case_id=case_id, expected_version=d.version, doc_type="award",
             writings={k: "略" for k in ("事实与理由及被申请人答辩", "本委查明", "本委认为")},
             issue_date=date(2026, 11, 12))
    serve_award(ctx, case_id, {"张三": date(2026, 11, 13), EMPLOYER: date(2026, 11, 16)})
    with ctx.db.session() as s:
        blocked = award_life.blocked(s, s.get(cases.DisputeCase, case_id))
    assert "apply_enforcement" not in blocked
    act(ctx, case_id, "apply_enforcement", date(2026, 11, 20), party=_parties(ctx, case_id)["张三"],
        court="端州区人民法院", court_case_number="（2026）粤1202执5号")
    note = ctx.call(cases.get_case, case_id=case_id).events[-1].note
    assert "仅终局裁决部分自 2026-11-12 起已发生法律效力" in note and "非终局部分尚未发生法律效力" in note


def test_the_after_life_flags_an_award_paper_that_says_otherwise_than_its_entry(ctx, admin) -> None:  # noqa: ANN001
    """An award issued by the older program printed 驳回 for every claim while its 作出裁决 entry
    records 5000: the award's after-life says they disagree and that a 补正 corrects the paper."""
    import json
    from dataclasses import replace

    from hrss_disputes.documents.paper import to_json
    from hrss_disputes.models.case import CaseEvent
    from hrss_disputes.models.document import IssuedDocument
    from hrss_disputes.services import papers

    case_id = awarded_case(ctx, admin, claim=("wages", "8000"))
    [paper] = ctx.call(papers.draft, case_id=case_id, doc_type="award", issue_date=date(2026, 11, 12))
    paper = replace(paper, lists={**paper.lists, "裁决项": ["驳回申请人关于劳动报酬的仲裁请求。"]})
    with ctx.db.session() as s:  # the paper as the older program issued it
        made = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id,
                                                 CaseEvent.kind == EventKind.AWARDED)).one()
        made.data = json.dumps({"final": True, "amount": "5000"})
        s.add(IssuedDocument(case_id=case_id, doc_type="award", title="仲裁裁决书", version=1, final=True,
                             issued_on=date(2026, 11, 12), sha256="0" * 64, pdf=b"%PDF",
                             content=to_json(paper), private="{}"))
        s.commit()
    life = ctx.call(award_life.award_life, case_id=case_id, today=date(2026, 11, 21))
    assert any("与“作出裁决”登记的裁决金额人民币5,000.00元不一致" in x and "补正" in x for x in life.lines)
