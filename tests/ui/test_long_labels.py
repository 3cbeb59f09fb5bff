"""Issue 19 fix round: no cut-off form labels at 1366×768 — a step's long label keeps its （…） note
under the field (申请延期的当事人 / 仲裁委员会依职权决定的不选), so every label is shown whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFormLayout, QLabel

from hrss_disputes.domain.workflows import find_action
from hrss_disputes.models.enums import Procedure
from hrss_disputes.services import cases
from hrss_disputes.ui.case_edit import ActionDialog, split_label
from tests.factories import arbitration_input

SHOTS = Path("/tmp/shots19")


@pytest.mark.parametrize(("text", "parts"), [
    ("申请延期的当事人（仲裁委员会依职权决定的不选）", ("申请延期的当事人", "仲裁委员会依职权决定的不选")),
    ("接替人员（决定回避时选择）", ("接替人员", "决定回避时选择")),
    ("理由", ("理由", "")),
    ("开庭地点", ("开庭地点", "")),
])
def test_a_long_label_keeps_its_note_under_the_field(text: str, parts: tuple[str, str]) -> None:
    assert split_label(text) == parts


@pytest.mark.parametrize("key", ["postpone_hearing", "decide_recusal"])
def test_every_label_of_the_step_is_shown_whole(qtbot, ctx, admin, app_font, key: str) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, received_on=date.today()))
    dlg = ActionDialog(ctx, ctx.call(cases.get_case, case_id=case_id), find_action(Procedure.ORDINARY, key))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    form: QFormLayout = dlg.form
    labels = [form.itemAt(r, QFormLayout.ItemRole.LabelRole).widget() for r in range(form.rowCount())
              if form.itemAt(r, QFormLayout.ItemRole.LabelRole) is not None]
    for label in labels:
        assert isinstance(label, QLabel)
        assert "（" not in label.text() or len(label.text()) <= 8, label.text()
        assert label.width() >= label.sizeHint().width(), label.text()
    assert label.width() < dlg.width() / 3  # the fields keep most of the width
    notes = [w.text() for w in dlg.findChildren(QLabel) if w.isVisible()]
    assert any(n in notes for n in ("仲裁委员会依职权决定的不选", "决定回避时选择"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    dlg.grab().save(str(SHOTS / f"fix5_{key}.png"))
