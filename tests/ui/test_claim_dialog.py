"""An arbitrator enters a claim by its elements: the proposal appears as they type, a blank
amount takes it, a correction overrides it, and the claims tab says final or not and why."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from hrss_disputes.models.enums import ClaimType, Role
from hrss_disputes.services import cases
from hrss_disputes.ui.case_view import CaseView
from hrss_disputes.ui.claim_dialog import ClaimDialog
from tests.factories import arbitration_input, make_user
from tests.ui.modal import when_modal
from tests.ui.typing import type_text


def save(qtbot, dlg) -> None:  # noqa: ANN001
    qtbot.mouseClick(dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def arbitrator_view(qtbot, ctx, admin) -> CaseView:  # noqa: ANN001
    """An arbitrator's view of a new case with one wage claim."""
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.resize(1236, 700)
    view.show()
    return view


def test_claim_by_elements_proposal_override_and_finality(qtbot, ctx, admin, app_font, shots) -> None:  # noqa: ANN001
    view = arbitrator_view(qtbot, ctx, admin)

    def fill(dlg: ClaimDialog) -> None:
        dlg.claim_type.setCurrentIndex(dlg.claim_type.findData(ClaimType.ECONOMIC_COMPENSATION.value))
        assert list(dlg.inputs) == ["start", "end", "monthly_wage"]
        type_text(dlg.inputs["start"], "2019-03-01")
        type_text(dlg.inputs["end"], "2024-08-31")
        type_text(dlg.inputs["monthly_wage"], "6OOO")  # letter O typed for zero
        dlg.recalculate()
        assert dlg.errors._fields["elements.monthly_wage"][1].text() == "离职前十二个月平均工资（元）应为数字"
        dlg.inputs["monthly_wage"].clear()
        type_text(dlg.inputs["monthly_wage"], "6000")
        qtbot.waitUntil(lambda: "测算金额：36,000.00 元" in dlg.result.text())
        assert "5年6个月0天" in dlg.result.text() and "未核对三倍封顶" in dlg.result.text()
        dlg.resize(900, 640)
        dlg.grab().save(str(shots / "claim_dialog.png"))
        save(qtbot, dlg)

    when_modal(ClaimDialog, fill)
    qtbot.mouseClick(view.claim_btn, Qt.MouseButton.LeftButton)
    claim = view.detail.claims[-1]
    assert (claim.amount_claimed, claim.amount_proposed) == (Decimal("36000.00"), Decimal("36000.00"))
    assert view.claims.item(1, 2).text() == "36,000.00"
    # 36,000 claimed > 12 × 1,720 = 20,640: not final (forecast on the amount claimed)
    assert view.claims.item(1, 5).text() == "非终局" and view.claims.item(0, 5).text() == "终局"

    def correct(dlg: ClaimDialog) -> None:
        assert dlg.inputs["monthly_wage"].text() == "6000" and dlg.amount.text() == ""
        type_text(dlg.amount, "35000")
        type_text(dlg.resolved, "20000")
        save(qtbot, dlg)

    when_modal(ClaimDialog, correct)
    rect = view.claims.visualItemRect(view.claims.item(1, 0))
    view.tabs.setCurrentIndex(2)
    qtbot.mouseClick(view.claims.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.claims.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    claim = view.detail.claims[-1]
    assert (claim.amount_claimed, claim.amount_proposed, claim.amount_resolved) == (
        Decimal("35000.00"), Decimal("36000.00"), Decimal("20000.00"))
    view.claims.selectRow(1)
    assert "已调整为 35,000.00 元" in view.claim_text.text()
    assert "部分事项终局、部分非终局" in view.claim_text.text()
    view.grab().save(str(shots / "case_view_claims.png"))


def test_a_claim_without_a_formula_asks_for_its_elements(qtbot, ctx, admin, app_font, shots) -> None:  # noqa: ANN001
    view = arbitrator_view(qtbot, ctx, admin)

    def fill(dlg: ClaimDialog) -> None:
        dlg.claim_type.setCurrentIndex(dlg.claim_type.findData(ClaimType.CONFIRM_RELATIONSHIP.value))
        assert dlg.elements_box.title() == "请求要素" and not dlg.use_proposal.isVisible()
        assert list(dlg.inputs) == ["start", "end", "position", "pay_method", "contract", "evidence"]
        type_text(dlg.inputs["start"], "2024-03-01")
        save(qtbot, dlg)  # the position is required
        assert dlg.isVisible() and dlg.errors._fields["elements.position"][1].text() == "请填写工作岗位"
        type_text(dlg.inputs["position"], "钢筋工")
        contract = dlg.inputs["contract"]
        contract.setCurrentIndex(contract.findData("未订立"))
        type_text(dlg.inputs["evidence"], "工牌、工作群聊天记录")
        dlg.resize(900, 600)
        dlg.grab().save(str(shots / "claim_dialog_descriptive.png"))
        save(qtbot, dlg)

    when_modal(ClaimDialog, fill)
    qtbot.mouseClick(view.claim_btn, Qt.MouseButton.LeftButton)
    claim = view.detail.claims[-1]
    assert claim.elements == {"start": "2024-03-01", "position": "钢筋工", "contract": "未订立",
                              "evidence": "工牌、工作群聊天记录"}
    view.tabs.setCurrentIndex(2)
    view.claims.selectRow(1)
    assert "要素：用工起始日期 2024-03-01；工作岗位 钢筋工；书面劳动合同 未订立" in view.claim_text.text()


def test_annual_leave_asks_for_the_joining_date_and_pro_rates_from_it(qtbot, ctx, admin, app_font,  # noqa: ANN001
                                                                       shots) -> None:  # noqa: ANN001
    """企业职工带薪年休假实施办法第十二条: a worker who joined on 2025-03-01 and left on 2025-09-30 is
    owed 214 ÷ 365 × 10 − 1 = 4.86 → 4 days × 400 = 1,600 (not 273 days from 1 January)."""
    view = arbitrator_view(qtbot, ctx, admin)

    def fill(dlg: ClaimDialog) -> None:
        dlg.claim_type.setCurrentIndex(dlg.claim_type.findData(ClaimType.ANNUAL_LEAVE.value))
        assert "hired_on" in dlg.inputs
        for key, text in (("service_years", "12"), ("hired_on", "2025-03-01"), ("monthly_wage", "4350"),
                          ("until", "2025-09-30"), ("days_taken", "1")):
            type_text(dlg.inputs[key], text)
        qtbot.waitUntil(lambda: "测算金额：1,600.00 元" in dlg.result.text())
        assert "当年在本单位已过 214 天" in dlg.result.text()
        dlg.resize(1000, 680)
        dlg.grab().save(str(shots / "claim_dialog_annual_leave.png"))
        save(qtbot, dlg)

    when_modal(ClaimDialog, fill)
    qtbot.mouseClick(view.claim_btn, Qt.MouseButton.LeftButton)
    assert view.detail.claims[-1].amount_claimed == Decimal("1600.00")


def test_n_and_2n_awarded_together_need_the_tribunal_s_finding(qtbot, ctx, admin, app_font,  # noqa: ANN001
                                                               shots) -> None:  # noqa: ANN001
    """劳动合同法实施条例第二十五条: with 经济补偿 awarded, a 赔偿金 award is refused at 调解/裁决金额
    until the tribunal ticks that it concerns another termination."""
    from hrss_disputes.domain.claims import SEPARATE_TERMINATION_LABEL

    view = arbitrator_view(qtbot, ctx, admin)

    def economic(dlg: ClaimDialog) -> None:
        dlg.claim_type.setCurrentIndex(dlg.claim_type.findData(ClaimType.ECONOMIC_COMPENSATION.value))
        assert dlg.separate.isVisible() and dlg.separate.text() == SEPARATE_TERMINATION_LABEL
        type_text(dlg.amount, "12000")
        type_text(dlg.resolved, "12000")
        save(qtbot, dlg)

    when_modal(ClaimDialog, economic)
    qtbot.mouseClick(view.claim_btn, Qt.MouseButton.LeftButton)

    def damages(dlg: ClaimDialog) -> None:
        dlg.claim_type.setCurrentIndex(dlg.claim_type.findData(ClaimType.WAGES.value))
        assert not dlg.separate.isVisible()  # only 经济补偿 and 赔偿金 carry the finding
        dlg.claim_type.setCurrentIndex(dlg.claim_type.findData(ClaimType.DAMAGES.value))
        type_text(dlg.amount, "24000")
        type_text(dlg.resolved, "24000")
        save(qtbot, dlg)
        assert dlg.isVisible()
        assert "劳动合同法实施条例第二十五条" in dlg.errors._fields["amount_resolved"][1].text()
        dlg.resize(1000, 720)
        dlg.grab().save(str(shots / "claim_dialog_n_and_2n.png"))
        dlg.separate.setChecked(True)
        save(qtbot, dlg)

    when_modal(ClaimDialog, damages)
    qtbot.mouseClick(view.claim_btn, Qt.MouseButton.LeftButton)
    claim = view.detail.claims[-1]
    assert claim.separate_termination and claim.amount_resolved == Decimal("24000.00")
    view.tabs.setCurrentIndex(2)
    view.claims.selectRow(2)
    assert SEPARATE_TERMINATION_LABEL in view.claim_text.text()
