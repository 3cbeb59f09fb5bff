"""The tribunal's people in the window: a clerk chooses a three-member tribunal and herself as
clerk in the real 组成仲裁庭 dialog (a duplicate refused at the field first), the case view shows
the tribunal, clerk and next hearing; the institute's head keeps the register in 仲裁员名册."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from hrss_disputes.models.enums import PlaceKind, Role
from hrss_disputes.models.tribunal import Hearing, HearingPlace
from hrss_disputes.services import cases, tribunal, workflow
from hrss_disputes.services.tribunal import ArbitratorInput
from hrss_disputes.ui.arbitrators_dialog import ArbitratorsDialog
from hrss_disputes.ui.case_edit import ActionDialog
from hrss_disputes.ui.case_view import CaseView
from hrss_disputes.ui.tribunal_picker import THREE, TribunalPicker
from tests.factories import arbitration_input, make_user
from tests.ui.modal import when_modal

SHOTS = Path("/tmp/shots19")


def _pick(box, name: str) -> None:  # noqa: ANN001
    box.setCurrentIndex(next(i for i in range(box.count()) if box.itemText(i).startswith(name)))


def _save(qtbot, dlg) -> None:  # noqa: ANN001
    save = dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def test_a_clerk_chooses_a_three_member_tribunal(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    boss = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    chen = make_user(ctx, "chen", Role.ARBITRATOR, admin.office_id)
    clerk = make_user(ctx, "lin", Role.CLERK, admin.office_id)
    ctx.call(tribunal.save_arbitrator, user=boss, office_id=admin.office_id,
             data=ArbitratorInput("", "full_time", user_id=chen.id))
    for name, job in (("周志明", "律师"), ("吴静", "市总工会"), ("郑国华", "企业联合会")):
        ctx.call(tribunal.save_arbitrator, user=boss, office_id=admin.office_id,
                 data=ArbitratorInput(name, "part_time", profession=job))
    today = date.today()
    ctx.actor = clerk
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, received_on=today - timedelta(days=3)))
    ctx.call(workflow.perform_action, case_id=case_id, expected_version=1, action="accept",
             occurred_on=today - timedelta(days=2), values={})
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    assert view.fields["tribunal"].text() == "未组庭"
    seen: list[str] = []

    def fill(dlg: ActionDialog) -> None:
        picker = dlg.inputs["arbitrators"]
        assert isinstance(picker, TribunalPicker)
        picker.form.setCurrentIndex(picker.form.findData(THREE))
        chief, first, second = picker.shown_seats()
        assert [picker.seat_labels[i].text() for i in range(3)] == ["首席仲裁员", "仲裁员", "仲裁员"]
        _pick(chief, "chen")
        _pick(first, "周志明")
        _pick(second, "chen")  # the same arbitrator twice: refused at the field, nothing saved
        _pick(dlg.inputs["clerk"], "lin")
        _save(qtbot, dlg)
        seen.extend(label.text() for label in dlg.findChildren(QLabel) if label.isVisible() and label.text())
        assert dlg.result_detail is None
        _pick(second, "吴静")
        _save(qtbot, dlg)
        assert dlg.result_detail is not None

    when_modal(ActionDialog, fill)
    qtbot.mouseClick(view.action_buttons["form_tribunal"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.fields["tribunal"].text() != "未组庭", timeout=10000)
    assert any("chen已被选择，同一仲裁员不能在仲裁庭中担任两个席位" in t for t in seen), seen
    assert view.fields["tribunal"].text() == "首席仲裁员 chen\n仲裁员 周志明\n仲裁员 吴静"
    assert view.fields["clerk"].text() == "lin"
    assert view.events.item(0, 3).text() == "仲裁庭：首席仲裁员 chen、仲裁员 周志明、仲裁员 吴静；书记员：lin"

    # the next hearing as 确定开庭 books it (a Hearing row, read directly)
    with ctx.db.session() as s:
        room = HearingPlace(office_id=admin.office_id, name="第一仲裁庭", kind=PlaceKind.ROOM.value,
                            address="肇庆市端州区信安大道1号三楼")
        s.add(room)
        s.flush()
        s.add(Hearing(case_id=case_id, hearing_on=today + timedelta(days=8), starts=9 * 60 + 30, minutes=90,
                      place_id=room.id))
        s.add(Hearing(case_id=case_id, hearing_on=today + timedelta(days=20), starts=14 * 60, minutes=60,
                      place_text="某镇流动仲裁庭点"))
        s.commit()
    view.reload()
    when = today + timedelta(days=8)
    assert view.fields["next_hearing"].text() == f"{when.isoformat()} 09:30（90分钟）\n第一仲裁庭"
    view.tabs.setCurrentIndex(next(i for i in range(view.tabs.count()) if view.tabs.tabText(i).startswith("办理经过")))
    qtbot.waitExposed(view)
    qtbot.wait(100)  # the summary laid out anew for its taller rows
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SHOTS / "case_view_tribunal.png"))
    # the case is on the board of each arbitrator who signs in, and on the clerk's: "我承办的案件"
    from hrss_disputes.services.deadline_board import Scope
    from hrss_disputes.ui.deadline_board import DeadlineBoardPage

    for who in (chen, clerk):
        ctx.actor = who
        page = DeadlineBoardPage(ctx)
        qtbot.addWidget(page)
        page.refresh()
        assert page.scope.currentData() is Scope.MINE
        assert case_id in {r.case_id for r in page.model.rows}, who.username


def test_the_head_keeps_the_register(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    boss = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    make_user(ctx, "chen", Role.ARBITRATOR, admin.office_id)
    ctx.actor = boss
    dlg = ArbitratorsDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.resize(1366, 768)
    dlg.show()
    assert dlg.office.count() == 1 and dlg.table.rowCount() == 0
    # a 兼职仲裁员: typed, no login
    dlg.name.setText("周志明")
    dlg.profession.setText("律师（广东法制盛邦律师事务所）")
    dlg.phone.setText("13902260001")
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    assert dlg.table.rowCount() == 1 and "已保存" in dlg.saved.text()
    # a full-time arbitrator: chosen from the institute's arbitrator users, the name follows
    dlg.kind.setCurrentIndex(dlg.kind.findData("full_time"))
    assert dlg.user.isEnabled()
    dlg.user.setCurrentIndex(dlg.user.findText("chen"))
    assert dlg.name.text() == "chen"
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    assert [dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount())] == ["chen", "周志明"]
    assert dlg.table.item(0, 2).text() == "chen"
    # a bad phone is said at its field and nothing is saved
    dlg.name.setText("吴静")
    dlg.phone.setText("1380013")
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    assert dlg.table.rowCount() == 2
    assert any("手机号码应为11位" in label.text() for label in dlg.findChildren(QLabel) if label.isVisible())
    dlg.phone.setText("")
    dlg.profession.setText("市总工会法律顾问")
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    # stood down: selected, 在任 unticked, saved
    dlg.table.selectRow(next(r for r in range(dlg.table.rowCount()) if dlg.table.item(r, 0).text() == "吴静"))
    assert dlg.save_btn.text() == "保存修改"
    dlg.active.setChecked(False)
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    states = {dlg.table.item(r, 0).text(): dlg.table.item(r, 5).text() for r in range(dlg.table.rowCount())}
    assert states == {"chen": "在任", "周志明": "在任", "吴静": "已停用"}, states
    assert dlg.table.item(2, 0).text() == "吴静"  # stood down: listed last
    qtbot.waitExposed(dlg)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dlg.grab().save(str(SHOTS / "arbitrator_register.png"))


def test_acceptance_offers_the_handler_with_the_current_one_chosen(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    chen = make_user(ctx, "chen", Role.ARBITRATOR, admin.office_id)
    clerk = make_user(ctx, "lin", Role.CLERK, admin.office_id)
    ctx.actor = clerk
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, received_on=date.today()))
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.show()
    offered: list[str] = []

    def fill(dlg: ActionDialog) -> None:
        handler = dlg.inputs["handler"]
        offered.extend(handler.itemText(i) for i in range(handler.count()))
        assert handler.currentData() == clerk.id.hex  # the current handler until changed
        _pick(handler, "chen")
        _save(qtbot, dlg)

    when_modal(ActionDialog, fill)
    qtbot.mouseClick(view.action_buttons["accept"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.detail.handler_id == chen.id, timeout=10000)
    assert offered == ["（请选择）", "chen（仲裁员）", "lin（书记员）"]
    assert view.fields["handler"].text() == "chen"


def test_a_recusal_replaces_an_arbitrator_through_the_step_dialogs(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    boss = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    clerk = make_user(ctx, "lin", Role.CLERK, admin.office_id)
    ids = {name: ctx.call(tribunal.save_arbitrator, user=boss, office_id=admin.office_id,
                          data=ArbitratorInput(name, "part_time", profession="律师")).hex
           for name in ("陈立新", "王芳", "黄国强", "周志明")}
    today = date.today()
    ctx.actor = clerk
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, received_on=today - timedelta(days=3)))
    for version, (key, on, values) in enumerate((
            ("accept", today - timedelta(days=2), {}),
            ("form_tribunal", today - timedelta(days=1),
             {"arbitrators": [ids["陈立新"], ids["王芳"], ids["黄国强"]], "clerk": clerk.id.hex})), 1):
        ctx.call(workflow.perform_action, case_id=case_id, expected_version=version, action=key, occurred_on=on,
                 values=values)
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()

    def ask(dlg: ActionDialog) -> None:
        _pick(dlg.inputs["party"], "申请人 张三")
        _pick(dlg.inputs["person"], "仲裁员 王芳")
        _pick(dlg.inputs["ground"], "与本案有利害关系")
        dlg.inputs["reason"].setPlainText("王芳系被申请人法定代表人的表妹")
        _save(qtbot, dlg)

    when_modal(ActionDialog, ask)
    qtbot.mouseClick(view.action_buttons["request_recusal"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(view.detail.events) == 4, timeout=10000)
    assert view.events.item(0, 3).text().startswith("申请人 张三以“与本案有利害关系”为由申请仲裁员 王芳回避")

    ctx.actor = boss  # the 主任 decides
    view.reload()

    def decide(dlg: ActionDialog) -> None:
        assert dlg.inputs["request"].count() == 2  # （请选择） and the one open request
        dlg.inputs["request"].setCurrentIndex(1)
        _pick(dlg.inputs["outcome"], "决定回避")
        _pick(dlg.inputs["replacement"], "仲裁员 周志明")
        _save(qtbot, dlg)

    when_modal(ActionDialog, decide)
    qtbot.mouseClick(view.action_buttons["decide_recusal"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(view.detail.events) == 5, timeout=10000)
    assert view.events.item(0, 3).text() == f"申请人 张三申请仲裁员 王芳回避：决定回避，自{today.isoformat()}起由周志明接替仲裁员"
    assert view.fields["tribunal"].text() == "首席仲裁员 陈立新\n仲裁员 黄国强\n仲裁员 周志明"
