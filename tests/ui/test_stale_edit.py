"""Issue 20 fix round (UI 6): a refused stale edit could never be saved (保存 was refused every
time; the only way out was 取消 → 放弃). Now the refusal shows what the other person changed, takes
their version as the new base — their values in the fields this person left alone, this person's
own typing kept where both changed, theirs named beside it — and the next 保存 goes through."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from hrss_disputes.models.enums import Cause, Role
from hrss_disputes.services import accounts, cases, offices
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.ui.case_edit import CaseEditDialog
from tests.factories import TEST_PASSWORD, arbitration_input
from tests.ui.test_case_edit import click_save

SHOTS = Path("/tmp/shots20")


def test_a_refused_stale_edit_shows_theirs_and_saves_next_time(qtbot, ctx, admin, db, app_font, monkeypatch) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, summary="原来的摘要"))
    b_id = ctx.call(accounts.create_account, username="chen", display_name="陈书记员", role=Role.CLERK,
                    office_id=admin.office_id, password=TEST_PASSWORD)
    ctx_b = ServiceContext(db, ctx.call(offices.get_actor, user_id=b_id))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    dlg = CaseEditDialog(ctx_b, ctx_b.call(cases.get_case, case_id=case_id))
    qtbot.addWidget(dlg)
    dlg.show()

    # A (李明) saves meanwhile: a new summary and a case number
    now = ctx.call(cases.get_case, case_id=case_id)
    ctx.call(cases.update_case, case_id=case_id, expected_version=now.version,
             changes={"summary": "李明改的摘要", "case_number": "肇劳人仲案字〔2026〕第5号"})
    # B changes the cause and the case number
    dlg.cause.setCurrentIndex(dlg.cause.findData(Cause.SOCIAL_INSURANCE.value))
    dlg.case_number.setText("肇劳人仲案字〔2026〕第6号")
    click_save(qtbot, dlg)
    assert dlg.isVisible() and warned and "李明" in warned[0]
    said = dlg.general_error.text()
    assert "李明" in said and "摘要" in said and "案号" in said and "肇劳人仲案字〔2026〕第5号" in said
    assert dlg.summary.toPlainText() == "李明改的摘要"  # left alone by B: theirs taken
    assert dlg.case_number.text() == "肇劳人仲案字〔2026〕第6号"  # changed by both: B's kept
    SHOTS.mkdir(parents=True, exist_ok=True)
    dlg.grab().save(str(SHOTS / "fix3_stale_edit_refused.png"))

    click_save(qtbot, dlg)  # deliberately over theirs
    assert dlg.result_detail is not None and not dlg.isVisible()
    saved = ctx.call(cases.get_case, case_id=case_id)
    assert saved.summary == "李明改的摘要" and saved.cause is Cause.SOCIAL_INSURANCE
    assert saved.case_number == "肇劳人仲案字〔2026〕第6号"
    assert len(warned) == 1
