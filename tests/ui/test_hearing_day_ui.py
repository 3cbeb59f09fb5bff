"""The hearing day's notices: listed, issued and printed or saved off the window's thread, with a
cancel that keeps what was already issued."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from hrss_disputes.models.enums import Role
from hrss_disputes.services import documents
from hrss_disputes.ui.hearing_day_dialog import HearingDayDialog, print_to, save_to_folder
from tests.factories import make_user
from tests.services.test_hearing_day import DAY, scheduled


def day_with(ctx, admin, n: int) -> list:  # noqa: ANN001
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    names = ["张三", "李四", "王五", "赵六", "钱七", "孙八"]
    return [scheduled(ctx, admin.office_id, names[i], DAY, f"第{i + 1}仲裁庭") for i in range(n)]


def issued(ctx, case_ids) -> int:  # noqa: ANN001
    return sum(len(ctx.call(documents.list_issued, case_id=c)) for c in case_ids)


def test_a_day_s_notices_are_issued_and_printed(qtbot, ctx, admin, app_font, shots, tmp_path: Path) -> None:  # noqa: ANN001
    case_ids = day_with(ctx, admin, 3)
    dlg = HearingDayDialog(ctx, day=DAY)
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 3 and "开庭 3 件，通知书已签发 0 份" in dlg.summary.text()
    dlg.show()
    dlg.grab().save(str(shots / "hearing_day_dialog.png"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "day.pdf"))
    dlg.run(print_to(printer), "打印")
    qtbot.waitUntil(lambda: dlg.batch.isFinished(), timeout=20000)
    qtbot.waitUntil(lambda: "已签发并打印 3 份" in dlg.summary.text())
    assert issued(ctx, case_ids) == 3 and len(PdfReader(str(tmp_path / "day.pdf")).pages) >= 3
    assert [dlg.table.item(r, 3).text() for r in range(3)] == ["已签发"] * 3
    dlg.run(save_to_folder(tmp_path, dlg.hearings), "保存")  # printed again: the same notices, none new
    qtbot.waitUntil(lambda: dlg.batch.isFinished(), timeout=20000)
    assert issued(ctx, case_ids) == 3 and len(list(tmp_path.glob("*开庭通知书.pdf"))) == 3


def test_cancelling_keeps_what_was_issued(qtbot, ctx, admin, app_font, tmp_path: Path) -> None:  # noqa: ANN001
    case_ids = day_with(ctx, admin, 4)
    dlg = HearingDayDialog(ctx, day=DAY)
    qtbot.addWidget(dlg)
    save = save_to_folder(tmp_path, dlg.hearings)

    def cancelled_after_two(pdfs, after_each):  # noqa: ANN001, ANN202
        def after() -> bool:  # the person presses 取消 while the second notice is being saved
            if dlg.batch.done == 1:
                dlg.batch.cancel()
            return after_each()

        save(pdfs, after)

    dlg.run(cancelled_after_two, "保存")
    qtbot.waitUntil(lambda: dlg.batch.isFinished(), timeout=20000)
    qtbot.waitUntil(lambda: "已取消" in dlg.summary.text())
    assert issued(ctx, case_ids) == 2
    assert len(list(tmp_path.glob("*.pdf"))) == issued(ctx, case_ids)


def test_no_hearings_that_day(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    dlg = HearingDayDialog(ctx, day=date(2026, 12, 25))
    qtbot.addWidget(dlg)
    assert "没有安排开庭的案件" in dlg.summary.text() and not dlg.print_btn.isEnabled()
