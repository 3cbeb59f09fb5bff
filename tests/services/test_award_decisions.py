"""An award says what the tribunal decided (issue 18 point 5 (a), (b)): it follows a hearing held
or a decision to decide on the papers (LDMAF Art 35; 书面审理 as this office's setting), it holds
a decision on every claim item (LDMAF Art 46: 支持, 部分支持 with the amount, 驳回 with the reason;
never a default), and issuing it records 作出裁决 with the type and the amounts it holds."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from hrss_disputes.domain.workflows import find_action
from hrss_disputes.models.document import IssuedDocument
from hrss_disputes.models.enums import CaseStatus, ClaimDecision, EventKind, Procedure, Role
from hrss_disputes.services import cases, claims, documents, papers, workflow
from hrss_disputes.services.cases import ClaimInput
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed
from tests.factories import (
    act,
    arbitration_input,
    award_amounts,
    claimed_amounts,
    decide,
    make_user,
    recipients,
)

ON = date(2026, 11, 20)
WRITTEN = {"事实与理由及被申请人答辩": "申请人称被申请人拖欠工资。", "本委查明": "申请人于2024年3月入职。",
           "本委认为": "被申请人应当足额支付劳动报酬。"}
CLAIMS = [ClaimInput(claim_type="wages", amount_claimed="12000.50"),
          ClaimInput(claim_type="overtime", amount_claimed="3000"),
          ClaimInput(claim_type="economic_compensation", amount_claimed="8000")]


@pytest.fixture
def arbitrator(ctx, admin):  # noqa: ANN001, ANN201
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    return ctx.actor


def formed(ctx, office_id, procedure: str = "ordinary", heard: bool = False):  # noqa: ANN001, ANN201
    """An arbitration case accepted and its tribunal formed (heard on 5 November when ``heard``)."""
    data = arbitration_input(office_id, procedure=procedure, received_on=date(2026, 10, 8),
                             case_number="肇劳人仲案字〔2026〕90号", claims=list(CLAIMS))
    case_id = ctx.call(cases.create_case, data=data)
    simplified = procedure == "simplified"
    act(ctx, case_id, "accept", date(2026, 10, 9), **({"clear": True} if simplified else {}))
    act(ctx, case_id, "form_tribunal", date(2026, 10, 12), arbitrators="陈立新" if simplified else "陈立新、王芳、黄国强")
    if heard:
        act(ctx, case_id, "schedule_hearing", date(2026, 10, 14), hearing_on=date(2026, 11, 5), place="第一仲裁庭")
        act(ctx, case_id, "hold_hearing", date(2026, 11, 5))
    return case_id


def issue(ctx, case_id, **kw):  # noqa: ANN001, ANN003, ANN201
    version = ctx.call(cases.get_case, case_id=case_id).version
    return ctx.call(documents.issue, case_id=case_id, expected_version=version, doc_type="award",
                    issue_date=ON, writings=kw.pop("writings", WRITTEN), **kw)


def content(ctx, doc_id) -> dict:  # noqa: ANN001
    with ctx.db.session() as s:
        return json.loads(s.get(IssuedDocument, doc_id).content)


def awarded_events(ctx, case_id) -> list:  # noqa: ANN001
    return [e for e in ctx.call(cases.get_case, case_id=case_id).events if e.kind is EventKind.AWARDED]


def event_data(ctx, case_id) -> dict:  # noqa: ANN001
    from hrss_disputes.models.case import CaseEvent

    with ctx.db.session() as s:
        return json.loads(s.scalars(select(CaseEvent.data).where(
            CaseEvent.case_id == case_id, CaseEvent.kind == EventKind.AWARDED)).one())


# ---------------------------------------------------------------- the decisions


@pytest.mark.parametrize(("decision", "amount", "reason", "field", "message"), [
    ("partial", None, "", "amount", "部分支持的，请填写裁决支付的金额"),
    ("partial", "12000.50", "", "amount", "须少于请求金额 12,000.50 元"),
    ("rejected", None, "", "reason", "驳回的，请填写驳回理由"),
    (None, None, "", "decision", "请选择裁决结果"),
])
def test_a_decision_lacking_its_amount_or_reason_is_refused_and_nothing_saved(
        ctx, admin, arbitrator, decision, amount, reason, field, message) -> None:  # noqa: ANN001
    case_id = formed(ctx, admin.office_id, heard=True)
    before = ctx.call(cases.get_case, case_id=case_id)
    with pytest.raises(ValidationFailed) as refused:
        ctx.call(claims.decide_claim, case_id=case_id, expected_version=before.version, claim_id=before.claims[0].id,
                 decision=decision, amount=amount, reason=reason)
    assert message in refused.value.errors[field]
    after = ctx.call(cases.get_case, case_id=case_id)
    assert after.version == before.version and after.claims[0].decision is None


def test_the_amount_resolved_follows_the_decision(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = formed(ctx, admin.office_id, heard=True)
    decide(ctx, case_id, [("supported", None, ""), ("partial", "1000", "加班时数仅部分有据"), ("rejected", None, "未解除劳动合同")])
    d = ctx.call(cases.get_case, case_id=case_id)
    assert [(c.decision, c.amount_resolved) for c in d.claims] == [
        (ClaimDecision.SUPPORTED, Decimal("12000.50")), (ClaimDecision.PARTIAL, Decimal("1000.00")),
        (ClaimDecision.REJECTED, Decimal("0.00"))]
    assert d.amount_resolved == Decimal("13000.50")
    # a decided item's 裁决金额 is not typed over in the claim dialog
    with pytest.raises(ValidationFailed, match="裁决金额随裁决结果确定"):
        ctx.call(claims.update_claim, case_id=case_id, expected_version=d.version, claim_id=d.claims[1].id,
                 claim=ClaimInput(claim_type="overtime", amount_claimed="3000", amount_resolved="2500"))
    # a corrected claim carries its 支持 along
    ctx.call(claims.update_claim, case_id=case_id, expected_version=d.version, claim_id=d.claims[0].id,
             claim=ClaimInput(claim_type="wages", amount_claimed="11000", amount_resolved="12000.50"))
    assert ctx.call(cases.get_case, case_id=case_id).claims[0].amount_resolved is not None
    d = ctx.call(cases.get_case, case_id=case_id)
    ctx.call(claims.update_claim, case_id=case_id, expected_version=d.version, claim_id=d.claims[0].id,
             claim=ClaimInput(claim_type="wages", amount_claimed="11000"))
    assert ctx.call(cases.get_case, case_id=case_id).claims[0].amount_resolved == Decimal("11000.00")


def test_a_clerk_does_not_decide_the_claims(ctx, admin) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    case_id = formed(ctx, admin.office_id, heard=True)
    d = ctx.call(cases.get_case, case_id=case_id)
    with pytest.raises(PermissionDenied):
        ctx.call(claims.decide_claim, case_id=case_id, expected_version=d.version, claim_id=d.claims[0].id,
                 decision="supported")


def test_a_clerk_does_not_record_the_award_either(ctx, admin) -> None:  # noqa: ANN001
    """Point 5(c): the tribunal makes the award; a clerk records its steps but not 作出裁决 (the
    clerk is neither offered it nor allowed it), whether or not a paper is issued."""
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = formed(ctx, admin.office_id, heard=True)
    award_amounts(ctx, case_id, ["12000.50", "3000", "8000"])
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    assert "award" not in {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}
    with pytest.raises(PermissionDenied):
        act(ctx, case_id, "award", date(2026, 11, 20))
    assert not awarded_events(ctx, case_id)
    # the 仲裁调解书 is the tribunal's paper too (LDMAF 42: 仲裁庭应当制作调解书)
    assert "mediation_statement" not in {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}


@pytest.mark.parametrize("stage", ["received", "accepted", "withdrawn"])
def test_the_claims_are_decided_only_while_a_tribunal_hears_the_case(ctx, admin, arbitrator, stage) -> None:  # noqa: ANN001
    """Before the tribunal is formed there is nobody to decide (LDMAF 31); a case withdrawn or
    ended otherwise is not decided at all. Nothing is saved."""
    data = arbitration_input(admin.office_id, received_on=date(2026, 10, 8), claims=list(CLAIMS))
    case_id = ctx.call(cases.create_case, data=data)
    if stage != "received":
        act(ctx, case_id, "accept", date(2026, 10, 9))
    if stage == "withdrawn":
        act(ctx, case_id, "withdraw", date(2026, 10, 10))
    d = ctx.call(cases.get_case, case_id=case_id)
    with pytest.raises(ValidationFailed) as err:
        ctx.call(claims.decide_claim, case_id=case_id, expected_version=d.version, claim_id=d.claims[0].id,
                 decision="supported")
    assert "仲裁庭" in err.value.errors["decision"]
    assert ctx.call(cases.get_case, case_id=case_id).claims[0].decision is None
    assert not ctx.call(claims.may_decide, case_id=case_id)


# ---------------------------------------------------------------- the guards


def test_an_award_without_a_hearing_or_a_decision_on_the_papers_is_refused(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    """LDMAF 35: heard first; an ordinary case is not decided on the papers (this office's setting)."""
    case_id = formed(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "2000", None])
    with pytest.raises(ValidationFailed) as refused:
        issue(ctx, case_id)
    assert "尚未开庭审理" in refused.value.errors["hearing"]
    with pytest.raises(ValidationFailed) as refused:
        act(ctx, case_id, "award", ON)
    assert "尚未开庭审理" in refused.value.errors["hearing"]
    assert ctx.call(documents.list_issued, case_id=case_id) == [] and not awarded_events(ctx, case_id)
    with pytest.raises(PermissionDenied, match="普通程序案件不适用书面审理"):
        act(ctx, case_id, "decide_on_papers", date(2026, 11, 10), reason="事实清楚")
    act(ctx, case_id, "hold_hearing", date(2026, 11, 10))
    [doc] = issue(ctx, case_id)
    assert "于2026年11月10日公开开庭进行了审理" in content(ctx, doc.id)["values"]["审理经过"]


def test_a_simplified_case_decided_on_the_papers_says_so(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = formed(ctx, admin.office_id, procedure="simplified")
    award_amounts(ctx, case_id, ["12000.50", "2000", None])
    with pytest.raises(ValidationFailed, match="也未决定书面审理"):
        issue(ctx, case_id)
    with pytest.raises(ValidationFailed, match="请填写理由"):
        act(ctx, case_id, "decide_on_papers", date(2026, 11, 10))
    act(ctx, case_id, "decide_on_papers", date(2026, 11, 10), reason="双方对事实无争议，同意书面审理")
    assert "decide_on_papers" not in {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}
    [doc] = issue(ctx, case_id)
    values = content(ctx, doc.id)["values"]
    assert values["审理经过"] == "本案经书面审理，现已审理终结" and "开庭" not in values["审理经过"]


def test_an_office_may_let_ordinary_cases_be_decided_on_the_papers(ctx, admin) -> None:  # noqa: ANN001
    """书面审理 has no ✅ rule: which procedures may is the office's setting (设置 → 法律适用)."""
    from hrss_disputes.services import reference_admin

    options = ctx.call(reference_admin.legal_options)
    assert options.paper_procedures == {Procedure.SIMPLIFIED}  # the default
    with pytest.raises(ValidationFailed, match="只能选择普通程序、简易处理或集体争议"):
        ctx.call(reference_admin.set_legal_options, **{**vars(options), "paper_procedures": {Procedure.COMPLAINT}})
    ctx.call(reference_admin.set_legal_options,
             **{**vars(options), "paper_procedures": {Procedure.SIMPLIFIED, Procedure.ORDINARY}})
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = formed(ctx, admin.office_id)
    act(ctx, case_id, "decide_on_papers", date(2026, 11, 10), reason="被申请人书面认可全部请求")
    award_amounts(ctx, case_id, ["12000.50", "3000", "8000"])
    assert [d.final for d in issue(ctx, case_id)] == [True]


@pytest.mark.parametrize(("served_on", "award_on", "refused"), [
    # LDMAF 30: ten working days from the respondent's own receipt of the application copy
    (date(2026, 11, 10), date(2026, 11, 20), "肇庆市鼎盛建筑工程有限公司的答辩期至 2026-11-24 届满"),
    (date(2026, 11, 10), date(2026, 11, 24), "答辩期至 2026-11-24 届满"),  # its last day is still the respondent's
    (date(2026, 10, 13), date(2026, 11, 20), None),  # ran out on 10-27
])
def test_the_award_waits_for_the_respondent_s_defence_period(ctx, admin, arbitrator, served_on, award_on,
                                                             refused) -> None:  # noqa: ANN001
    case_id = formed(ctx, admin.office_id, heard=True)
    act(ctx, case_id, "serve", served_on, document="application_copy", method="direct",
        recipients=recipients(ctx, case_id, served_on, "肇庆市鼎盛建筑工程有限公司"))
    award_amounts(ctx, case_id, ["12000.50", "3000", None])
    readiness = ctx.call(documents.award_readiness, case_id=case_id, issue_date=award_on)
    if refused is None:
        assert not readiness.problems
        act(ctx, case_id, "award", award_on)
        assert awarded_events(ctx, case_id)
        return
    assert any(refused in p for p in readiness.problems)
    with pytest.raises(ValidationFailed) as err:
        act(ctx, case_id, "award", award_on)
    assert refused in err.value.errors["defence"] and "第三十条" in err.value.errors["defence"]
    assert not awarded_events(ctx, case_id)


def test_a_cancelled_defence_period_does_not_hold_the_award(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    """Rules2017 58: in a simplified case the respondent may agree to shorten or cancel it."""
    case_id = formed(ctx, admin.office_id, procedure="simplified", heard=True)
    act(ctx, case_id, "serve", date(2026, 11, 10), document="application_copy", method="direct")
    act(ctx, case_id, "set_defence_period", date(2026, 11, 10), days=0, consent=True)
    award_amounts(ctx, case_id, ["12000.50", "3000", None])
    act(ctx, case_id, "award", date(2026, 11, 12))
    assert awarded_events(ctx, case_id)


def test_an_undecided_item_stops_the_award_and_is_named(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = formed(ctx, admin.office_id, heard=True)
    decide(ctx, case_id, [("supported", None, ""), None, ("rejected", None, "劳动合同尚未解除")])
    expected = "第2项“加班工资”尚未作出裁决：请在请求事项中选择支持、部分支持或驳回"
    with pytest.raises(ValidationFailed) as refused:
        issue(ctx, case_id)
    assert refused.value.errors["decisions"] == expected
    with pytest.raises(ValidationFailed) as refused:
        act(ctx, case_id, "award", ON)
    assert refused.value.errors["decisions"] == expected
    ready = ctx.call(documents.award_readiness, case_id=case_id, issue_date=ON)
    assert ready.problems == (expected,)
    assert [text for _i, _c, text in ready.items] == ["支持 12,000.50元（终局）", "尚未裁决",
                                                      "驳回：劳动合同尚未解除（终局）"]
    # the preview never prints an undecided item as dismissed
    [drafted] = ctx.call(papers.draft, case_id=case_id, doc_type="award", issue_date=ON)
    items = drafted.lists["裁决项"]
    assert "【第2项“加班工资”尚未作出裁决】" in items and not any("驳回" in x and "加班工资" in x for x in items)


# ---------------------------------------------------------------- the paper and the step


def test_the_award_prints_each_item_as_decided(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = formed(ctx, admin.office_id, heard=True)
    decide(ctx, case_id, [("supported", None, ""), ("partial", "1000", "仅十月份加班有考勤记录"),
                          ("rejected", None, "劳动合同尚在履行，不符合支付经济补偿的条件")])
    [doc] = issue(ctx, case_id)
    paper = content(ctx, doc.id)
    assert paper["lists"]["裁决项"] == [
        "被申请人肇庆市鼎盛建筑工程有限公司自本裁决生效之日起五日内向申请人张三支付劳动报酬人民币12,000.50元（大写：壹万贰仟元伍角）。",
        "被申请人肇庆市鼎盛建筑工程有限公司自本裁决生效之日起五日内向申请人张三支付加班工资人民币1,000.00元（大写：壹仟元整）。",
        "驳回申请人关于经济补偿的仲裁请求及关于加班工资的其他仲裁请求。"]
    assert paper["lists"]["驳回请求"] == ["经济补偿（劳动合同尚在履行，不符合支付经济补偿的条件）"]  # for house templates
    reasoning = paper["writings"]["本委认为"]
    assert reasoning.startswith("被申请人应当足额支付劳动报酬。")
    assert "关于经济补偿的请求：劳动合同尚在履行，不符合支付经济补偿的条件，本委不予支持。" in reasoning
    assert "关于加班工资的请求：仅十月份加班有考勤记录，本委予以部分支持。" in reasoning
    assert paper["values"]["审理经过"] == "于2026年11月5日公开开庭进行了审理。本案现已审理终结"


@pytest.mark.parametrize(("decisions", "last_item"), [
    ([("supported", None, ""), ("supported", None, ""), ("supported", None, "")], "支付经济补偿人民币8,000.00元"),
    ([("supported", None, ""), ("partial", "2000", ""), ("supported", None, "")], "驳回申请人关于加班工资的其他仲裁请求。"),
    ([("supported", None, ""), ("rejected", None, "无考勤"), ("rejected", None, "未解除")],
     "驳回申请人关于加班工资、经济补偿的仲裁请求。"),
])
def test_the_closing_item_says_what_is_dismissed(ctx, admin, arbitrator, decisions, last_item) -> None:  # noqa: ANN001
    case_id = formed(ctx, admin.office_id, heard=True)
    decide(ctx, case_id, decisions)
    [doc] = issue(ctx, case_id)
    assert last_item in content(ctx, doc.id)["lists"]["裁决项"][-1]


def test_a_recorded_reason_is_not_stated_twice(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = formed(ctx, admin.office_id, heard=True)
    decide(ctx, case_id, [("supported", None, ""), ("rejected", None, "无考勤记录"), ("supported", None, "")])
    written = {**WRITTEN, "本委认为": "申请人主张的加班无考勤记录，本委不予支持。"}
    [doc] = issue(ctx, case_id, writings=written)
    assert content(ctx, doc.id)["writings"]["本委认为"] == written["本委认为"]


def test_issuing_the_award_records_the_award_with_its_type_and_amounts(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    """Nothing is asked twice: the issued award is the 作出裁决 step, typed as the paper states."""
    case_id = formed(ctx, admin.office_id, heard=True)
    award_amounts(ctx, case_id, ["12000.50", "2000", None])  # each within 12 × the minimum wage: final
    assert "award" in {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}
    [doc] = issue(ctx, case_id)
    assert doc.final is True
    [event] = awarded_events(ctx, case_id)
    assert event.occurred_on == ON and event_data(ctx, case_id) == {"final": True, "amount": "14000.50"}
    d = ctx.call(cases.get_case, case_id=case_id)
    assert d.status is CaseStatus.AWARDED and "award" not in {a.key for a in ctx.call(workflow.allowed_actions,
                                                                                       case_id=case_id)}
    [fixed] = issue(ctx, case_id, corrects=doc.id)  # a correction records no second award
    assert fixed.version == 2 and len(awarded_events(ctx, case_id)) == 1


def test_an_award_recorded_first_takes_its_type_and_amount_from_the_decisions(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = formed(ctx, admin.office_id, heard=True)
    decide(ctx, case_id, [("supported", None, ""), ("supported", None, ""), ("partial", "7000", "")])
    assert find_action(Procedure.ORDINARY, "award").fields == ()  # nothing typed
    act(ctx, case_id, "award", ON, final=True, amount="1")  # a stale form's values are not taken
    assert event_data(ctx, case_id) == {"final": True, "amount": "22000.50"}
    [doc] = issue(ctx, case_id)
    assert doc.final is True and len(awarded_events(ctx, case_id)) == 1


def test_an_award_recorded_before_its_papers_keeps_its_non_final_part(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    """LDMAF 47 per item (SPC-I Art 19): 12,000.50 of wages is final, 30,000 of 经济补偿 is over
    12 × 1,720 = 20,640 and not; recorded before any paper, the step says the award has both parts,
    so the employer may sue the non-final part (LDMAF 50) as well as apply to set the final part aside."""
    case_id = formed(ctx, admin.office_id, heard=True)
    claimed_amounts(ctx, case_id, ["12000.50", "3000", "30000"])
    decide(ctx, case_id, [("supported", None, ""), ("rejected", None, "无考勤记录"), ("supported", None, "")])
    act(ctx, case_id, "award", ON)
    assert event_data(ctx, case_id) == {"final": True, "non_final": True, "amount": "42000.50"}


def test_an_issued_mixed_award_is_recorded_with_its_final_part(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = formed(ctx, admin.office_id, heard=True)
    decide(ctx, case_id, [("supported", None, ""), ("supported", None, ""), ("supported", None, "")])
    d = ctx.call(cases.get_case, case_id=case_id)
    ctx.call(claims.update_claim, case_id=case_id, expected_version=d.version, claim_id=d.claims[2].id,
             claim=ClaimInput(claim_type="economic_compensation", amount_claimed="30000"))  # over the final line
    final, other = issue(ctx, case_id)
    assert (final.final, other.final) == (True, False)
    assert event_data(ctx, case_id) == {"final": True, "non_final": True, "amount": "45000.50"}  # both parts


def test_the_demo_s_awards_have_a_hearing_and_a_decision_on_every_item(db) -> None:  # noqa: ANN001
    """services.demo: each awarded case was heard and has the tribunal's decision on each claim,
    so its award can be issued as any other."""
    from hrss_disputes.models.case import CaseEvent, ClaimItem, DisputeCase
    from hrss_disputes.models.office import AppUser
    from hrss_disputes.services import offices
    from hrss_disputes.services.context import ServiceContext
    from hrss_disputes.services.demo import load_demo

    with db.session() as s:
        load_demo(session=s, cases=300, seed=7, today=date(2026, 11, 21))
        awarded = s.scalars(select(DisputeCase).where(DisputeCase.status == CaseStatus.AWARDED)).all()
        assert awarded
        for case in awarded:
            items = s.scalars(select(ClaimItem).where(ClaimItem.case_id == case.id)).all()
            assert items and all(i.decision in ("supported", "partial") for i in items), case.case_number
            assert all((i.decision == "supported") == (i.amount_resolved == i.amount_claimed) for i in items)
            kinds = [k for k, in s.execute(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)
                                           .order_by(CaseEvent.occurred_on))]
            assert kinds.index(EventKind.HEARING_HELD) < kinds.index(EventKind.AWARDED)
        case = awarded[0]
        arbitrator = s.scalars(select(AppUser.id).where(AppUser.office_id == case.office_id,
                                                        AppUser.role == Role.ARBITRATOR)).first()
    ctx = ServiceContext(db)
    ctx.actor = ctx.call(offices.get_actor, user_id=arbitrator)
    assert ctx.call(documents.award_readiness, case_id=case.id, issue_date=date(2026, 11, 21)).problems == ()
    made = issue(ctx, case.id)
    assert made and len(awarded_events(ctx, case.id)) == 1  # the award recorded once, the paper issued


def test_an_award_of_undetermined_finality_is_recorded_by_issuing_it(ctx, admin) -> None:  # noqa: ANN001
    """No minimum wage for the place (point 6): 作出裁决 on its own cannot say 终局 or 非终局, so it
    is refused, pointing to the award, where the tribunal decides and issuing records it; the
    audit trail names the decisions."""
    from hrss_disputes.models.enums import OfficeKind
    from hrss_disputes.services import audit_trail, offices

    far = ctx.call(offices.create_office, name="三沙市劳动人事争议仲裁院", kind=OfficeKind.INSTITUTE,
                   parent_id=admin.office_id, city="三沙", code="SS")
    ctx.actor = make_user(ctx, "ss_arb", Role.ARBITRATOR, far)
    case_id = formed(ctx, far, heard=True)
    award_amounts(ctx, case_id, ["12000.50", "2000", None])
    with pytest.raises(ValidationFailed) as refused:
        act(ctx, case_id, "award", ON)
    assert "终局性无法判断" in refused.value.errors["final"] and "制作仲裁裁决书" in refused.value.errors["final"]
    asked = ctx.call(documents.undecided_finality, case_id=case_id, issue_date=ON)
    made = issue(ctx, case_id, finality={claim_id: False for claim_id, *_x in asked})
    assert [d.final for d in made] == [False] and event_data(ctx, case_id) == {"final": False, "amount": "14000.50"}
    decided = [e for e in ctx.call(audit_trail.list_entries, user=admin) if e.action == "裁决结果"]
    assert len(decided) == 3 and all(e.entity == "仲裁请求" for e in decided)


# ---------------------------------------------------------------- after the award


def test_the_decisions_do_not_change_after_the_award(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    """Review of issue 18, finding 6: once 作出裁决 is recorded the award holds the decisions
    (LDMAF Art 46); a written or calculation error in the issued award is corrected by 补正,
    never by deciding an item again or typing another 裁决金额. Nothing is saved."""
    case_id = formed(ctx, admin.office_id, heard=True)
    award_amounts(ctx, case_id, ["12000.50", "3000", "8000"])
    act(ctx, case_id, "award", date(2026, 11, 10))
    before = ctx.call(cases.get_case, case_id=case_id)
    assert before.amount_resolved == Decimal("23000.50")
    with pytest.raises(ValidationFailed) as refused:
        ctx.call(claims.decide_claim, case_id=case_id, expected_version=before.version, claim_id=before.claims[0].id,
                 decision="rejected", reason="证据不足")
    assert "已作出裁决" in refused.value.errors["decision"] and "补正" in refused.value.errors["decision"]
    assert not ctx.call(claims.may_decide, case_id=case_id)  # the claims tab hides 裁决结果
    # the claim dialog: neither another 调解/裁决金额 nor a claimed amount its 支持 would follow
    for claim_id, edit in [(before.claims[1].id, ClaimInput(claim_type="overtime", amount_claimed="3000",
                                                             amount_resolved="1000")),
                           (before.claims[0].id, ClaimInput(claim_type="wages", amount_claimed="11000"))]:
        with pytest.raises(ValidationFailed) as refused:
            ctx.call(claims.update_claim, case_id=case_id, expected_version=before.version, claim_id=claim_id,
                     claim=edit)
        assert "补正" in " ".join(refused.value.errors.values())
    with pytest.raises(ValidationFailed) as refused:  # nor a new item the award never decided
        ctx.call(claims.add_claim, case_id=case_id, expected_version=before.version,
                 claim=ClaimInput(claim_type="wages", amount_claimed="500", amount_resolved="500"))
    assert "补正" in " ".join(refused.value.errors.values())
    after = ctx.call(cases.get_case, case_id=case_id)
    assert after.version == before.version and after.amount_resolved == Decimal("23000.50")
    assert [(c.decision, c.amount_resolved) for c in after.claims] == [(c.decision, c.amount_resolved)
                                                                        for c in before.claims]
    # a change that leaves what was awarded alone is still recorded (the description)
    ctx.call(claims.update_claim, case_id=case_id, expected_version=before.version, claim_id=before.claims[2].id,
             claim=ClaimInput(claim_type="economic_compensation", amount_claimed="8000", description="解除劳动合同经济补偿"))
