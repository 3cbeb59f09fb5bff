"""Claim items: their elements and the calculators' proposals, edits, and the final-award test.

The wage figures a calculation needs (minimum wage in force on a date, the previous year's
average wage) are the reference tables' values for the city of the case's office.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from ..domain import claims as calc
from ..domain import validators as v
from ..domain.decisions import AWARDED_REFUSAL, check_decision, deciding_refusal, undecided
from ..domain.finality import (
    DEFAULT_MONEY_TYPES,
    STALE_AFTER_YEARS,
    AwardFinality,
    ItemFinality,
    item_finality,
    wage_is_stale,
)
from ..domain.permissions import EDIT, Permission, allowed
from ..models.case import CaseEvent, ClaimItem, DisputeCase
from ..models.enums import CaseFamily, CaseStatus, ClaimDecision, ClaimType, EventKind
from ..models.office import Office
from ..models.reference import AverageWage, MinimumWage
from . import audit, element_positions
from .access import office_acts_on, require
from .cases import (
    CaseDetail,
    ClaimInput,
    ClaimView,
    _bump,
    _load_case,
    _load_for_edit,
    _refresh_amounts,
    claim_views,
    get_case,
)
from .context import Actor
from .errors import NotFound, ValidationFailed
from .lengths import length_errors
from .reference import json_setting

PROVINCE = "广东省"
# ⚠ settings (legal-rules.md §4.8, §11.6)
MONEY_TYPES_SETTING = "award.final_money_types"  # claim types of LDMAF Art 47(一)'s families
WAGE_DATE_SETTING = "award.minimum_wage_date"  # "award" (default) or "application": which date's minimum wage


def minimum_wage(session: Session, city: str | None, on: date) -> tuple[Decimal | None, str]:
    """The city's monthly minimum wage in force on ``on``, with a note saying which one."""
    if not city:
        return None, "受理机构未设置所在城市"
    row = session.scalars(
        select(MinimumWage).where(MinimumWage.city == city, MinimumWage.effective_from <= on)
        .order_by(MinimumWage.effective_from.desc()).limit(1)
    ).first()
    if row is None:
        return None, f"未录入{city}{on.isoformat()}适用的最低工资标准"
    return row.monthly, f"{city} {row.effective_from.isoformat()} 起 {row.monthly:,.0f}元/月"


def wage_warning(session: Session, city: str | None, today: date | None = None) -> str | None:
    """A warning when the city's newest minimum wage is more than two years old (with its date
    and source), else None: a finality or a floor worked out on it may rest on an old figure."""
    if not city:
        return None
    newest = session.scalars(select(MinimumWage).where(MinimumWage.city == city)
                             .order_by(MinimumWage.effective_from.desc()).limit(1)).first()
    if newest is None or not wage_is_stale(newest.effective_from, today or date.today()):
        return None
    # the shipped rows cite the project's law file after the source: not for the person at the desk
    shown = re.sub(r"（）", "", re.sub(r"[；;]?\s*legal-rules\.md[^）)]*", "", newest.source)).strip()
    source = f"，来源：{shown}" if shown else ""
    return (f"{city}最低工资标准最新一条为 {newest.effective_from.isoformat()} 起 {newest.monthly:,.0f}元/月{source}，"
            f"已超过{STALE_AFTER_YEARS}年未更新，可能已有新标准；请管理员核实后在“设置 → 参考数据 → 最低工资标准”中录入")


def average_wage(session: Session, region: str | None, year: int) -> tuple[Decimal | None, str]:
    """The region's average annual wage of ``year``, with a note saying which one."""
    if not region:
        return None, "受理机构未设置所在城市"
    row = session.scalars(select(AverageWage).where(AverageWage.region == region, AverageWage.year == year)).first()
    if row is None:
        return None, f"未录入{region}{year}年职工平均工资"
    return row.annual, f"{region} {year} 年 {row.annual:,.2f}元/年"


def _city(session: Session, case: DisputeCase) -> str | None:
    office = session.get(Office, case.office_id)
    return office.city if office else None


def wage_facts(session: Session, city: str | None, on: date) -> calc.WageFacts:
    low, low_note = minimum_wage(session, city, on)
    annual, avg_note = average_wage(session, city, on.year - 1)  # 上年度
    return calc.WageFacts(low, low_note, None if annual is None else annual / 12, avg_note)


def _calc_date(claim_type: ClaimType, values: dict[str, Any], period_to: date | None, today: date) -> date:
    """The date whose reference figures apply: the calculator's own date element, else the claim's
    period end, else today."""
    calculator = calc.CALCULATORS.get(claim_type)
    if calculator and calculator.wage_date and values.get(calculator.wage_date):
        return values[calculator.wage_date]
    return period_to or today


def _element_errors(e: calc.ElementErrors) -> ValidationFailed:
    return ValidationFailed({f"elements.{k}": m for k, m in e.errors.items()})


def _propose(session: Session, case: DisputeCase, ctype: ClaimType, elements: dict[str, Any] | None,
             period_to: date | None, today: date) -> tuple[dict[str, Any], calc.Proposal | None]:
    """(typed elements, proposal); ValidationFailed names each bad element as ``elements.<key>``."""
    try:
        values = calc.parse_elements(ctype, elements or {})
        facts = wage_facts(session, _city(session, case), _calc_date(ctype, values, period_to, today))
        return values, calc.calculate(ctype, values, facts)
    except calc.ElementErrors as e:
        raise _element_errors(e) from None


def propose_claim(*, session: Session, user: Actor, case_id: uuid.UUID, claim_type: str,
                  elements: dict[str, Any], period_to: date | None = None,
                  today: date | None = None) -> calc.Proposal | None:
    """The calculator's proposal for the elements typed so far (the dialog shows it as they type)."""
    case = _load_case(session, user, case_id)
    return _propose(session, case, ClaimType(claim_type), elements, period_to, today or date.today())[1]


def _has_elements(claim: ClaimInput) -> bool:
    return bool(claim.elements) and any(str(x).strip() for x in claim.elements.values() if x is not None)


def _checked(session: Session, case: DisputeCase, claim: ClaimInput, today: date
             ) -> tuple[str | None, Decimal | None, Decimal | None, Decimal | None]:
    """(elements JSON, proposal, amount claimed, amount resolved) of a valid claim input.

    An amount left blank takes the calculator's proposal; a typed one overrides it (both kept)."""
    errors: dict[str, str] = {}
    try:
        ctype = ClaimType(claim.claim_type)
    except ValueError:
        raise ValidationFailed({"claim_type": "请选择请求类型"}) from None
    for key in ("amount_claimed", "amount_resolved"):
        if msg := v.validate_money(getattr(claim, key)):
            errors[key] = msg
    if msg := v.validate_date_order(claim.period_from, claim.period_to, what="请求期间的结束日期"):
        errors["period_to"] = msg
    errors.update(length_errors(ClaimItem, {"description": claim.description}, labels={"description": "说明"}))
    stored, proposed = None, None
    if _has_elements(claim):
        try:
            values, proposal = _propose(session, case, ctype, claim.elements, claim.period_to, today)
        except ValidationFailed as e:
            errors.update(e.errors)
        else:
            stored = json.dumps(calc.storable(values), ensure_ascii=False)
            proposed = proposal.amount if proposal else None
    if errors:
        raise ValidationFailed(errors)
    claimed = v.parse_money(claim.amount_claimed)
    return stored, proposed, proposed if claimed is None else claimed, v.parse_money(claim.amount_resolved)


def _separate(claim: ClaimInput) -> bool:
    """The finding is kept on 经济补偿 and 赔偿金 items only."""
    return bool(claim.separate_termination) and ClaimType(claim.claim_type) in calc.N_AND_2N


def _n_and_2n(session: Session, case: DisputeCase, claim_type: ClaimType, separate: bool, resolved: Decimal | None,
              replacing: uuid.UUID | None = None, field: str = "amount_resolved") -> None:
    """劳动合同法实施条例第二十五条 on an arbitration case's awarded amounts, this claim's change
    applied: refused at 调解/裁决金额 with the reason. A mediation agreement may pay more than the
    law requires, so mediation cases and complaints are not held to it."""
    if case.family != CaseFamily.ARBITRATION:
        return
    items = [calc.AwardedItem(ClaimType(c.claim_type), c.amount_resolved, bool(c.separate_termination))
             for c in session.scalars(select(ClaimItem).where(ClaimItem.case_id == case.id)) if c.id != replacing]
    items.append(calc.AwardedItem(claim_type, resolved, separate))
    if msg := calc.n_and_2n_error(items):
        raise ValidationFailed({field: msg})


def add_claim(*, session: Session, user: Actor, case_id: uuid.UUID, expected_version: int, claim: ClaimInput,
              today: date | None = None) -> CaseDetail:
    case = _load_for_edit(session, user, case_id)
    elements, proposed, claimed, resolved = _checked(session, case, claim, today or date.today())
    if resolved is not None:
        _tribunal_amount(case, user)
    if _awarded(case):  # an item the award never decided
        raise ValidationFailed({"claim_type": "本案已作出裁决，不再增加请求事项；裁决书中的遗漏，请在“文书”中对仲裁裁决书作出补正"})
    _n_and_2n(session, case, ClaimType(claim.claim_type), _separate(claim), resolved)
    _bump(session, case, expected_version)
    position = session.scalar(select(func.count()).where(ClaimItem.case_id == case.id)) or 0
    item = ClaimItem(
        case_id=case.id, claim_type=claim.claim_type, description=claim.description.strip(),
        amount_claimed=claimed, amount_resolved=resolved, elements=elements, amount_proposed=proposed,
        period_from=claim.period_from, period_to=claim.period_to, position=position,
        separate_termination=_separate(claim),
    )
    session.add(item)
    session.flush()
    _refresh_amounts(session, case)
    label = ClaimType(claim.claim_type).label
    session.add(CaseEvent(case_id=case.id, kind=EventKind.CLAIM_ADDED, occurred_on=today or date.today(),
                          user_id=user.id, note=f"{label} {item.amount_claimed or ''}".strip()))
    audit.record(session, user_id=user.id, entity="claim_item", entity_id=item.id, case_id=case.id, action="create",
                 after=audit.snapshot(item))
    session.commit()
    return get_case(session=session, user=user, case_id=case_id)


def update_claim(*, session: Session, user: Actor, case_id: uuid.UUID, expected_version: int,
                 claim_id: uuid.UUID, claim: ClaimInput, today: date | None = None) -> CaseDetail:
    """Correct a claim item or record what was awarded or agreed on it. A change of the
    applicant's claims that restarts the award period is the workflow's 变更仲裁请求, not this."""
    case = _load_for_edit(session, user, case_id)
    item = session.get(ClaimItem, claim_id)
    if item is None or item.case_id != case.id:
        raise NotFound("找不到该请求事项")
    elements, proposed, claimed, resolved = _checked(session, case, claim, today or date.today())
    if (resolved if resolved is not None or not item.decision else item.amount_resolved) != item.amount_resolved:
        _tribunal_amount(case, user)  # blank on a decided item: follows the decision, not a change
    if _awarded(case):  # a 支持 would follow a changed claim: the claim is kept as well
        _award_kept(item, claim, claimed, item.amount_resolved if resolved is None and item.decision else resolved)
    if item.decision:  # the awarded amount follows the tribunal's decision, re-read on the new claim
        resolved = _still_decided(item, claim, claimed, resolved)
    _n_and_2n(session, case, ClaimType(claim.claim_type), _separate(claim), resolved, replacing=item.id)
    _bump(session, case, expected_version)
    before = audit.snapshot(item)
    known = element_positions.known_values(item)  # 要素确认 taken on these values (issue 19 point 4)
    item.claim_type, item.description = claim.claim_type, claim.description.strip()
    item.amount_claimed, item.amount_resolved = claimed, resolved
    item.elements, item.amount_proposed = elements, proposed
    item.period_from, item.period_to = claim.period_from, claim.period_to
    item.separate_termination = _separate(claim)
    item.version += 1
    element_positions.forget_changed(session, user, item, known)  # a stance on a changed value goes
    _refresh_amounts(session, case)
    audit.record(session, user_id=user.id, entity="claim_item", entity_id=item.id, case_id=case.id, action="update",
                 before=before, after=audit.snapshot(item))
    session.commit()
    return get_case(session=session, user=user, case_id=case_id)


# ---------------------------------------------------------------- the tribunal's decision (裁决结果)


def decide_claim(*, session: Session, user: Actor, case_id: uuid.UUID, expected_version: int, claim_id: uuid.UUID,
                 decision: str | None, amount: str | Decimal | None = None, reason: str | None = None,
                 today: date | None = None) -> CaseDetail:
    """Record the tribunal's decision on one claim item of an arbitration case: 支持 (the amount
    claimed), 部分支持 (an amount above 0 and below the claim), 驳回 (a reason). The amount
    awarded (调解/裁决金额) follows the decision. Decided by the tribunal: its members and the
    institute's head (the permission that issues the award)."""
    case = _load_for_edit(session, user, case_id)
    require(user, Permission.ISSUE_TRIBUNAL_PAPERS)
    if case.family != CaseFamily.ARBITRATION:
        raise ValidationFailed({"decision": "只有仲裁案件由仲裁庭对请求事项作出裁决"})
    if why := deciding_refusal(CaseStatus(case.status)):
        raise ValidationFailed({"decision": why})
    item = session.get(ClaimItem, claim_id)
    if item is None or item.case_id != case.id:
        raise NotFound("找不到该请求事项")
    ctype = ClaimType(item.claim_type)
    decided = check_decision(ctype, item.amount_claimed, decision, amount, reason)
    if isinstance(decided, dict):
        raise ValidationFailed(decided)
    _n_and_2n(session, case, ctype, bool(item.separate_termination), decided.amount, replacing=item.id, field="amount")
    _bump(session, case, expected_version)
    before = audit.snapshot(item)
    item.decision, item.decision_reason, item.amount_resolved = decided.decision.value, decided.reason or None, decided.amount
    item.version += 1
    _refresh_amounts(session, case)
    audit.record(session, user_id=user.id, entity="claim_item", entity_id=item.id, case_id=case.id, action="decide",
                 before=before, after=audit.snapshot(item))
    session.commit()
    return get_case(session=session, user=user, case_id=case_id)


def may_decide(*, session: Session, user: Actor, case_id: uuid.UUID) -> bool:
    """Whether the user records the tribunal's decisions on this case's claims (the claims tab
    offers 裁决结果 only then)."""
    return decision_refusal(session=session, user=user, case_id=case_id) is None


def decision_refusal(*, session: Session, user: Actor, case_id: uuid.UUID) -> str | None:
    """Why the user does not record the tribunal's decisions on this case's claims (said where a
    double click on 裁决结果 would have opened them); None when they do."""
    case = _load_case(session, user, case_id)
    if case.family != CaseFamily.ARBITRATION:
        return "只有仲裁案件由仲裁庭对请求事项作出裁决"
    if not allowed(user.role, Permission.ISSUE_TRIBUNAL_PAPERS):
        return f"裁决结果由仲裁庭确定，由仲裁员或院长录入，{user.role.label}不能录入"
    if why := deciding_refusal(CaseStatus(case.status)):
        return why
    if not allowed(user.role, EDIT[CaseFamily.ARBITRATION]):
        return "您不能修改仲裁案件"
    return office_acts_on(session, user, case.family)


def undecided_claims(session: Session, case_id: uuid.UUID) -> list[str]:
    """The message for each claim item of the case without the tribunal's decision, in order."""
    return undecided((c.claim_type.label.split("（")[0], c.decision) for c in claim_views(session, case_id))


def _tribunal_amount_why(case: DisputeCase, user: Actor) -> str | None:
    """Why this user may not set or change a claim's 调解/裁决金额: on an arbitration case it is the
    tribunal's (its 裁决结果 or its 仲裁调解书, LDMAF Art 42, 46), recorded by those who issue its
    papers; None when they may (a mediation case's agreed amount is its staff's)."""
    if case.family != CaseFamily.ARBITRATION or allowed(user.role, Permission.ISSUE_TRIBUNAL_PAPERS):
        return None
    return (f"仲裁案件的调解/裁决金额由仲裁庭确定（裁决结果或仲裁调解书），由仲裁员或院长录入，"
            f"{user.role.label}不能填写或修改")


def _tribunal_amount(case: DisputeCase, user: Actor) -> None:
    if why := _tribunal_amount_why(case, user):
        raise ValidationFailed({"amount_resolved": why})


def amount_resolved_refusal(*, session: Session, user: Actor, case_id: uuid.UUID) -> str | None:
    """Why the claim dialog shows 调解/裁决金额 read-only to this user (None: they may fill it in)."""
    return _tribunal_amount_why(_load_case(session, user, case_id), user)


def _awarded(case: DisputeCase) -> bool:
    """An arbitration case whose award is made: the award holds its claims and what it decided."""
    return case.family == CaseFamily.ARBITRATION and CaseStatus(case.status) is CaseStatus.AWARDED


def _award_kept(item: ClaimItem, claim: ClaimInput, claimed: Decimal | None, resolved: Decimal | None) -> None:
    """An edit of an awarded case's claim item that would change what the award states (the
    claim, its amount, the amount awarded) is refused at the field; its corrections are a 补正."""
    changed = {"claim_type": ClaimType(claim.claim_type) is not ClaimType(item.claim_type),
               "amount_claimed": claimed != item.amount_claimed, "amount_resolved": resolved != item.amount_resolved}
    if fields := [k for k, v in changed.items() if v]:
        raise ValidationFailed({k: AWARDED_REFUSAL for k in fields})


def _still_decided(item: ClaimItem, claim: ClaimInput, claimed: Decimal | None, resolved: Decimal | None) -> Decimal | None:
    """The amount awarded on a decided item after its edit: a decision is changed in 裁决结果, not
    by typing another 裁决金额; a 支持 follows a corrected claimed amount; a correction the decision
    no longer fits is refused at the field."""
    if resolved is not None and resolved != item.amount_resolved:
        raise ValidationFailed({"amount_resolved": "已作出裁决的请求事项，裁决金额随裁决结果确定：请用“裁决结果…”修改"})
    decision = ClaimDecision(item.decision)
    kept = None if decision is ClaimDecision.SUPPORTED else item.amount_resolved
    decided = check_decision(ClaimType(claim.claim_type), claimed, decision, kept, item.decision_reason)
    if isinstance(decided, dict):
        why = next(iter(decided.values()))
        raise ValidationFailed({"amount_claimed": f"该请求事项已裁决“{decision.label}”，按修改后的请求不再成立（{why}）："
                                                  "请先修改裁决结果"})
    return decided.amount


# ---------------------------------------------------------------- final or non-final


@dataclass(frozen=True)
class FinalityReport:
    items: tuple[tuple[ClaimView, ItemFinality], ...]
    award: AwardFinality
    basis: str  # which date and minimum wage were applied
    forecast: bool  # no award yet: judged on the amounts claimed (on the decided ones where decided)
    warning: str | None = None  # the city's newest minimum wage is more than two years old


def _judged_on(c: ClaimView, forecast: bool) -> tuple[Decimal | None, str, Decimal | None]:
    """(amount, its name, the amount claimed) an item's finality is judged on. An item the tribunal has decided is
    judged on what it awards (驳回: 0), before the award as on the paper (SPC-I Art 19 per item), so
    the claims tab's forecast and the award issued agree; an undecided one before the award on the
    amount claimed."""
    if c.decision is ClaimDecision.REJECTED:
        return Decimal(0), "裁决金额（驳回）", c.amount_claimed
    if c.decision is not None:
        return c.amount_resolved or Decimal(0), "拟裁决金额" if forecast else "裁决金额", c.amount_claimed
    if forecast:
        return c.amount_claimed, "请求金额", None
    return c.amount_resolved or Decimal(0), "裁决金额", None


def award_finality(*, session: Session, user: Actor, case_id: uuid.UUID, today: date | None = None,
                   drafting: bool = False) -> FinalityReport:
    """Per claim item, final or non-final; before the award a forecast on the amounts claimed.
    ``drafting``: the award being written today, judged on the amounts recorded as awarded."""
    case = _load_case(session, user, case_id)
    awarded_on = session.scalar(select(func.max(CaseEvent.occurred_on)).where(
        CaseEvent.case_id == case.id, CaseEvent.kind == EventKind.AWARDED, CaseEvent.corrected_by.is_(None)))
    if drafting and awarded_on is None:
        awarded_on = today or date.today()
    forecast = awarded_on is None
    if json_setting(session, WAGE_DATE_SETTING) == "application":
        on, which = case.received_on, "申请日"
    else:
        on, which = (today or date.today(), "今日（尚未裁决）") if forecast else (awarded_on, "裁决日")
    low, note = minimum_wage(session, _city(session, case), on)
    types = json_setting(session, MONEY_TYPES_SETTING)
    money_types = DEFAULT_MONEY_TYPES if types is None else frozenset(ClaimType(t) for t in types)
    items = []
    for c in claim_views(session, case.id):
        amount, what, claimed = _judged_on(c, forecast)
        items.append((c, item_finality(c.claim_type, amount, low, note if low is not None else "", money_types,
                                       what, claimed)))
    basis = f"按{which} {on.isoformat()} 适用的最低工资标准：{note}"
    return FinalityReport(tuple(items), AwardFinality(tuple(f for _, f in items)), basis, forecast,
                          wage_warning(session, _city(session, case), today))
