"""The people on a case (issue 19 point 1): the arbitrators' register, forming the tribunal from it
with a clerk, the handler at acceptance, 回避 with a replacement, and "我承办的案件"."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from hrss_disputes.models.case import CaseEvent, DisputeCase
from hrss_disputes.models.enums import EventKind, OfficeKind, Role
from hrss_disputes.models.tribunal import TribunalSeat
from hrss_disputes.services import case_list, cases, deadline_board, hearings, offices, tribunal
from hrss_disputes.services.deadline_board import BoardQuery, Scope
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed
from hrss_disputes.services.tribunal import ArbitratorInput
from tests.factories import act, arbitration_input, make_user, recipients, room

TODAY = date(2026, 11, 21)


class Institute:
    """An institute with a head, three arbitrators who sign in, two clerks and two 兼职仲裁员."""

    def __init__(self, ctx, admin) -> None:  # noqa: ANN001
        self.ctx, self.office = ctx, admin.office_id
        self.boss = make_user(ctx, "boss", Role.SUPERVISOR, self.office)
        self.arbs = [make_user(ctx, f"arb{i}", Role.ARBITRATOR, self.office) for i in range(3)]
        self.clerks = [make_user(ctx, f"clerk{i}", Role.CLERK, self.office) for i in range(2)]
        self.ids: dict[str, str] = {}
        for a in self.arbs:
            self.ids[a.username] = ctx.call(tribunal.save_arbitrator, user=self.boss, office_id=self.office,
                                            data=ArbitratorInput("", "full_time", user_id=a.id)).hex
        for name in ("周律师", "吴工会"):
            self.ids[name] = ctx.call(tribunal.save_arbitrator, user=self.boss, office_id=self.office,
                                      data=ArbitratorInput(name, "part_time", profession="律师")).hex

    def case(self, procedure: str = "ordinary"):  # noqa: ANN201
        self.ctx.actor = self.clerks[0]
        case_id = self.ctx.call(cases.create_case, data=arbitration_input(self.office, procedure=procedure))
        act(self.ctx, case_id, "accept", date(2026, 11, 3), **({"agreed": True} if procedure == "simplified" else {}))
        return case_id


@pytest.fixture
def inst(ctx, admin) -> Institute:  # noqa: ANN001
    return Institute(ctx, admin)


def test_the_register_is_kept_by_the_institutes_head(ctx, admin, inst: Institute) -> None:  # noqa: ANN001
    shown = ctx.call(tribunal.list_arbitrators, user=inst.boss, office_id=inst.office)
    assert [(a.name, a.kind.value, a.username) for a in shown][:3] == [
        ("arb0", "full_time", "arb0"), ("arb1", "full_time", "arb1"), ("arb2", "full_time", "arb2")]
    assert {a.name for a in shown if a.kind.value == "part_time"} == {"周律师", "吴工会"}
    refused = {
        "user_id": ArbitratorInput("某某", "full_time"),  # a full-time arbitrator signs in
    }
    for field, data in refused.items():
        with pytest.raises(ValidationFailed) as err:
            ctx.call(tribunal.save_arbitrator, user=inst.boss, office_id=inst.office, data=data)
        assert field in err.value.errors
    with pytest.raises(ValidationFailed) as err:  # already registered
        ctx.call(tribunal.save_arbitrator, user=inst.boss, office_id=inst.office,
                 data=ArbitratorInput("", "full_time", user_id=inst.arbs[0].id))
    assert "已在本院仲裁员名册中" in err.value.errors["user_id"]
    with pytest.raises(ValidationFailed) as err:  # a clerk is no arbitrator
        ctx.call(tribunal.save_arbitrator, user=inst.boss, office_id=inst.office,
                 data=ArbitratorInput("", "full_time", user_id=inst.clerks[0].id))
    assert "不是本院角色为仲裁员的用户" in err.value.errors["user_id"]
    with pytest.raises(ValidationFailed) as err:
        ctx.call(tribunal.save_arbitrator, user=inst.boss, office_id=inst.office,
                 data=ArbitratorInput("郑律师", "part_time", phone="1380013"))
    assert "phone" in err.value.errors
    for who in (inst.clerks[0], inst.arbs[0]):  # staff who are not the head keep no register
        with pytest.raises(PermissionDenied):
            ctx.call(tribunal.save_arbitrator, user=who, office_id=inst.office,
                     data=ArbitratorInput("郑律师", "part_time"))
    # another institute's head keeps their own register only
    other = ctx.call(offices.create_office, user=admin, code="MM", name="茂名市劳动人事争议仲裁院",
                     kind=OfficeKind.INSTITUTE, parent_id=admin.office_id)
    other_boss = make_user(ctx, "mm_boss", Role.SUPERVISOR, other)
    with pytest.raises(PermissionDenied):
        ctx.call(tribunal.save_arbitrator, user=other_boss, office_id=inst.office,
                 data=ArbitratorInput("郑律师", "part_time"))
    # stood down (not deleted): kept on the register, inactive
    zhou = next(a for a in shown if a.name == "周律师")
    ctx.call(tribunal.save_arbitrator, user=inst.boss, office_id=inst.office, arbitrator_id=zhou.id,
             expected_version=zhou.version, data=ArbitratorInput("周律师", "part_time", profession="律师", active=False))
    after = {a.name: a for a in ctx.call(tribunal.list_arbitrators, user=inst.boss, office_id=inst.office)}
    assert after["周律师"].active is False and after["周律师"].version == zhou.version + 1


def test_forming_the_tribunal_writes_its_seats_and_clerk(ctx, inst: Institute) -> None:  # noqa: ANN001
    case_id = inst.case()
    chosen = [inst.ids["arb0"], inst.ids["周律师"], inst.ids["arb1"]]
    d = act(ctx, case_id, "form_tribunal", date(2026, 11, 4), arbitrators=chosen, clerk=inst.clerks[1].id.hex)
    formed = next(e for e in d.events if e.kind is EventKind.TRIBUNAL_FORMED)
    assert formed.note == "仲裁庭：首席仲裁员 arb0、仲裁员 周律师、仲裁员 arb1；书记员：clerk1"
    with ctx.db.session() as s:
        seats = s.scalars(select(TribunalSeat).where(TribunalSeat.case_id == case_id)).all()
        assert sorted((x.arbitrator_id.hex, x.seat) for x in seats) == sorted(
            zip(chosen, ["chief", "member", "member"], strict=True))
        event_id = s.scalar(select(CaseEvent.id).where(CaseEvent.case_id == case_id,
                                                       CaseEvent.kind == EventKind.TRIBUNAL_FORMED))
        assert {x.formed_event_id for x in seats} == {event_id}
        assert {x.from_on for x in seats} == {date(2026, 11, 4)} and {x.until_on for x in seats} == {None}
        assert s.get(DisputeCase, case_id).clerk_id == inst.clerks[1].id
    people = ctx.call(tribunal.case_people, case_id=case_id, today=TODAY)
    assert people.tribunal_text == "首席仲裁员 arb0、仲裁员 周律师、仲裁员 arb1" and people.clerk_name == "clerk1"


def test_the_members_sit_in_the_order_chosen_however_the_rows_are_stored(ctx, inst: Institute) -> None:  # noqa: ANN001
    """A server returns rows in no promised order (an updated row moves): the two 仲裁员 are named
    as chosen at 组成仲裁庭, not as their seats happen to come back."""
    case_id = inst.case()
    chosen = [inst.ids["arb0"], inst.ids["周律师"], inst.ids["arb1"]]
    act(ctx, case_id, "form_tribunal", date(2026, 11, 4), arbitrators=chosen, clerk=inst.clerks[1].id.hex)
    with ctx.db.session() as s:  # the members' rows written again, the later-chosen one first
        seats = {x.arbitrator_id.hex: x for x in s.scalars(select(TribunalSeat).where(TribunalSeat.case_id == case_id))}
        copies = [TribunalSeat(**{c: getattr(seats[k], c) for c in TribunalSeat.model_fields}) for k in chosen[:0:-1]]
        for k in chosen[1:]:
            s.delete(seats[k])
        s.flush()
        s.add_all(copies)
        s.commit()
    people = ctx.call(tribunal.case_people, case_id=case_id, today=TODAY)
    assert people.tribunal_text == "首席仲裁员 arb0、仲裁员 周律师、仲裁员 arb1"
    with ctx.db.session() as s:
        assert tribunal.tribunal_names(s, case_id, TODAY) == ["arb0", "周律师", "arb1"]
    assert [label for _v, label in ctx.call(tribunal_choices, case_id=case_id, source="sitting")][:3] == [
        "首席仲裁员 arb0", "仲裁员 周律师", "仲裁员 arb1"]
    room(ctx, inst.boss.office_id)  # and the hearing notice names them so
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 16), hearing_on=date(2026, 12, 3), starts="09:30",
        minutes=90, place="第一仲裁庭")
    with ctx.db.session() as s:
        assert hearings.notice_fields(s, case_id)["arbitrators"] == ["arb0", "周律师", "arb1"]


@pytest.mark.parametrize(("procedure", "picks", "clerk", "field", "message"), [
    ("simplified", ["arb0", "arb1", "arb2"], 0, "arbitrators", "简易处理由一名仲裁员独任仲裁"),  # Rules2017 56
    ("ordinary", ["arb0", "arb1"], 0, "arbitrators", "仲裁庭由三名仲裁员组成，或由一名仲裁员独任仲裁"),  # LDMAF 31
    ("ordinary", ["arb0", "arb1", "arb0"], 0, "arbitrators", "arb0已被选择"),
    ("ordinary", ["arb0", "inactive", "arb1"], 0, "arbitrators", "已停用"),
    ("ordinary", ["arb0", "elsewhere", "arb1"], 0, "arbitrators", "不是本院仲裁员名册中的仲裁员"),
    ("ordinary", ["arb0", "周律师", "arb1"], None, "clerk", "请选择书记员"),
    ("ordinary", ["arb0", "周律师", "arb1"], "arbitrator", "clerk", "书记员须为本院在职的书记员"),
])
def test_a_tribunal_not_from_the_register_is_refused(ctx, admin, inst: Institute, procedure, picks, clerk, field,  # noqa: ANN001
                                                     message) -> None:
    other = ctx.call(offices.create_office, user=admin, code="MM", name="茂名市劳动人事争议仲裁院",
                     kind=OfficeKind.INSTITUTE, parent_id=admin.office_id)
    inst.ids["elsewhere"] = ctx.call(tribunal.save_arbitrator, user=admin, office_id=other,
                                     data=ArbitratorInput("何外院", "part_time")).hex
    inst.ids["inactive"] = ctx.call(tribunal.save_arbitrator, user=admin, office_id=inst.office,
                                    data=ArbitratorInput("停用者", "part_time", active=False)).hex
    case_id = inst.case(procedure)
    before = ctx.call(cases.get_case, case_id=case_id)
    clerk_id = {0: inst.clerks[0].id.hex, None: None, "arbitrator": inst.arbs[2].id.hex}[clerk]
    with pytest.raises(ValidationFailed) as err:
        act(ctx, case_id, "form_tribunal", date(2026, 11, 4), arbitrators=[inst.ids[p] for p in picks], clerk=clerk_id)
    assert message in err.value.errors[field], err.value.errors
    after = ctx.call(cases.get_case, case_id=case_id)
    assert (after.version, len(after.events)) == (before.version, len(before.events))
    with ctx.db.session() as s:
        assert s.scalars(select(TribunalSeat).where(TribunalSeat.case_id == case_id)).all() == []


def test_the_handler_is_chosen_at_acceptance(ctx, admin, inst: Institute) -> None:  # noqa: ANN001
    ctx.actor = inst.clerks[0]
    kept = ctx.call(cases.create_case, data=arbitration_input(inst.office))
    d = act(ctx, kept, "accept", date(2026, 11, 3))  # none chosen: the current handler stays
    assert d.handler_id == inst.clerks[0].id
    given = ctx.call(cases.create_case, data=arbitration_input(inst.office))
    d = act(ctx, given, "accept", date(2026, 11, 3), handler=inst.arbs[1].id.hex)
    assert d.handler_id == inst.arbs[1].id
    assert next(e for e in d.events if e.kind is EventKind.ACCEPTED).note == "承办人：arb1"
    refused = ctx.call(cases.create_case, data=arbitration_input(inst.office))
    with pytest.raises(ValidationFailed) as err:  # the head is no handler offered here
        act(ctx, refused, "accept", date(2026, 11, 3), handler=inst.boss.id.hex)
    assert "handler" in err.value.errors


def _formed(ctx, inst: Institute):  # noqa: ANN001, ANN202
    case_id = inst.case()
    act(ctx, case_id, "form_tribunal", date(2026, 11, 4),
        arbitrators=[inst.ids["arb0"], inst.ids["arb1"], inst.ids["周律师"]], clerk=inst.clerks[0].id.hex)
    return case_id


def _applicant(ctx, case_id) -> str:  # noqa: ANN001
    return recipients(ctx, case_id, TODAY, "张三")[0]["party"].hex


def test_a_granted_recusal_replaces_the_arbitrator_from_that_day(ctx, inst: Institute) -> None:  # noqa: ANN001
    case_id = _formed(ctx, inst)
    d = act(ctx, case_id, "request_recusal", date(2026, 11, 9), party=_applicant(ctx, case_id),
            person=inst.ids["arb1"], ground="2", reason="仲裁员系被申请人股东的亲属")
    asked = next(e for e in d.events if e.kind is EventKind.RECUSAL_REQUESTED)
    assert asked.note == "申请人 张三以“与本案有利害关系”为由申请仲裁员 arb1回避：仲裁员系被申请人股东的亲属"
    with pytest.raises(ValidationFailed) as err:  # the same person again while undecided
        act(ctx, case_id, "request_recusal", date(2026, 11, 9), party=_applicant(ctx, case_id),
            person=inst.ids["arb1"], ground="3", reason="又一次")
    assert "尚未决定" in err.value.errors["person"]
    ctx.actor = inst.arbs[0]
    with pytest.raises(PermissionDenied):  # the 主任 decides (the approver), not the tribunal
        act(ctx, case_id, "decide_recusal", date(2026, 11, 10), request=asked.id.hex, outcome="granted",
            replacement=inst.ids["arb2"])
    ctx.actor = inst.boss
    request = next(v for v, _ in ctx.call(tribunal_choices, case_id=case_id, source="recusal_requests"))
    with pytest.raises(ValidationFailed) as err:  # a sitting member cannot take the seat
        act(ctx, case_id, "decide_recusal", date(2026, 11, 10), request=request, outcome="granted",
            replacement=inst.ids["周律师"])
    assert "已是本案仲裁庭成员" in err.value.errors["replacement"]
    d = act(ctx, case_id, "decide_recusal", date(2026, 11, 10), request=request, outcome="granted",
            replacement=inst.ids["arb2"])
    decided = next(e for e in d.events if e.kind is EventKind.RECUSAL_DECIDED)
    assert decided.note == "申请人 张三申请仲裁员 arb1回避：决定回避，自2026-11-10起由arb2接替仲裁员"
    day_before = ctx.call(tribunal.case_people, case_id=case_id, today=date(2026, 11, 9))
    that_day = ctx.call(tribunal.case_people, case_id=case_id, today=date(2026, 11, 10))
    assert day_before.tribunal_text == "首席仲裁员 arb0、仲裁员 arb1、仲裁员 周律师"
    assert that_day.tribunal_text == "首席仲裁员 arb0、仲裁员 周律师、仲裁员 arb2"
    with ctx.db.session() as s:
        ended = s.scalar(select(TribunalSeat).where(TribunalSeat.case_id == case_id,
                                                    TribunalSeat.until_on.is_not(None)))
        assert (ended.until_on, ended.ended_event_id, ended.seat) == (date(2026, 11, 10), decided.id, "member")
    assert ctx.call(tribunal_choices, case_id=case_id, source="recusal_requests") == []


def test_a_refused_recusal_needs_its_reason_and_changes_nobody(ctx, inst: Institute) -> None:  # noqa: ANN001
    case_id = _formed(ctx, inst)
    act(ctx, case_id, "request_recusal", date(2026, 11, 9), party=_applicant(ctx, case_id),
        person=inst.clerks[0].id.hex, ground="4", reason="书记员曾接受被申请人宴请")
    ctx.actor = inst.boss
    request = next(v for v, _ in ctx.call(tribunal_choices, case_id=case_id, source="recusal_requests"))
    with pytest.raises(ValidationFailed) as err:
        act(ctx, case_id, "decide_recusal", date(2026, 11, 10), request=request, outcome="refused")
    assert err.value.errors["reason"] == "驳回回避申请的，请填写理由"
    with pytest.raises(ValidationFailed) as err:  # decided before it was asked
        act(ctx, case_id, "decide_recusal", date(2026, 11, 8), request=request, outcome="refused", reason="无")
    assert err.value.errors["occurred_on"] == "回避决定不能早于回避申请的日期 2026-11-09"
    d = act(ctx, case_id, "decide_recusal", date(2026, 11, 10), request=request, outcome="refused",
            reason="经核实无宴请情形")
    note = next(e for e in d.events if e.kind is EventKind.RECUSAL_DECIDED).note
    assert note == "申请人 张三申请书记员 clerk0回避：驳回申请。理由：经核实无宴请情形"
    people = ctx.call(tribunal.case_people, case_id=case_id, today=TODAY)
    assert people.clerk_name == "clerk0"


def test_a_granted_recusal_of_the_clerk_assigns_another(ctx, inst: Institute) -> None:  # noqa: ANN001
    case_id = _formed(ctx, inst)
    act(ctx, case_id, "request_recusal", date(2026, 11, 9), party=_applicant(ctx, case_id),
        person=inst.clerks[0].id.hex, ground="1", reason="书记员是申请人的表姐")
    ctx.actor = inst.boss
    request = next(v for v, _ in ctx.call(tribunal_choices, case_id=case_id, source="recusal_requests"))
    with pytest.raises(ValidationFailed) as err:  # a clerk is replaced by a clerk
        act(ctx, case_id, "decide_recusal", date(2026, 11, 10), request=request, outcome="granted",
            replacement=inst.ids["arb2"])
    assert "书记员" in err.value.errors["replacement"]
    act(ctx, case_id, "decide_recusal", date(2026, 11, 10), request=request, outcome="granted",
        replacement=inst.clerks[1].id.hex)
    assert ctx.call(tribunal.case_people, case_id=case_id, today=TODAY).clerk_name == "clerk1"


def tribunal_choices(*, session, user, case_id, source):  # noqa: ANN001, ANN201
    from hrss_disputes.services import field_sources

    return field_sources.choices(session=session, user=user, case_id=case_id, source=source)


def _board_cases(ctx, who) -> set:  # noqa: ANN001
    board = ctx.call(deadline_board.board, user=who, query=BoardQuery(scope=Scope.MINE), today=TODAY)
    return {r.case_id for r in board.rows}


def _listed(ctx, who) -> set:  # noqa: ANN001
    return {r.id for r in ctx.call(case_list.list_cases, user=who, query=case_list.CaseQuery(mine=True))}


def test_my_cases_are_those_i_handle_sit_on_or_clerk(ctx, inst: Institute) -> None:  # noqa: ANN001
    case_id = _formed(ctx, inst)  # handled by clerk0 (who registered it), clerk0 its clerk too
    ctx.actor = inst.clerks[1]
    other = ctx.call(cases.create_case, data=arbitration_input(inst.office))
    act(ctx, other, "accept", date(2026, 11, 3))  # clerk1's own, nobody else's
    expected = {  # handler; member (arb0 chief, arb1 member); a part-time arbitrator signs in nowhere
        inst.clerks[0]: {case_id}, inst.arbs[0]: {case_id}, inst.arbs[1]: {case_id},
        inst.arbs[2]: set(), inst.clerks[1]: {other},
    }
    for who, mine in expected.items():
        assert _board_cases(ctx, who) == mine, who.username
        assert _listed(ctx, who) == mine, who.username
    # arb1 withdrawn (回避) for arb2: the case leaves arb1's board and comes onto arb2's
    act(ctx, case_id, "request_recusal", date(2026, 11, 9), party=_applicant(ctx, case_id),
        person=inst.ids["arb1"], ground="2", reason="利害关系")
    ctx.actor = inst.boss
    request = next(v for v, _ in ctx.call(tribunal_choices, case_id=case_id, source="recusal_requests"))
    act(ctx, case_id, "decide_recusal", date(2026, 11, 10), request=request, outcome="granted",
        replacement=inst.ids["arb2"])
    assert _board_cases(ctx, inst.arbs[1]) == set() and _board_cases(ctx, inst.arbs[2]) == {case_id}
    assert _listed(ctx, inst.arbs[2]) == {case_id}


@pytest.mark.sqlite_only("SQLite's query planner (EXPLAIN QUERY PLAN); the server's plans: test_server_indexes")
def test_the_tribunal_part_of_mine_stays_on_indexes(ctx, inst: Institute) -> None:  # noqa: ANN001
    from sqlalchemy.dialects import sqlite

    stmt = select(DisputeCase.id).where(tribunal.mine_condition(inst.arbs[0].id))
    sql = str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with ctx.db.session() as s:
        plan = " | ".join(str(r[-1]) for r in s.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert "tribunal_seat USING INDEX ix_seat_arbitrator" in plan, plan  # listed once by arbitrator
    assert "SCAN tribunal_seat" not in plan and "SCAN arbitrator" not in plan, plan


def test_a_tribunal_typed_before_the_register_stays_readable(ctx, inst: Institute) -> None:  # noqa: ANN001
    """A 组成仲裁庭 recorded before the register stored the names as typed: its 说明, the case view
    and the papers still name them."""
    import json

    case_id = inst.case()
    with ctx.db.session() as s:
        s.add(CaseEvent(case_id=case_id, kind=EventKind.TRIBUNAL_FORMED, occurred_on=date(2026, 11, 4),
                        user_id=inst.clerks[0].id, note="", data=json.dumps({"arbitrators": "陈立新、王芳、黄国强"})))
        s.commit()
        assert tribunal.tribunal_names(s, case_id, TODAY) == ["陈立新", "王芳", "黄国强"]
    d = ctx.call(cases.get_case, case_id=case_id)
    assert next(e for e in d.events if e.kind is EventKind.TRIBUNAL_FORMED).note == "仲裁庭：陈立新、王芳、黄国强"
    people = ctx.call(tribunal.case_people, case_id=case_id, today=TODAY)
    assert (people.seats, people.tribunal_text) == ((), "陈立新、王芳、黄国强")


def test_forming_is_not_offered_when_the_register_has_nobody_in_office(ctx, admin) -> None:  # noqa: ANN001
    """A register whose arbitrators are all stood down leaves nobody to choose: 组成仲裁庭 is shown
    greyed with why, as a step with an empty choice is (re-review of issue 19)."""
    from hrss_disputes.services import workflow

    boss = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    make_user(ctx, "lin", Role.CLERK, admin.office_id)
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    act(ctx, case_id, "accept", date(2026, 11, 3))
    only = ctx.call(tribunal.save_arbitrator, user=boss, office_id=admin.office_id,
                    data=ArbitratorInput("周志明", "part_time", profession="律师"))
    assert "form_tribunal" in {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}
    ctx.call(tribunal.save_arbitrator, user=boss, office_id=admin.office_id, arbitrator_id=only,
             data=ArbitratorInput("周志明", "part_time", profession="律师", active=False))
    assert "form_tribunal" not in {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}
    blocked = ctx.call(workflow.blocked_actions, case_id=case_id)
    assert blocked["form_tribunal"] == "没有可选的仲裁庭组成人员"
