"""The deadline board: which deadlines, in which order, for whom; the start-up notice; the cache."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import delete, select, update

from hrss_disputes.models.case import CaseDeadline, DisputeCase
from hrss_disputes.models.enums import OfficeKind, Procedure, Role
from hrss_disputes.models.reference import Setting
from hrss_disputes.services import cases, clocks, offices, workflow
from hrss_disputes.services.deadline_board import (
    Board,
    BoardQuery,
    Bucket,
    Scope,
    board,
    start_notice,
)
from tests.factories import arbitration_input, make_user

TODAY = date(2026, 11, 20)  # a Friday; 21–22 Nov is the weekend


def _case(ctx, office_id, received: date, handler=None, **flags):  # noqa: ANN001, ANN201
    """An ordinary arbitration case received on ``received``: its open clock is 受理审查 (5 working days)."""
    data = arbitration_input(office_id, received_on=received, handler_id=handler.id if handler else None)
    for k, v in flags.items():
        setattr(data, k, v)
    case_id = ctx.call(cases.create_case, data=data)
    # create_case worked the clocks out from the machine's date; the board is read as of TODAY
    return case_id


def _keys(b: Board) -> list[tuple[str, Bucket]]:
    return [(r.applicant_names, r.bucket) for r in b.rows]


def test_board_groups_overdue_today_week_later_and_puts_priority_first(ctx, admin) -> None:  # noqa: ANN001
    arb = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    other = make_user(ctx, "arb2", Role.ARBITRATOR, admin.office_id)
    # 受理审查期限 = 5 working days after receipt:
    #   received Thu 5 Nov → Thu 12 Nov (overdue on the 20th); Fri 13 Nov → Fri 20 Nov (today);
    #   Mon 16 Nov → Mon 23 Nov (next week: later); Fri 6 Nov → Fri 13 Nov (overdue, green channel)
    late = _case(ctx, admin.office_id, date(2026, 11, 5), arb, applicants=[_person("逾期甲")])
    _case(ctx, admin.office_id, date(2026, 11, 13), arb, applicants=[_person("今日乙")])
    _case(ctx, admin.office_id, date(2026, 11, 16), arb, applicants=[_person("下周丙")])
    _case(ctx, admin.office_id, date(2026, 11, 6), arb, applicants=[_person("绿色丁")], green_channel=True)
    _case(ctx, admin.office_id, date(2026, 11, 5), other, applicants=[_person("别人戊")])

    ctx.actor = arb
    b = ctx.call(board, query=BoardQuery(scope=Scope.MINE), today=TODAY)
    # green channel first among the overdue, though its last day is later
    assert _keys(b) == [("绿色丁", Bucket.OVERDUE), ("逾期甲", Bucket.OVERDUE), ("今日乙", Bucket.TODAY),
                        ("下周丙", Bucket.LATER)]
    assert b.rows[1].case_id == late and b.rows[1].due_on == date(2026, 11, 12)
    assert b.rows[1].label == "受理审查期限" and b.rows[0].priority
    assert b.counts == {Bucket.OVERDUE: 2, Bucket.TODAY: 1, Bucket.LATER: 1}

    office = ctx.call(board, query=BoardQuery(scope=Scope.OFFICE), today=TODAY)
    assert office.counts[Bucket.OVERDUE] == 3
    only_other = ctx.call(board, query=BoardQuery(scope=Scope.OFFICE, handler_id=other.id), today=TODAY)
    assert _keys(only_other) == [("别人戊", Bucket.OVERDUE)]
    overdue = ctx.call(board, query=BoardQuery(scope=Scope.OFFICE, bucket=Bucket.OVERDUE, limit=2), today=TODAY)
    assert len(overdue.rows) == 2 and overdue.total == 3 and overdue.truncated
    none = ctx.call(board, query=BoardQuery(scope=Scope.OFFICE, procedure=Procedure.SIMPLIFIED), today=TODAY)
    assert none.rows == [] and none.total == 0


def test_a_met_deadline_leaves_the_board_and_the_next_one_comes(ctx, admin) -> None:  # noqa: ANN001
    arb = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = _case(ctx, admin.office_id, date(2026, 11, 16), arb)
    ctx.actor = arb
    d = ctx.call(cases.get_case, case_id=case_id)
    ctx.call(workflow.perform_action, case_id=case_id, expected_version=d.version, action="accept",
             occurred_on=date(2026, 11, 17), values={}, today=TODAY)
    rows = ctx.call(board, query=BoardQuery(scope=Scope.MINE), today=TODAY).rows
    # accepted Tue 17 Nov: 送达 and 组庭 5 working days → Tue 24 Nov; 审理期限 45 days → Fri 1 Jan 2027,
    # past the shipped holiday schedule (2026): counted by weekends alone and marked unconfirmed
    assert [(r.clock, r.due_on, r.confirmed) for r in rows] == [
        ("service", date(2026, 11, 24), True), ("tribunal", date(2026, 11, 24), True),
        ("award", date(2027, 1, 1), False)]


def test_the_board_shows_only_offices_the_user_may_see(ctx, admin) -> None:  # noqa: ANN001
    centre = ctx.call(offices.create_office, code="DZ01", name="端州区城东街道调解中心", kind=OfficeKind.TOWNSHIP_CENTRE,
                      parent_id=admin.office_id, city="肇庆")
    boss_here = make_user(ctx, "centre_boss", Role.SUPERVISOR, centre)
    _case(ctx, admin.office_id, date(2026, 11, 5), applicants=[_person("院里")])
    ctx.actor = boss_here
    assert ctx.call(board, today=TODAY).rows == []  # the institute's case is above the centre


def test_start_notice_counts_overdue_and_due_within_three_working_days(ctx, admin) -> None:  # noqa: ANN001
    arb = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    _case(ctx, admin.office_id, date(2026, 11, 5), arb)  # due 12 Nov: overdue
    _case(ctx, admin.office_id, date(2026, 11, 16), arb)  # due Mon 23 Nov: within 3 working days of Fri 20
    _case(ctx, admin.office_id, date(2026, 11, 19), arb)  # due Thu 26 Nov: 4 working days on
    boss = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    idle = make_user(ctx, "idle", Role.ARBITRATOR, admin.office_id)
    ctx.actor = arb
    notice = ctx.call(start_notice, today=TODAY)
    assert (notice.overdue, notice.soon, notice.soon_until) == (1, 1, date(2026, 11, 25))
    assert notice.text == "您承办案件中有 1 个期限已逾期，1 个期限将在 3 个工作日内（11月25日前）到期。"
    ctx.actor = boss
    assert ctx.call(start_notice, today=TODAY).text.startswith("本机构案件中有 1 个期限已逾期")
    ctx.actor = idle
    assert ctx.call(start_notice, today=TODAY).text == ""


def test_rebuilding_the_cache_after_an_upgrade_gives_what_recording_gave(ctx, admin, db) -> None:  # noqa: ANN001
    arb = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    for day in (5, 13, 16):
        _case(ctx, admin.office_id, date(2026, 11, day), arb)
    with db.session() as s:
        before = sorted(s.execute(select(CaseDeadline.case_id, CaseDeadline.clock, CaseDeadline.due_on)).all())
        nexts = sorted(s.execute(select(DisputeCase.id, DisputeCase.next_deadline)).all())
        assert ctx.call(clocks.cache_is_current)
        # an older program's stamp, as a database from before this version has
        s.merge(Setting(key=clocks.CACHE_SETTING, value=json.dumps("rules 0")))
        s.execute(delete(CaseDeadline))
        s.execute(update(DisputeCase).values(next_deadline=None))
        s.commit()
    assert not ctx.call(clocks.cache_is_current)
    assert ctx.call(clocks.rebuild_cache, today=TODAY) == 3
    assert ctx.call(clocks.cache_is_current)
    with db.session() as s:
        assert sorted(s.execute(select(CaseDeadline.case_id, CaseDeadline.clock, CaseDeadline.due_on)).all()) == before
        assert sorted(s.execute(select(DisputeCase.id, DisputeCase.next_deadline)).all()) == nexts


def _person(name: str):  # noqa: ANN202
    from hrss_disputes.services.parties import PartyInput

    return PartyInput(name=name)
