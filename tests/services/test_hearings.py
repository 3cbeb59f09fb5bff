"""Hearing places and the hearing calendar: places kept by the administrator, 确定开庭 booking a
room at a time, the overlap warning (arbitrator, clerk, place), 开庭审理 and 延期开庭 (LDMAF 35)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from hrss_disputes.models.audit import AuditEntry
from hrss_disputes.models.enums import HearingStatus, OfficeKind, PlaceKind, Role
from hrss_disputes.models.tribunal import Hearing
from hrss_disputes.services import cases, documents, hearings, offices, papers
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed
from hrss_disputes.services.parties import PartyInput
from tests.factories import act, arbitration_input, make_user, office_clerk, room
from tests.pdf import text_of

DECIDED = date(2026, 11, 16)  # a Monday: the hearing on 12-03 is well over five working days away
DAY = date(2026, 12, 3)


def _case(ctx, office_id, applicant: str = "张三", arbitrators: str | None = "陈立新、王芳、黄国强",  # noqa: ANN001, ANN202
          clerk: str | None = None):
    case_id = ctx.call(cases.create_case, data=arbitration_input(office_id, applicants=[PartyInput(name=applicant)]))
    act(ctx, case_id, "accept", date(2026, 11, 3))
    if arbitrators:
        extra = {"clerk": clerk} if clerk else {}
        act(ctx, case_id, "form_tribunal", date(2026, 11, 4), arbitrators=arbitrators, **extra)
    return case_id


def _book(ctx, case_id, starts: str = "09:30", minutes: int = 90, place: str = "第一仲裁庭", on: date = DAY,  # noqa: ANN001, ANN202
          decided: date = DECIDED):
    return act(ctx, case_id, "schedule_hearing", decided, hearing_on=on, starts=starts, minutes=minutes, place=place)


@pytest.fixture
def clerk(ctx, admin):  # noqa: ANN001, ANN201
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    return ctx.actor


# ---------------------------------------------------------------- places


def test_the_administrator_keeps_rooms_and_mobile_points(ctx, admin) -> None:  # noqa: ANN001
    town = ctx.call(offices.create_office, code="DS", name="大沙镇劳动争议调解中心", kind=OfficeKind.TOWNSHIP_CENTRE,
                    parent_id=admin.office_id)
    first = ctx.call(hearings.save_place, office_id=admin.office_id, name="第一仲裁庭", kind="room", address="")
    ctx.call(hearings.save_place, office_id=town, name="大沙镇流动仲裁庭点", kind=PlaceKind.MOBILE_POINT,
             address="四会市大沙镇政府大院")
    for kwargs, field, words in (
        ({"office_id": admin.office_id, "name": " ", "kind": "room"}, "name", "请填写名称"),
        ({"office_id": admin.office_id, "name": "第一仲裁庭", "kind": "room"}, "name", "已有名为“第一仲裁庭”"),
        ({"office_id": town, "name": "镇调解室", "kind": "room"}, "kind", "仲裁庭室属于仲裁院"),
        ({"office_id": town, "name": "石狗点", "kind": "mobile_point"}, "address", "请填写流动仲裁庭点的地址"),
        ({"office_id": None, "name": "第二仲裁庭", "kind": "room"}, "office_id", "请选择机构"),
        ({"office_id": admin.office_id, "name": "第二仲裁庭", "kind": ""}, "kind", "请选择类别"),
    ):
        with pytest.raises(ValidationFailed) as err:
            ctx.call(hearings.save_place, address="", **kwargs)
        assert words in err.value.errors[field], err.value.errors
    places = ctx.call(hearings.list_places)
    assert [(p.name, p.kind, p.office_name) for p in places] == [
        ("第一仲裁庭", PlaceKind.ROOM, "肇庆市劳动人事争议仲裁院"),
        ("大沙镇流动仲裁庭点", PlaceKind.MOBILE_POINT, "大沙镇劳动争议调解中心")]
    # corrected, then no longer used: kept (old hearings name it) but no longer offered
    changed = ctx.call(hearings.save_place, place_id=first.id, expected_version=first.version, office_id=admin.office_id,
                       name="第一仲裁庭", kind="room", address="端州区信安大道1号", active=False)
    assert (changed.address, changed.active, changed.version) == ("端州区信安大道1号", False, 2)
    with ctx.db.session() as s:
        assert [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "hearing_place")
                                            .order_by(AuditEntry.seq))] == ["create", "create", "update"]
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    listed = ctx.call(hearings.field_sources.choices, case_id=case_id, source="places")
    assert [label for _v, label in listed] == ["大沙镇流动仲裁庭点（流动仲裁庭点）"]  # the township's point is the institute's


def test_only_the_administrator_keeps_places(ctx, admin) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    with pytest.raises(PermissionDenied):
        ctx.call(hearings.save_place, office_id=admin.office_id, name="第一仲裁庭", kind="room", address="")


# ---------------------------------------------------------------- booking


def test_schedule_books_the_room_at_its_time(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = _case(ctx, admin.office_id)
    detail = _book(ctx, case_id, "14:30", 90)
    with ctx.db.session() as s:
        [h] = s.scalars(select(Hearing).where(Hearing.case_id == case_id)).all()
        assert (h.hearing_on, h.starts, h.minutes, h.status) == (DAY, 870, 90, "scheduled")
        assert h.place_text == "第一仲裁庭（肇庆市端州区信安大道1号）"
    step = detail.events[-1]
    assert step.note == "开庭：2026-12-03 14:30–16:00（90分钟）；地点：第一仲裁庭（肇庆市端州区信安大道1号）"
    assert h.event_id == step.id
    # one booking at a time: held or postponed before another is made
    with pytest.raises(PermissionDenied, match="本案已确定于 2026-12-03 14:30 第一仲裁庭开庭"):
        _book(ctx, case_id, "09:00")
    [view] = ctx.call(hearings.case_hearings, case_id=case_id)
    assert view.line == "2026-12-03 14:30–16:00 第一仲裁庭（待开庭）"
    assert view.arbitrators == ("陈立新", "王芳", "黄国强")


@pytest.mark.parametrize(("values", "field", "words"), [
    ({"starts": "9点半"}, "starts", "开庭时间应为“时:分”"),
    ({"starts": "22:00"}, "starts", "开庭时间应在 07:00 至 20:45 之间"),
    ({"minutes": 5}, "minutes", "不能小于 15"),
    ({"place": ""}, "place", "请选择开庭地点"),
    ({"hearing_on": date(2026, 11, 18)}, "hearing_on", "劳动争议调解仲裁法第三十五条"),  # the notice's five days stay
])
def test_a_booking_is_checked_at_its_fields(ctx, admin, clerk, values: dict, field: str, words: str) -> None:  # noqa: ANN001
    case_id = _case(ctx, admin.office_id)
    given = {"hearing_on": DAY, "starts": "09:30", "minutes": 60, "place": room(ctx, admin.office_id).hex, **values}
    with pytest.raises(ValidationFailed) as err:
        act(ctx, case_id, "schedule_hearing", DECIDED, **given)
    assert words in err.value.errors[field], err.value.errors
    with ctx.db.session() as s:
        assert s.scalars(select(Hearing)).all() == []  # nothing half-saved


def test_a_place_of_another_institute_is_not_offered(ctx, admin, clerk) -> None:  # noqa: ANN001
    other = ctx.call(offices.create_office, user=ctx.call(offices.first_admin), code="SH", name="四会市劳动人事争议仲裁院",
                     kind=OfficeKind.INSTITUTE, parent_id=None)
    theirs = room(ctx, other, "四会第一仲裁庭")
    case_id = _case(ctx, admin.office_id)
    with pytest.raises(ValidationFailed) as err:
        act(ctx, case_id, "schedule_hearing", DECIDED, hearing_on=DAY, starts="09:30", minutes=60, place=theirs.hex)
    assert "不在可选范围内" in err.value.errors["place"]


# ---------------------------------------------------------------- the overlap warning


@pytest.mark.parametrize(("starts", "minutes", "clashes"), [
    ("08:00", 90, True),   # 08:00–09:30 touches 09:30: no clash
    ("08:00", 91, True),   # one minute into it
    ("10:59", 30, True),
    ("11:00", 60, False),  # begins as the other ends
])
def test_touching_is_not_overlapping(ctx, admin, clerk, starts: str, minutes: int, clashes: bool) -> None:  # noqa: ANN001
    booked = _case(ctx, admin.office_id, "张三", None)
    _book(ctx, booked, "09:30", 90)  # 09:30–11:00
    new = _case(ctx, admin.office_id, "李四", None)
    found = ctx.call(hearings.conflicts, case_id=new, hearing_on=DAY, starts=starts, minutes=minutes,
                     place=room(ctx, admin.office_id).hex)
    touching = starts == "08:00" and minutes == 90
    assert bool(found) is (clashes and not touching)


def test_the_same_arbitrator_clerk_or_room_is_warned(ctx, admin, clerk) -> None:  # noqa: ANN001
    other_clerk = make_user(ctx, "clerk2", Role.CLERK, admin.office_id)
    booked = _case(ctx, admin.office_id, "张三", "陈立新、王芳、黄国强")
    _book(ctx, booked, "09:30", 90, "第一仲裁庭")
    number = ctx.call(cases.get_case, case_id=booked).case_number
    two = room(ctx, admin.office_id, "第二仲裁庭").hex
    one = room(ctx, admin.office_id, "第一仲裁庭").hex

    def clash(case_id, place: str = two, starts: str = "10:00", on: date = DAY) -> list[str]:  # noqa: ANN001
        return ctx.call(hearings.conflicts, case_id=case_id, hearing_on=on, starts=starts, minutes=60, place=place)

    same_arbitrator = _case(ctx, admin.office_id, "李四", "吴敏、陈立新、周强", clerk=other_clerk.id.hex)
    assert clash(same_arbitrator) == [f"仲裁员 陈立新 2026-12-03 09:30–11:00 已安排 {number}"]
    same_clerk = _case(ctx, admin.office_id, "王五", "吴敏")  # the office's clerk, as on the booked case
    assert clash(same_clerk) == [f"书记员 {office_clerk(ctx, admin.office_id).display_name} 2026-12-03 09:30–11:00 "
                                 f"已安排 {number}"]
    same_room = _case(ctx, admin.office_id, "赵六", "周强", clerk=other_clerk.id.hex)
    assert clash(same_room, one) == [f"第一仲裁庭 2026-12-03 09:30–11:00 已安排 {number}"]
    assert clash(same_room, two) == []
    assert clash(same_arbitrator, starts="11:00") == [] and clash(same_arbitrator, on=date(2026, 12, 4)) == []
    # only scheduled hearings count: once it is postponed, nothing clashes
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    act(ctx, booked, "postpone_hearing", date(2026, 11, 20), reason="仲裁员回避待决定")
    assert clash(same_arbitrator) == [] and clash(same_room, one) == []


def test_a_warned_booking_is_still_recorded(ctx, admin, clerk) -> None:  # noqa: ANN001
    first, second = _case(ctx, admin.office_id, "张三"), _case(ctx, admin.office_id, "李四")
    _book(ctx, first, "09:30")
    _book(ctx, second, "10:00")  # the same tribunal and room: the form warns, the service books
    with ctx.db.session() as s:
        assert len(s.scalars(select(Hearing).where(Hearing.status == "scheduled")).all()) == 2


# ---------------------------------------------------------------- held and postponed


def test_hold_marks_the_booked_hearing_held(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = _case(ctx, admin.office_id)
    _book(ctx, case_id, on=date(2026, 11, 20), decided=date(2026, 11, 9))
    with pytest.raises(ValidationFailed) as err:
        act(ctx, case_id, "hold_hearing", date(2026, 11, 19))
    assert "本案确定的开庭日期为 2026-11-20" in err.value.errors["occurred_on"]
    detail = act(ctx, case_id, "hold_hearing", date(2026, 11, 20))
    assert detail.events[-1].note == "开庭：2026-11-20 09:30 第一仲裁庭"
    [view] = ctx.call(hearings.case_hearings, case_id=case_id)
    assert view.status is HearingStatus.HELD
    with ctx.db.session() as s:  # the booking and its end in the audit trail, with the step's
        assert [(e.action, e.entity_id) for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "hearing")
                                                           .order_by(AuditEntry.seq))] == [("book", view.id),
                                                                                           ("held", view.id)]
    with pytest.raises(PermissionDenied, match="没有待开庭的安排"):  # a second sitting is booked first
        act(ctx, case_id, "hold_hearing", date(2026, 11, 20))


def test_postponed_keeps_the_history_and_waits_for_a_new_booking(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = _case(ctx, admin.office_id, arbitrators=None)  # booked with the acceptance, before the tribunal
    _book(ctx, case_id, on=date(2026, 11, 24), decided=date(2026, 11, 9))  # a Tuesday
    party = next(p.party for p in ctx.call(cases.get_case, case_id=case_id).parties if p.party.name == "张三")
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    for values, field, words in (
        ({"party": party.id.hex, "requested_on": date(2026, 11, 20)}, "requested_on",
         "当事人应在开庭3个工作日前请求延期开庭（劳动争议调解仲裁法第三十五条）：本次开庭为 2026-11-24，最迟 2026-11-19 提出"),
        ({"party": party.id.hex}, "requested_on", "请填写申请日期"),
        ({"party": party.id.hex, "requested_on": date(2026, 11, 6)}, "requested_on", "不能早于确定开庭的日期"),
    ):
        with pytest.raises(ValidationFailed) as err:
            act(ctx, case_id, "postpone_hearing", date(2026, 11, 20), reason="代理律师另有庭审", **values)
        assert words in err.value.errors[field], err.value.errors
    detail = act(ctx, case_id, "postpone_hearing", date(2026, 11, 20), party=party.id.hex,
                 requested_on=date(2026, 11, 19), reason="申请人住院治疗")
    assert detail.events[-1].note == ("原定 2026-11-24 09:30 第一仲裁庭 的开庭延期；张三于2026-11-19申请；"
                                      "理由：申请人住院治疗；须重新确定开庭")
    assert detail.status.label == "已受理"  # the status is the procedure's stage: it waits for a new 确定开庭
    with pytest.raises(PermissionDenied, match="没有待开庭的安排"):
        act(ctx, case_id, "postpone_hearing", date(2026, 11, 20), reason="再次")
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 20), hearing_on=date(2026, 12, 10), starts="14:30",
        minutes=60, place="第二仲裁庭")
    assert [v.line for v in ctx.call(hearings.case_hearings, case_id=case_id)] == [
        "2026-11-24 09:30–11:00 第一仲裁庭（延期）：申请人住院治疗", "2026-12-10 14:30–15:30 第二仲裁庭（待开庭）"]
    # the notice names the booked hearing: day, time, the place and its address
    [paper] = ctx.call(papers.draft, case_id=case_id, doc_type="hearing_notice", issue_date=date(2026, 11, 20))
    assert (paper.values["开庭日期"], paper.values["开庭时间"], paper.values["开庭地点"]) == (
        "2026年12月10日", "下午2时30分", "第二仲裁庭（肇庆市端州区信安大道1号）")
    [pdf] = ctx.call(documents.preview, case_id=case_id, doc_type="hearing_notice", issue_date=date(2026, 11, 20)).pdfs
    assert "本委定于2026年12月10日下午2时30分在第二仲裁庭（肇庆市端州区信安大道1号）开庭审理" in text_of(pdf).replace("\n", "")


def test_the_tribunal_may_postpone_on_its_own_motion(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = _case(ctx, admin.office_id)
    _book(ctx, case_id)
    with pytest.raises(PermissionDenied):  # the commission decides (LDMAF 35): not the clerk
        act(ctx, case_id, "postpone_hearing", date(2026, 11, 20), reason="台风预警")
    ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    # the form's 申请日期 shows a date even when no party asked: it is no request's, and not kept
    detail = act(ctx, case_id, "postpone_hearing", date(2026, 11, 20), reason="台风预警", requested_on=date(2026, 11, 20))
    assert "仲裁委员会依职权决定" in detail.events[-1].note
    with ctx.db.session() as s:
        from hrss_disputes.models.case import CaseEvent

        step = s.get(CaseEvent, detail.events[-1].id)
        assert "requested_on" not in step.data and "台风预警" in step.data


# ---------------------------------------------------------------- the week


def test_the_week_by_place_and_by_arbitrator(ctx, admin, clerk) -> None:  # noqa: ANN001
    first = _case(ctx, admin.office_id, "张三", "陈立新、王芳、黄国强")
    second = _case(ctx, admin.office_id, "李四", "吴敏")
    _book(ctx, first, "09:30", 90, "第一仲裁庭")
    _book(ctx, second, "14:30", 60, "第二仲裁庭", date(2026, 12, 4))
    untried = _case(ctx, admin.office_id, "王五", None)
    _book(ctx, untried, "09:00", 60, "第二仲裁庭", date(2026, 11, 30))
    by_place = ctx.call(hearings.week, day=date(2026, 12, 2))
    assert by_place.monday == date(2026, 11, 30) and by_place.count == 3
    assert [r.label for r in by_place.rows] == ["第一仲裁庭", "第二仲裁庭"]
    number = ctx.call(cases.get_case, case_id=first).case_number
    assert [s.text for s in by_place.rows[0].days[3]] == [f"09:30–11:00 {number} 张三诉肇庆市鼎盛建筑工程有限公司"]
    assert [len(d) for d in by_place.rows[1].days] == [1, 0, 0, 0, 1, 0, 0]
    by_person = ctx.call(hearings.week, day=date(2026, 12, 2), by=hearings.BY_ARBITRATOR)
    assert [r.label for r in by_person.rows] == sorted(["陈立新", "王芳", "黄国强", "吴敏"]) + ["（未组庭）"]
    assert ctx.call(hearings.week, day=date(2026, 12, 9)).rows == ()
    # office-limited like the case list: another institute's staff see none of it
    other = ctx.call(offices.create_office, user=ctx.call(offices.first_admin), code="SH", name="四会市劳动人事争议仲裁院",
                     kind=OfficeKind.INSTITUTE, parent_id=admin.office_id)
    ctx.actor = make_user(ctx, "sihui", Role.CLERK, other)
    assert ctx.call(hearings.week, day=date(2026, 12, 2)).rows == ()


# ---------------------------------------------------------------- a case scheduled before the calendar


def test_a_hearing_scheduled_before_the_calendar_stays_readable(ctx, admin, clerk) -> None:  # noqa: ANN001
    """A 确定开庭 recorded before hearings were booked: its typed place is still what the hearing
    day, the notice and the timeline say, and 开庭审理 is recorded as before."""
    import json

    from hrss_disputes.models.case import CaseEvent
    from hrss_disputes.models.enums import EventKind
    from hrss_disputes.services import hearing_day

    case_id = _case(ctx, admin.office_id)
    with ctx.db.session() as s:  # as the program stored it then: no time, no booking, an empty note
        s.add(CaseEvent(case_id=case_id, kind=EventKind.HEARING_SCHEDULED, occurred_on=date(2026, 11, 9), note="",
                        data=json.dumps({"hearing_on": "2026-11-20", "place": "本委第一仲裁庭"}, ensure_ascii=False)))
        s.commit()
    [day] = ctx.call(hearing_day.hearings_on, day=date(2026, 11, 20))
    assert (day.case_id, day.place, day.starts) == (case_id, "本委第一仲裁庭", "")
    [paper] = ctx.call(papers.draft, case_id=case_id, doc_type="hearing_notice", issue_date=date(2026, 11, 10))
    assert (paper.values["开庭日期"], paper.values["开庭时间"], paper.values["开庭地点"]) == (
        "2026年11月20日", "", "本委第一仲裁庭")
    notes = [e.note for e in ctx.call(cases.get_case, case_id=case_id).events if e.kind is EventKind.HEARING_SCHEDULED]
    assert notes == ["开庭日期：2026-11-20；开庭地点：本委第一仲裁庭"]
    assert ctx.call(hearings.case_hearings, case_id=case_id) == []
    act(ctx, case_id, "hold_hearing", date(2026, 11, 20))  # no booking to mark: recorded as before
    assert ctx.call(cases.get_case, case_id=case_id).status.label == "审理中"


# ---------------------------------------------------------------- demo data


def test_the_demo_shows_rooms_points_and_a_fortnight_of_hearings(db) -> None:  # noqa: ANN001
    """services.demo: every institute has its rooms and each township under it a 流动仲裁庭点; this
    week's and next week's hearings are booked through 确定开庭 (no two overlapping in a room), the
    past ones held."""
    from collections import Counter

    from hrss_disputes.models.office import AppUser, Office
    from hrss_disputes.models.tribunal import HearingPlace
    from hrss_disputes.services.context import ServiceContext, actor_of
    from hrss_disputes.services.demo import load_demo

    today = date(2026, 11, 25)  # a Wednesday
    with db.session() as s:
        load_demo(session=s, cases=1200, seed=3, today=today)
        rooms = Counter(o.kind for o in s.scalars(select(Office).join(HearingPlace, HearingPlace.office_id == Office.id)
                                                  .where(HearingPlace.kind == "room")))
        points = {p.office_id for p in s.scalars(select(HearingPlace).where(HearingPlace.kind == "mobile_point"))}
        towns = set(s.scalars(select(Office.id).where(Office.kind == OfficeKind.TOWNSHIP_CENTRE)))
        institutes = len(s.scalars(select(Office.id).where(Office.kind == OfficeKind.INSTITUTE)).all())
        leader = actor_of(s.scalars(select(AppUser).where(AppUser.username == "gd_leader")).one())
        booked = s.scalars(select(Hearing).where(Hearing.sitting_id.is_(None))).all()
    assert rooms[OfficeKind.INSTITUTE] in range(2 * institutes, 3 * institutes + 1) and points == towns
    assert len(booked) >= 8
    assert all(h.status == ("held" if h.hearing_on < today else "scheduled") for h in booked)
    from hrss_disputes.domain.hearings import overlaps

    assert not [(a.id, b.id) for a in booked for b in booked if a.id != b.id and (a.place_id, a.hearing_on) == (
        b.place_id, b.hearing_on) and overlaps(a.starts, a.minutes, b.starts, b.minutes)]
    week = ServiceContext(db, leader).call(hearings.week, day=today)
    assert week.count >= 4 and all(r.label for r in week.rows)
