"""登记送达 names the parties served, each with its own date of receipt (issue 18 point 1): the
form's checks, what the timeline keeps, the per-party clocks and the deadline board's rows."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from sqlalchemy import select

from hrss_disputes.models.case import CaseDeadline, CaseEvent
from hrss_disputes.models.enums import EventKind, PartyKind, Role
from hrss_disputes.services import cases, clocks, workflow
from hrss_disputes.services.deadline_board import BoardQuery, Scope, board
from hrss_disputes.services.errors import ValidationFailed
from hrss_disputes.services.parties import PartyInput
from tests.factories import VALID_USCC_2, act, arbitration_input, make_user, recipients

TODAY = date(2026, 11, 21)
WORKER, EMPLOYER, SUBCONTRACTOR = "张三", "肇庆市鼎盛建筑工程有限公司", "肇庆市顺安劳务有限公司"


@pytest.fixture
def case_id(ctx, admin):  # noqa: ANN001, ANN201
    """An ordinary case with a worker against two companies, accepted on Tue 3 Nov 2026."""
    data = arbitration_input(admin.office_id, handler_id=None)
    data.respondents = [*data.respondents, PartyInput(kind=PartyKind.ORGANISATION, name=SUBCONTRACTOR,
                                                      credit_code=VALID_USCC_2)]
    cid = ctx.call(cases.create_case, data=data)
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    act(ctx, cid, "accept", date(2026, 11, 3))
    return cid


def serve(ctx, cid, document: str, who: dict[str, date], method: str = "post", on: date | None = None):  # noqa: ANN001, ANN201
    given = [{**r, "on": who[name]} for name in who for r in recipients(ctx, cid, who[name], name)]
    return act(ctx, cid, "serve", on or min(who.values()), document=document, method=method, recipients=given)


def refused(ctx, cid, values: dict) -> dict[str, str]:  # noqa: ANN001
    before = ctx.call(cases.get_case, case_id=cid)
    with pytest.raises(ValidationFailed) as err:
        act(ctx, cid, "serve", date(2026, 11, 10), **values)
    after = ctx.call(cases.get_case, case_id=cid)
    assert (after.version, len(after.events)) == (before.version, len(before.events))  # nothing half-saved
    return err.value.errors


@pytest.mark.parametrize(("given", "message"), [
    ([], "请至少选择一名受送达人"),
    ([(WORKER, date(2026, 11, 25))], "张三的签收日期不能晚于今天"),
    # a receipt before the acceptance: no copy was served then (LDMAF 30)
    ([(WORKER, date(2026, 11, 4)), (EMPLOYER, date(2026, 11, 2))],
     "肇庆市鼎盛建筑工程有限公司：签收日期不能早于“受理”的日期 2026-11-03"),
    ([(WORKER, date(2026, 11, 4)), (WORKER, date(2026, 11, 5))], "张三重复选择"),
])
def test_the_serve_form_checks_each_party_and_date_at_its_field(ctx, case_id, given, message) -> None:  # noqa: ANN001
    values = {"document": "application_copy", "method": "post",
              "recipients": [{**recipients(ctx, case_id, on, name)[0]} for name, on in given]}
    assert message in refused(ctx, case_id, values)["recipients"]


def test_a_hearing_notice_is_not_received_before_the_hearing_was_set(ctx, case_id) -> None:  # noqa: ANN001
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 9), hearing_on=date(2026, 11, 30), place="第一仲裁庭")
    values = {"document": "hearing_notice", "method": "direct",
              "recipients": recipients(ctx, case_id, date(2026, 11, 6), WORKER)}
    assert "张三：签收日期不能早于“确定开庭日期”" in refused(ctx, case_id, values)["recipients"]


def test_only_the_case_parties_receive(ctx, case_id) -> None:  # noqa: ANN001
    values = {"document": "application_copy", "method": "post",
              "recipients": [{"party": uuid.uuid4(), "on": date(2026, 11, 5)}]}
    assert "不是本案当事人" in refused(ctx, case_id, values)["recipients"]


@pytest.mark.parametrize(("article", "document", "message"), [
    ("LDMAF 47–50", "award", "尚未作出裁决，不能登记送达仲裁裁决书"),
    ("LDMAF 42", "mediation_statement", "尚未制作仲裁调解书，不能登记送达仲裁调解书"),
    ("LDMAF 35", "hearing_notice", "尚未确定开庭日期，不能登记送达开庭通知书"),
    ("LDMAF 32", "tribunal_notice", "尚未组成仲裁庭，不能登记送达组庭通知书"),
])
def test_a_paper_not_yet_made_cannot_be_served(ctx, case_id, article, document, message) -> None:  # noqa: ANN001, ARG001
    """Nobody receives an award before it is made, a 调解书 before it is made, a hearing notice before
    a hearing is scheduled: refused at the field, nothing saved, no clock started."""
    values = {"document": document, "method": "direct", "recipients": recipients(ctx, case_id, date(2026, 11, 6))}
    assert message in refused(ctx, case_id, values)["document"]


@pytest.mark.parametrize("given", ["abc", ["abc"], {"party": "x"}, 5])
def test_recipients_that_are_not_a_list_of_parties_are_refused_at_the_field(ctx, case_id, given) -> None:  # noqa: ANN001
    values = {"document": "application_copy", "method": "post", "recipients": given}
    assert "受送达人须逐一选择本案当事人" in refused(ctx, case_id, values)["recipients"]


def test_the_service_is_dated_by_the_first_receipt_and_says_who_received_when(ctx, case_id) -> None:  # noqa: ANN001
    serve(ctx, case_id, "application_copy", {EMPLOYER: date(2026, 11, 6), SUBCONTRACTOR: date(2026, 11, 9)},
          on=date(2026, 11, 10))
    d = ctx.call(cases.get_case, case_id=case_id)
    [event] = [e for e in d.events if e.kind is EventKind.SERVED]
    assert event.occurred_on == date(2026, 11, 6)
    assert event.note == f"仲裁申请书副本（邮寄送达（仲裁专递））：{EMPLOYER} 2026-11-06；{SUBCONTRACTOR} 2026-11-09"
    with ctx.db.session() as s:
        data = json.loads(s.scalar(select(CaseEvent.data).where(CaseEvent.id == event.id)))
    assert [(r["name"], r["role"], r["on"]) for r in data["recipients"]] == [
        (EMPLOYER, "respondent", "2026-11-06"), (SUBCONTRACTOR, "respondent", "2026-11-09")]


def test_each_respondent_defends_from_its_own_receipt(ctx, case_id) -> None:  # noqa: ANN001
    # LDMAF 30: 10 working days from each respondent's receipt: Fri 6 Nov → Fri 20 Nov; Mon 9 Nov → Mon 23 Nov
    serve(ctx, case_id, "application_copy", {EMPLOYER: date(2026, 11, 6), SUBCONTRACTOR: date(2026, 11, 9)})
    due = {d.label: d for d in ctx.call(workflow.case_deadlines, case_id=case_id, today=TODAY)}
    assert due[f"答辩期（{EMPLOYER}）"].due == date(2026, 11, 20)
    assert due[f"答辩期（{SUBCONTRACTOR}）"].due == date(2026, 11, 23)
    assert f"答辩期（{WORKER}）" not in due  # the applicant does not answer its own application
    assert due["送达申请书副本期限"].state.value == "met"


def test_the_copy_is_owed_until_every_respondent_is_served(ctx, case_id) -> None:  # noqa: ANN001
    # LDMAF 30: served on one respondent, the office's 5 working days (Tue 3 Nov → Tue 10 Nov) still run
    serve(ctx, case_id, "application_copy", {EMPLOYER: date(2026, 11, 6)})
    service = next(d for d in ctx.call(workflow.case_deadlines, case_id=case_id, today=TODAY) if d.key == "service")
    assert service.state.value == "overdue" and f"尚未送达：{SUBCONTRACTOR}" in service.lines
    serve(ctx, case_id, "application_copy", {SUBCONTRACTOR: date(2026, 11, 12)})
    service = next(d for d in ctx.call(workflow.case_deadlines, case_id=case_id, today=TODAY) if d.key == "service")
    assert service.state.value == "met" and service.met_late and service.met_on == date(2026, 11, 12)


def test_the_board_shows_one_line_per_party(ctx, case_id) -> None:  # noqa: ANN001
    # LDMAF 35: hearing on Mon 30 Nov, each party notified 5 working days before, by Mon 23 Nov
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 9), hearing_on=date(2026, 11, 30), place="第一仲裁庭")
    serve(ctx, case_id, "hearing_notice", {WORKER: date(2026, 11, 10)}, method="direct")

    def notices() -> list[tuple[str, date]]:
        rows = ctx.call(board, query=BoardQuery(scope=Scope.OFFICE), today=TODAY).rows
        return [(r.label, r.due_on) for r in rows if r.key == "hearing_notice"]

    assert sorted(notices()) == [(f"开庭通知送达期限（{SUBCONTRACTOR}）", date(2026, 11, 23)),
                                 (f"开庭通知送达期限（{EMPLOYER}）", date(2026, 11, 23))]
    serve(ctx, case_id, "hearing_notice", {EMPLOYER: date(2026, 11, 12), SUBCONTRACTOR: date(2026, 11, 13)},
          method="direct")
    assert notices() == []


@pytest.mark.parametrize(("text", "served", "line"), [
    # a free text naming one party exactly: that respondent's defence only (LDMAF 30)
    (EMPLOYER, {EMPLOYER}, f"{EMPLOYER} 2026-11-06 收到仲裁申请书副本（登记的受送达人：{EMPLOYER}）"),
    (f"{EMPLOYER}、{SUBCONTRACTOR}", {EMPLOYER, SUBCONTRACTOR}, None),
    (f"{EMPLOYER}及{SUBCONTRACTOR}", {EMPLOYER, SUBCONTRACTOR}, None),
    # a text naming no party: the old every-party reading, said as it is
    ("鼎盛公司", {EMPLOYER, SUBCONTRACTOR},
     "2026-11-06 送达仲裁申请书副本：受送达人：鼎盛公司（未能对应当事人），视为当日送达各方当事人"),
    # no recipient at all: every party, as before
    ("", {EMPLOYER, SUBCONTRACTOR}, "2026-11-06 送达仲裁申请书副本：该次送达登记时未记录受送达人，视为当日送达各方当事人"),
])
def test_an_old_service_counts_for_the_parties_its_free_text_names(ctx, case_id, text, served, line) -> None:  # noqa: ANN001
    # a 登记送达 from before recipients were kept, its recipient in free text (migrations keep it as it was)
    data = {"document": "application_copy", "method": "post", **({"recipient": text} if text else {})}
    with ctx.db.session() as s:
        s.add(CaseEvent(case_id=case_id, kind=EventKind.SERVED, occurred_on=date(2026, 11, 6), user_id=None,
                        note="", data=json.dumps(data, ensure_ascii=False)))
        s.commit()
    due = {d.label: d for d in ctx.call(workflow.case_deadlines, case_id=case_id, today=TODAY)}
    defended = {name for name in (EMPLOYER, SUBCONTRACTOR) if f"答辩期（{name}）" in due}
    assert defended == served
    assert all(due[f"答辩期（{name}）"].due == date(2026, 11, 20) for name in served)
    if line is not None:
        assert due[f"答辩期（{EMPLOYER}）"].lines[0] == line
    # the copy is owed to every respondent (LDMAF 30, five working days from Tue 11-03: 11-10)
    assert due["送达申请书副本期限"].state.value == ("met" if served == {EMPLOYER, SUBCONTRACTOR} else "overdue")
    # rebuilding the cache reads the old text the same way (one query a chunk, no per-case look-up)
    with ctx.db.session() as s:
        clocks.rebuild_cache(session=s, today=TODAY)
    with ctx.db.session() as s:
        cached = set(s.scalars(select(CaseDeadline.clock).where(CaseDeadline.case_id == case_id)))
    assert ("service" in cached) == (served != {EMPLOYER, SUBCONTRACTOR})


def test_rebuilding_the_cache_keeps_one_row_per_party(ctx, case_id) -> None:  # noqa: ANN001
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 9), hearing_on=date(2026, 11, 30), place="第一仲裁庭")
    with ctx.db.session() as s:
        before = sorted(s.scalars(select(CaseDeadline.clock).where(CaseDeadline.case_id == case_id)))
        clocks.rebuild_cache(session=s, today=TODAY)
    with ctx.db.session() as s:
        after = sorted(s.scalars(select(CaseDeadline.clock).where(CaseDeadline.case_id == case_id)))
    assert after == before
    assert len([c for c in after if c.startswith("hearing_notice@")]) == 3


def test_a_paper_is_not_received_before_it_was_issued(ctx, case_id) -> None:  # noqa: ANN001
    # the hearing notice issued by the program on 12 Nov: nobody signed for it on 11 Nov
    from hrss_disputes.services import documents

    act(ctx, case_id, "form_tribunal", date(2026, 11, 4), arbitrators="陈立新、王芳、黄国强")
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 9), hearing_on=date(2026, 11, 30), place="第一仲裁庭")
    version = ctx.call(cases.get_case, case_id=case_id).version
    ctx.call(documents.issue, case_id=case_id, expected_version=version, doc_type="hearing_notice",
             issue_date=date(2026, 11, 12))
    values = {"document": "hearing_notice", "method": "direct",
              "recipients": [*recipients(ctx, case_id, date(2026, 11, 12), WORKER),
                             *recipients(ctx, case_id, date(2026, 11, 11), EMPLOYER)]}
    assert refused(ctx, case_id, values)["recipients"] == (
        f"{EMPLOYER}：签收日期不能早于开庭通知书的签发日期 2026-11-12")
    serve(ctx, case_id, "hearing_notice", {WORKER: date(2026, 11, 12), EMPLOYER: date(2026, 11, 13)},
          method="direct")


def test_rebuilding_the_cache_keeps_the_award_still_to_be_served(ctx, admin) -> None:  # noqa: ANN001
    # the award closes the case, but serving it on each party is still owed (and on the board)
    from hrss_disputes.services import documents
    from tests.factories import award_amounts, heard_case

    ctx.actor = make_user(ctx, "chen", Role.ARBITRATOR, admin.office_id)
    cid = heard_case(ctx, admin.office_id)
    award_amounts(ctx, cid, ["12000.50", "15000", None])
    version = ctx.call(cases.get_case, case_id=cid).version
    ctx.call(documents.issue, case_id=cid, expected_version=version, doc_type="award", issue_date=date(2026, 11, 20),
             writings={"事实与理由及被申请人答辩": "申请人称被申请人拖欠工资。", "本委查明": "月工资4,000元。",
                       "本委认为": "被申请人应当足额支付劳动报酬。"})
    serve(ctx, cid, "award", {WORKER: date(2026, 11, 21)}, method="direct")

    def cached() -> list[str]:
        with ctx.db.session() as s:
            return sorted(s.scalars(select(CaseDeadline.clock).where(CaseDeadline.case_id == cid)))

    employer = next(p.party.id for p in ctx.call(cases.get_case, case_id=cid).parties if p.party.name == EMPLOYER)
    assert cached() == [f"award_service@{employer.hex}"]
    with ctx.db.session() as s:
        clocks.rebuild_cache(session=s, today=TODAY)
    assert cached() == [f"award_service@{employer.hex}"]
