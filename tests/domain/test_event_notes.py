"""The timeline's 说明: every action of every procedure says in words what it recorded."""

from __future__ import annotations

from datetime import date

import pytest

from hrss_disputes.domain.event_notes import action_for, event_note, stored_note
from hrss_disputes.domain.workflows import WORKFLOWS, Action, FieldSpec
from hrss_disputes.models.enums import EventKind, Procedure

ACTIONS = {a.key: a for actions in WORKFLOWS.values() for a in actions if a.fields}


def sample(f: FieldSpec) -> object:
    if f.type == "choice":
        return f.choices[-1][0] if f.choices else "party-1"
    return {"text": "某某", "int": 3, "date": date(2026, 11, 20), "bool": True, "time": "09:30",
            "parties": [{"party": "1", "name": "张三", "on": date(2026, 11, 9)}],
            "tribunal": [{"id": "a1", "name": "陈立新", "seat": "sole"}]}[f.type]


def said(f: FieldSpec, value: object) -> str:
    """What of the field the note must show."""
    if f.type == "bool":
        return f.label.split("（")[0] or f.label
    if f.type == "tribunal":  # the register's seats as stored: each by seat and name
        return "独任仲裁员 陈立新"
    if f.type == "choice":
        return dict(f.choices)[value]
    return value.isoformat() if isinstance(value, date) else str(value)


@pytest.mark.parametrize("action", ACTIONS.values(), ids=ACTIONS.keys())
def test_every_action_with_fields_says_what_it_recorded(action: Action) -> None:
    values = {f.name: sample(f) for f in action.fields}
    if action.key == "serve":
        values.update(document="hearing_notice", method="direct")
    note = event_note(action, values)
    assert note or all(f.source for f in action.fields)  # only sourced choices (受理's 承办人): named by the service
    for f in action.fields:
        if f.type not in ("parties",) and (not f.source or f.type == "tribunal"):  # a party, a suit: named by the service
            assert said(f, values[f.name]) in note, f.name
    required = {f.name: sample(f) for f in action.fields if f.required and not f.source}
    if required and action.key != "serve":
        assert event_note(action, required)  # only what must be filled: still said


@pytest.mark.parametrize(
    ("key", "values", "note"),
    [
        # a tribunal recorded before the register (names typed), and one chosen from it (ids and names)
        ("form_tribunal", {"arbitrators": "陈立新、王芳、黄国强"}, "仲裁庭：陈立新、王芳、黄国强"),
        ("form_tribunal", {"arbitrators": [{"id": "a", "name": "陈立新", "seat": "chief"},
                                           {"id": "b", "name": "王芳", "seat": "member"}]},
         "仲裁庭：首席仲裁员 陈立新、仲裁员 王芳"),
        ("schedule_hearing", {"hearing_on": date(2026, 11, 20), "place": "第一仲裁庭"},
         "开庭日期：2026-11-20；开庭地点：第一仲裁庭"),
        ("set_defence_period", {"days": 0, "consent": True}, "答辩期：0；被申请人已同意"),
        ("extend_award", {"days": 15, "reason": "案情复杂"}, "延长天数：15；理由：案情复杂"),
        ("note", {"text": "已电话联系申请人补充证据"}, "已电话联系申请人补充证据"),
        ("supervise", {"leader": "张局", "due_on": date(2026, 12, 1)}, "责任领导：张局；督办期限：2026-12-01"),
        ("record_suit", {"party": "x", "court": "端州区人民法院", "court_case_number": "（2026）粤1202民初501号"},
         "受理法院：端州区人民法院；法院案号：（2026）粤1202民初501号"),
    ],
)
def test_the_note_in_words(key: str, values: dict, note: str) -> None:
    action = next((a for a in WORKFLOWS[Procedure.ORDINARY] if a.key == key), ACTIONS[key])
    assert event_note(action, values) == note


def test_an_older_step_without_note_is_said_from_its_stored_data() -> None:
    data = {"hearing_on": "2026-11-20", "place": "第一仲裁庭"}
    assert (stored_note(Procedure.ORDINARY, EventKind.HEARING_SCHEDULED, "", data)
            == "开庭日期：2026-11-20；开庭地点：第一仲裁庭")
    assert stored_note(Procedure.ORDINARY, EventKind.HEARING_SCHEDULED, "原说明", data) == "原说明"  # kept
    assert stored_note(Procedure.ORDINARY, EventKind.HEARING_SCHEDULED, "", {}) == ""
    # the extension of the award period, not of mediation, by the clock its data names
    extended = {"days": 15, "reason": "案情复杂", "clock": "award"}
    assert action_for(Procedure.ORDINARY, EventKind.EXTENDED, extended).key == "extend_award"
    assert stored_note(Procedure.ORDINARY, EventKind.EXTENDED, "", extended) == "延长天数：15；理由：案情复杂"
