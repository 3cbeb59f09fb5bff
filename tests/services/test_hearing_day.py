"""The hearing day: which cases are heard, and their notices issued once per scheduled hearing."""

from __future__ import annotations

from datetime import date

from hrss_disputes.models.enums import Role
from hrss_disputes.services import cases, documents, hearing_day
from tests.factories import act, arbitration_input, make_user
from tests.pdf import text_of

DAY = date(2026, 11, 26)


def scheduled(ctx, office_id, name: str, on: date, place: str = "第一仲裁庭"):  # noqa: ANN001, ANN201
    from hrss_disputes.services.parties import PartyInput

    case_id = ctx.call(cases.create_case, data=arbitration_input(
        office_id, applicants=[PartyInput(name=name)]))
    act(ctx, case_id, "accept", date(2026, 11, 3))
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 10), hearing_on=on, place=place)
    return case_id


def test_the_day_s_hearings_and_their_notices(ctx, admin) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    first = scheduled(ctx, admin.office_id, "张三", DAY)
    second = scheduled(ctx, admin.office_id, "李四", DAY, "第二仲裁庭")
    moved = scheduled(ctx, admin.office_id, "王五", DAY)
    act(ctx, moved, "postpone_hearing", date(2026, 11, 12), reason="仲裁员因公出差")  # moved to another day
    act(ctx, moved, "schedule_hearing", date(2026, 11, 12), hearing_on=date(2026, 12, 3), place="第一仲裁庭")
    scheduled(ctx, admin.office_id, "赵六", date(2026, 11, 27))
    day = ctx.call(hearing_day.hearings_on, day=DAY)
    assert [(h.case_id, h.place, h.notice_id) for h in day] == [(first, "第一仲裁庭", None), (second, "第二仲裁庭", None)]
    assert day[0].parties == "张三 诉 肇庆市鼎盛建筑工程有限公司"
    pdf = ctx.call(hearing_day.notice_pdf, hearing=day[0], issue_date=date(2026, 11, 20))
    assert "开庭通知书" in text_of(pdf) and "2026年11月26日" in text_of(pdf)
    again = ctx.call(hearing_day.hearings_on, day=DAY)
    assert again[0].notice_id is not None and again[1].notice_id is None
    assert ctx.call(hearing_day.notice_pdf, hearing=again[0]) == pdf  # issued once, printed again
    assert len(ctx.call(documents.list_issued, case_id=first)) == 1
