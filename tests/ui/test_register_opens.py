"""Issue 19 fix round: 仲裁员名册 opens on a register worth seeing — the user's own institute when
its register holds anyone, else the first office whose register does (not an empty one above)."""

from __future__ import annotations

from pathlib import Path

from hrss_disputes.models.enums import OfficeKind
from hrss_disputes.services import offices, tribunal
from hrss_disputes.services.tribunal import ArbitratorInput
from hrss_disputes.ui.arbitrators_dialog import ArbitratorsDialog

SHOTS = Path("/tmp/shots19")


def _opened_on(qtbot, ctx) -> str:  # noqa: ANN001
    dlg = ArbitratorsDialog(ctx)
    qtbot.addWidget(dlg)
    return dlg.office.currentText()


def test_the_register_opens_where_arbitrators_are_registered(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    below = ctx.call(offices.create_office, name="三沙市劳动人事争议仲裁院", kind=OfficeKind.INSTITUTE,
                     parent_id=admin.office_id, city="三沙", code="ZZ")  # listed after the own one
    ctx.call(tribunal.save_arbitrator, office_id=below, data=ArbitratorInput("周志明", "part_time", profession="律师"))
    dlg = ArbitratorsDialog(ctx)
    qtbot.addWidget(dlg)
    assert dlg.office.count() == 2
    assert dlg.office.currentText() == "三沙市劳动人事争议仲裁院"  # the own register is empty
    assert dlg.table.item(0, 0).text() == "周志明"
    dlg.resize(1366, 768)
    dlg.show()
    qtbot.waitExposed(dlg)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dlg.grab().save(str(SHOTS / "fix5_arbitrators.png"))
    # once the own institute keeps arbitrators, it opens there
    ctx.call(tribunal.save_arbitrator, office_id=admin.office_id,
             data=ArbitratorInput("吴静", "part_time", profession="市总工会"))
    assert _opened_on(qtbot, ctx) == "肇庆市劳动人事争议仲裁院"
