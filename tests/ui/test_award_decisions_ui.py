"""The tribunal decides each claim on the claims tab (支持 / 部分支持 with the amount / 驳回 with the
reason), and the award dialog shows each decision and keeps 签发 disabled, saying which item is
still undecided (LDMAF Art 46; issue 18 point 5)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QToolTip

from hrss_disputes.models.enums import ClaimDecision, Role
from hrss_disputes.services import cases, documents
from hrss_disputes.ui.case_view import DECISION_COLUMN, CaseView
from hrss_disputes.ui.claim_decision_dialog import ClaimDecisionDialog
from hrss_disputes.ui.claim_dialog import ClaimDialog
from hrss_disputes.ui.document_dialog import DocumentDialog
from tests.factories import decide, heard_case, make_user
from tests.pdf import text_of
from tests.ui.conftest import show_main_window
from tests.ui.modal import when_modal
from tests.ui.test_documents_ui import answer_yes, issued_count
from tests.ui.typing import type_text

SHOTS18 = Path("/tmp/shots18")
UNDECIDED = "第2项“经济补偿”尚未作出裁决：请在请求事项中选择支持、部分支持或驳回"


def test_the_tribunal_decides_a_claim_on_the_claims_tab(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    window = show_main_window(qtbot, ctx)
    window.open_case(case_id)
    view: CaseView = window.tabs.currentWidget()
    view.tabs.setCurrentWidget(view.claim_page)
    assert view.claims.horizontalHeaderItem(DECISION_COLUMN).text() == "裁决结果"
    assert [view.claims.item(r, DECISION_COLUMN).text() for r in range(3)] == ["尚未裁决"] * 3
    assert view.decide_btn.isVisible()

    def partly(dlg: ClaimDecisionDialog) -> None:
        assert dlg.decision() is None  # nothing chosen for the tribunal
        dlg.buttons[ClaimDecision.SUPPORTED].click()
        assert dlg.amount.text() == "36000.00" and not dlg.amount.isEnabled()  # the claim, shown
        dlg.buttons[ClaimDecision.PARTIAL].click()
        assert dlg.amount.text() == "" and dlg.amount.isEnabled()
        dlg.save()
        label = dlg.errors._fields["amount"][1]
        assert label.isVisible() and label.text() == "部分支持的，请填写裁决支付的金额"
        type_text(dlg.amount, "20000")
        dlg.save()

    view.claims.selectRow(1)
    when_modal(ClaimDecisionDialog, partly)
    qtbot.mouseClick(view.decide_btn, Qt.MouseButton.LeftButton)
    assert view.claims.item(1, DECISION_COLUMN).text() == "部分支持 20,000.00元"
    assert view.claims.item(1, 3).text() == "20,000.00"
    view._explain_claim(1)
    assert "裁决结果：部分支持 20,000.00元" in view.claim_text.text()

    def rejected(dlg: ClaimDecisionDialog) -> None:
        dlg.buttons[ClaimDecision.REJECTED].click()
        dlg.save()
        assert dlg.errors._fields["reason"][1].text().startswith("驳回的，请填写驳回理由")
        dlg.reason.setPlainText("申请人未能举证证明加班事实")
        dlg.save()

    when_modal(ClaimDecisionDialog, rejected)
    view.decide_claim(2)
    assert view.claims.item(2, DECISION_COLUMN).text() == "驳回：申请人未能举证证明加班事实"


def test_a_clerk_is_not_offered_the_decision(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    assert not view.decide_btn.isVisibleTo(view)


def test_a_clerk_does_not_decide_by_a_double_click_nor_type_the_amount(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    """Review of issue 18, finding 3: a clerk's double click on 裁决结果 says who decides instead of
    opening the claim editor, and the editor shows 调解/裁决金额 read-only with why."""
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.tabs.setCurrentWidget(view.claim_page)
    opened: list[object] = []

    def close_any() -> None:
        if (dlg := QApplication.activeModalWidget()) is not None:
            opened.append(dlg)
            dlg.reject()

    QTimer.singleShot(300, close_any)
    rect = view.claims.visualItemRect(view.claims.item(0, DECISION_COLUMN))
    qtbot.mouseClick(view.claims.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.claims.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "由仲裁庭确定" in QToolTip.text() and "书记员不能" in QToolTip.text()
    qtbot.wait(400)
    assert opened == []
    assert "书记员不能" in view.claims.item(0, DECISION_COLUMN).toolTip()

    def look(dlg: ClaimDialog) -> None:
        assert dlg.resolved.isReadOnly() and "由仲裁庭确定" in dlg.resolved_why.text() and dlg.resolved_why.isVisible()
        assert dlg.amount.isEnabled() and not dlg.amount.isReadOnly()
        dlg.grab().save(str(SHOTS18 / "ui_fix_clerk_claim_dialog.png"))
        dlg.reject()

    SHOTS18.mkdir(parents=True, exist_ok=True)
    when_modal(ClaimDialog, look)
    rect = view.claims.visualItemRect(view.claims.item(0, 0))
    qtbot.mouseClick(view.claims.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.claims.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_decision_is_not_offered_after_the_award(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    """Review of issue 18, finding 6: the award holds the decisions; the claims tab no longer offers
    裁决结果 (a written or calculation error is corrected by 补正)."""
    from datetime import date

    from tests.factories import act, award_amounts

    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "36000", "3000"])
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    assert view.decide_btn.isVisibleTo(view)
    act(ctx, case_id, "award", date(2026, 11, 10))
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    assert not view.decide_btn.isVisibleTo(view)


def test_the_award_dialog_refuses_an_undecided_item_until_it_is_decided(qtbot, ctx, admin, app_font,  # noqa: ANN001
                                                                        tmp_path) -> None:
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    decide(ctx, case_id, [("supported", None, ""), None, ("rejected", None, "申请人未能举证证明加班事实")])
    dlg = DocumentDialog(ctx, ctx.call(cases.get_case, case_id=case_id), "award", "仲裁裁决书")
    qtbot.addWidget(dlg)
    dlg.resize(1366, 768)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.pane.document is not None and dlg.pane.document.pageCount() >= 1)
    assert not dlg.issue_btn.isEnabled() and dlg.issue_btn.toolTip() == UNDECIDED
    assert dlg.not_ready.isVisible() and dlg.not_ready.text() == UNDECIDED
    shown = dlg.decisions.text()
    assert "1．劳动报酬（工资）：支持 12,000.50元" in shown and "2．经济补偿：" in shown and "尚未裁决" in shown
    assert "3．加班工资：驳回：申请人未能举证证明加班事实" in shown
    qtbot.wait(800)
    SHOTS18.mkdir(parents=True, exist_ok=True)
    dlg.grab().save(str(SHOTS18 / "point5_award_refused.png"))
    dlg.close()

    decide(ctx, case_id, [None, ("partial", "20000", "经济补偿按实际工作年限计算"), None])
    dlg = DocumentDialog(ctx, ctx.call(cases.get_case, case_id=case_id), "award", "仲裁裁决书")
    qtbot.addWidget(dlg)
    dlg.resize(1366, 768)
    dlg.show()
    assert dlg.issue_btn.isEnabled() and not dlg.not_ready.isVisible()
    dlg.writings["事实与理由及被申请人答辩"].setPlainText("申请人称被申请人拖欠工资并违法解除劳动合同；被申请人未答辩。")
    dlg.writings["本委查明"].setPlainText("申请人于2024年3月入职被申请人处，月工资4,000元，2026年9月30日离职。")
    dlg.writings["本委认为"].setPlainText("被申请人应当足额支付劳动报酬。")
    answer_yes()
    qtbot.mouseClick(dlg.issue_btn, Qt.MouseButton.LeftButton)
    assert issued_count(ctx) == 1 and [d.final for d in dlg.issued] == [True]  # each item within 12 × 1,720
    pdf = ctx.call(documents.issued_pdf, document_id=dlg.issued[0].id)
    body = text_of(pdf)
    for line in ("于2026年11月5日公开开庭进行了审理", "支付经济补偿人民币20,000.00元",
                 "驳回申请人关于加班工资的仲裁请求", "本委不予支持"):
        assert line in body, line
    (tmp_path / "award.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "2", "-l", "2", "-singlefile", str(tmp_path / "award.pdf"),
                    str(SHOTS18 / "point5_award_pdf")], check=True)
