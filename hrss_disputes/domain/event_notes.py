"""The timeline's 说明 (note) of a step: what the step recorded, said from its fields.

One rule for every action of domain.workflows.WORKFLOWS: each filled field in its label's words
("开庭日期：2026-11-20；开庭地点：第一仲裁庭"), a choice by its label, a ticked box by its label; a
free-text 内容 field (``text``) stands alone. 登记送达 says who received what when (service_note).
Fields whose choices depend on the case (``source``: a party, a suit) are named by the service
(services.award_life) and left out here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ..models.enums import EventKind, Procedure
from .tribunal import tribunal_text
from .workflows import EXTENDS, WORKFLOWS, Action, FieldSpec, parties_field, service_note

BARE = frozenset({"text"})  # said as written, without its label
TYPED_BEFORE = frozenset({"places"})  # sourced choices that older steps stored as typed text (开庭地点)


def short_label(spec: FieldSpec) -> str:
    """The label without its trailing hint ("仲裁员姓名（三人仲裁庭首席在前…）" → "仲裁员姓名"); a
    label that is all numbering and hint (（56-一）…) stays whole."""
    return re.sub(r"（[^（）]*）$", "", spec.label) or spec.label


def _value(spec: FieldSpec, value: Any) -> str | None:
    if value is None or value == "" or value is False:
        return None
    if spec.type == "bool":
        return short_label(spec)
    if spec.type == "tribunal":  # the register's seats as stored ({id, name, seat}); ids alone: the service names them
        if isinstance(value, list):
            seats = [(s["seat"], s["name"]) for s in value if isinstance(s, Mapping) and s.get("name")]
            return f"仲裁庭：{tribunal_text(seats)}" if seats else None
        return f"仲裁庭：{str(value).strip()}"  # a step recorded before the register: the names as typed
    if spec.type == "choice":
        if spec.source:  # an id: named by the service; text stored before the field was a choice (开庭地点): as written
            return f"{short_label(spec)}：{str(value).strip()}" if spec.source in TYPED_BEFORE and not _is_id(value) else None
        text = dict(spec.choices).get(str(value), str(value))
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value).strip()
    if not text:
        return None
    return text if spec.name in BARE else f"{short_label(spec)}：{text}"


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 32 and all(c in "0123456789abcdef" for c in value)


def event_note(action: Action, values: Mapping[str, Any]) -> str:
    """What the step recorded, in words; "" for a step with nothing to say (no fields filled)."""
    if parties_field(action) is not None and values.get("recipients"):
        return service_note(dict(values))
    parts = (_value(f, values.get(f.name)) for f in action.fields if f.type != "parties")
    return "；".join(p for p in parts if p)


def action_for(procedure: Procedure, kind: EventKind, data: Mapping[str, Any]) -> Action | None:
    """The action that recorded a stored event: the procedure's action of that event kind; of
    several (the 延长 of each clock), the one whose clock or fields the event's data holds."""
    found = [a for a in WORKFLOWS.get(procedure, ()) if a.event == kind] or list(
        {a.key: a for actions in WORKFLOWS.values() for a in actions if a.event == kind}.values())  # before a conversion
    if len(found) <= 1:
        return found[0] if found else None
    if (clock := data.get("clock")) is not None:
        found = [a for a in found if EXTENDS.get(a.key) == clock] or found
    return max(found, key=lambda a: sum(f.name in data for f in a.fields))


# 编辑案件信息 (services.cases.update_case): the fields it changes by the names the form gives them,
# in the form's order; 办理经过 says "修改：绿色通道、请求摘要"
EDITED_FIELD_LABELS = {
    "case_number": "案号", "handler_id": "承办人", "cause": "案由", "intake_channel": "来源渠道",
    "summary": "摘要", "green_channel": "绿色通道", "collective": "集体争议", "small_claims": "小额速裁",
    "workers_involved": "涉及劳动者人数",
}
EDITED_PREFIX = "修改："


def edited_note(fields: Iterable[str]) -> str:
    """The note of an edit of the case's own fields: 修改：案由、绿色通道."""
    order = {k: i for i, k in enumerate(EDITED_FIELD_LABELS)}
    keys = sorted(set(fields), key=lambda k: (order.get(k, len(order)), k))
    return EDITED_PREFIX + "、".join(EDITED_FIELD_LABELS.get(k, k) for k in keys)


def _edited_in_words(note: str) -> str:
    """An edit's note stored with the fields' internal names (before the labels): in words."""
    names = note.removeprefix(EDITED_PREFIX).split("、")
    if not note.startswith(EDITED_PREFIX) or not any(n in EDITED_FIELD_LABELS for n in names):
        return note
    return EDITED_PREFIX + "、".join(EDITED_FIELD_LABELS.get(n, n) for n in names)


def stored_note(procedure: Procedure, kind: EventKind, note: str, data: Mapping[str, Any]) -> str:
    """The 说明 shown for a recorded step: its own note, or for a step recorded before notes said
    what it recorded, the same words built from its stored data."""
    if kind == EventKind.EDITED:
        return _edited_in_words(note)
    if note or not data or not isinstance(data, Mapping):
        return note
    action = action_for(procedure, kind, data)
    return event_note(action, data) if action is not None else note
