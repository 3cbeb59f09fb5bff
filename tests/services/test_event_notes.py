"""The timeline's 说明 says what each step recorded: new steps store it; a step recorded before
(with no note) is said from its stored data, and a stored note is kept."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from hrss_disputes.models.case import CaseEvent
from hrss_disputes.models.enums import EventKind, Role
from hrss_disputes.services import cases
from tests.factories import act, arbitration_input, make_user


def test_steps_say_what_they_recorded(ctx, admin) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    act(ctx, case_id, "accept", date(2026, 11, 3))
    act(ctx, case_id, "form_tribunal", date(2026, 11, 4), arbitrators="陈立新、王芳、黄国强")
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 9), hearing_on=date(2026, 11, 20), place="第一仲裁庭")
    notes = {e.kind: e.note for e in ctx.call(cases.get_case, case_id=case_id).events}
    assert notes[EventKind.TRIBUNAL_FORMED].startswith("仲裁庭：首席仲裁员 陈立新、仲裁员 王芳、仲裁员 黄国强；书记员：clerk_")
    assert notes[EventKind.HEARING_SCHEDULED] == "开庭：2026-11-20 09:30–10:30（60分钟）；地点：第一仲裁庭（肇庆市端州区信安大道1号）"

    with ctx.db.session() as s:  # as recorded before the 说明 said it: an empty note
        for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id)):
            e.note = "" if e.kind == EventKind.HEARING_SCHEDULED else "组庭（原说明）" if e.kind == EventKind.TRIBUNAL_FORMED else e.note
        s.commit()
    notes = {e.kind: e.note for e in ctx.call(cases.get_case, case_id=case_id).events}
    assert notes[EventKind.HEARING_SCHEDULED] == "开庭日期：2026-11-20；开庭时间：09:30；预计时长：60"
    assert notes[EventKind.TRIBUNAL_FORMED] == "组庭（原说明）"
