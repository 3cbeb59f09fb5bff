"""更正 of a wrong step (issue 19.5): a struck step stays on the timeline, the case's status,
dates and clocks are recomputed without it, what it wrote is undone, and what cannot be undone
is refused with the reason. Nothing is deleted; the audit trail keeps both."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from hrss_disputes.models.audit import AuditEntry
from hrss_disputes.models.case import CaseDeadline, CaseEvent, DisputeCase
from hrss_disputes.models.enums import CaseStatus, EventKind, HearingStatus, Role
from hrss_disputes.models.tribunal import Arbitrator, Hearing, TribunalSeat
from hrss_disputes.services import cases, corrections, workflow
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed
from tests.factories import act, arbitration_input, make_user

TODAY = date.today()  # the same-day rule reads the day the step was recorded: today


def new_case(ctx, admin, **overrides):  # noqa: ANN001, ANN003, ANN201
    return ctx.call(cases.create_case, data=arbitration_input(admin.office_id, received_on=date(2026, 10, 8),
                                                              **overrides))


def step(ctx, case_id, kind: EventKind, nth: int = -1):  # noqa: ANN001, ANN201
    """The case's nth live event of this kind (the last by default)."""
    events = [e for e in ctx.call(cases.get_case, case_id=case_id).events if e.kind is kind and e.corrected_by is None]
    return events[nth]


def correct(ctx, case_id, event, how: str, reason: str = "录入错误", on: date | None = None,  # noqa: ANN001, ANN201
            today: date | None = None):
    version = ctx.call(cases.get_case, case_id=case_id).version
    return ctx.call(corrections.correct_step, case_id=case_id, event_id=event.id, expected_version=version,
                    how=how, reason=reason, occurred_on=on, today=today)


def award_due(ctx, case_id) -> date | None:  # noqa: ANN001
    return next(d.due for d in ctx.call(workflow.case_deadlines, case_id=case_id) if d.key == "award")


@pytest.fixture
def clerk(ctx, admin):  # noqa: ANN001, ANN201
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    return ctx.actor


def test_a_wrong_acceptance_date_is_corrected_and_the_award_period_follows(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 20))  # typed 20 for 09
    assert award_due(ctx, case_id) == date(2026, 12, 4)  # 45 days from 10-20 (LDMAF 43)
    wrong = step(ctx, case_id, EventKind.ACCEPTED)
    d = correct(ctx, case_id, wrong, "redate", "受理日期录错，应为10月9日", date(2026, 10, 9))
    assert d.accepted_on == date(2026, 10, 9) and d.status is CaseStatus.ACCEPTED
    assert award_due(ctx, case_id) == date(2026, 11, 23)  # the 审理期限 moved with the date
    struck = next(e for e in d.events if e.id == wrong.id)
    assert struck.corrected_by is not None and "应为10月9日" in struck.correction
    fix = next(e for e in d.events if e.kind is EventKind.CORRECTED)
    assert fix.id == struck.corrected_by and "2026-10-20 更正为 2026-10-09" in fix.note
    assert [e.occurred_on for e in d.events if e.kind is EventKind.ACCEPTED] == [date(2026, 10, 9), date(2026, 10, 20)]
    with ctx.db.session() as s:
        data = json.loads(s.get(CaseEvent, fix.id).data)
        assert data["corrects"] == wrong.id.hex and data["occurred_on_was"] == "2026-10-20"
        assert data["occurred_on"] == "2026-10-09" and data["reason"] == "受理日期录错，应为10月9日"
        # the deadline board's cache follows too
        assert s.scalar(select(CaseDeadline.due_on).where(CaseDeadline.case_id == case_id,
                                                          CaseDeadline.clock == "award")) == date(2026, 11, 23)
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == wrong.id,
                                                   AuditEntry.action == "correct_redate")).one()
        before, after = json.loads(entry.before), json.loads(entry.after)
        assert before["case"]["accepted_on"] == "2026-10-20" and after["case"]["accepted_on"] == "2026-10-09"
        assert after["event"]["corrected_by"] == str(fix.id)


def test_the_acceptance_keeps_its_year_and_is_never_struck(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    accepted = step(ctx, case_id, EventKind.ACCEPTED)
    options = ctx.call(corrections.correction_options, case_id=case_id, event_id=accepted.id)
    assert options.redate is None and "给了案件案号，不能撤销" in options.strike
    with pytest.raises(PermissionDenied, match="不能撤销"):
        correct(ctx, case_id, accepted, "strike")
    with pytest.raises(ValidationFailed) as err:
        correct(ctx, case_id, accepted, "redate", on=date(2025, 12, 30))
    assert "同一年度" in err.value.errors["occurred_on"]


def test_the_latest_step_is_struck_and_the_status_goes_back(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    d = act(ctx, case_id, "withdraw", date(2026, 10, 12))
    assert (d.status, d.closed_on) == (CaseStatus.WITHDRAWN, date(2026, 10, 12))
    act(ctx, case_id, "note", date(2026, 10, 13), text="电话联系申请人")  # a note is no step: the latest is still 撤回
    withdrawn = step(ctx, case_id, EventKind.WITHDRAWN)
    d = correct(ctx, case_id, withdrawn, "strike", "申请人未撤回，误录")
    assert (d.status, d.closed_on) == (CaseStatus.ACCEPTED, None)
    assert len([e for e in d.events if e.kind is EventKind.WITHDRAWN]) == 1  # it stays, struck
    with pytest.raises(PermissionDenied, match="已被更正"):
        correct(ctx, case_id, withdrawn, "strike")
    act(ctx, case_id, "withdraw", date(2026, 10, 14))  # taken again, rightly
    assert ctx.call(cases.get_case, case_id=case_id).status is CaseStatus.WITHDRAWN


def _has(ctx, case_id, key: str) -> bool:  # noqa: ANN001
    return key in {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}


def serve_copy(ctx, case_id, on: date):  # noqa: ANN001, ANN201
    return act(ctx, case_id, "serve", on, document="application_copy", method="post")


def test_only_the_latest_step_is_struck_and_refusals_write_nothing(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    serve_copy(ctx, case_id, date(2026, 10, 10))
    serve_copy(ctx, case_id, date(2026, 10, 12))
    first = step(ctx, case_id, EventKind.SERVED, 0)
    accepted = step(ctx, case_id, EventKind.ACCEPTED)
    before = ctx.call(cases.get_case, case_id=case_id)
    with pytest.raises(PermissionDenied, match="只能撤销本案最后一个步骤；其后已记录“送达”（2026-10-12）"):
        correct(ctx, case_id, first, "strike")
    with pytest.raises(ValidationFailed) as err:  # the copy was served after the acceptance
        correct(ctx, case_id, accepted, "redate", on=date(2026, 10, 11))
    assert "越过了已记录的“送达”（2026-10-10）" in err.value.errors["occurred_on"]
    with pytest.raises(ValidationFailed) as err:
        correct(ctx, case_id, accepted, "redate", on=date(2026, 10, 7))
    assert "不能早于收案日期 2026-10-08" in err.value.errors["occurred_on"]
    with pytest.raises(ValidationFailed) as err:
        correct(ctx, case_id, accepted, "redate", reason=" ", on=date(2026, 10, 9))
    assert err.value.errors == {"reason": "请填写更正理由", "occurred_on": "新日期与原日期（2026-10-09）相同"}
    after = ctx.call(cases.get_case, case_id=case_id)
    assert (after.version, len(after.events), after.status) == (before.version, len(before.events), before.status)
    assert all(e.corrected_by is None for e in after.events)
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.SERVED), "strike", "重复登记")
    assert [e.corrected_by is None for e in d.events if e.kind is EventKind.SERVED] == [True, False]


def test_a_date_ahead_of_today_or_out_of_order_is_refused(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    act(ctx, case_id, "withdraw", date(2026, 10, 12))
    withdrawn = step(ctx, case_id, EventKind.WITHDRAWN)
    with pytest.raises(ValidationFailed) as err:
        correct(ctx, case_id, withdrawn, "redate", on=TODAY + timedelta(days=3))
    assert "不能晚于今天" in err.value.errors["occurred_on"]
    with pytest.raises(ValidationFailed) as err:
        correct(ctx, case_id, withdrawn, "redate", on=date(2026, 10, 8))
    assert "受理" in err.value.errors["occurred_on"]
    d = correct(ctx, case_id, withdrawn, "redate", on=date(2026, 10, 11))
    assert d.closed_on == date(2026, 10, 11)
    # a step with steps after it is re-dated as it was checked when recorded, before them
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.ACCEPTED), "redate", on=date(2026, 10, 10))
    assert (d.accepted_on, d.closed_on, d.status) == (date(2026, 10, 10), date(2026, 10, 11), CaseStatus.WITHDRAWN)


def test_who_may_correct(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    act(ctx, case_id, "withdraw", date(2026, 10, 12))
    withdrawn = step(ctx, case_id, EventKind.WITHDRAWN)
    tomorrow = TODAY + timedelta(days=1)
    options = ctx.call(corrections.correction_options, case_id=case_id, event_id=withdrawn.id, today=tomorrow)
    assert options.strike == options.redate == f"该步骤记录于 {TODAY.isoformat()}，记录当日之后只能由领导更正"
    assert options.why_not == options.strike
    ctx.actor = make_user(ctx, "clerk2", Role.CLERK, admin.office_id)
    with pytest.raises(PermissionDenied, match="只有记录该步骤的人员（当日）或领导可以更正"):
        correct(ctx, case_id, withdrawn, "strike")
    ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    d = correct(ctx, case_id, withdrawn, "strike", "承办人请假，由领导更正", today=tomorrow)
    assert d.status is CaseStatus.ACCEPTED


def test_steps_that_cannot_be_undone_are_refused(ctx, admin, clerk) -> None:  # noqa: ANN001
    from hrss_disputes.services import documents

    case_id = new_case(ctx, admin)
    received = step(ctx, case_id, EventKind.RECEIVED)
    assert "收案是案件的起点" in ctx.call(corrections.correction_options, case_id=case_id, event_id=received.id).why_not
    act(ctx, case_id, "accept", date(2026, 10, 9))
    serve_copy(ctx, case_id, date(2026, 10, 10))
    served = step(ctx, case_id, EventKind.SERVED)
    options = ctx.call(corrections.correction_options, case_id=case_id, event_id=served.id)
    assert options.strike is None and "签收日期" in options.redate
    act(ctx, case_id, "withdraw", date(2026, 10, 12))
    version = ctx.call(cases.get_case, case_id=case_id).version
    ctx.call(documents.issue, case_id=case_id, expected_version=version, doc_type="decision_withdrawal",
             issue_date=date(2026, 10, 12))
    withdrawn = step(ctx, case_id, EventKind.WITHDRAWN)
    options = ctx.call(corrections.correction_options, case_id=case_id, event_id=withdrawn.id)
    assert options.strike.startswith("已签发《决定书") and "不能撤销此步骤" in options.strike
    assert options.redate is None  # a wrong date is re-dated, then the decision 补正
    issued = step(ctx, case_id, EventKind.DOCUMENT_ISSUED)
    assert "补正" in ctx.call(corrections.correction_options, case_id=case_id, event_id=issued.id).why_not
    with pytest.raises(PermissionDenied, match="已签发"):
        correct(ctx, case_id, withdrawn, "strike")
    assert options.paper.startswith("决定书")  # the dialog says to 补正 it after a new date
    correct(ctx, case_id, withdrawn, "redate", "撤回日期录错", date(2026, 10, 11))
    again = step(ctx, case_id, EventKind.WITHDRAWN)  # the step on its right date made the paper all the same
    assert "已签发《决定书" in ctx.call(corrections.correction_options, case_id=case_id, event_id=again.id).strike


def test_a_referral_that_made_a_case_is_refused(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin, family="mediation", procedure="prefiling")
    act(ctx, case_id, "no_agreement", date(2026, 10, 18), reason="双方差距较大")
    act(ctx, case_id, "refer_to_arbitration", date(2026, 10, 18))
    referred = step(ctx, case_id, EventKind.REFERRED)
    with pytest.raises(PermissionDenied, match="已生成了另一个案件"):
        correct(ctx, case_id, referred, "strike")


def _written_step(ctx, case_id, user, kind: EventKind, on: date, **data):  # noqa: ANN001, ANN003, ANN201
    """A step as 组成仲裁庭 / 确定开庭 record it (their fields belong to developers A and B), written
    straight in: the correction reads only its kind, date, recorder and id."""
    with ctx.db.session() as s:
        event = CaseEvent(case_id=case_id, kind=kind, occurred_on=on, user_id=user.id,
                          data=json.dumps(data) if data else None)
        s.add(event)
        s.commit()
        return event.id


def test_a_struck_hearing_is_cancelled_and_struck_seats_end(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    formed = _written_step(ctx, case_id, clerk, EventKind.TRIBUNAL_FORMED, date(2026, 10, 12), clerk=clerk.id.hex)
    scheduled = _written_step(ctx, case_id, clerk, EventKind.HEARING_SCHEDULED, date(2026, 10, 14),
                              hearing_on="2026-11-05", starts="09:30", minutes=90)
    with ctx.db.session() as s:  # the rows those steps write, by the step's id
        arb = Arbitrator(office_id=admin.office_id, name="陈立新", kind="full_time")
        s.add(arb)
        s.flush()
        s.add(TribunalSeat(case_id=case_id, arbitrator_id=arb.id, seat="sole", from_on=date(2026, 10, 12),
                           formed_event_id=formed))
        s.add(Hearing(case_id=case_id, event_id=scheduled, hearing_on=date(2026, 11, 5), starts=570))
        s.get(DisputeCase, case_id).clerk_id = clerk.id  # the clerk 组成仲裁庭 assigned
        s.commit()
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.HEARING_SCHEDULED), "strike", "开庭日期应由仲裁员确定")
    fix = next(e for e in d.events if e.kind is EventKind.CORRECTED)
    with ctx.db.session() as s:
        h = s.scalars(select(Hearing).where(Hearing.event_id == scheduled)).one()
        assert (h.status, h.reason, h.ended_event_id) == (HearingStatus.CANCELLED.value, "更正", fix.id)
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.TRIBUNAL_FORMED), "strike", "仲裁庭尚未组成")
    assert d.status is CaseStatus.ACCEPTED
    with ctx.db.session() as s:
        seats = s.scalars(select(TribunalSeat).where(TribunalSeat.case_id == case_id)).all()
        assert [(x.from_on, x.until_on) for x in seats] == [(date(2026, 10, 12), date(2026, 10, 12))]  # never sat
        assert s.get(DisputeCase, case_id).clerk_id is None  # no tribunal, no clerk assigned by it


def test_a_redated_hearing_decision_moves_its_booking(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    scheduled = _written_step(ctx, case_id, clerk, EventKind.HEARING_SCHEDULED, date(2026, 10, 16),
                              hearing_on="2026-11-05", starts="09:30", minutes=90)
    with ctx.db.session() as s:
        s.add(Hearing(case_id=case_id, event_id=scheduled, hearing_on=date(2026, 11, 5), starts=570))
        s.commit()
    with pytest.raises(ValidationFailed) as err:  # LDMAF 35: the notice five days before the hearing
        correct(ctx, case_id, step(ctx, case_id, EventKind.HEARING_SCHEDULED), "redate", "决定日期录错",
                date(2026, 11, 3))
    assert "开庭" in err.value.errors["occurred_on"]
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.HEARING_SCHEDULED), "redate", "决定日期录错",
                date(2026, 10, 14))
    [now] = [e for e in d.events if e.kind is EventKind.HEARING_SCHEDULED and e.corrected_by is None]
    with ctx.db.session() as s:  # the same booking, now the replacement's
        rows = [(h.event_id, h.status, h.hearing_on) for h in s.scalars(select(Hearing).where(Hearing.case_id == case_id))]
    assert rows == [(now.id, HearingStatus.SCHEDULED.value, date(2026, 11, 5))]


def test_a_redated_formation_moves_its_seats_and_keeps_a_later_recusal(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    formed = _written_step(ctx, case_id, clerk, EventKind.TRIBUNAL_FORMED, date(2026, 10, 14))  # rightly the 12th
    decided = _written_step(ctx, case_id, clerk, EventKind.RECUSAL_DECIDED, date(2026, 10, 20))
    with ctx.db.session() as s:
        a, b = (Arbitrator(office_id=admin.office_id, name=n, kind="full_time") for n in ("陈立新", "王芳"))
        s.add_all([a, b])
        s.flush()
        s.add(TribunalSeat(case_id=case_id, arbitrator_id=a.id, seat="sole", from_on=date(2026, 10, 14),
                           until_on=date(2026, 10, 20), formed_event_id=formed, ended_event_id=decided))
        s.add(TribunalSeat(case_id=case_id, arbitrator_id=b.id, seat="sole", from_on=date(2026, 10, 20),
                           formed_event_id=decided))
        s.commit()
    ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.TRIBUNAL_FORMED), "redate", "组庭日期录错",
                date(2026, 10, 12))
    [now] = [e for e in d.events if e.kind is EventKind.TRIBUNAL_FORMED and e.corrected_by is None]
    with ctx.db.session() as s:
        seats = [(x.from_on, x.until_on, x.formed_event_id) for x in
                 s.scalars(select(TribunalSeat).where(TribunalSeat.case_id == case_id).order_by(TribunalSeat.from_on))]
    assert seats == [(date(2026, 10, 12), date(2026, 10, 20), now.id), (date(2026, 10, 20), None, decided)]


def test_a_struck_listing_lifts_the_supervision_flag(ctx, admin) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    d = act(ctx, case_id, "supervise", date(2026, 10, 10), leader="王局长", due_on=date(2026, 12, 31))
    assert d.supervised
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.SUPERVISION_SET), "strike", "误挂牌")
    assert not d.supervised and _has(ctx, case_id, "supervise")


def test_a_struck_step_no_longer_counts_in_its_months_figures(ctx, admin, clerk) -> None:  # noqa: ANN001
    """KPI figures count cases by their cached 受理/结案 dates: recomputed after 更正 (checked here
    against plain SQL over the live steps), so a struck 结案 leaves its month and a re-dated 受理
    moves to its right month."""
    from hrss_disputes.domain.kpi import Period
    from hrss_disputes.services import report

    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 11, 2))  # rightly 10-30
    act(ctx, case_id, "withdraw", date(2026, 11, 10), reason="申请人撤回")

    def figures(month: int) -> tuple[int, int]:
        made = ctx.call(report.monthly_report, office_id=admin.office_id, period=Period.month(2026, month),
                        today=date(2026, 11, 21))
        arb = next(f for f in made.families if f.family.value == "arbitration")
        return arb.accepted, arb.closed

    def plain_sql(month: int) -> tuple[int, int]:
        with ctx.db.session() as s:
            def count(kind: str) -> int:
                return s.execute(
                    select(func.count()).select_from(CaseEvent).where(
                        CaseEvent.kind == kind, CaseEvent.corrected_by.is_(None),
                        func.extract("month", CaseEvent.occurred_on) == month)).scalar()
            return count("accepted"), count("withdrawn")

    assert figures(11) == plain_sql(11) == (1, 1)
    correct(ctx, case_id, step(ctx, case_id, EventKind.WITHDRAWN), "strike", "撤回申请书未签字，不成立")
    correct(ctx, case_id, step(ctx, case_id, EventKind.ACCEPTED), "redate", "受理日期应为10月30日",
            date(2026, 10, 30))
    assert figures(11) == plain_sql(11) == (0, 0)
    assert figures(10) == plain_sql(10) == (1, 0)
    assert ctx.call(cases.get_case, case_id=case_id).closed_on is None


def test_a_struck_conversion_puts_the_simplified_procedure_back(ctx, admin, clerk) -> None:  # noqa: ANN001
    from hrss_disputes.models.enums import Procedure

    case_id = new_case(ctx, admin, procedure="simplified")
    act(ctx, case_id, "accept", date(2026, 10, 9), agreed=True)
    simplified_due = award_due(ctx, case_id)
    d = act(ctx, case_id, "convert_to_ordinary", date(2026, 10, 12), reason="案情复杂")
    assert d.procedure is Procedure.ORDINARY
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.CONVERTED_TO_ORDINARY), "strike", "误点转为普通程序")
    assert d.procedure is Procedure.SIMPLIFIED and award_due(ctx, case_id) == simplified_due
    assert _has(ctx, case_id, "convert_to_ordinary")


def test_the_demo_shows_corrected_steps(db) -> None:  # noqa: ANN001
    from hrss_disputes.services.demo import load_demo

    with db.session() as s:
        load_demo(session=s, cases=400, seed=7, today=date(2026, 11, 21))
        fixes = s.scalars(select(CaseEvent).where(CaseEvent.kind == EventKind.CORRECTED.value)).all()
        assert {json.loads(f.data)["how"] for f in fixes} == {"strike", "redate"}
        for f in fixes:  # each struck step points at its correction, and its case folds without it
            struck = s.get(CaseEvent, uuid.UUID(json.loads(f.data)["corrects"]))
            assert struck.corrected_by == f.id


def test_a_hearing_held_is_re_dated_only_to_its_hearing_day(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    _written_step(ctx, case_id, clerk, EventKind.TRIBUNAL_FORMED, date(2026, 10, 12))
    scheduled = _written_step(ctx, case_id, clerk, EventKind.HEARING_SCHEDULED, date(2026, 10, 14),
                              hearing_on="2026-11-05", starts="09:30", minutes=90)
    held = _written_step(ctx, case_id, clerk, EventKind.HEARING_HELD, date(2026, 11, 6))  # typed the 6th
    with ctx.db.session() as s:
        s.add(Hearing(case_id=case_id, event_id=scheduled, hearing_on=date(2026, 11, 5), starts=570,
                      status=HearingStatus.HELD.value, ended_event_id=held))
        s.commit()
    wrong = step(ctx, case_id, EventKind.HEARING_HELD)
    with pytest.raises(ValidationFailed) as err:
        correct(ctx, case_id, wrong, "redate", "开庭日期录错", date(2026, 11, 4))
    assert "本案确定的开庭日期为 2026-11-05" in err.value.errors["occurred_on"]
    d = correct(ctx, case_id, wrong, "redate", "开庭日期录错", date(2026, 11, 5))
    [now] = [e for e in d.events if e.kind is EventKind.HEARING_HELD and e.corrected_by is None]
    with ctx.db.session() as s:
        h = s.scalars(select(Hearing).where(Hearing.case_id == case_id)).one()
        assert (h.status, h.ended_event_id) == (HearingStatus.HELD.value, now.id)
    d = correct(ctx, case_id, now, "strike", "尚未开庭，误录")
    with ctx.db.session() as s:  # struck after its day: not booked again on a day gone, postponed (更正)
        h = s.scalars(select(Hearing).where(Hearing.case_id == case_id)).one()
        assert (h.status, h.reason, h.ended_event_id) == (HearingStatus.POSTPONED.value, "更正", d.events[-1].id)
    assert "原定开庭未恢复：2026-11-05 09:30 开庭日期已过，请重新确定开庭" in d.events[-1].note


def test_a_complaint_closed_by_mistake_is_open_again(ctx, admin) -> None:  # noqa: ANN001
    from hrss_disputes.models.enums import OfficeKind
    from hrss_disputes.services import complaints, offices
    from tests.services.test_complaints import site_complaint

    unit = ctx.call(offices.create_office, code="ZQ-JC", name="肇庆市劳动保障监察支队", kind=OfficeKind.INSPECTION,
                    parent_id=admin.office_id)
    ctx.actor = make_user(ctx, "zhou", Role.INSPECTOR, unit)
    case_id = ctx.call(complaints.register_complaint, data=site_complaint(unit, workers=2, received_on=date(2026, 10, 8)),
                       today=date(2026, 11, 21))
    act(ctx, case_id, "file", date(2026, 10, 9))
    d = act(ctx, case_id, "close", date(2026, 10, 26), reason="已支付")
    assert (d.status, d.closed_on) == (CaseStatus.CLOSED, date(2026, 10, 26))
    filed = step(ctx, case_id, EventKind.FILED)
    assert "立案给了案件案号" in ctx.call(corrections.correction_options, case_id=case_id, event_id=filed.id).strike
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.CLOSED), "strike", "工资尚未支付到位，误结案")
    assert (d.status, d.closed_on) == (CaseStatus.FILED, None)
    assert "close" in {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}


# ---------------------------------------------------------------- review of issue 19 (fix round)


def _recorded_days_ago(ctx, event_id, days: int) -> None:  # noqa: ANN001
    """The step as recorded ``days`` before today (recorded_at is stamped by the clock)."""
    with ctx.db.session() as s:
        event = s.get(CaseEvent, event_id)
        event.recorded_at = event.recorded_at - timedelta(days=days)
        s.commit()


def test_a_redated_step_is_judged_by_when_and_by_whom_it_was_first_recorded(ctx, admin, clerk) -> None:  # noqa: ANN001
    """A supervisor re-dates a clerk's three-day-old step: the clerk may not then strike the
    replacement as if she had recorded it today; the timeline names the supervisor's change."""
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    act(ctx, case_id, "withdraw", date(2026, 10, 12))
    _recorded_days_ago(ctx, step(ctx, case_id, EventKind.WITHDRAWN).id, 3)
    recorded = TODAY - timedelta(days=3)
    ctx.actor = boss = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.WITHDRAWN), "redate", "撤回日期录错", date(2026, 10, 11))
    [now] = [e for e in d.events if e.kind is EventKind.WITHDRAWN and e.corrected_by is None]
    assert now.user_name == "clerk"  # the clerk recorded the step, first on its recorded day …
    assert now.recorded_at.astimezone().date() == recorded
    assert f"{boss.display_name}于 {TODAY.isoformat()} 更正日期（原为 2026-10-12）" in now.note  # … boss re-dated it
    ctx.actor = clerk
    options = ctx.call(corrections.correction_options, case_id=case_id, event_id=now.id)
    assert options.strike == options.redate == f"该步骤记录于 {recorded.isoformat()}，记录当日之后只能由领导更正"
    with pytest.raises(PermissionDenied, match="记录当日之后只能由领导更正"):
        correct(ctx, case_id, now, "strike")
    ctx.actor = boss
    assert correct(ctx, case_id, now, "strike", "申请人未撤回").status is CaseStatus.ACCEPTED


def test_a_redate_the_same_day_by_its_recorder_leaves_it_theirs(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    act(ctx, case_id, "withdraw", date(2026, 10, 12))
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.WITHDRAWN), "redate", "录错", date(2026, 10, 11))
    now = step(ctx, case_id, EventKind.WITHDRAWN)
    assert "更正日期（原为 2026-10-12）" in now.note and now.user_name == "clerk"
    assert ctx.call(corrections.correction_options, case_id=case_id, event_id=now.id).strike is None
    assert d.closed_on == date(2026, 10, 11)


def test_a_step_is_redated_onto_the_day_of_the_next_one_in_the_recorded_order(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))  # rightly the 10th, the day the copy was served
    serve_copy(ctx, case_id, date(2026, 10, 10))
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.ACCEPTED), "redate", "受理日期录错", date(2026, 10, 10))
    live = [e.kind for e in d.events if e.corrected_by is None and e.kind in (EventKind.ACCEPTED, EventKind.SERVED)]
    assert live == [EventKind.ACCEPTED, EventKind.SERVED]  # still accepted, then served
    assert (d.accepted_on, d.status) == (date(2026, 10, 10), CaseStatus.ACCEPTED)
    with pytest.raises(ValidationFailed) as err:  # past it is still refused
        correct(ctx, case_id, step(ctx, case_id, EventKind.ACCEPTED), "redate", "录错", date(2026, 10, 11))
    assert "越过了已记录的“送达”（2026-10-10）" in err.value.errors["occurred_on"]


def test_the_acceptance_is_redated_onto_the_day_the_tribunal_was_formed(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))  # accepted, in fact, the day the tribunal was formed
    _written_step(ctx, case_id, clerk, EventKind.TRIBUNAL_FORMED, date(2026, 10, 12))
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.ACCEPTED), "redate", "受理日期录错", date(2026, 10, 12))
    live = [e.kind for e in d.events if e.corrected_by is None and e.kind not in (EventKind.RECEIVED, EventKind.CORRECTED)]
    assert live == [EventKind.ACCEPTED, EventKind.TRIBUNAL_FORMED]
    assert (d.accepted_on, d.status) == (date(2026, 10, 12), CaseStatus.TRIBUNAL_FORMED)


def test_a_step_recorded_after_another_of_an_earlier_day_is_not_moved_before_it(ctx, admin, clerk) -> None:  # noqa: ANN001
    """Same day, recorded order: a step is not re-dated onto the day of a step recorded after it
    that precedes it on the timeline (it would then sort before that step)."""
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    act(ctx, case_id, "withdraw", date(2026, 10, 14))
    # recorded after the withdrawal, dated before it
    _written_step(ctx, case_id, clerk, EventKind.TRIBUNAL_FORMED, date(2026, 10, 12))
    with pytest.raises(ValidationFailed) as err:
        correct(ctx, case_id, step(ctx, case_id, EventKind.WITHDRAWN), "redate", "录错", date(2026, 10, 12))
    assert f"越过了已记录的“{EventKind.TRIBUNAL_FORMED.label}”（2026-10-12）" in err.value.errors["occurred_on"]
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.WITHDRAWN), "redate", "录错", date(2026, 10, 13))
    assert d.closed_on == date(2026, 10, 13)


def test_a_hearing_decision_whose_hearing_record_was_issued_is_not_struck(ctx, admin, clerk) -> None:  # noqa: ANN001
    from hrss_disputes.services import documents

    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    _written_step(ctx, case_id, clerk, EventKind.HEARING_SCHEDULED, date(2026, 10, 14),
                  hearing_on="2026-11-05", starts="09:30", minutes=90)
    scheduled = step(ctx, case_id, EventKind.HEARING_SCHEDULED)
    assert ctx.call(corrections.correction_options, case_id=case_id, event_id=scheduled.id).strike is None
    version = ctx.call(cases.get_case, case_id=case_id).version
    ctx.call(documents.issue, case_id=case_id, expected_version=version, doc_type="hearing_record",
             issue_date=date(2026, 10, 15))
    options = ctx.call(corrections.correction_options, case_id=case_id, event_id=scheduled.id)
    assert options.strike is not None and options.strike.startswith("已签发《庭审笔录")
    with pytest.raises(PermissionDenied, match="已签发《庭审笔录"):
        correct(ctx, case_id, scheduled, "strike")


@pytest.mark.parametrize(("reason", "error"), [
    ("录" * 2000, None),
    ("录" * 2001, "更正理由过长（最多2000字，现有2001字）"),
    ("x" * 1_000_000, "更正理由过长（最多2000字，现有1000000字）"),  # a 1 MB reason is not stored
    (["录错了"], "更正理由须为文字"),  # the service API: a list is refused at the field, no crash
])
def test_the_correction_reason_has_a_limit(ctx, admin, clerk, reason: str, error: str | None) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    act(ctx, case_id, "withdraw", date(2026, 10, 12))
    withdrawn = step(ctx, case_id, EventKind.WITHDRAWN)
    if error is None:
        assert correct(ctx, case_id, withdrawn, "strike", reason).status is CaseStatus.ACCEPTED
        return
    with pytest.raises(ValidationFailed) as err:
        correct(ctx, case_id, withdrawn, "strike", reason)
    assert err.value.errors == {"reason": error}
    assert step(ctx, case_id, EventKind.WITHDRAWN).corrected_by is None  # nothing written


def test_a_step_reason_too_long_is_refused_at_its_field(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = new_case(ctx, admin)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    before = ctx.call(cases.get_case, case_id=case_id)
    with pytest.raises(ValidationFailed) as err:
        act(ctx, case_id, "note", date(2026, 10, 13), text="记" * 2001)
    assert err.value.errors["text"] == "备注内容过长（最多2000字，现有2001字）"
    assert len(ctx.call(cases.get_case, case_id=case_id).events) == len(before.events)
