"""A document's content worked out from the case: pure values the renderer lays out.

Kept apart from render.py so that drafting a paper does not import ReportLab.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .template import Template

BLANK = "＿＿＿＿＿＿"  # a value the case does not have yet: written in by hand
_FIELD = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Paper:
    """Everything one document needs, already worked out from the case."""

    template: Template
    issuer: str  # printed above the title: the commission, centre or inspection unit
    number: str | None
    issue_date: date
    values: Mapping[str, str] = field(default_factory=dict)
    lists: Mapping[str, Sequence[str]] = field(default_factory=dict)
    parties: Sequence[str] = ()  # one paragraph per party: "申请人：张三，男，……"
    writings: Mapping[str, str] = field(default_factory=dict)  # the 填写 sections
    rights: str = ""  # the award's rights paragraph
    # who signs, by the template's 署名 kind: {"仲裁庭": [("首席仲裁员", "张三"), ("仲裁员", "李四")]}
    signers: Mapping[str, Sequence[tuple[str, str]]] = field(default_factory=dict)
    title_note: str = ""  # e.g. "（终局裁决）" under the title


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with each {字段} replaced; a field with no value becomes a blank to write in."""
    return _FIELD.sub(lambda m: values.get(m.group(1)) or BLANK, text)

