"""A document's content worked out from the case: pure values the renderer lays out.

Kept apart from render.py so that drafting a paper does not import ReportLab.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .template import Block, Template

BLANK = "＿＿＿＿＿＿"  # a value the case does not have yet: written in by hand
_FIELD = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class SheetRow:
    """One element of the 要素表: its label, the facts it asks for, what the case records of it,
    and the stance each party took on it ("" when none), in the order of ``Paper.sheet_parties``."""

    label: str
    facts: str
    known: str
    stances: Sequence[str] = ()


@dataclass(frozen=True)
class SheetSection:
    """One claim item of the 要素表 (要素式): its heading and a row per element."""

    heading: str
    rows: Sequence[SheetRow]


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
    final: bool | None = None  # an award: 终局 or 非终局; None for other papers
    # the 要素表's sections (template directive 要素表) and the parties whose columns it has
    sheet: Sequence[SheetSection] = ()
    sheet_parties: Sequence[str] = ()  # "申请人张三"


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with each {字段} replaced; a field with no value becomes a blank to write in."""
    return _FIELD.sub(lambda m: values.get(m.group(1)) or BLANK, text)



def to_json(paper: Paper) -> str:
    """The paper as stored with an issued document: enough to lay it out again exactly."""
    t = paper.template
    return json.dumps({
        "template": {"key": t.key, "title": t.title, "family": t.family, "number_type": t.number_type,
                     "blocks": [[b.kind, b.text, b.line] for b in t.blocks], "writings": list(t.writings),
                     "label": t.label},
        "issuer": paper.issuer, "number": paper.number, "issue_date": paper.issue_date.isoformat(),
        "values": dict(paper.values), "lists": {k: list(v) for k, v in paper.lists.items()},
        "parties": list(paper.parties), "writings": dict(paper.writings), "rights": paper.rights,
        "signers": {k: [list(s) for s in v] for k, v in paper.signers.items()}, "title_note": paper.title_note,
        "final": paper.final,
        "sheet": [[s.heading, [[r.label, r.facts, r.known, list(r.stances)] for r in s.rows]] for s in paper.sheet],
        "sheet_parties": list(paper.sheet_parties),
    }, ensure_ascii=False)


def from_json(text: str) -> Paper:
    d = json.loads(text)
    t = d["template"]
    template = Template(t["key"], t["title"], t["family"], t["number_type"],
                        tuple(Block(k, x, n) for k, x, n in t["blocks"]), tuple(t["writings"]), t["label"])
    return Paper(template=template, issuer=d["issuer"], number=d["number"],
                 issue_date=date.fromisoformat(d["issue_date"]), values=d["values"], lists=d["lists"],
                 parties=tuple(d["parties"]), writings=d["writings"], rights=d["rights"],
                 signers={k: [tuple(s) for s in v] for k, v in d["signers"].items()}, title_note=d["title_note"],
                 final=d["final"],
                 sheet=tuple(SheetSection(h, tuple(SheetRow(lb, f, k, tuple(st)) for lb, f, k, st in rows))
                             for h, rows in d.get("sheet", [])),
                 sheet_parties=tuple(d.get("sheet_parties", [])))
