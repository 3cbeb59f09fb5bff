"""The login, the locked window, the administrator's users and the audit trail, as people use them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox

from hrss_disputes.models.enums import Role
from hrss_disputes.services import accounts, cases, offices
from hrss_disputes.ui.audit_viewer import AuditViewerDialog
from hrss_disputes.ui.login import ChangePasswordDialog, LoginDialog
from hrss_disputes.ui.user_admin import NewUserDialog, ResetPasswordDialog, UserAdminDialog
from tests.factories import TEST_PASSWORD, act, arbitration_input, make_user
from tests.ui.conftest import show_main_window
from tests.ui.modal import when_modal
from tests.ui.typing import type_text


def test_login_refuses_waits_and_signs_in_after_the_first_change(qtbot, ctx, admin, app_font, shots) -> None:  # noqa: ANN001
    make_user(ctx, "chenjing", Role.MEDIATOR, admin.office_id)  # an initial password from the administrator
    dlg = LoginDialog(ctx, "/home/tiaojie/hrss_disputes.db", username="chenjing")
    qtbot.addWidget(dlg)
    dlg.resize(460, 300)
    dlg.show()
    dlg.grab().save(str(shots / "login.png"))
    QTest.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.errors._fields["password"][1].text() == "请输入密码"
    for _ in range(3):
        type_text(dlg.password, "wrong-pass1")
        dlg.sign_in()
    assert "再错 3 次将锁定账户" in dlg.message.text() and "请 5 秒后再试" in dlg.message.text()
    assert not dlg.ok_button.isEnabled() and dlg.ok_button.text().startswith("登录（")
    dlg.grab().save(str(shots / "login_refused.png"))
    dlg._wait = 1
    dlg._tick()
    assert dlg.ok_button.isEnabled() and dlg.ok_button.text() == "登录"

    ctx.call(accounts.reset_password, user_id=ctx.call(offices.find_actor, username="chenjing").id,
             new_password="Initial2026")  # lifts the wait; the next sign-in must change it

    def change(box: ChangePasswordDialog) -> None:
        box.new.setText("Tiaojie9x1")
        box.again.setText("Tiaojie8x1")
        box.save()
        assert box.errors._fields["again"][1].text() == "两次输入的新密码不一致"
        box.again.setText("Tiaojie9x1")
        box.save()

    when_modal(ChangePasswordDialog, change)
    type_text(dlg.password, "Initial2026")
    dlg.sign_in()
    assert dlg.signed_in is not None and dlg.signed_in.actor.username == "chenjing"
    assert ctx.call(accounts.authenticate, username="chenjing", password="Tiaojie9x1").must_change_password is False


def test_the_window_locks_hides_the_cases_and_unlocks_with_the_password(qtbot, ctx, admin, app_font, shots) -> None:  # noqa: ANN001
    w = show_main_window(qtbot, ctx)
    w.idle.last_input -= w.idle.minutes * 60 + 1  # as if nobody touched the laptop for that long
    w.idle.check()
    assert w.lock_dialog is not None and not w.centralWidget().isVisible() and not w.menuBar().isEnabled()
    assert w.lock_dialog.username.isReadOnly() and w.lock_dialog.username.text() == "admin"
    w.grab().save(str(shots / "locked_window.png"))
    type_text(w.lock_dialog.password, "not-it-123")
    w.lock_dialog.sign_in()
    assert w.lock_dialog is not None and "用户名或密码不正确" in w.lock_dialog.message.text()
    type_text(w.lock_dialog.password, TEST_PASSWORD)
    w.lock_dialog.sign_in()
    assert w.lock_dialog is None and w.centralWidget().isVisible() and w.menuBar().isEnabled()
    assert not w.idle.paused


def test_menus_follow_the_permission_table(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    w = show_main_window(qtbot, ctx)
    assert w.users_action.isVisible() and w.audit_action.isVisible()
    # 立即备份 copies a SQLite file; a server is backed up by its administrator's scheduled command
    assert w.backup_action.isVisible() == (ctx.db.path is not None)
    assert not w.new_actions[next(f for f in w.new_actions if f.value == "complaint")].isVisible()
    w.become(make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id))
    assert w.audit_action.isVisible() and not w.users_action.isVisible() and not w.backup_action.isVisible()
    w.become(make_user(ctx, "med", Role.MEDIATOR, admin.office_id))
    assert not w.settings_menu.menuAction().isVisible()
    assert [f.value for f, a in w.new_actions.items() if a.isVisible()] == ["mediation"]


def test_the_administrator_creates_resets_and_disables_users(qtbot, ctx, admin, app_font, shots) -> None:  # noqa: ANN001
    make_user(ctx, "wangfang", Role.ARBITRATOR, admin.office_id)
    dlg = UserAdminDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.resize(1000, 560)
    dlg.show()

    def fill(new: NewUserDialog) -> None:
        new.save()
        assert new.errors._fields["username"][1].text() == "请填写用户名"
        type_text(new.display_name, "陈静")
        type_text(new.username, "chenjing")
        new.role.setCurrentIndex([r for r, _ in Role.choices()].index("mediator"))
        new.password.setText("abc")
        new.save()
        assert new.errors._fields["password"][1].text() == "密码至少 8 位"
        new.password.setText("Welcome2026")
        new.save()

    when_modal(NewUserDialog, fill)
    dlg.new_user()
    names = [dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount())]
    assert "陈静" in names
    row = names.index("wangfang")
    dlg.table.selectRow(row)
    QTest.mouseClick(dlg.toggle_button, Qt.MouseButton.LeftButton)
    assert dlg.table.item(row, 4).text() == "已停用"
    dlg.table.selectRow(names.index("李明"))
    assert not dlg.toggle_button.isEnabled()  # not oneself
    dlg.table.selectRow(names.index("陈静"))

    def reset(box: ResetPasswordDialog) -> None:
        box.password.setText("Another2026")
        box.save()

    when_modal(ResetPasswordDialog, reset)
    when_modal(QMessageBox, lambda m: m.accept())
    dlg.reset_password()
    assert ctx.call(accounts.authenticate, username="chenjing", password="Another2026",
                    changes_password_now=True).must_change_password
    dlg.idle.setValue(5)
    dlg.save_idle()
    assert ctx.call(accounts.idle_lock_minutes) == 5
    dlg.table.clearSelection()
    dlg.grab().save(str(shots / "user_admin.png"))


def test_the_supervisor_reads_the_trail_by_case_and_checks_the_chain(qtbot, ctx, admin, db, app_font, shots) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "王芳", Role.ARBITRATOR, admin.office_id)
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, case_number="肇劳人仲案字〔2026〕88号"))
    act(ctx, case_id, "accept", date(2026, 11, 3))
    other = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, case_number="肇劳人仲案字〔2026〕89号"))
    d = ctx.call(cases.get_case, case_id=other)
    ctx.call(cases.update_case, case_id=other, expected_version=d.version, changes={"summary": "加班费争议"})
    ctx.actor = make_user(ctx, "黄国强", Role.SUPERVISOR, admin.office_id)
    dlg = AuditViewerDialog(ctx, today=date.today())
    qtbot.addWidget(dlg)
    dlg.resize(1366, 700)
    dlg.show()
    assert dlg.table.rowCount() > 6
    type_text(dlg.case_number, "肇劳人仲案字〔2026〕88号")
    QTest.mouseClick(dlg.search, Qt.MouseButton.LeftButton)
    assert [dlg.table.item(r, 4).text() for r in range(dlg.table.rowCount())] == ["受理", "新建"]
    assert {dlg.table.item(r, 2).text() for r in range(dlg.table.rowCount())} == {"王芳"}
    dlg.case_number.clear()
    dlg.user.setCurrentIndex(dlg.user.findText("王芳", Qt.MatchFlag.MatchStartsWith))
    QTest.mouseClick(dlg.search, Qt.MouseButton.LeftButton)
    assert dlg.table.rowCount() == 6 and "共 6 条" in dlg.count.text()  # 2 parties, 2 cases, 受理, 修改
    dlg.user.setCurrentIndex(0)
    QTest.mouseClick(dlg.search, Qt.MouseButton.LeftButton)
    QTest.mouseClick(dlg.verify_button, Qt.MouseButton.LeftButton)
    assert dlg.result.text().startswith("审计链完整")
    dlg.grab().save(str(shots / "audit_viewer.png"))
    from tests.ui.tamper import tamper

    tamper(db, "UPDATE audit_entry SET after = '{}' WHERE seq = 5", unguard=("audit_entry",))
    QTest.mouseClick(dlg.verify_button, Qt.MouseButton.LeftButton)
    assert "审计链校验失败" in dlg.result.text() and "第 5 条" in dlg.result.text()
    dlg.grab().save(str(shots / "audit_viewer_broken.png"))


def test_new_case_opens_a_form_the_role_may_register(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    """Ctrl+N with no family chosen opens the family of the list being looked at when the role
    registers it, else the first family the role registers."""
    from hrss_disputes.ui.complaint_intake import ComplaintIntakeDialog
    from hrss_disputes.ui.new_case_dialog import NewCaseDialog

    w = show_main_window(qtbot, ctx)
    opened: list[object] = []

    def note(dlg) -> None:  # noqa: ANN001
        opened.append(dlg)
        dlg.reject()

    w.become(make_user(ctx, "insp", Role.INSPECTOR, admin.office_id))
    when_modal(QDialog, note)  # whichever form opens is noted and closed
    w.new_action.trigger()
    assert len(opened) == 1 and isinstance(opened[0], ComplaintIntakeDialog)
    w.become(make_user(ctx, "med", Role.MEDIATOR, admin.office_id))
    when_modal(QDialog, note)
    w.new_action.trigger()
    assert isinstance(opened[-1], NewCaseDialog) and opened[-1].family.currentData() == "mediation"
    arbitration_row = next(r for r in range(w.nav.count()) if w.nav.item(r).data(Qt.ItemDataRole.UserRole) == "arbitration")
    w.nav.setCurrentRow(arbitration_row)  # a mediator looking at the arbitration list still gets mediation
    when_modal(QDialog, note)
    w.new_action.trigger()
    assert isinstance(opened[-1], NewCaseDialog) and opened[-1].family.currentData() == "mediation"
    w.become(make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id))  # registers every family
    assert w.nav.currentRow() == 0  # a new user starts on 全部案件
    w.nav.setCurrentRow(arbitration_row)
    when_modal(QDialog, note)
    w.new_action.trigger()
    assert isinstance(opened[-1], NewCaseDialog) and opened[-1].family.currentData() == "arbitration"
    assert w.new_action.isEnabled()


def test_a_user_disabled_while_signed_in_is_stopped_at_the_next_click(qtbot, ctx, admin, db) -> None:  # noqa: ANN001
    """The window keeps who signed in; the administrator disabling them elsewhere stops the next
    service call, with the reason, and nothing is written."""
    from hrss_disputes.services.context import ServiceContext
    from hrss_disputes.ui.case_edit import ActionDialog

    arb = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    ctx.actor = arb
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    w = show_main_window(qtbot, ctx)
    w.open_case(case_id)
    view = w.tabs.currentWidget()
    ServiceContext(db, admin).call(accounts.set_active, user_id=arb.id, active=False)  # at the administrator's PC
    said: list[str] = []

    def accept(dlg: ActionDialog) -> None:
        when_modal(QMessageBox, lambda box: (said.append(box.text()), box.accept()))
        dlg.save()
        dlg.reject()

    when_modal(ActionDialog, accept)
    # the 受理 form lists its 承办人 from the services: refused as it opens, or at 保存
    when_modal(QMessageBox, lambda box: (said.append(box.text()), box.accept()))
    QTest.mouseClick(view.action_buttons["accept"], Qt.MouseButton.LeftButton)
    assert said and "已被管理员停用" in said[0]
    assert ServiceContext(db, admin).call(cases.get_case, case_id=case_id).accepted_on is None
