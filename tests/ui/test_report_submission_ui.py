"""统计 → 上报 (issue 18.11): the institute's head submits October after a confirmation that says it
cannot be undone; a referral recorded afterwards moves M5's closing into November, and the page
still shows October as submitted, with the differences panel naming M5 and why. The months and
cases are those of tests/services/test_report_submissions.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QPushButton

from hrss_disputes.models.enums import Role
from tests.factories import act, make_user
from tests.services.test_kpi import built, ledger  # noqa: F401  (the hand-built October)
from tests.services.test_report_submissions import october  # noqa: F401
from tests.ui.conftest import show_stats
from tests.ui.modal import when_modal

SHOTS18 = Path("/tmp/shots18")


def test_a_supervisor_submits_october_and_sees_what_changed_since(qtbot, ctx, october, app_font) -> None:  # noqa: ANN001, F811
    _, m5 = october
    window, page = show_stats(qtbot, ctx)
    assert page.submit_btn.isVisible() and not page.submission.isVisible()
    assert not page.left_tabs.isTabVisible(0)
    said = []

    def confirm(box: QMessageBox) -> None:
        said.append(box.text())
        next(b for b in box.buttons() if b.text() == "确认上报").click()

    when_modal(QMessageBox, confirm)
    page.submit_btn.click()
    assert "不能撤回" in said[0] and "2026年10月" in said[0]
    assert not page.submit_btn.isVisible()
    assert page.submission.isVisible() and "由 lead 上报（审计链 #" in page.submission.text()
    assert "上报后本月数字没有变化" in page.submission.text() and not page.left_tabs.isTabVisible(0)

    act(ctx, m5, "refer_to_arbitration", date(2026, 11, 5))  # M5's closing moves into November
    page.reload()
    mediation = page.cards[0]
    links = [b.text() for b in mediation.findChildren(QPushButton)]
    assert links[:2] == ["3", "5"]  # 本月 3 ÷ 5 as submitted, not 3 ÷ 4
    assert page.left_tabs.currentWidget() is page.diff_box and "见“上报后的变化”" in page.submission.text()
    rows = {page.diffs.item(r, 0).text(): [page.diffs.item(r, c).text() for c in (1, 2, 3)]
            for r in range(page.diffs.rowCount())}
    assert rows["调解成功率（本月）"][:2] == ["60.00%", "75.00%"]
    before, now, why = rows["调解成功率 分母（本月）"]
    assert (before, now) == ("5", "4") and why.startswith("离开：") and "11月5日 转仲裁/移送（lead 记录）" in why
    assert "结案日期10月28日→11月5日" in why
    assert page.current_box.isVisible()
    window.resize(1366, 768)
    qtbot.wait(200)
    SHOTS18.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS18 / "point11_frozen_month.png"))


def test_roles_that_cannot_submit_have_no_submit_button(qtbot, ctx, october, admin) -> None:  # noqa: ANN001, F811
    institute, _ = october
    for role in (Role.CLERK, Role.MEDIATOR, Role.ARBITRATOR):
        ctx.actor = make_user(ctx, f"u_{role.value}", role, institute)
        window, page = show_stats(qtbot, ctx)
        assert page.submit_btn.isHidden(), role
        window.close()
    ctx.actor = admin
    window, page = show_stats(qtbot, ctx)
    assert page.submit_btn.isHidden()


def test_a_submission_changed_in_the_database_is_shown_with_a_warning(qtbot, ctx, october) -> None:  # noqa: ANN001, F811
    from hrss_disputes.services import report_submissions
    from tests.services.test_report_submissions import OCTOBER, SUBMITTED_ON
    from tests.ui.tamper import tamper

    institute, _ = october
    ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=SUBMITTED_ON)
    # someone with raw access (a SQLite shell, the server's superuser): the guard off, a figure rewritten
    tamper(ctx.db, "UPDATE report_submission SET report = replace(report, '60.00%', '80.00%')",
           unguard=("report_submission",))
    _, page = show_stats(qtbot, ctx)
    assert page.submission.isVisible() and page.submission.text().startswith("⚠ 上报内容与上报时记录的哈希不符")
    assert "c62828" in page.submission.styleSheet()


def test_an_unreadable_or_deleted_submission_is_warned_in_red_over_the_current_figures(  # noqa: PLR0913
        qtbot, ctx, october, app_font) -> None:  # noqa: ANN001, F811
    """Attack review of issue 18, finding 8: a stored report that cannot be read, or a row deleted
    while the audit chain says the month was submitted, is said in red above the current figures
    (never 程序内部错误), and the month cannot be submitted again."""
    from hrss_disputes.services import report_submissions
    from tests.services.test_report_submissions import OCTOBER, SUBMITTED_ON
    from tests.ui.tamper import tamper

    institute, _ = october
    ctx.call(report_submissions.submit, office_id=institute, period=OCTOBER, today=SUBMITTED_ON)
    tamper(ctx.db, "UPDATE report_submission SET report = 'garbage'", unguard=("report_submission",))
    window, page = show_stats(qtbot, ctx)
    assert page.submission.isVisible() and page.submission.text().startswith("⚠ 上报报表无法读取")
    assert "以下为当前数据（未上报）" in page.submission.text() and "c62828" in page.submission.styleSheet()
    qtbot.wait(10)  # the cards' old links deleted
    assert page.submit_btn.isHidden() and [b.text() for b in page.cards[0].findChildren(QPushButton)][:2] == ["3", "5"]
    tamper(ctx.db, "DELETE FROM report_submission", unguard=("report_submission",))
    page.reload()
    assert page.submission.text().startswith("⚠ 上报记录已被删除") and page.submit_btn.isHidden()
    window.resize(1366, 768)
    qtbot.wait(200)
    SHOTS18.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS18 / "attack8_deleted_submission.png"))


def test_the_submit_button_shows_only_to_who_may_submit_that_office(qtbot, ctx, october) -> None:  # noqa: ANN001, F811
    """L6: the institute's head is not offered 上报 for an inspection unit (its supervisors take no
    complaint steps), nor for a centre with a head of its own."""
    from hrss_disputes.models.enums import OfficeKind
    from hrss_disputes.services import offices

    unit = next(o for o in ctx.call(offices.list_offices) if o.kind is OfficeKind.INSPECTION)
    _, page = show_stats(qtbot, ctx)
    assert page.submit_btn.isVisible()
    page.office.setCurrentIndex(next(i for i in range(page.office.count()) if page.office.itemData(i) == unit.id))
    assert page.office.currentText().strip() == "肇庆市劳动保障监察支队" and page.submit_btn.isHidden()
