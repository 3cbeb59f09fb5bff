"""要素确认 and the element-based papers (issue 19 point 4): the parties' stances on the claim
elements are recorded by the arbitration staff of the case's office, all or nothing and audited;
the 要素表 prints a section per claim with the values the calculator holds; the 庭审笔录 lists the
disputed elements; the award's 本委查明 starts from the confirmed ones."""

from __future__ import annotations

import io
import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from hrss_disputes.domain import element_sheet as es
from hrss_disputes.models.audit import AuditEntry
from hrss_disputes.models.case import ElementPosition
from hrss_disputes.models.enums import CasePartyRole, Role
from hrss_disputes.services import cases, documents, element_positions
from hrss_disputes.services import claims as claim_service
from hrss_disputes.services.cases import ClaimInput
from hrss_disputes.services.element_positions import PositionInput
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed, VersionConflict
from tests.factories import award_amounts, heard_case, make_user
from tests.pdf import text_of

ISSUED = date(2026, 11, 21)
SHOTS = Path(os.environ.get("HRSS_SHOTS", "/tmp/shots19"))

CLAIMS = [  # the heard case's claims (wages, N, overtime) with the elements typed for the calculator
    ClaimInput(claim_type="wages", period_from=date(2026, 7, 1), period_to=date(2026, 9, 30),
               elements={"monthly_wage": "8000", "months": "3", "paid": "0"}),
    ClaimInput(claim_type="economic_compensation",
               elements={"start": "2022-03-01", "end": "2026-09-30", "monthly_wage": "8000"}),
    ClaimInput(claim_type="overtime", period_from=date(2026, 3, 1), period_to=date(2026, 9, 30),
               elements={"monthly_wage": "8000", "weekday_hours": "60", "rest_days": "4"}),
]


@pytest.fixture
def clerk(ctx, admin):  # noqa: ANN001, ANN201
    return make_user(ctx, "clerk", Role.CLERK, admin.office_id)


@pytest.fixture
def case_id(ctx, admin, clerk):  # noqa: ANN001, ANN201
    """A heard case with wage, overtime and N claims whose elements the calculator holds; the
    clerk acts."""
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    cid = heard_case(ctx, admin.office_id)
    for claim, typed in zip(ctx.call(cases.get_case, case_id=cid).claims, CLAIMS, strict=True):
        version = ctx.call(cases.get_case, case_id=cid).version
        ctx.call(claim_service.update_claim, case_id=cid, expected_version=version, claim_id=claim.id, claim=typed)
    ctx.actor = clerk
    return cid


def parties(ctx, case_id) -> tuple:  # noqa: ANN001
    d = ctx.call(cases.get_case, case_id=case_id)
    applicant = next(p.party.id for p in d.parties if p.role is CasePartyRole.APPLICANT)
    respondent = next(p.party.id for p in d.parties if p.role is CasePartyRole.RESPONDENT)
    return applicant, respondent


def record(ctx, case_id, positions: list[PositionInput]):  # noqa: ANN001, ANN201
    version = ctx.call(cases.get_case, case_id=case_id).version
    return ctx.call(element_positions.record_positions, case_id=case_id, expected_version=version,
                    positions=positions)


def stances(ctx, case_id) -> None:  # noqa: ANN001
    """The hearing's preparation: both confirm most elements (the common ones once, in 基本情况:
    the case's id stands for that section), and the respondent the amounts claimed too; the
    respondent disputes the months owed, the overtime hours and the reason for leaving."""
    a, r = parties(ctx, case_id)
    wages, n, overtime = (c.id for c in ctx.call(cases.get_case, case_id=case_id).claims)
    both = [(case_id, "hired_on", ""), (case_id, "monthly_wage", ""), (case_id, "left_on", ""),
            (wages, "period", ""), (overtime, "monthly_wage", ""), (n, "monthly_wage", ""),
            (wages, "amount", "")]  # the claimed amount "confirmed": never an agreed fact
    positions = [PositionInput(c, key, p, "confirmed", note) for c, key, note in both for p in (a, r)]
    positions += [
        PositionInput(wages, "months", a, "confirmed"),
        PositionInput(wages, "months", r, "disputed", "8月工资已于9月10日支付，拖欠2个月"),
        PositionInput(overtime, "weekday_hours", a, "confirmed"),
        PositionInput(overtime, "weekday_hours", r, "disputed", "实行综合计算工时制，未超过法定标准工作时间"),
        PositionInput(n, "reason", a, "disputed", "被申请人拖欠工资，申请人依劳动合同法第三十八条解除"),
        PositionInput(n, "reason", r, "disputed", "申请人自行离职"),
    ]
    record(ctx, case_id, positions)


def test_the_sheet_lists_each_claim_s_elements_with_the_calculator_s_values(ctx, case_id) -> None:  # noqa: ANN001
    sheet = ctx.call(element_positions.element_sheet, case_id=case_id)
    assert [c.heading.split("　")[0] for c in sheet.claims] == [
        "基本情况（各项请求共同涉及的事实，只填一次）", "第1项", "第2项", "第3项"]
    assert [c.heading.split("　")[1] for c in sheet.claims[1:]] == ["劳动报酬（工资）", "经济补偿", "加班工资"]
    common = {r.label: r.known for r in sheet.claims[0].rows}  # asked once, whichever claim recorded it
    assert common == {"入职日期": "2022年3月1日", "离职日期": "2026年9月30日", "工作岗位": "",
                      "月工资标准及构成": "8,000.00元"}
    wages = {r.label: r.known for r in sheet.claims[1].rows}
    assert wages["欠薪期间"] == "2026年7月1日至2026年9月30日" and wages["拖欠月数"] == "3"
    n = {r.label: r.known for r in sheet.claims[2].rows}
    assert n["离职前十二个月平均工资"] == "8,000.00元"
    labels = [r.label for c in sheet.claims for r in c.rows if r.label not in ("证据", "请求金额及计算方法")]
    assert len(labels) == len(set(labels))  # no fact asked twice
    assert n["请求金额及计算方法"] == "40,000.00元"  # the calculator's proposal: 4 years 7 months → 5 × 8,000
    assert [p.role_label for p in sheet.parties] == ["申请人", "被申请人"]


def test_stances_are_recorded_changed_and_taken_back_with_an_audit_entry_each(ctx, case_id) -> None:  # noqa: ANN001
    a, r = parties(ctx, case_id)
    wages = ctx.call(cases.get_case, case_id=case_id).claims[0].id
    record(ctx, case_id, [PositionInput(wages, "months", a, "confirmed"),
                          PositionInput(wages, "months", r, "disputed", "月工资为6,000元")])
    row = next(r for r in ctx.call(element_positions.element_sheet, case_id=case_id).claims[1].rows
               if r.key == "months")
    assert (row.positions[a].stance.label, row.positions[r].stance.label, row.positions[r].note) == (
        "确认", "有争议", "月工资为6,000元")
    record(ctx, case_id, [PositionInput(wages, "months", r, "confirmed"),
                          PositionInput(wages, "months", a, None)])
    row = next(r for r in ctx.call(element_positions.element_sheet, case_id=case_id).claims[1].rows
               if r.key == "months")
    assert list(row.positions) == [r] and row.positions[r].stance.label == "确认"
    with ctx.db.session() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "element_position")
                                 .order_by(AuditEntry.seq)))
    assert actions == ["create", "create", "update", "delete"]


def test_a_stance_on_a_value_corrected_afterwards_is_taken_back(ctx, admin, case_id) -> None:  # noqa: ANN001
    """Both confirmed 8,000元 a month; the claim is corrected to 9,000元: nobody confirmed that, so
    the award's 双方确认 must not say it. The stances on the values that stayed are kept."""
    a, r = parties(ctx, case_id)
    wages = ctx.call(cases.get_case, case_id=case_id).claims[0]
    record(ctx, case_id, [PositionInput(cid, key, p, "confirmed") for cid, key in ((case_id, "monthly_wage"),
                                                                                  (wages.id, "months"))
                          for p in (a, r)])
    version = ctx.call(cases.get_case, case_id=case_id).version
    ctx.call(claim_service.update_claim, case_id=case_id, expected_version=version, claim_id=wages.id,
             claim=ClaimInput(claim_type="wages", period_from=wages.period_from, period_to=wages.period_to,
                              amount_claimed="24000", elements={"monthly_wage": "9000", "months": "3", "paid": "0"}))
    sheet = ctx.call(element_positions.element_sheet, case_id=case_id)
    rows = {r.key: r for c in sheet.claims[:2] for r in c.rows}
    assert rows["monthly_wage"].known == "9,000.00元" and rows["monthly_wage"].positions == {}
    assert set(rows["months"].positions) == {a, r}
    with ctx.db.session() as s:
        gone = list(s.scalars(select(AuditEntry.after).where(AuditEntry.entity == "element_position",
                                                             AuditEntry.action == "delete")))
    assert len(gone) == 2 and all("请求事项的要素已修改" in str(g) for g in gone)


@pytest.mark.parametrize(("stance", "note", "element", "message"), [
    ("disputed", "", "months", "被申请人肇庆市鼎盛建筑工程有限公司有争议的，请写明其主张的事实"),
    ("confirmed", "", "pay_day", "“工资支付周期及发放日”尚无记载，被申请人肇庆市鼎盛建筑工程有限公司确认的，请写明确认的内容"),
    (None, "不清楚", "months", "写了说明，请选择确认或有争议"),
    ("disputed", "长" * 501, "months", "说明过长（最多500字）"),
])
def test_a_bad_stance_is_refused_at_its_cell_and_nothing_is_saved(ctx, case_id, stance, note, element,  # noqa: ANN001
                                                                  message) -> None:
    a, r = parties(ctx, case_id)
    wages = ctx.call(cases.get_case, case_id=case_id).claims[0].id
    version = ctx.call(cases.get_case, case_id=case_id).version
    with pytest.raises(ValidationFailed) as err:
        record(ctx, case_id, [PositionInput(wages, "paid", a, "confirmed"),  # a good one beside it
                              PositionInput(wages, element, r, stance, note)])
    assert message in err.value.errors[f"{wages.hex}:{element}:{r.hex}"]
    assert err.value.errors[f"{wages.hex}:{element}:{r.hex}"].startswith("第1项“劳动报酬”")
    with ctx.db.session() as s:
        assert s.scalar(select(func.count()).select_from(ElementPosition)) == 0
    assert ctx.call(cases.get_case, case_id=case_id).version == version


def test_only_the_arbitration_staff_of_the_case_s_office_record_stances(ctx, admin, case_id) -> None:  # noqa: ANN001
    a, _ = parties(ctx, case_id)
    wages = ctx.call(cases.get_case, case_id=case_id).claims[0].id
    assert ctx.call(element_positions.record_refusal, case_id=case_id) is None  # the clerk
    ctx.actor = admin
    assert "“记录要素确认（" in ctx.call(element_positions.record_refusal, case_id=case_id)  # the table's word
    with pytest.raises(PermissionDenied):
        record(ctx, case_id, [PositionInput(wages, "months", a, "confirmed")])
    ctx.actor = make_user(ctx, "mediator", Role.MEDIATOR, admin.office_id)
    with pytest.raises(PermissionDenied):
        record(ctx, case_id, [PositionInput(wages, "months", a, "confirmed")])


def test_a_stale_version_is_refused(ctx, case_id) -> None:  # noqa: ANN001
    a, _ = parties(ctx, case_id)
    wages = ctx.call(cases.get_case, case_id=case_id).claims[0].id
    version = ctx.call(cases.get_case, case_id=case_id).version
    record(ctx, case_id, [PositionInput(wages, "months", a, "confirmed")])
    with pytest.raises(VersionConflict):
        ctx.call(element_positions.record_positions, case_id=case_id, expected_version=version,
                 positions=[PositionInput(wages, "paid", a, "confirmed")])


def _issue(ctx, case_id, doc_type: str, **kw):  # noqa: ANN001, ANN003, ANN201
    version = ctx.call(cases.get_case, case_id=case_id).version
    [view, *_] = ctx.call(documents.issue, case_id=case_id, expected_version=version, doc_type=doc_type,
                          issue_date=ISSUED, **kw)
    return ctx.call(documents.issued_pdf, document_id=view.id)


def _pages_png(pdf: bytes, name: str) -> None:
    """The PDF's pages as PNG (pdftoppm -png -r 60) beside the screenshots, to be looked at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(SHOTS / name)], check=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(path), str(SHOTS / name)], check=True)  # page 1


def test_acceptance_the_element_sheet_the_hearing_record_and_the_award(ctx, admin, case_id) -> None:  # noqa: ANN001
    """Issue 19 acceptance: a case with wage, overtime and N claims → the 要素表 PDF read back (a
    section per claim, each element's label, the calculator's values); the 庭审笔录 lists the
    disputed elements; the award's 本委查明 starts from the confirmed elements."""
    stances(ctx, case_id)
    sheet_pdf = _issue(ctx, case_id, "element_sheet")
    text = text_of(sheet_pdf)
    for part in ("劳动人事争议仲裁案件要素表", "肇劳人仲案字〔2026〕88号",
                 "第1项劳动报酬（工资）", "第2项经济补偿", "第3项加班工资",  # a section per claim
                 "入职日期", "工作岗位", "月工资标准及构成", "工资支付周期及发放日", "欠薪期间", "已付金额",  # wages
                 "工时制度", "加班时间·工作日延长（小时）", "加班时间·休息日（天）", "加班时间·法定节假日（天）",
                 "计算基数（月工资）",  # overtime
                 "离职日期", "解除或终止的原因", "提出方及通知方式", "离职前十二个月平均工资",  # N
                 "8,000.00元", "2026年7月1日至2026年9月30日", "2022年3月1日",  # the calculator's values
                 "申请人张三意见", "被申请人肇庆市鼎盛建筑工程有限公司意见", "□确认", "■有争议"):
        assert part in text, part
    assert "基本情况（各项请求共同涉及的事实，只填一次）" in text
    assert text.count("入职日期") == 1 and text.count("离职日期") == 1 and text.count("工作岗位") == 1
    _pages_png(sheet_pdf, "elements_sheet")

    record_pdf = _issue(ctx, case_id, "hearing_record")
    _pages_png(record_pdf, "hearing_record")
    record_text = text_of(record_pdf)
    focus = record_text[record_text.index("庭审重点"):record_text.index("双方已确认的要素")]
    assert "关于劳动报酬的“拖欠月数”（已知情况：3）" in focus and "8月工资已于9月10日支付，拖欠2个月" in focus
    assert "实行综合计算工时制" in focus and "申请人自行离职" in focus
    assert "月工资标准及构成" not in focus  # confirmed by both: not a focus of the hearing
    assert record_text.count("入职日期") == 1  # a common fact: once, not once per claim

    ctx.actor = make_user(ctx, "arb2", Role.ARBITRATOR, admin.office_id)
    award_amounts(ctx, case_id, ["16000", "40000", "4000"])
    award_pdf = _issue(ctx, case_id, "award", writings={
        "事实与理由及被申请人答辩": "申请人称被申请人拖欠工资；被申请人辩称已支付部分工资。",
        "本委认为": "被申请人应当支付拖欠的劳动报酬。"})
    _pages_png(award_pdf, "award_elements")
    award = text_of(award_pdf)
    found = award[award.index("本委查明："):award.index("本委认为：")]
    assert found.startswith("本委查明：双方确认：关于基本情况：入职日期为2022年3月1日；离职日期为2026年9月30日；"
                            "月工资标准及构成为8,000.00元。关于劳动报酬：欠薪期间为2026年7月1日至2026年9月30日。"), found
    assert "关于经济补偿：离职前十二个月平均工资为8,000.00元。" in found
    assert found.count("入职日期") == 1 and found.count("月工资标准") == 1  # a common fact printed once
    assert "请求金额" not in found  # the employer did not admit the claim: it is the award's 请求事项
    assert "双方有争议的要素：" in found and "被申请人肇庆市鼎盛建筑工程有限公司称申请人自行离职" in found
    assert len(PdfReader(io.BytesIO(sheet_pdf)).pages) >= 2


def test_the_demo_shows_element_sheets_with_stances(db) -> None:  # noqa: ANN001
    """A new user sees 要素式 at work: the demo's cases being heard have typed elements and stances."""
    from hrss_disputes.services.demo import load_demo

    with db.session() as s:
        load_demo(session=s, cases=400, seed=7, today=date(2026, 11, 20))
    with db.session() as s:
        rows = s.scalars(select(ElementPosition)).all()
    assert {r.stance for r in rows} == {"confirmed", "disputed"}
    assert all(r.note for r in rows if r.stance == "disputed")


def test_a_collective_case_s_sheet_has_a_column_per_side(ctx, admin, clerk) -> None:  # noqa: ANN001
    """Four applicants do not fit across A4 with a column each: one column per side, to fill in."""
    from hrss_disputes.services.parties import PartyInput
    from tests.factories import arbitration_input, resident_id

    data = arbitration_input(admin.office_id, applicants=[PartyInput(name=f"工人{n}", id_doc_number=resident_id(n))
                                                          for n in range(1, 5)])
    ctx.actor = clerk
    case_id = ctx.call(cases.create_case, data=data)
    [pdf] = ctx.call(documents.preview, case_id=case_id, doc_type="element_sheet", issue_date=ISSUED).pdfs
    text = text_of(pdf)
    assert "申请人意见" in text and "被申请人意见" in text and "工人1意见" not in text
    assert "第1项劳动报酬（工资）" in text and "月工资标准及构成" in text


def test_a_common_fact_is_recorded_once_and_read_from_the_stances_stored_per_claim(ctx, case_id) -> None:  # noqa: ANN001
    """入职日期 is one row for the case: a stance on it is stored on each claim holding it (wages'
    hired_on, N's start), so the calculator's keys and the stances recorded before it was asked
    once (per claim, nothing migrated) read the same; the latest recorded wins."""
    a, r = parties(ctx, case_id)
    wages, n, overtime = (c.id for c in ctx.call(cases.get_case, case_id=case_id).claims)
    with ctx.db.session() as s:  # as recorded before: per claim, the older on N
        s.add(ElementPosition(claim_item_id=n, element="start", party_id=r, stance="disputed", note="2022年6月1日入职",
                              recorded_at=datetime(2026, 11, 1, tzinfo=UTC)))
        s.add(ElementPosition(claim_item_id=wages, element="hired_on", party_id=r, stance="confirmed",
                              note="2022年3月1日", recorded_at=datetime(2026, 11, 2, tzinfo=UTC)))
        s.commit()
    row = ctx.call(element_positions.element_sheet, case_id=case_id).claims[0].rows[0]
    assert (row.label, {p: v.stance.label for p, v in row.positions.items()}) == ("入职日期", {r: "确认"})
    record(ctx, case_id, [PositionInput(case_id, "hired_on", a, "confirmed"),
                          PositionInput(case_id, "hired_on", r, "confirmed")])
    with ctx.db.session() as s:
        stored = {(x.claim_item_id, x.element, x.party_id): x.stance for x in s.scalars(select(ElementPosition))}
    assert stored == {(c, k, p): "confirmed" for c, k in ((wages, "hired_on"), (n, "start"), (overtime, "hired_on"))
                      for p in (a, r)}
    sheet = ctx.call(element_positions.element_sheet, case_id=case_id)
    assert es.confirmed_lines(sheet.sections(), 2) == ["关于基本情况：入职日期为2022年3月1日。"]


def test_a_common_fact_the_claims_record_differently_needs_what_is_confirmed(ctx, case_id) -> None:  # noqa: ANN001
    a, _r = parties(ctx, case_id)
    d = ctx.call(cases.get_case, case_id=case_id)
    ctx.call(claim_service.update_claim, case_id=case_id, expected_version=d.version, claim_id=d.claims[2].id,
             claim=ClaimInput(claim_type="double_wages", elements={
                 "hired_on": "2023-01-01", "until": "2023-06-30", "monthly_wage": "8000"}))
    row = ctx.call(element_positions.element_sheet, case_id=case_id).claims[0].rows[0]
    assert row.known == "2022年3月1日（经济补偿）；2023年1月1日（未签劳动合同二倍工资差额）" and row.differs
    with pytest.raises(ValidationFailed) as err:
        record(ctx, case_id, [PositionInput(case_id, "hired_on", a, "confirmed")])
    assert err.value.errors[f"{case_id.hex}:hired_on:{a.hex}"] == (
        "基本情况的“入职日期”各项请求记载不一致，申请人张三确认的，请写明确认的内容")
