"""The monthly report's 裁审衔接 figures: what became of the awards in court, for an office with its
sub-offices and a period. Each figure counts cases (件) by the date of its own fact: the awards
made in the period, and the suits, set-aside applications, rulings and enforcement applications
recorded in it (whenever their award was made).

procedures.md defines no 起诉率 (nor the 仲裁终结率 legal-rules.md §13 names, ⚠ inferred): the
report gives the counts, from which a higher level's formula can be worked."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlmodel import Session

from ..domain.award_effect import CHANGED_AWARD
from ..domain.court_links import ROWS
from ..domain.kpi import Period
from ..models.case import CaseEvent, DisputeCase
from ..models.enums import EventKind
from .sql import no_index


@dataclass(frozen=True)
class CourtLinks:
    awards: int  # 本期作出裁决
    sued: int  # 本期当事人起诉（LDMAF 48, 50）
    set_aside_applied: int  # 本期申请撤销终局裁决（LDMAF 49）
    set_aside: int  # 本期裁决被裁定撤销
    changed_by_court: int  # 本期法院改判或撤销（判决不予支持裁决）
    enforcement: int  # 本期申请强制执行（LDMAF 51）


_KINDS = (EventKind.AWARDED, EventKind.SUED, EventKind.SET_ASIDE_APPLIED, EventKind.SET_ASIDE_RULED,
          EventKind.COURT_RULED, EventKind.ENFORCEMENT_APPLIED)


def court_links(session: Session, offices: set[uuid.UUID], p: Period) -> CourtLinks:
    """The period's 裁审衔接 counts, one per case and kind of fact."""
    c = DisputeCase
    rows = session.execute(
        select(CaseEvent.kind, CaseEvent.case_id, CaseEvent.data).join(c, c.id == CaseEvent.case_id)
        .where(CaseEvent.occurred_on.between(p.start, p.end), CaseEvent.kind.in_([k.value for k in _KINDS]),
               CaseEvent.corrected_by.is_(None),
               no_index(c.office_id).in_(offices))).all()
    cases: dict[str, set[uuid.UUID]] = {f: set() for f, _l, _b in ROWS}
    for kind, case_id, data in rows:
        outcome = json.loads(data).get("outcome") if data else None
        field = {EventKind.AWARDED.value: "awards", EventKind.SUED.value: "sued",
                 EventKind.SET_ASIDE_APPLIED.value: "set_aside_applied",
                 EventKind.ENFORCEMENT_APPLIED.value: "enforcement"}.get(kind)
        if kind == EventKind.SET_ASIDE_RULED.value and outcome == "set_aside":
            field = "set_aside"
        elif kind == EventKind.COURT_RULED.value and outcome in CHANGED_AWARD:
            field = "changed_by_court"
        if field is not None:
            cases[field].add(case_id)
    return CourtLinks(**{f: len(ids) for f, ids in cases.items()})


def as_json(links: CourtLinks) -> dict[str, int]:
    return asdict(links)
