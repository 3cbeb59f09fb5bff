"""要素确认 on the claims tab (issue 19 point 4): a clerk records each party's stance on the claim
elements, a disputed one without what the party says is refused under its cell with nothing
saved, and the stances are kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from hrss_disputes.models.enums import CasePartyRole, ElementStance, Role
from hrss_disputes.services import cases, element_positions
from hrss_disputes.services import claims as claim_service
from hrss_disputes.ui.case_view import CaseView
from hrss_disputes.ui.document_dialog import DocumentDialog
from hrss_disputes.ui.element_dialog import ElementDialog
from tests.factories import heard_case, make_user
from tests.services.test_element_positions import CLAIMS
from tests.ui.conftest import show_main_window
from tests.ui.modal import when_modal
from tests.ui.typing import type_text

SHOTS = Path("/tmp/shots19")


def test_a_clerk_records_the_parties_stances_on_the_claim_elements(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    for claim, typed in zip(ctx.call(cases.get_case, case_id=case_id).claims, CLAIMS, strict=True):
        version = ctx.call(cases.get_case, case_id=case_id).version
        ctx.call(claim_service.update_claim, case_id=case_id, expected_version=version, claim_id=claim.id, claim=typed)
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    d = ctx.call(cases.get_case, case_id=case_id)
    applicant = next(p.party.id for p in d.parties if p.role is CasePartyRole.APPLICANT)
    respondent = next(p.party.id for p in d.parties if p.role is CasePartyRole.RESPONDENT)
    n = d.claims[1].id

    window = show_main_window(qtbot, ctx)
    window.open_case(case_id)
    view: CaseView = window.tabs.currentWidget()
    view.tabs.setCurrentWidget(view.claim_page)
    assert view.elements_btn.isVisible()
    seen: list[str] = []

    def fill(dlg: ElementDialog) -> None:
        assert [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())] == [
            "基本情况", "1 劳动报酬", "2 经济补偿", "3 加班工资"]  # the common facts once, then each claim's own
        [confirm_applicant] = [b for b in dlg.tabs.widget(1).findChildren(QPushButton)
                               if b.text() == "申请人：有记载的要素均确认"]
        qtbot.mouseClick(confirm_applicant, Qt.MouseButton.LeftButton)  # what the case records of the wages
        confirmed = {k.split(":")[1] for k, c in dlg.cells.items() if c.stance.currentData() == "confirmed"}
        assert confirmed == {"period", "months", "paid"}  # not the amount claimed: no fact to admit
        [confirm_common] = [b for b in dlg.tabs.widget(0).findChildren(QPushButton)
                            if b.text() == "申请人：有记载的要素均确认"]
        qtbot.mouseClick(confirm_common, Qt.MouseButton.LeftButton)
        confirmed = {k for k, c in dlg.cells.items() if c.stance.currentData() == "confirmed"}
        assert {k.split(":")[1] for k in confirmed if k.startswith(case_id.hex)} == {"hired_on", "left_on", "monthly_wage"}
        other = dlg.cells[f"{case_id.hex}:monthly_wage:{respondent.hex}"]
        other.stance.setCurrentIndex(other.stance.findData(ElementStance.CONFIRMED.value))
        reason = dlg.cells[f"{n.hex}:reason:{respondent.hex}"]
        reason.stance.setCurrentIndex(reason.stance.findData(ElementStance.DISPUTED.value))
        dlg.resize(1366, 768)
        dlg.save()  # disputed, nothing said instead: refused under the cell, on its tab
        assert dlg.isVisible() and dlg.tabs.currentIndex() == 2
        assert reason.error.isVisible()
        seen.append(reason.error.text())
        qtbot.wait(50)
        # the message whole in its cell: as tall as its wrapped lines, inside the row
        assert reason.error.height() >= reason.error.heightForWidth(reason.error.width()), reason.error.text()
        assert reason.height() >= reason.layout().totalHeightForWidth(reason.width())
        SHOTS.mkdir(parents=True, exist_ok=True)
        dlg.grab().save(str(SHOTS / "fix5_element_refused.png"))
        assert all(r.positions == {} for c in ctx.call(element_positions.element_sheet, case_id=case_id).claims
                   for r in c.rows)
        type_text(reason.note, "申请人自行离职")
        assert not reason.error.isVisible()  # the message goes once the cell is changed
        dlg.tabs.setCurrentIndex(0)
        dlg.resize(1366, 768)
        qtbot.wait(50)
        SHOTS.mkdir(parents=True, exist_ok=True)
        dlg.grab().save(str(SHOTS / "elements_dialog.png"))
        dlg.tabs.setCurrentIndex(1)  # a claim's own elements: the amount claimed marked as no fact to admit
        qtbot.wait(50)
        dlg.grab().save(str(SHOTS / "elements_dialog_claim.png"))
        dlg.save()

    when_modal(ElementDialog, fill)
    qtbot.mouseClick(view.elements_btn, Qt.MouseButton.LeftButton)
    assert seen == ["第2项“经济补偿”的“解除或终止的原因”：被申请人肇庆市鼎盛建筑工程有限公司有争议的，请写明其主张的事实"]
    sheet = ctx.call(element_positions.element_sheet, case_id=case_id)
    wage_row = next(r for r in sheet.claims[0].rows if r.key == "monthly_wage")  # 基本情况
    assert {p: v.stance for p, v in wage_row.positions.items()} == {applicant: ElementStance.CONFIRMED,
                                                                   respondent: ElementStance.CONFIRMED}
    months = next(r for r in sheet.claims[1].rows if r.key == "months")
    assert list(months.positions) == [applicant]  # confirmed by the applicant only
    reason_row = next(r for r in sheet.claims[2].rows if r.key == "reason")
    assert reason_row.positions[respondent].note == "申请人自行离职"
    assert view.detail.version == ctx.call(cases.get_case, case_id=case_id).version  # the view shows what was saved
    view.claims.selectRow(1)
    assert "要素确认：双方确认 0 项；有争议 1 项（解除或终止的原因）；尚未确认 3 项" in view.claim_text.text()
    view.claims.selectRow(0)
    assert "要素确认：双方确认 0 项；尚未确认 4 项" in view.claim_text.text()
    assert "要素确认（基本情况，各项请求共用）：双方确认 1 项；尚未确认 3 项" in view.claim_text.text()
    window.grab().save(str(SHOTS / "elements_claims_tab.png"))

    # the 文书 tab's 要素表: its preview shows the stances just recorded (■), at laptop size
    paper = DocumentDialog(ctx, view.detail, "element_sheet", "要素表", parent=window)
    qtbot.addWidget(paper)
    paper.resize(1366, 768)
    paper.show()
    qtbot.waitExposed(paper)
    qtbot.wait(300)
    from PySide6.QtWidgets import QAbstractScrollArea

    for area in paper.pane.findChildren(QAbstractScrollArea):  # down to the first claim's table
        bar = area.verticalScrollBar()
        bar.setValue(int(bar.maximum() * 0.12))
    qtbot.wait(200)
    paper.grab().save(str(SHOTS / "elements_sheet_dialog.png"))
    paper.reject()
