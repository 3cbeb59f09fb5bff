"""Free text has a limit (review of issue 19, fix round point 5): a step's 理由 and 记录内容 (the
form's multi-line fields) up to TEXT_MAX characters, its other text fields (a court, a place,
names) up to SHORT_TEXT_MAX; a longer one is refused at the field, in Chinese, never stored."""

from __future__ import annotations

from datetime import date

import pytest

from hrss_disputes.domain.validators import SHORT_TEXT_MAX, TEXT_MAX, text_length_error
from hrss_disputes.domain.workflows import WORKFLOWS, check_fields
from hrss_disputes.models.enums import Procedure

TODAY = date(2026, 11, 29)
TEXT_FIELDS = sorted({(p.value, a.key, f.name) for p, actions in WORKFLOWS.items() for a in actions
                      for f in a.fields if f.type == "text"})


def _field(procedure: str, action: str, name: str):  # noqa: ANN202
    found = next(a for a in WORKFLOWS[Procedure(procedure)] if a.key == action)
    return found, next(f for f in found.fields if f.name == name)


def test_every_text_field_of_a_step_has_its_limit() -> None:
    assert len(TEXT_FIELDS) > 20  # every procedure's 理由, 备注, courts, places …
    limits = {name: _field(p, a, name)[1].max_length for p, a, name in TEXT_FIELDS}
    assert limits["reason"] == limits["text"] == TEXT_MAX
    assert {limits[n] for n in ("court", "court_case_number", "place", "persons")} == {SHORT_TEXT_MAX}


@pytest.mark.parametrize(("procedure", "action", "name"), TEXT_FIELDS)
def test_a_text_field_too_long_is_refused_at_the_field(procedure: str, action: str, name: str) -> None:
    found, field = _field(procedure, action, name)
    limit = field.max_length
    assert limit is not None
    at = check_fields(found, {name: "字" * limit}, today=TODAY)
    assert "过长" not in at.get(name, "")  # the limit itself is fine
    over = check_fields(found, {name: "字" * (limit + 1)}, today=TODAY)
    assert over[name] == f"{field.label}过长（最多{limit}字，现有{limit + 1}字）"
    assert "过长" not in check_fields(found, {name: " " * (limit + 5) + "字"}, today=TODAY).get(name, "")
    # typed text only: a list or a mapping (the service API) is refused, not stored past the limit
    for forged in (["字" * (limit + 1)], {"x": "字"}):
        assert check_fields(found, {name: forged}, today=TODAY)[name] == f"{field.label}须为文字"


@pytest.mark.parametrize(("text", "limit", "error"), [
    ("理由" * 1000, TEXT_MAX, None),  # 2000 characters
    ("理由" * 1000 + "。", TEXT_MAX, "更正理由过长（最多2000字，现有2001字）"),
    ("x" * 1_000_000, TEXT_MAX, "更正理由过长（最多2000字，现有1000000字）"),  # the 1 MB reason of the review
    ("  很短  ", 3, None),  # counted as stored: stripped
    ("中" * 501, SHORT_TEXT_MAX, "更正理由过长（最多500字，现有501字）"),
])
def test_text_length_error(text: str, limit: int, error: str | None) -> None:
    assert text_length_error(text, what="更正理由", max_len=limit) == error
