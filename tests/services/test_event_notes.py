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


def test_an_edit_names_the_fields_it_changed_in_chinese(ctx, admin) -> None:  # noqa: ANN001
    """Issue 20 fix round (UI 8): 办理经过 read "修改：green_channel"; every field a case edit can
    change is named by its label, in new notes and in notes stored before."""
    import re

    from hrss_disputes.domain.event_notes import EDITED_FIELD_LABELS
    from hrss_disputes.services.cases import EDITABLE_FIELDS

    assert set(EDITABLE_FIELDS) <= set(EDITED_FIELD_LABELS)
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    other = make_user(ctx, "arb2", Role.ARBITRATOR, admin.office_id)
    changes = {"case_number": "肇劳人仲案字〔2026〕第77号", "handler_id": other.id, "cause": "social_insurance",
               "intake_channel": "window", "summary": "请求支付工资", "green_channel": True, "workers_involved": 12,
               "collective": True, "small_claims": True}
    assert set(changes) == set(EDITABLE_FIELDS)  # the walk covers every field
    for key, value in changes.items():
        version = ctx.call(cases.get_case, case_id=case_id).version
        ctx.call(cases.update_case, case_id=case_id, expected_version=version, changes={key: value})
    notes = [e.note for e in ctx.call(cases.get_case, case_id=case_id).events if e.kind == EventKind.EDITED]
    assert len(notes) == len(changes)
    for note in notes:
        assert note.startswith("修改："), note
        assert not re.search(r"[A-Za-z_]", note), note  # no internal field name
    assert {n.removeprefix("修改：") for n in notes} == {EDITED_FIELD_LABELS[k] for k in changes}

    with ctx.db.session() as s:  # a note stored before the labels: shown in words all the same
        edit = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id,
                                                 CaseEvent.kind == EventKind.EDITED)).first()
        edit.note = "修改：green_channel、summary"
        s.commit()
    notes = [e.note for e in ctx.call(cases.get_case, case_id=case_id).events if e.kind == EventKind.EDITED]
    assert "修改：绿色通道、摘要" in notes
