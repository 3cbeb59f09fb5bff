"""The window never shows one person another's data or stale figures: after 切换用户 every page
is made anew for the new user; 统计 is worked out again after any write through the window and
on F5."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractListModel, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabBar,
)

from hrss_disputes.models.enums import Role
from hrss_disputes.services import accounts, cases
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.services.deadline_board import start_notice
from hrss_disputes.ui.forms import select_data
from hrss_disputes.ui.login import LoginDialog
from hrss_disputes.ui.main_window import FIXED_TABS, LIST_TAB, STATS_TAB
from tests.factories import TEST_PASSWORD, act, arbitration_input, make_user
from tests.services.test_kpi import built  # noqa: F401  (the hand-built October)
from tests.ui.conftest import show_main_window
from tests.ui.modal import when_modal
from tests.ui.typing import type_text

NEW_PASSWORD = "Tiaojie9x1"


def screen_texts(window) -> set[str]:  # noqa: ANN001
    """Every text the window's widgets hold, shown or not: labels, buttons, fields, lists,
    tables, tab titles, combo entries, card titles."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    texts: set[str] = set()
    for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton) + window.findChildren(QLineEdit):
        texts.add(w.text())
    for box in window.findChildren(QGroupBox):
        texts.add(box.title())
    for combo in window.findChildren(QComboBox):
        texts.update(combo.itemText(i) for i in range(combo.count()))
    for bar in window.findChildren(QTabBar):
        texts.update(bar.tabText(i) for i in range(bar.count()))
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        root = view.rootIndex()
        for r in range(model.rowCount(root)):
            for c in range(1 if isinstance(model, QAbstractListModel) else model.columnCount(root)):
                value = model.index(r, c, root).data(Qt.ItemDataRole.DisplayRole)
                if value is not None:
                    texts.add(str(value))
    return {t for t in texts if t}


def contains(texts: set[str], needle: str) -> bool:
    return any(needle in t for t in texts)


def card_texts(page) -> list[str]:  # noqa: ANN001
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return [w.text() for box in page.cards for w in box.findChildren(QLabel) + box.findChildren(QPushButton)]


def test_switching_user_leaves_nothing_of_the_previous_user(qtbot, ctx, built, app_font, shots) -> None:  # noqa: ANN001, F811
    institute, township = built
    lead = ctx.actor  # the city institute's supervisor
    mediator = make_user(ctx, "hg_med", Role.MEDIATOR, township)
    ctx.call(accounts.change_password, user=mediator, old_password=TEST_PASSWORD, new_password=NEW_PASSWORD)
    window = show_main_window(qtbot, ctx)

    # the supervisor reads October's figures, drills into one, searches, opens a case
    window.nav.setCurrentRow(window.nav.count() - 1)
    stats = window.stats_page
    stats.year.setValue(2026)
    stats.month.setValue(10)
    assert any("33.33%" in t for t in card_texts(stats)) and stats.people.rowCount() > 0  # the month's rate
    link = next(b for b in stats.cards[1].findChildren(QPushButton) if b.text() == "3")
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert window.tabs.currentIndex() == LIST_TAB and window.list_page.figure_bar.isVisible()
    type_text(window.list_page.search, "鼎盛")
    window.list_page.status.setCurrentIndex(1)  # 未结案件
    window.open_case(window.list_page.model.row_at(0).id)
    window.board_page.refresh()
    before = screen_texts(window)
    lead_notice = window.notice_label.text()
    assert "期限已逾期" in lead_notice and window.notice_bar.isVisible()  # the red bar: the city's deadlines
    secrets = ["肇庆市劳动人事争议仲裁院", "33.33%", "仲裁结案率 分母", "统计明细", "lead（"]
    assert all(contains(before, s) for s in secrets), [s for s in secrets if not contains(before, s)]

    # 文件 → 切换用户: the township mediator signs in
    def sign_in(dlg: LoginDialog) -> None:
        dlg.username.setText("hg_med")
        type_text(dlg.password, NEW_PASSWORD)
        dlg.sign_in()

    when_modal(LoginDialog, sign_in)
    window.switch_user()
    qtbot.waitUntil(lambda: window.ctx.actor.username == "hg_med", timeout=5000)
    qtbot.wait(50)
    after = screen_texts(window)
    assert not [s for s in secrets if contains(after, s)]
    own_notice = ServiceContext(ctx.db, mediator).call(start_notice).text
    assert window.notice_label.text() == own_notice != lead_notice
    assert window.notice_bar.isVisible() == bool(own_notice)
    assert window.tabs.count() == FIXED_TABS and window.tabs.currentIndex() == LIST_TAB
    page = window.list_page
    assert page.search.text() == "" and page.status.currentIndex() == 0 and not page.figure_bar.isVisible()
    assert [page.office.itemText(i).strip() for i in range(page.office.count())] == ["全部机构", "黄岗街道劳动争议调解中心"]
    assert {page.model.row_at(i).office_name for i in range(page.model.rowCount())} == {"黄岗街道劳动争议调解中心"}

    # the mediator's own 统计: the township's figures only
    window.nav.setCurrentRow(window.nav.count() - 1)
    stats = window.stats_page
    assert window.tabs.currentIndex() == STATS_TAB
    assert [stats.office.itemText(i).strip() for i in range(stats.office.count())] == ["黄岗街道劳动争议调解中心"]
    stats.year.setValue(2026)
    stats.month.setValue(10)
    assert "100.00%" in card_texts(stats)  # M3 mediated ÷ M3 closed
    assert not contains(screen_texts(window), "33.33%")
    window.resize(1366, 768)
    qtbot.wait(100)
    window.grab().save(str(shots / "switch_user_stats.png"))

    # a write through the window: 统计 is worked out again at once
    m4 = window.ctx.call(cases.create_case, data=arbitration_input(
        township, family="mediation", procedure="grassroots", received_on=date(2026, 10, 7)))
    act(window.ctx, m4, "no_agreement", date(2026, 10, 9), reason="双方差距较大")
    qtbot.waitUntil(lambda: "50.00%" in card_texts(stats), timeout=5000)  # 1 ÷ 2

    # a write elsewhere (another computer on the same database) shows after F5
    elsewhere = ServiceContext(ctx.db, lead)
    m5 = elsewhere.call(cases.create_case, data=arbitration_input(
        township, family="mediation", procedure="grassroots", received_on=date(2026, 10, 8)))
    act(elsewhere, m5, "agreement", date(2026, 10, 10))
    qtbot.wait(50)
    assert "50.00%" in card_texts(stats)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "66.67%" in card_texts(stats), timeout=5000)  # 2 ÷ 3


def test_a_write_marks_a_hidden_statistics_page_stale(qtbot, ctx, built, app_font) -> None:  # noqa: ANN001, F811
    _, township = built
    window = show_main_window(qtbot, ctx)
    window.nav.setCurrentRow(window.nav.count() - 1)
    stats = window.stats_page
    select_data(stats.office, township)
    stats.year.setValue(2026)
    stats.month.setValue(10)
    assert "100.00%" in card_texts(stats)
    window.nav.setCurrentRow(0)  # the case list; 统计 hidden
    assert window.notice_bar.isVisible()
    window._dismiss_notice()  # closed with ×: a save does not bring it back
    m4 = window.ctx.call(cases.create_case, data=arbitration_input(
        township, family="mediation", procedure="grassroots", received_on=date(2026, 10, 7)))
    act(window.ctx, m4, "no_agreement", date(2026, 10, 9), reason="双方差距较大")
    qtbot.waitUntil(lambda: window.list_page.model.rowCount() == 9, timeout=5000)  # the list too
    assert not window.notice_bar.isVisible()
    window.nav.setCurrentRow(window.nav.count() - 1)
    qtbot.waitUntil(lambda: "50.00%" in card_texts(stats), timeout=5000)


def test_at_the_locked_window_another_user_signs_in(qtbot, ctx, built, app_font, shots) -> None:  # noqa: ANN001, F811
    """The idle lock offers 切换用户: another member of staff signs in and gets a window made
    for them; giving up goes back to the lock."""
    _, township = built
    mediator = make_user(ctx, "hg_med", Role.MEDIATOR, township)
    ctx.call(accounts.change_password, user=mediator, old_password=TEST_PASSWORD, new_password=NEW_PASSWORD)
    window = show_main_window(qtbot, ctx)
    window.nav.setCurrentRow(window.nav.count() - 1)  # the supervisor's 统计
    assert contains(screen_texts(window), "肇庆市劳动人事争议仲裁院")
    window.lock()
    switch = next(b for b in window.lock_dialog.buttons.buttons() if b.text() == "切换用户…")
    window.lock_dialog.grab().save(str(shots / "locked_switch_user.png"))

    when_modal(LoginDialog, lambda dlg: dlg.reject())  # given up: still locked
    switch.click()
    qtbot.waitUntil(lambda: window.lock_dialog is not None and window.lock_dialog.isVisible(), timeout=5000)
    assert not window.centralWidget().isVisible() and window.ctx.actor.username == "lead"

    def sign_in(dlg: LoginDialog) -> None:
        assert not dlg.username.isReadOnly()
        dlg.username.setText("hg_med")
        type_text(dlg.password, NEW_PASSWORD)
        dlg.sign_in()

    when_modal(LoginDialog, sign_in)
    next(b for b in window.lock_dialog.buttons.buttons() if b.text() == "切换用户…").click()
    qtbot.waitUntil(lambda: window.ctx.actor.username == "hg_med", timeout=5000)
    assert window.lock_dialog is None and window.centralWidget().isVisible() and not window.idle.paused
    assert window.tabs.currentIndex() == LIST_TAB
    qtbot.wait(50)
    assert not contains(screen_texts(window), "肇庆市劳动人事争议仲裁院")


def test_open_cases_show_a_change_saved_elsewhere_in_the_window(qtbot, ctx, built, app_font) -> None:  # noqa: ANN001, F811
    """A change saved through the window (a dialog, another tab) is read again by every open
    case when it is next shown, and by the one on screen at once; F5 reads the one on screen."""
    window = show_main_window(qtbot, ctx)
    first, second = (window.list_page.model.row_at(i).id for i in range(2))
    window.open_case(first)
    window.open_case(second)
    view_a, view_b = window.tabs.widget(FIXED_TABS), window.tabs.widget(FIXED_TABS + 1)
    assert window.tabs.currentWidget() is view_b
    for case_id in (first, second):
        d = window.ctx.call(cases.get_case, case_id=case_id)
        window.ctx.call(cases.update_case, case_id=case_id, expected_version=d.version, changes={"summary": "补充事实"})
    qtbot.waitUntil(lambda: view_b.detail.summary == "补充事实", timeout=5000)  # on screen: at once
    assert view_a.detail.summary != "补充事实"  # hidden: when shown
    window.tabs.setCurrentWidget(view_a)
    assert view_a.detail.summary == "补充事实"
    elsewhere = ServiceContext(ctx.db, ctx.actor)  # another computer
    d = elsewhere.call(cases.get_case, case_id=first)
    elsewhere.call(cases.update_case, case_id=first, expected_version=d.version, changes={"summary": "再次补充"})
    window.refresh_lists()  # F5 (without waiting for the window's poll, tests/ui/test_live_refresh.py)
    assert view_a.detail.summary == "再次补充"


def test_a_user_disabled_elsewhere_is_signed_out_and_their_pages_closed(qtbot, ctx, admin, built, app_font, shots) -> None:  # noqa: ANN001, F811
    """The administrator disables the signed-in supervisor at another PC: the next refresh (F5
    here) takes every page of theirs off the window and asks for another member of staff,
    without a crash dialog; the next user gets a window made for them."""
    import sys

    from hrss_disputes import crashlog
    from hrss_disputes.ui.crash_dialog import CrashReporter

    _, township = built
    mediator = make_user(ctx, "hg_med", Role.MEDIATOR, township)
    ctx.call(accounts.change_password, user=mediator, old_password=TEST_PASSWORD, new_password=NEW_PASSWORD)
    window = show_main_window(qtbot, ctx)
    lead = window.ctx.actor
    window.nav.setCurrentRow(window.nav.count() - 1)  # 统计 with the institute's figures
    assert contains(screen_texts(window), "肇庆市劳动人事争议仲裁院")
    ServiceContext(ctx.db, admin).call(accounts.set_active, user_id=lead.id, active=False)
    crashes: list[str] = []
    reporter = CrashReporter()
    reporter.show = crashes.append  # type: ignore[method-assign]
    from hrss_disputes.services.context import NoLongerAllowed

    hooks = sys.excepthook
    crashlog.install_hooks(on_crash=reporter.report, expected=(NoLongerAllowed,))  # as the window does
    seen: list[str] = []

    def sign_in(dlg: LoginDialog) -> None:
        seen.append(dlg.windowTitle() + "|" + dlg.message.text())
        assert not window.centralWidget().isVisible() and window.tabs.count() == 0
        dlg.grab().save(str(shots / "revoked_sign_in.png"))
        dlg.username.setText("hg_med")
        type_text(dlg.password, NEW_PASSWORD)
        dlg.sign_in()

    when_modal(LoginDialog, sign_in)
    try:
        window.refresh_lists()
    except Exception as e:  # noqa: BLE001 - what the event loop would hand the crash hook
        sys.excepthook(type(e), e, e.__traceback__)
    finally:
        sys.excepthook = hooks
    qtbot.waitUntil(lambda: getattr(window.ctx.actor, "username", None) == "hg_med", timeout=5000)
    assert seen and seen[0].startswith("请重新登录") and "已被管理员停用" in seen[0]
    assert crashes == []
    assert window.user_label.text() == f"当前用户：{window.ctx.actor.label}"
    assert window.centralWidget().isVisible() and window.tabs.count() >= FIXED_TABS
    qtbot.wait(50)
    assert not contains(screen_texts(window), "肇庆市劳动人事争议仲裁院")


def test_switch_user_hides_the_cases_behind_the_login(qtbot, ctx, built, app_font) -> None:  # noqa: ANN001, F811
    """The next person must not read the cases over the 切换用户 login; 返回 gives them back."""
    window = show_main_window(qtbot, ctx)
    window.nav.setCurrentRow(window.nav.count() - 1)
    seen: list[bool] = []

    def give_up(dlg: LoginDialog) -> None:
        seen.append(window.centralWidget().isVisible())
        dlg.reject()

    when_modal(LoginDialog, give_up)
    window.switch_user()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [False]
    qtbot.waitUntil(lambda: window.centralWidget().isVisible(), timeout=5000)
    assert window.ctx.actor.username == "lead"


def test_the_new_menu_offers_only_what_the_office_handles(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    """A supervisor's role registers every family, their office only some: the 新建 menu offers
    those, so nothing it offers is refused at 保存."""
    from hrss_disputes.models.enums import CaseFamily, OfficeKind
    from hrss_disputes.services import offices

    unit = ctx.call(offices.create_office, name="肇庆市劳动保障监察支队", kind=OfficeKind.INSPECTION,
                    parent_id=admin.office_id, city="肇庆", code="ZQJC")
    window = show_main_window(qtbot, ctx)
    window.become(make_user(ctx, "unit_lead", Role.SUPERVISOR, unit))
    assert [f for f, a in window.new_actions.items() if a.isVisible()] == [CaseFamily.COMPLAINT]
    window.become(make_user(ctx, "inst_lead", Role.SUPERVISOR, admin.office_id))
    assert {f for f, a in window.new_actions.items() if a.isVisible()} == {CaseFamily.MEDIATION, CaseFamily.ARBITRATION}
