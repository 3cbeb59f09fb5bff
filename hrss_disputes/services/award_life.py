"""The award's life after it is made (裁审衔接) for one case: the choices the after-award actions
offer (the case's parties, its recorded suits), their checks against the receipts, and the
award's legal effect as domain.award_effect works it out."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from ..domain import award_effect as ae
from ..domain.calendar import WorkCalendar
from ..domain.deadlines import Ev
from ..domain.employer import employer_flags
from ..models.case import CaseEvent, CaseParty, DisputeCase
from ..models.enums import CasePartyRole, CaseStatus, EventKind
from ..models.party import Party
from . import field_sources
from .cases import _load_case
from .clocks import load_calendar
from .context import Actor
from .documents import current_award_contents, current_award_types

ACTIONS = frozenset({"record_suit", "record_court_outcome", "record_set_aside", "record_set_aside_outcome",
                     "apply_enforcement"})
BOUND_ROLES = (CasePartyRole.APPLICANT, CasePartyRole.RESPONDENT, CasePartyRole.THIRD_PARTY)


def _events(session: Session, case_id: uuid.UUID) -> list[Ev]:
    rows = session.execute(select(CaseEvent.kind, CaseEvent.occurred_on, CaseEvent.data)
                           .where(CaseEvent.case_id == case_id, CaseEvent.corrected_by.is_(None))
                           .order_by(CaseEvent.occurred_on, CaseEvent.recorded_at)).all()
    return [Ev(EventKind(k), d, json.loads(data) if data else {}) for k, d, data in rows]


def _parties(session: Session, case_id: uuid.UUID) -> list[tuple[CasePartyRole, Party]]:
    rows = session.execute(select(CaseParty.role, Party).join(Party, Party.id == CaseParty.party_id)
                           .where(CaseParty.case_id == case_id, CaseParty.role.in_([r.value for r in BOUND_ROLES]))
                           .order_by(CaseParty.position)).all()
    seen: set[uuid.UUID] = set()
    out = []
    for role, party in rows:
        if party.id not in seen:
            seen.add(party.id)
            out.append((CasePartyRole(role), party))
    return out


def facts_of(session: Session, case: DisputeCase) -> ae.AwardFacts:
    """The parties the award binds (the employer by domain.employer, as the clocks read it) and
    the types of the award papers in force."""
    parties = _parties(session, case.id)
    flags = employer_flags((p.kind, role) for role, p in parties)
    bound = tuple(ae.AwardParty(p.id.hex, p.name, employer)
                  for (_role, p), employer in zip(parties, flags, strict=True))
    return ae.AwardFacts(bound, frozenset(current_award_types(session, case.id)))


@field_sources.source("parties")
def _party_choices(session: Session, case: DisputeCase) -> list[tuple[str, str]]:
    return [(p.id.hex, f"{role.label} {p.name}") for role, p in _parties(session, case.id)]


def _step_choices(session: Session, case: DisputeCase, kind: EventKind) -> list[tuple[str, str]]:
    steps = [ev for ev in _events(session, case.id) if ev.kind is kind]
    return [(str(ev.data.get("court_case_number")),
             f"{ev.data.get('court_case_number')}（{ev.data.get('party_name', '')} {ev.on.isoformat()}）")
            for ev in steps]


@field_sources.source("suits")
def _suit_choices(session: Session, case: DisputeCase) -> list[tuple[str, str]]:
    return _step_choices(session, case, EventKind.SUED)


@field_sources.source("set_asides")
def _set_aside_choices(session: Session, case: DisputeCase) -> list[tuple[str, str]]:
    return _step_choices(session, case, EventKind.SET_ASIDE_APPLIED)


def blocked(session: Session, case: DisputeCase) -> dict[str, str]:
    """The after-award actions not offered yet, with why: a set-aside only against an award with a
    final part (LDMAF 49), an outcome only of a suit or application recorded."""
    if case.status not in (CaseStatus.AWARDED, CaseStatus.MEDIATION_STATEMENT):
        return {}
    events = _events(session, case.id)
    kinds = {ev.kind for ev in events}
    facts = facts_of(session, case)
    out = {}
    effect = ae.award_effect(events, facts, load_calendar(session), date.today())
    if effect.state is not ae.Effect.EFFECTIVE and effect.final_part_on is None:  # a final part in effect: enforceable
        paper = "调解书" if effect.document == "mediation_statement" else "裁决书"
        out["apply_enforcement"] = f"{paper}尚未发生法律效力（{effect.state.label}），不能申请强制执行（劳动争议调解仲裁法第五十一条）"
    if not ae.final_part(events, facts):
        out["record_set_aside"] = "非终局裁决不能申请撤销（劳动争议调解仲裁法第四十九条、第五十条）"
    if EventKind.SUED not in kinds:
        out["record_court_outcome"] = "尚未登记起诉"
    if EventKind.SET_ASIDE_APPLIED not in kinds:
        out["record_set_aside_outcome"] = "尚未登记撤销裁决申请"
    return out


def _review(session: Session, case: DisputeCase, key: str, values: dict[str, Any],
            on: date, cal: WorkCalendar | None = None) -> tuple[dict[str, str], list[str]]:
    events = _events(session, case.id)
    facts = facts_of(session, case)
    cal = cal or load_calendar(session)
    party = values.get("party")
    if key == "record_suit":
        return ae.suit_check(events, facts, cal, party, on)
    if key == "record_set_aside":
        return ae.set_aside_check(events, facts, cal, party, on)
    if key == "apply_enforcement":
        return ae.enforcement_check(events, facts, cal, party, on)
    if key in ("record_court_outcome", "record_set_aside_outcome"):
        kind = "court" if key == "record_court_outcome" else "set_aside"
        return ae.ruling_check(events, kind, values.get("court_case_number"), on), []
    return {}, []


def check(session: Session, case: DisputeCase, key: str, values: dict[str, Any], on: date) -> dict[str, str]:
    """The field errors of an after-award action (none for other actions)."""
    if key not in ACTIONS:
        return {}
    return _review(session, case, key, values, on)[0]


def apply(session: Session, case: DisputeCase, key: str, values: dict[str, Any],
          on: date) -> tuple[dict[str, Any], str]:
    """What the event keeps besides the fields (the party's name, a late filing) and its note:
    the step in words, with the warnings (超过期限 …) the court will decide on."""
    _errors, warnings = _review(session, case, key, values, on)
    extra: dict[str, Any] = {}
    name = ""
    if party := values.get("party"):
        name = next((p.name for p in facts_of(session, case).parties if p.party == party), "")
        extra["party_name"] = name
    if key in ("record_suit", "record_set_aside"):
        extra["late"] = any("届满" in w for w in warnings)
    court, number = values.get("court", ""), values.get("court_case_number", "")
    words = {
        "record_suit": f"{name} 向{court}起诉，案号 {number}",
        "record_set_aside": f"{name} 向{court}申请撤销裁决，案号 {number}",
        "apply_enforcement": f"{name} 向{court}申请强制执行，案号 {number}",
        "record_court_outcome": f"{number}：{dict(ae.COURT_OUTCOMES).get(values.get('outcome', ''), '')}",
        "record_set_aside_outcome": f"{number}：{dict(ae.SET_ASIDE_OUTCOMES).get(values.get('outcome', ''), '')}",
    }
    return extra, "；".join([words.get(key, ""), *warnings])


def award_life(*, session: Session, user: Actor, case_id: uuid.UUID, today: date | None = None) -> ae.AwardEffect:
    """The award's (or mediation statement's) legal effect, suits, set-aside and enforcement."""
    case = _load_case(session, user, case_id)
    events = _events(session, case.id)
    effect = ae.award_effect(events, facts_of(session, case), load_calendar(session), today or date.today())
    if effect.document == "award" and (warning := _paper_warning(session, case, events)):
        effect = replace(effect, lines=(*effect.lines, warning))
    return effect


def _paper_warning(session: Session, case: DisputeCase, events: list[Ev]) -> str | None:
    """Whether the award papers in force (not replaced by a 补正) order paid what the last
    作出裁决 entry records (an award issued by the older program printed 驳回 for every claim)."""
    made = next((ev for ev in reversed(events) if ev.kind is EventKind.AWARDED), None)
    contents = current_award_contents(session, case.id)  # the papers in force, as the 文书 tab says
    if made is None or not contents:
        return None
    items = [str(line) for content in contents for line in (json.loads(content).get("lists") or {}).get("裁决项", [])]
    return ae.paper_disagreement(items, made.data.get("amount"))
