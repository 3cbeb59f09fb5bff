"""Issue 19 fix round: the supervisor's 待审批 dock is as tall as its rows (a few at most), so an
open case keeps most of the window at 1366×768."""

from __future__ import annotations

from pathlib import Path

from hrss_disputes.models.enums import Role
from hrss_disputes.services import approvals
from hrss_disputes.services.context import ServiceContext
from tests.ui.test_approvals_ui import _accepted_case, _sign_in_as, _staff

SHOTS = Path("/tmp/shots19")


def test_one_request_takes_a_small_dock(qtbot, ctx, admin, window) -> None:  # noqa: ANN001
    office = admin.office_id
    clerk = _staff(ctx, "wangxm", "王晓梅", Role.CLERK, office)
    _staff(ctx, "chenzr", "陈主任", Role.SUPERVISOR, office)
    case_id = _accepted_case(ctx, clerk, office, "肇劳人仲案字〔2026〕310号", "赵六")
    ServiceContext(ctx.db, clerk).call(approvals.request_approval, case_id=case_id, action="suspend",
                                       values={"ground": "6"})
    window.resize(1366, 768)
    _sign_in_as(qtbot, window, "chenzr")
    dock = window.approvals
    qtbot.waitUntil(dock.isVisible, timeout=5000)
    window.open_case(case_id)
    qtbot.wait(100)
    table = dock.queue.table
    assert table.rowCount() == 1
    assert dock.height() <= 0.25 * window.height(), (dock.height(), window.height())
    assert table.viewport().rect().contains(table.visualRect(table.model().index(0, 0)))  # the row shown whole
    assert dock.queue.approve_btn.isVisible() and dock.queue.approve_btn.height() > 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "fix5_approval_dock.png"))
