"""The hearing calendar after the outside reviews of issue 19: a suspended or closed case leaves no
booked hearing (and no notice clock) behind, the overlap warning names only what the caller may
see and also warns of a rest day, a hearing ends within the day, the 开庭排期表 prints any week."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from hrss_disputes.models.enums import HearingStatus, Role
from hrss_disputes.models.tribunal import Hearing
from hrss_disputes.services import cases, hearings, workflow
from tests.factories import act, make_user, room
from tests.services.test_hearings import DAY, _book, _case


@pytest.fixture
def clerk(ctx, admin):  # noqa: ANN001, ANN201
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    return ctx.actor


def _hearings(ctx, case_id) -> list[tuple[HearingStatus, str]]:  # noqa: ANN001
    return [(v.status, v.reason) for v in ctx.call(hearings.case_hearings, case_id=case_id)]


# ---------------------------------------------------------------- a suspended or closed case (point 4)


def test_a_suspension_postpones_the_booked_hearing_and_stops_its_notice_clock(ctx, admin, clerk) -> None:  # noqa: ANN001
    case_id = _case(ctx, admin.office_id)
    _book(ctx, case_id)
    keys = {d.key for d in ctx.call(workflow.case_deadlines, case_id=case_id, today=date(2026, 11, 20))}
    assert any(k.startswith("hearing_notice") for k in keys)
    ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    detail = act(ctx, case_id, "suspend", date(2026, 11, 20), ground="6")  # 中止审理 (仲裁规则第四十七条)
    assert _hearings(ctx, case_id) == [(HearingStatus.POSTPONED, "中止审理")]  # the history kept
    assert "原定 2026-12-03 09:30 第一仲裁庭 的开庭因中止审理延期" in detail.events[-1].note
    assert not any(d.key.startswith("hearing_notice") for d in ctx.call(workflow.case_deadlines, case_id=case_id, today=date(2026, 11, 20)))
    assert ctx.call(hearings.week, day=DAY).rows == ()  # off the calendar
    act(ctx, case_id, "resume", date(2026, 11, 21))
    offered = {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}
    assert "schedule_hearing" in offered and "postpone_hearing" not in offered  # a new 确定开庭 is needed
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 21), hearing_on=date(2026, 12, 10), starts="09:30",
        minutes=60, place="第一仲裁庭")
    assert [s for s, _r in _hearings(ctx, case_id)] == [HearingStatus.POSTPONED, HearingStatus.SCHEDULED]


@pytest.mark.parametrize(("action", "values"), [
    ("withdraw", {}),
    ("revoke", {"reason": "不属于受理范围"}),
    ("mediation_statement", {}),
    ("deemed_withdrawn", {"reason": "申请人无正当理由拒不到庭"}),
])
def test_a_closed_case_leaves_no_booked_hearing(ctx, admin, clerk, action: str, values: dict) -> None:  # noqa: ANN001
    case_id = _case(ctx, admin.office_id)
    _book(ctx, case_id)
    if action == "deemed_withdrawn":
        ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    else:
        ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    act(ctx, case_id, action, date(2026, 11, 20), **values)
    [(status, reason)] = _hearings(ctx, case_id)
    assert status is HearingStatus.CANCELLED and "结案" in reason
    with ctx.db.session() as s:
        assert s.scalars(select(Hearing).where(Hearing.status == HearingStatus.SCHEDULED.value)).all() == []
    assert ctx.call(hearings.week, day=DAY).rows == ()


# ---------------------------------------------------------------- the week shows a double booking (point 6)


def test_the_week_shows_spans_the_other_dimension_and_double_bookings(ctx, admin, clerk) -> None:  # noqa: ANN001
    first = _case(ctx, admin.office_id, "张三", "陈立新、王芳、黄国强")
    second = _case(ctx, admin.office_id, "李四", "吴敏")
    third = _case(ctx, admin.office_id, "王五", "吴敏")
    _book(ctx, first, "09:30", 60, "第一仲裁庭")  # 09:30–10:30
    _book(ctx, second, "10:00", 60, "第一仲裁庭")  # the same room from 10:00: a double booking
    _book(ctx, third, "14:00", 60, "第二仲裁庭")
    by_place = ctx.call(hearings.week, day=DAY)
    [one, two] = by_place.rows[0].days[3]
    assert one.line(by_place.by).startswith("【重叠】09:30–10:30 ") and one.line(by_place.by).endswith("（首席 陈立新）")
    assert two.overlap and two.line(by_place.by).endswith("（独任 吴敏）")
    by_person = ctx.call(hearings.week, day=DAY, by=hearings.BY_ARBITRATOR)
    wu = next(r for r in by_person.rows if r.label == "吴敏")
    assert [(s.line(by_person.by).split(" ")[0], s.overlap) for s in wu.days[3]] == [
        ("10:00–11:00", False), ("14:00–15:00", False)]  # 吴敏's two hearings do not overlap
    assert wu.days[3][0].line(by_person.by).endswith("（第一仲裁庭）")


# ---------------------------------------------------------------- what the warning may name (point 2)


def test_the_warning_names_only_what_the_caller_may_see(ctx, admin, clerk) -> None:  # noqa: ANN001
    """A county institute's room is also offered to the city institute above it: a city case booked
    there is not the county clerk's to see, so it neither counts nor is named in her warning."""
    from hrss_disputes.models.enums import OfficeKind
    from hrss_disputes.services import offices

    county = ctx.call(offices.create_office, user=ctx.call(offices.first_admin), code="SH",
                      name="四会市劳动人事争议仲裁院", kind=OfficeKind.INSTITUTE, parent_id=admin.office_id)
    city_case = _case(ctx, admin.office_id, "张三", None)
    _book(ctx, city_case, "09:30", 90, "四会第一仲裁庭")
    city_room = room(ctx, county, "四会第一仲裁庭")
    ctx.actor = make_user(ctx, "sihui", Role.CLERK, county)
    county_case = _case(ctx, county, "李四", None)
    found = ctx.call(hearings.conflicts, case_id=county_case, hearing_on=DAY, starts="10:00", minutes=60,
                     place=city_room.hex)
    assert found == [], found
    assert ctx.call(hearings.week, day=DAY).rows == ()
    ctx.actor = clerk  # the city's clerk sees both cases: the county booking is named to her
    mine = _case(ctx, admin.office_id, "王五", None)
    assert ctx.call(hearings.conflicts, case_id=mine, hearing_on=DAY, starts="10:00", minutes=60,
                    place=city_room.hex)[0].startswith("四会第一仲裁庭 2026-12-03 09:30–11:00 已安排 ")


# ---------------------------------------------------------------- the day and the end (point 3)


def test_a_rest_day_is_warned_with_the_overlaps_and_a_hearing_ends_within_the_day(ctx, admin, clerk) -> None:  # noqa: ANN001
    from hrss_disputes.services.errors import ValidationFailed

    case_id = _case(ctx, admin.office_id)
    one = room(ctx, admin.office_id, "第一仲裁庭").hex

    def warned(on: date) -> list[str]:
        return ctx.call(hearings.conflicts, case_id=case_id, hearing_on=on, starts="09:30", minutes=60, place=one)

    assert warned(DAY) == []
    assert warned(date(2026, 12, 5)) == ["2026-12-05（星期六）是周末，不是工作日"]
    assert warned(date(2027, 3, 4)) == ["2027-03-04 所在年度的节假日安排日历中尚无（国务院通知公布后由管理员补录），是否工作日未经确认"]
    with pytest.raises(ValidationFailed) as err:  # 20:45 for eight hours was accepted as "20:45–28:45"
        act(ctx, case_id, "schedule_hearing", date(2026, 11, 16), hearing_on=DAY, starts="20:45", minutes=480,
            place=one)
    assert err.value.errors == {"minutes": "开庭须在 21:00 前结束：20:45 开庭，最长 15 分钟（现为 20:45–28:45）"}
    with ctx.db.session() as s:
        assert s.scalars(select(Hearing)).all() == []
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 16), hearing_on=date(2026, 12, 5), starts="09:30",
        minutes=60, place=one)  # a Saturday: warned, not refused


# ---------------------------------------------------------------- the notice names the tribunal (point 7)


def test_the_hearing_notice_names_the_tribunal_sitting_on_the_hearing_day(ctx, admin, clerk) -> None:  # noqa: ANN001
    from hrss_disputes.services import documents, papers
    from tests.factories import office_clerk
    from tests.pdf import text_of

    case_id = _case(ctx, admin.office_id)
    _book(ctx, case_id, "14:30", 90)
    [paper] = ctx.call(papers.draft, case_id=case_id, doc_type="hearing_notice", issue_date=date(2026, 11, 16))
    who = f"本案仲裁庭由首席仲裁员陈立新、仲裁员王芳、黄国强组成，书记员{office_clerk(ctx, admin.office_id).display_name}。"
    assert paper.values["开庭仲裁庭"] == who
    [pdf] = ctx.call(documents.preview, case_id=case_id, doc_type="hearing_notice", issue_date=date(2026, 11, 16)).pdfs
    assert "开庭审理，请准时到庭。" + who in text_of(pdf)
    untried = _case(ctx, admin.office_id, "李四", None)  # booked before the tribunal is formed: said to follow
    _book(ctx, untried, "09:30", 60, "第二仲裁庭")
    [paper] = ctx.call(papers.draft, case_id=untried, doc_type="hearing_notice", issue_date=date(2026, 11, 16))
    assert paper.values["开庭仲裁庭"] == "仲裁庭组成人员另行书面通知。"  # not a blank line to write on


def test_an_award_issued_as_a_paper_cancels_a_further_booked_hearing(ctx, admin) -> None:  # noqa: ANN001
    """签发仲裁裁决书 records 作出裁决 itself (not through the step form): a further hearing booked
    after the first was held does not stay on the calendar."""
    from tests.factories import decide
    from tests.services.test_award_decisions import formed, issue

    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = formed(ctx, admin.office_id, heard=True)
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 6), hearing_on=DAY, place="第一仲裁庭")  # 续开庭
    decide(ctx, case_id, [("supported", None, ""), ("rejected", None, "无证据"), ("rejected", None, "未解除劳动合同")])
    issue(ctx, case_id)
    assert [(s, r) for s, r in _hearings(ctx, case_id)][-1] == (HearingStatus.CANCELLED, "案件已结案（作出裁决）")
    assert ctx.call(hearings.week, day=DAY).rows == ()


def test_a_suspension_struck_out_restores_the_booked_hearing(ctx, admin, clerk) -> None:  # noqa: ANN001
    from hrss_disputes.domain import corrections as rules
    from hrss_disputes.models.enums import EventKind
    from tests.services.test_corrections import correct, step

    case_id = _case(ctx, admin.office_id)
    _book(ctx, case_id)
    ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    act(ctx, case_id, "suspend", date(2026, 11, 20), ground="6")
    correct(ctx, case_id, step(ctx, case_id, EventKind.SUSPENDED), rules.STRIKE, today=date(2026, 11, 21))
    assert _hearings(ctx, case_id) == [(HearingStatus.SCHEDULED, "")]  # the 中止 entered by mistake: as before
    assert [r.label for r in ctx.call(hearings.week, day=DAY).rows] == ["第一仲裁庭"]


def test_a_struck_suspension_leaves_a_hearing_whose_day_has_passed_postponed(ctx, admin, clerk) -> None:  # noqa: ANN001
    """Re-review of issue 19: the 中止 struck only after the hearing day: the hearing is not booked
    again on a day gone; it stays postponed (its reason kept) and the 更正 says to book anew."""
    from hrss_disputes.domain import corrections as rules
    from hrss_disputes.models.enums import EventKind
    from tests.services.test_corrections import correct, step

    case_id = _case(ctx, admin.office_id)
    _book(ctx, case_id)
    ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    act(ctx, case_id, "suspend", date(2026, 11, 20), ground="6")
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.SUSPENDED), rules.STRIKE, today=date(2026, 12, 4))
    assert _hearings(ctx, case_id) == [(HearingStatus.POSTPONED, "中止审理")]
    assert "原定开庭未恢复：2026-12-03 09:30 第一仲裁庭 开庭日期已过，请重新确定开庭" in d.events[-1].note
    offered = {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}
    assert "schedule_hearing" in offered


def test_a_struck_hearing_record_does_not_book_the_hearing_again_on_a_day_gone(ctx, admin, clerk) -> None:  # noqa: ANN001
    """The same for a 开庭审理 struck (更正) after its day: the hearing was not held, nor is it
    booked on a day gone — it is postponed (更正) and a new 确定开庭 is offered."""
    from hrss_disputes.domain import corrections as rules
    from hrss_disputes.models.enums import EventKind
    from tests.services.test_corrections import correct, step

    case_id = _case(ctx, admin.office_id)
    _book(ctx, case_id, on=date(2026, 11, 20), decided=date(2026, 11, 9))
    act(ctx, case_id, "hold_hearing", date(2026, 11, 20))
    ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    d = correct(ctx, case_id, step(ctx, case_id, EventKind.HEARING_HELD), rules.STRIKE, today=date(2026, 11, 23))
    assert _hearings(ctx, case_id) == [(HearingStatus.POSTPONED, "更正")]
    assert "原定开庭未恢复：2026-11-20 09:30 第一仲裁庭 开庭日期已过，请重新确定开庭" in d.events[-1].note
    assert "schedule_hearing" in {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}


@pytest.mark.parametrize(("action", "values", "status"), [
    ("suspend", {"ground": "6"}, HearingStatus.POSTPONED),
    ("withdraw", {}, HearingStatus.CANCELLED),
    ("revoke", {"reason": "不属于受理范围"}, HearingStatus.CANCELLED),
])
def test_a_struck_step_leaves_a_hearing_whose_slot_was_taken_unrestored(ctx, admin, clerk, action: str, values: dict,
                                                                        status: HearingStatus) -> None:  # noqa: ANN001
    """Re-review of issue 19: meanwhile another case was booked in the same room at an overlapping
    time: striking the step does not bring back a second hearing in that slot."""
    from hrss_disputes.domain import corrections as rules
    from tests.services.test_corrections import correct

    case_id = _case(ctx, admin.office_id)
    other = _case(ctx, admin.office_id, "李四")
    _book(ctx, case_id)
    boss = ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    act(ctx, case_id, action, date(2026, 11, 20), **values)
    ctx.actor = clerk
    _book(ctx, other, "10:00", 60, decided=date(2026, 11, 20))
    ctx.actor = boss
    struck = [e for e in ctx.call(cases.get_case, case_id=case_id).events if e.occurred_on == date(2026, 11, 20)][-1]
    before = _hearings(ctx, case_id)
    d = correct(ctx, case_id, struck, rules.STRIKE, today=date(2026, 11, 21))
    assert _hearings(ctx, case_id) == before and before[0][0] is status
    assert "原定开庭未恢复：2026-12-03 09:30 第一仲裁庭 该时段已安排" in d.events[-1].note
    assert "请重新确定开庭" in d.events[-1].note


def test_a_booking_left_on_a_case_suspended_before_the_fix_is_off_the_calendar(ctx, admin, clerk) -> None:  # noqa: ANN001
    """Data from before 中止 postponed the hearing: a suspended case with a hearing still booked is
    on neither the week nor the hearing day's list, nor does it count in the overlap warning."""
    from hrss_disputes.models.case import DisputeCase
    from hrss_disputes.models.enums import CaseStatus
    from hrss_disputes.services import hearing_day

    case_id = _case(ctx, admin.office_id)
    _book(ctx, case_id)
    with ctx.db.session() as s:
        s.get(DisputeCase, case_id).status = CaseStatus.SUSPENDED.value
        s.commit()
    assert ctx.call(hearings.week, day=DAY).rows == ()
    assert ctx.call(hearing_day.hearings_on, day=DAY) == []
    other = _case(ctx, admin.office_id, "李四")
    assert ctx.call(hearings.conflicts, case_id=other, hearing_on=DAY, starts="09:30", minutes=60,
                    place=room(ctx, admin.office_id).hex) == []


# ---------------------------------------------------------------- a busy week printed (point 1)


@pytest.mark.parametrize("by", [hearings.BY_PLACE, hearings.BY_ARBITRATOR])
def test_a_week_of_two_hundred_hearings_prints(ctx, admin, clerk, by: str) -> None:  # noqa: ANN001
    """200 hearings booked in a week, 13 a day in 第一仲裁庭, none with a tribunal (one 未组庭 row
    by arbitrator): the 开庭排期表 prints on as many pages as it needs (it failed with LayoutError)."""
    import io
    from datetime import timedelta

    from pypdf import PdfReader

    from hrss_disputes.services import cases
    from tests.factories import arbitration_input

    monday = date(2026, 11, 30)
    case_ids = [ctx.call(cases.create_case, data=arbitration_input(admin.office_id)) for _ in range(20)]
    rooms = [room(ctx, admin.office_id, f"第{n}仲裁庭") for n in "一二三四"]
    with ctx.db.session() as s:
        n = 0
        for day in range(7):
            for r, per_day in zip(rooms, (13, 8, 4, 4), strict=True):
                for i in range(per_day):
                    if n < 200:
                        s.add(Hearing(case_id=case_ids[n % 20], hearing_on=monday + timedelta(days=day),
                                      starts=8 * 60 + 30 * i, minutes=30, place_id=r, place_text=""))
                        n += 1
        s.commit()
    week = ctx.call(hearings.week, day=monday, by=by)
    assert week.count == 200
    pdf = ctx.call(hearings.week_pdf, day=monday, by=by, today=monday)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) > 1 and all("星期一" in p.extract_text() for p in pages)
