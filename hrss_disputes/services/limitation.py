"""仲裁时效 on a case: the facts a person records and the warning domain.limitation works out.

The limitation is a warning, never a bar (legal-rules.md §4.1): the commission decides. A case
converted or referred from a mediation or complaint carries that earlier request as an
interruption without anyone typing it: asking an authority for relief interrupts the period.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from ..domain import limitation as lim
from ..domain import validators as v
from ..models.case import CaseEvent, ClaimItem, DisputeCase
from ..models.enums import CaseFamily, Cause, ClaimType, EventKind, Procedure
from . import audit
from .cases import CaseDetail, _bump, _load_case, _load_for_edit, get_case
from .clocks import load_calendar
from .context import Actor
from .errors import ValidationFailed
from .reference import json_setting

# the procedures whose application the limitation applies to (complaints have their own two
# years, 劳动保障监察条例 Art 20; an arbitral review confirms an agreement already made)
LIMITED = frozenset({Procedure.GRASSROOTS, Procedure.PREFILING, Procedure.ORDINARY, Procedure.SIMPLIFIED,
                     Procedure.COLLECTIVE})
_FIELDS = ("rights_known_on", "employment_ended_on", "limitation_events")


@dataclass
class LimitationInput:
    known_on: date | None = None
    employment_ended_on: date | None = None
    interruptions: list[lim.Interruption] = field(default_factory=list)
    suspensions: list[lim.Suspension] = field(default_factory=list)


def validate_limitation(data: LimitationInput, *, received_on: date, today: date | None = None) -> dict[str, str]:
    """Every field error at once, keyed as the dialog's fields: ``known_on``, ``interruptions.0.on`` …"""
    errors: dict[str, str] = {}
    received = received_on.isoformat()
    if data.known_on is not None:
        if msg := v.validate_past_date(data.known_on, today=today, what="知道权利被侵害之日"):
            errors["known_on"] = msg
        elif data.known_on > received_on:
            errors["known_on"] = f"知道权利被侵害之日不能晚于收案日期 {received}"
    if data.employment_ended_on is not None and (
            msg := v.validate_past_date(data.employment_ended_on, today=today, what="劳动关系终止之日")):
        errors["employment_ended_on"] = msg
    for i, it in enumerate(data.interruptions):
        if not it.reason.strip():
            errors[f"interruptions.{i}.reason"] = "请填写中断事由（如向用人单位书面主张、向有关部门投诉）"
        elif msg := v.text_length_error(it.reason, what="中断事由"):
            errors[f"interruptions.{i}.reason"] = msg
        if it.on > received_on:
            errors[f"interruptions.{i}.on"] = f"中断事由应发生在收案日期 {received} 之前"
    for i, s in enumerate(data.suspensions):
        if not s.reason.strip():
            errors[f"suspensions.{i}.reason"] = "请填写中止事由（如不可抗力）"
        elif msg := v.text_length_error(s.reason, what="中止事由"):
            errors[f"suspensions.{i}.reason"] = msg
        if msg := v.validate_date_order(s.start, s.end, what="中止事由消除之日"):
            errors[f"suspensions.{i}.end"] = msg
        elif s.end > received_on:
            errors[f"suspensions.{i}.end"] = f"中止事由消除之日应在收案日期 {received} 之前"
    return errors


def save_limitation(*, session: Session, user: Actor, case_id: uuid.UUID, expected_version: int,
                    data: LimitationInput, today: date | None = None) -> CaseDetail:
    case = _load_for_edit(session, user, case_id)
    if Procedure(case.procedure) not in LIMITED:
        raise ValidationFailed({"procedure": f"{Procedure(case.procedure).label}不适用仲裁时效"})
    if errors := validate_limitation(data, received_on=case.received_on, today=today):
        raise ValidationFailed(errors)
    before = audit.snapshot(case, list(_FIELDS))
    _bump(session, case, expected_version)
    case.rights_known_on = data.known_on
    case.employment_ended_on = data.employment_ended_on
    case.limitation_events = lim.encode(
        tuple(lim.Interruption(i.on, i.reason.strip()) for i in sorted(data.interruptions, key=lambda i: i.on)),
        tuple(lim.Suspension(s.start, s.end, s.reason.strip())
              for s in sorted(data.suspensions, key=lambda s: s.start)))
    session.add(CaseEvent(case_id=case.id, kind=EventKind.EDITED, occurred_on=date.today(), user_id=user.id,
                          note="修改：仲裁时效"))
    audit.record(session, user_id=user.id, entity="dispute_case", entity_id=case.id, action="update",
                 before=before, after=audit.snapshot(case, list(_FIELDS)))
    session.commit()
    return get_case(session=session, user=user, case_id=case_id)


REMUNERATION_SETTING = "limitation.remuneration_types"  # claim types counted as 劳动报酬 (⚠)
REST_DAY_SETTING = "limitation.move_off_rest_days"  # 民法典 203 applied to the last day (⚠)


def rules(session: Session) -> lim.LimitationRules:
    default = lim.LimitationRules()
    types, move = json_setting(session, REMUNERATION_SETTING), json_setting(session, REST_DAY_SETTING)
    return lim.LimitationRules(
        remuneration=default.remuneration if types is None else frozenset(ClaimType(t) for t in types),
        move_off_rest_days=default.move_off_rest_days if move is None else bool(move))


def _facts(session: Session, case: DisputeCase, remuneration: frozenset[ClaimType]) -> lim.LimitationFacts:
    interruptions, suspensions = lim.decode(case.limitation_events)
    if case.origin_case_id and (origin := session.get(DisputeCase, case.origin_case_id)) is not None:
        asked = "申请调解" if origin.family == CaseFamily.MEDIATION else "投诉"
        interruptions += (lim.Interruption(origin.received_on, f"{asked}（来源案件）"),)
    types = {ClaimType(t) for t in session.scalars(select(ClaimItem.claim_type).where(ClaimItem.case_id == case.id))}
    if types:
        paid_work, other = bool(types & remuneration), bool(types - remuneration)
    else:  # nothing itemised yet: the 案由 says which rule applies
        paid_work = case.cause == Cause.LABOUR_PAY
        other = not paid_work
    return lim.LimitationFacts(
        applied_on=case.received_on, known_on=case.rights_known_on, employment_ended_on=case.employment_ended_on,
        remuneration=paid_work, other_claims=other, interruptions=interruptions, suspensions=suspensions,
        mediation=case.family == CaseFamily.MEDIATION)


def case_limitation(*, session: Session, user: Actor, case_id: uuid.UUID) -> list[lim.Limitation]:
    """The case's limitation warnings; none for procedures the limitation does not apply to."""
    case = _load_case(session, user, case_id)
    if Procedure(case.procedure) not in LIMITED:
        return []
    settings = rules(session)
    return lim.assess(_facts(session, case, settings.remuneration), load_calendar(session), settings)
