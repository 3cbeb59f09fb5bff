"""Every document type rendered for a case of its family: the text a PDF reader extracts has the
parts the law files require, the font is embedded, and the award takes the type its items have."""

from __future__ import annotations

from datetime import date

import pytest

from hrss_disputes.documents.render import render
from hrss_disputes.documents.template import available, load
from hrss_disputes.models.enums import Role
from hrss_disputes.services import cases
from hrss_disputes.services.cases import ClaimInput
from hrss_disputes.services.errors import ValidationFailed
from hrss_disputes.services.papers import draft
from tests.factories import (
    act,
    arbitration_input,
    award_amounts,
    claimed_amounts,
    heard_case,
    make_user,
)
from tests.pdf import embedded_fonts, text_of, unembedded_fonts

ISSUED = date(2026, 11, 21)
RIGHTS_FINAL = load("award").wording["终局权利告知"]  # the house wording an office may edit
RIGHTS_NON_FINAL = load("award").wording["非终局权利告知"]


@pytest.fixture
def arbitrator(ctx, admin):  # noqa: ANN001, ANN201
    user = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    ctx.actor = user
    return user


def papers(ctx, case_id, doc_type: str, **kw):  # noqa: ANN001, ANN003, ANN201
    return ctx.call(draft, case_id=case_id, doc_type=doc_type, issue_date=ISSUED, **kw)


def test_the_award_has_every_part_the_law_requires(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "15000", None])  # all final-size: one final award
    [paper] = papers(ctx, case_id, "award", writings={"本委查明": "申请人于2024年3月入职被申请人处。",
                                                      "本委认为": "被申请人应当足额支付劳动报酬。"})
    pdf = render(paper)
    text = text_of(pdf)
    for part in ("肇庆市劳动人事争议仲裁委员会", "仲裁裁决书", "肇劳人仲案字〔2026〕88号",  # issuer, title, number
                 "申请人：张三", "被申请人：肇庆市鼎盛建筑工程有限公司",  # parties
                 "申请人的仲裁请求如下", "人民币12,000.50元（大写：壹万贰仟元伍角）",  # 仲裁请求
                 "本委查明", "申请人于2024年3月入职被申请人处",  # 争议事实
                 "本委认为", "被申请人应当足额支付劳动报酬",  # 裁决理由
                 "本委裁决如下", "支付经济补偿人民币15,000.00元", "驳回申请人关于加班工资的仲裁请求",  # 裁决结果
                 "首席仲裁员陈立新", "仲裁员王芳", "二〇二六年十一月二十一日"):  # arbitrators, date
        assert part in text, part
    assert RIGHTS_FINAL[:40] in text and "非终局" not in text
    assert any("HrssCJK" in f or "WenQuanYi" in f for f in embedded_fonts(pdf))


def test_items_of_both_kinds_make_two_awards(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "30000", "2000"])  # 30,000 > 12 × 1,720: not final
    final, other = papers(ctx, case_id, "award")
    final_text, other_text = text_of(render(final)), text_of(render(other))
    assert "（终局裁决）" in final_text and RIGHTS_FINAL[:40] in final_text
    assert "支付劳动报酬人民币12,000.50元" in final_text and "经济补偿" not in final_text.split("裁决如下")[1]
    assert "（非终局裁决）" in other_text and RIGHTS_NON_FINAL[:30] in other_text
    assert "支付经济补偿人民币30,000.00元" in other_text


def test_a_non_final_award(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    claimed_amounts(ctx, case_id, ["25000", "30000", "21000"])
    award_amounts(ctx, case_id, ["25000", "30000", "21000"])  # each over 12 × 1,720
    [paper] = papers(ctx, case_id, "award")
    assert RIGHTS_NON_FINAL[:30] in text_of(render(paper))


def _mediation_case(ctx, admin):  # noqa: ANN001, ANN202
    data = arbitration_input(admin.office_id, family="mediation", procedure="grassroots",
                             received_on=date(2026, 11, 2), case_number="端调字〔2026〕5号",
                             claims=[ClaimInput(claim_type="wages", amount_claimed="8000", amount_resolved="7000")])
    case_id = ctx.call(cases.create_case, data=data)
    ctx.actor = make_user(ctx, "med", Role.MEDIATOR, admin.office_id)
    act(ctx, case_id, "start_mediation", date(2026, 11, 3))
    return case_id


def _complaint_case(ctx, admin):  # noqa: ANN001, ANN202
    data = arbitration_input(admin.office_id, family="complaint", procedure="complaint",
                             received_on=date(2026, 10, 8), case_number="肇人社监字〔2026〕12号", workers_involved=12)
    ctx.actor = make_user(ctx, "insp", Role.INSPECTOR, admin.office_id)  # complaints are the inspectors'
    case_id = ctx.call(cases.create_case, data=data)
    act(ctx, case_id, "file", date(2026, 10, 9))
    act(ctx, case_id, "order", date(2026, 10, 20), due_on=date(2026, 10, 30), amount="86000")
    return case_id


@pytest.mark.parametrize("doc_type", available())
def test_every_document_type_renders_for_a_case_of_its_family(ctx, admin, doc_type: str) -> None:  # noqa: ANN001
    family = load(doc_type).family
    if family == "arbitration":
        ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
        case_id = heard_case(ctx, admin.office_id)
        award_amounts(ctx, case_id, ["12000.50", "15000", None])
    elif family == "mediation":
        case_id = _mediation_case(ctx, admin)
    else:
        case_id = _complaint_case(ctx, admin)
    for paper in papers(ctx, case_id, doc_type):
        pdf = render(paper)
        text = text_of(pdf)
        assert paper.template.title in text and paper.issuer in text
        assert "二〇二六年十一月二十一日" in text or "签发日期" not in paper.template.fields()
        assert "张三" in text or "肇庆市鼎盛建筑工程有限公司" in text
        assert embedded_fonts(pdf) and not unembedded_fonts(pdf)


def test_the_complaint_order_carries_its_amount_and_due_day(ctx, admin) -> None:  # noqa: ANN001
    case_id = _complaint_case(ctx, admin)
    text = text_of(render(papers(ctx, case_id, "rectification_order")[0]))
    assert "2026年10月30日前支付拖欠的劳动报酬人民币86,000.00元（大写：捌万陆仟元整）" in text


def test_a_paper_of_another_family_is_refused(ctx, admin) -> None:  # noqa: ANN001
    case_id = _complaint_case(ctx, admin)
    with pytest.raises(ValidationFailed):
        papers(ctx, case_id, "award")


def test_an_office_s_own_wording_goes_into_its_awards(ctx, admin, arbitrator, tmp_path) -> None:  # noqa: ANN001
    from hrss_disputes.documents.template import TEMPLATE_DIR

    house = (TEMPLATE_DIR / "award.tpl").read_text(encoding="utf-8").replace(
        "自本裁决生效之日起五日内", "自本裁决书生效之日起十日内").replace(
        "本裁决为非终局裁决。", "本裁决为非终局裁决（本委用语）。")
    (tmp_path / "award.tpl").write_text(house, encoding="utf-8")
    case_id = heard_case(ctx, admin.office_id)
    claimed_amounts(ctx, case_id, ["25000", "30000", "21000"])
    award_amounts(ctx, case_id, ["25000", "30000", "21000"])  # non-final
    [paper] = papers(ctx, case_id, "award", template_dir=tmp_path)
    text = text_of(render(paper))
    assert "自本裁决书生效之日起十日内向申请人张三支付劳动报酬" in text and "本裁决为非终局裁决（本委用语）" in text


@pytest.mark.parametrize(("article", "recorded", "rights"), [
    # an award the older program recorded by hand as non-final (LDMAF 50), no decisions on its items:
    # its 样稿 keeps the 非终局 rights (it printed the 终局 ones, worked out from amounts never recorded)
    ("LDMAF 50", {"final": False, "amount": "50000"}, RIGHTS_NON_FINAL),
    ("LDMAF 47", {"final": True, "amount": "5000"}, RIGHTS_FINAL),
])
def test_an_old_award_s_draft_keeps_the_type_it_was_made_with(ctx, admin, arbitrator, article, recorded,  # noqa: ANN001
                                                              rights) -> None:
    import json

    from hrss_disputes.models.case import CaseEvent
    from hrss_disputes.models.enums import EventKind

    case_id = heard_case(ctx, admin.office_id)
    with ctx.db.session() as s:  # 作出裁决 as the older program recorded it: type and amount typed in
        s.add(CaseEvent(case_id=case_id, kind=EventKind.AWARDED, occurred_on=date(2026, 11, 6), user_id=None,
                        note="", data=json.dumps(recorded)))
        s.commit()
    [paper] = papers(ctx, case_id, "award")
    assert paper.final is recorded["final"], article
    assert rights[:30] in text_of(render(paper)), article


# ---- issue 18 review 7, 14: a split award names what each paper dismisses; the claims tab's
# forecast and the award issued follow one rule (SPC-I Art 19: each item's awarded amount)
def _issued_items(ctx, case_id) -> list[tuple[bool, list[str]]]:  # noqa: ANN001
    """Issue the award; each paper's (final, 裁决项) as its stored content says it."""
    import json

    from hrss_disputes.models.document import IssuedDocument
    from hrss_disputes.services import documents

    version = ctx.call(cases.get_case, case_id=case_id).version
    docs = ctx.call(documents.issue, case_id=case_id, expected_version=version, doc_type="award", issue_date=ISSUED,
                    writings={"事实与理由及被申请人答辩": "申请人称被申请人拖欠工资。", "本委查明": "申请人于2024年3月入职。",
                              "本委认为": "被申请人应当足额支付劳动报酬。"})
    with ctx.db.session() as s:
        return [(d.final, json.loads(s.get(IssuedDocument, d.id).content)["lists"]["裁决项"]) for d in docs]


@pytest.mark.parametrize(("article", "amounts", "final_last", "other_last"), [
    # Rules2017 50: wages 10,000 of 12,000.50 (final), 经济补偿 25,000 of 36,000 (over 12 × 1,720: non-final)
    ("仲裁规则50", ["10000", "25000", "3000"], "驳回申请人关于劳动报酬的其他仲裁请求。",
     "驳回申请人关于经济补偿的其他仲裁请求。"),
    # the non-final paper grants 经济补偿 in part; the final one dismisses 加班工资 outright
    ("仲裁规则50", ["12000.50", "25000", None], "驳回申请人关于加班工资的仲裁请求。",
     "驳回申请人关于经济补偿的其他仲裁请求。"),
])
def test_each_paper_of_a_split_award_names_what_it_dismisses(ctx, admin, arbitrator, article, amounts,  # noqa: ANN001
                                                             final_last, other_last) -> None:
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, amounts)
    (final, final_items), (non_final, other_items) = _issued_items(ctx, case_id)
    assert (final, non_final) == (True, False), article
    assert final_items[-1] == final_last and other_items[-1] == other_last, article
    for item in final_items + other_items:  # read alone, no paper dismisses what its companion grants
        assert "驳回申请人的其他仲裁请求" not in item and "及其他仲裁请求" not in item


def test_a_paper_dismissing_one_claim_and_part_of_another_names_both(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["10000", "15000", None])  # all final-size: one final award
    [(final, items)] = _issued_items(ctx, case_id)
    assert final is True
    assert items[-1] == "驳回申请人关于加班工资的仲裁请求及关于劳动报酬、经济补偿的其他仲裁请求。"


def test_the_forecast_and_the_award_agree_once_the_items_are_decided(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    """SPC-I Art 19: finality follows each item's awarded amount. 经济补偿 claimed at 36,000 (over
    12 × 1,720 = 20,640) makes the forecast a split award; once the tribunal dismisses it (awarded
    0) the claims tab says one final award, as is issued, and says why."""
    from hrss_disputes.services import claims

    case_id = heard_case(ctx, admin.office_id)
    before = ctx.call(claims.award_finality, case_id=case_id, today=ISSUED)
    assert before.forecast and before.award.mixed and "应分别制作" in before.award.summary
    award_amounts(ctx, case_id, ["12000.50", None, "3000"])
    after = ctx.call(claims.award_finality, case_id=case_id, today=ISSUED)
    assert after.forecast and not after.award.mixed and after.award.final is True
    assert "全部事项终局" in after.award.summary
    why = next(f.reason for c, f in after.items if c.claim_type.value == "economic_compensation")
    assert why.startswith("裁决金额（驳回） 0.00元 不超过")
    assert "请求金额 36,000.00元 虽超过终局标准 20,640.00元，是否终局按各项裁决金额判断" in why and "第十九条" in why
    assert [final for final, _items in _issued_items(ctx, case_id)] == [True]


def test_a_forecast_still_splits_on_an_item_not_yet_decided(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    from hrss_disputes.services import claims
    from tests.factories import decide

    case_id = heard_case(ctx, admin.office_id)
    decide(ctx, case_id, [("supported", None, ""), None, ("rejected", None, "无考勤记录")])
    report = ctx.call(claims.award_finality, case_id=case_id, today=ISSUED)
    reasons = {c.claim_type.value: f.reason for c, f in report.items}
    assert report.award.mixed
    assert reasons["economic_compensation"].startswith("请求金额 36,000.00元 超过")
    assert reasons["wages"].startswith("拟裁决金额 12,000.50元 不超过")


def test_each_paper_of_a_split_award_gives_the_reasons_of_its_own_items(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    """Rules2017 50: the non-final paper (经济补偿 in part) does not explain the dismissal of 加班工资,
    which the final paper decides."""
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "25000", None], reason="无考勤记录")
    final, other = papers(ctx, case_id, "award", writings={"本委认为": "被申请人应当足额支付劳动报酬。"})
    assert "关于加班工资的请求：无考勤记录，本委不予支持。" in final.writings["本委认为"]
    assert other.writings["本委认为"] == "被申请人应当足额支付劳动报酬。"
    assert (final.lists["驳回请求"], other.lists["驳回请求"]) == (["加班工资（无考勤记录）"], [])


def test_the_award_dialog_says_why_a_dismissed_item_claimed_over_the_line_is_final(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    """SPC-I Art 19: the award dialog's list of decisions says on which paper each item goes and why
    经济补偿, claimed at 36,000 (over 20,640) but dismissed, is on the final one."""
    from hrss_disputes.services import documents

    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", None, "3000"])
    texts = [text for _i, _c, text in ctx.call(documents.award_readiness, case_id=case_id, issue_date=ISSUED).items]
    assert texts[0] == "支持 12,000.50元（终局）"
    assert texts[1].startswith("驳回：申请人未能举证证明该项请求（终局：请求金额 36,000.00元 虽超过终局标准 20,640.00元，"
                               "是否终局按各项裁决金额判断（最高人民法院关于审理劳动争议案件适用法律问题的解释（一）第十九条）")


def test_the_drafted_reasons_of_a_split_award_go_on_the_paper_of_their_item(ctx, admin, arbitrator) -> None:  # noqa: ANN001
    """The award dialog starts 本委认为 with every item's recorded reason (writing_drafts); each paper
    keeps the sentence of its own items only, and what the tribunal wrote itself on both."""
    from hrss_disputes.services.cases import get_case
    from hrss_disputes.services.papers import writing_drafts

    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "25000", None], reason="无考勤记录")
    drafted = writing_drafts(ctx.call(get_case, case_id=case_id))["本委认为"]
    assert drafted == "关于加班工资的请求：无考勤记录，本委不予支持。"
    final, other = papers(ctx, case_id, "award", writings={"本委认为": "被申请人应当足额支付劳动报酬。\n" + drafted})
    assert final.writings["本委认为"] == "被申请人应当足额支付劳动报酬。\n关于加班工资的请求：无考勤记录，本委不予支持。"
    assert other.writings["本委认为"] == "被申请人应当足额支付劳动报酬。"
