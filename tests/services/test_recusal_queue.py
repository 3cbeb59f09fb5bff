"""Issue 19 fix round, point 4.1–4.2: a 回避申请 reaches the one who decides it (LDMAF 33: the
commission decides promptly) by itself — the supervisor's 待审批 lists it as its own kind of row,
the case says 回避申请待决定, it is decided also while the case is suspended — and a step whose
sourced choice has nothing to choose (回避决定 without a request) is not offered, with why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hrss_disputes.domain.approvals import approval_actions
from hrss_disputes.models.enums import CaseStatus, Procedure
from hrss_disputes.services import approvals, cases, tribunal, workflow
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed
from tests.factories import act
from tests.services.test_tribunal import Institute, _applicant, _formed

SHOTS = Path("/tmp/shots19")


@pytest.fixture
def inst(ctx, admin) -> Institute:  # noqa: ANN001
    return Institute(ctx, admin)


def _ask(ctx, inst: Institute, case_id, on: date = date(2026, 11, 9)) -> None:  # noqa: ANN001
    ctx.actor = inst.clerks[0]
    act(ctx, case_id, "request_recusal", on, party=_applicant(ctx, case_id), person=inst.ids["arb1"], ground="2",
        reason="仲裁员系被申请人股东的亲属")


def test_a_recusal_request_is_in_the_deciding_supervisors_queue_by_itself(ctx, inst: Institute) -> None:  # noqa: ANN001
    case_id = _formed(ctx, inst)
    assert ctx.call(tribunal.recusal_queue, user=inst.boss) == []
    _ask(ctx, inst, case_id)
    rows = ctx.call(tribunal.recusal_queue, user=inst.boss)
    assert len(rows) == 1
    row = rows[0]
    assert row.case_id == case_id and row.requested_on == date(2026, 11, 9) and row.recorded_by == "clerk0"
    assert row.text == "申请人 张三以“与本案有利害关系”为由申请仲裁员 arb1回避：仲裁员系被申请人股东的亲属"
    # the case says so, to everyone who reads it
    assert [r.request_id for r in ctx.call(tribunal.open_recusals, user=inst.clerks[0], case_id=case_id)] \
        == [row.request_id]
    # the clerk has no 待审批 queue, and nobody asks for a 回避决定 through 申请审批: the request is the asking
    with pytest.raises(PermissionDenied):
        ctx.call(tribunal.recusal_queue, user=inst.clerks[0])
    assert all(a.key != "decide_recusal" for p in Procedure for a in approval_actions(p))
    assert "decide_recusal" not in {r.action.key for r in ctx.call(approvals.requestable, user=inst.clerks[0],
                                                                      case_id=case_id)}
    with pytest.raises(PermissionDenied):
        ctx.call(approvals.request_approval, user=inst.clerks[0], case_id=case_id, action="decide_recusal",
                 values={"request": row.request_id.hex, "outcome": "refused", "reason": "无"}, today=date(2026, 11, 9))
    # decided: it leaves the queue and the case
    ctx.actor = inst.boss
    act(ctx, case_id, "decide_recusal", date(2026, 11, 10), request=row.request_id.hex, outcome="granted",
        replacement=inst.ids["arb2"])
    assert ctx.call(tribunal.recusal_queue, user=inst.boss) == []
    assert ctx.call(tribunal.open_recusals, user=inst.boss, case_id=case_id) == []


def test_a_recusal_is_decided_while_the_case_is_suspended(ctx, inst: Institute) -> None:  # noqa: ANN001
    case_id = _formed(ctx, inst)
    _ask(ctx, inst, case_id)
    ctx.actor = inst.boss
    act(ctx, case_id, "suspend", date(2026, 11, 10), ground="6")
    assert ctx.call(cases.get_case, case_id=case_id).status is CaseStatus.SUSPENDED
    assert len(ctx.call(tribunal.recusal_queue, user=inst.boss)) == 1
    assert "decide_recusal" in {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}
    request = ctx.call(tribunal.recusal_queue, user=inst.boss)[0].request_id.hex
    d = act(ctx, case_id, "decide_recusal", date(2026, 11, 11), request=request, outcome="refused",
            reason="经核实无利害关系")
    assert d.status is CaseStatus.SUSPENDED  # the decision does not end the suspension
    assert ctx.call(tribunal.recusal_queue, user=inst.boss) == []


def test_a_closed_cases_request_leaves_the_queue(ctx, inst: Institute) -> None:  # noqa: ANN001
    case_id = _formed(ctx, inst)
    _ask(ctx, inst, case_id)
    act(ctx, case_id, "withdraw", date(2026, 11, 12))
    assert ctx.call(tribunal.recusal_queue, user=inst.boss) == []  # nothing left to decide on a closed case


def test_a_step_with_nothing_to_choose_is_not_offered_and_says_why(ctx, inst: Institute) -> None:  # noqa: ANN001
    case_id = _formed(ctx, inst)
    ctx.actor = inst.boss
    assert "decide_recusal" not in {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}
    blocked = ctx.call(workflow.blocked_actions, case_id=case_id)
    assert blocked["decide_recusal"] == "没有可选的回避申请"
    assert blocked["schedule_hearing"] == "没有可选的开庭地点"  # the kind: this institute has no rooms yet
    with pytest.raises(ValidationFailed) as err:  # taken anyway: said at the field, nothing written
        act(ctx, case_id, "decide_recusal", date(2026, 11, 10), request="0" * 32, outcome="refused", reason="无")
    assert err.value.errors["request"] == "所选回避申请不在可选范围内，没有可选的回避申请"
    _ask(ctx, inst, case_id)
    ctx.actor = inst.boss
    assert "decide_recusal" in {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}
    assert "decide_recusal" not in ctx.call(workflow.blocked_actions, case_id=case_id)


def test_the_recusal_decision_paper_says_the_request_and_the_decision(ctx, inst: Institute) -> None:  # noqa: ANN001
    """legal-rules.md §12.4: a 决定书 for 回避, effective on service; issued after the 回避决定."""
    from hrss_disputes.services import documents
    from tests.pdf import text_of

    case_id = _formed(ctx, inst)
    _ask(ctx, inst, case_id)
    ctx.actor = inst.boss
    request = ctx.call(tribunal.recusal_queue)[0].request_id.hex
    act(ctx, case_id, "decide_recusal", date(2026, 11, 10), request=request, outcome="granted",
        replacement=inst.ids["arb2"])
    ctx.actor = inst.clerks[0]
    assert ("recusal_decision", "决定书（回避）") in ctx.call(documents.document_types, case_id=case_id)
    with pytest.raises(ValidationFailed):  # not dated before the decision it states
        ctx.call(documents.issue, case_id=case_id, expected_version=ctx.call(cases.get_case, case_id=case_id).version,
                 doc_type="recusal_decision", issue_date=date(2026, 11, 9))
    issued = ctx.call(documents.issue, case_id=case_id, expected_version=ctx.call(cases.get_case, case_id=case_id).version,
                      doc_type="recusal_decision", issue_date=date(2026, 11, 10))
    pdf = ctx.call(documents.issued_pdf, document_id=issued[0].id)
    text = "".join(text_of(pdf).split())
    assert "2026年11月9日，申请人张三以仲裁员arb1“与本案有利害关系”为由，申请其回避，理由为：仲裁员系被申请人股东的亲属。" in text
    assert "决定如下：仲裁员arb1回避，自2026年11月10日起由arb2接替。" in text
    assert "本决定书送达即发生法律效力。" in text
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "fix4_recusal_decision.pdf").write_bytes(pdf)
