"""A red field message goes once the field is corrected (review of issue 18, finding 12): the
serve form's 送达文书 once a document is chosen (and a blank drop-down says 请选择), the claim
decision's 驳回理由 once the decision is switched."""

from __future__ import annotations

from pathlib import Path

from hrss_disputes.domain.workflows import find_action
from hrss_disputes.models.enums import ClaimDecision, Procedure, Role
from hrss_disputes.services import cases
from hrss_disputes.ui.case_edit import ActionDialog
from hrss_disputes.ui.claim_decision_dialog import ClaimDecisionDialog
from tests.factories import heard_case, make_user
from tests.ui.typing import type_text

SHOTS18 = Path("/tmp/shots18")


def test_the_serve_form_clears_a_message_once_the_field_is_chosen(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    action = find_action(Procedure.ORDINARY, "serve")
    assert action is not None
    dlg = ActionDialog(ctx, ctx.call(cases.get_case, case_id=case_id), action)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.save()
    document, method = dlg.errors._fields["document"], dlg.errors._fields["method"]
    assert document[1].isVisible() and document[1].text() == "请选择送达文书"
    assert method[1].text() == "请选择送达方式"
    document[0].setCurrentIndex(1)
    assert not document[1].isVisible() and not document[0].property("invalid")
    assert method[1].isVisible()  # the one not corrected keeps its message
    SHOTS18.mkdir(parents=True, exist_ok=True)
    dlg.grab().save(str(SHOTS18 / "ui_fix_serve_message_cleared.png"))


def test_the_decision_clears_its_messages_when_switched(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    detail = ctx.call(cases.get_case, case_id=case_id)
    dlg = ClaimDecisionDialog(ctx, detail, claim=detail.claims[1])
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.buttons[ClaimDecision.REJECTED].click()
    dlg.save()
    reason = dlg.errors._fields["reason"][1]
    assert reason.isVisible() and reason.text().startswith("驳回的，请填写驳回理由")
    dlg.buttons[ClaimDecision.PARTIAL].click()
    assert not reason.isVisible()
    dlg.save()
    amount = dlg.errors._fields["amount"][1]
    assert amount.isVisible() and not reason.isVisible()
    type_text(dlg.amount, "20000")
    assert not amount.isVisible()
