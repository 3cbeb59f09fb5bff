"""Wage-arrears complaints: intake, the complaint view (with the informant kept confidential),
the acceptance review, the worker list, and the province's crime-threshold settings.

The procedure's actions themselves go through services.workflow (complaint_effects writes
what they change).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from ..domain import complaints as cm
from ..domain import validators as v
from ..domain.permissions import Permission, allowed, mask_id_number
from ..models.case import CaseEvent, CaseParty, ClaimItem, DisputeCase
from ..models.complaint import BlacklistEntry, ComplaintDetail, ComplaintWorker
from ..models.enums import (
    CaseFamily,
    CasePartyRole,
    CaseStatus,
    Cause,
    ClaimType,
    EventKind,
    IdDocType,
    IntakeChannel,
    PartyKind,
    Procedure,
    Role,
)
from . import audit, workflow
from .access import office_acts_on, require, require_office_for
from .case_names import refresh_party_names
from .cases import (
    COLLECTIVE_MIN_WORKERS,
    CaseDetail,
    _bump,
    _load_case,
    _refresh_amounts,
    _refresh_state,
    handler_error,
)
from .clocks import Clocks, refresh_deadlines
from .complaint_effects import (
    Accounts,
    accounts,
    detail_of,
    employer_of,
    event_day,
    order_due,
    thresholds,
)
from .context import Actor
from .employers import employer_warning
from .errors import PermissionDenied, ValidationFailed
from .lengths import length_errors
from .offices import ensure_visible
from .parties import PartyInput, RecordDiffers, differing, resolve_party, validate_party

MAX_WORKERS = 2000  # one list; larger groups are counted, not named


# ---------------------------------------------------------------- inputs


@dataclass
class WorkerInput:
    """One worker as typed or pasted: strings as typed."""

    name: str = ""
    id_number: str = ""
    phone: str = ""
    amount_owed: str = ""
    period_from: date | None = None
    period_to: date | None = None
    id: uuid.UUID | None = None  # an existing row of the list (editing)
    update_existing: bool | None = None  # a known worker typed differently: parties.PartyInput's answer


@dataclass
class Informant:
    name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""


@dataclass
class ProjectInput:
    name: str = ""
    location: str = ""
    builder: str = ""  # 建设单位
    general_contractor: str = ""  # 施工总承包
    subcontractor: str = ""
    team_leader: str = ""  # 班组长/包工头


@dataclass
class ComplaintInput:
    office_id: uuid.UUID | None
    received_on: date | None
    intake_channel: str | None = IntakeChannel.WINDOW
    kind: str = cm.COMPLAINT
    informant: Informant = field(default_factory=Informant)
    employer: PartyInput = field(default_factory=lambda: PartyInput(kind=PartyKind.ORGANISATION))
    construction: bool = False
    project: ProjectInput = field(default_factory=ProjectInput)
    workers: list[WorkerInput] = field(default_factory=list)
    workers_count: int = 0  # 0: the named workers
    amount_claimed: str = ""  # blank: the named workers' total
    summary: str = ""
    green_channel: bool = False
    handler_id: uuid.UUID | None = None


# ---------------------------------------------------------------- validation


def _worker_errors(workers: list[WorkerInput], today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    seen: dict[str, int] = {}
    if len(workers) > MAX_WORKERS:
        errors["workers"] = f"名单最多 {MAX_WORKERS} 人，更多的劳动者请填写人数"
    for i, w in enumerate(workers):
        key = f"workers.{i}."
        if msg := v.validate_name(w.name, what="姓名", max_len=100):
            errors[key + "name"] = msg
        number = w.id_number.strip().upper()
        if number:
            if msg := v.validate_resident_id(number, today=today):
                errors[key + "id_number"] = msg
            elif number in seen:
                errors[key + "id_number"] = f"与第 {seen[number] + 1} 行的身份证号码重复"
            seen.setdefault(number, i)
        if w.phone.strip() and (msg := v.validate_phone(w.phone)):
            errors[key + "phone"] = msg
        if msg := v.validate_money(w.amount_owed, required=True):
            errors[key + "amount_owed"] = "请填写欠薪金额" if not w.amount_owed.strip() else msg
        if msg := v.validate_date_order(w.period_from, w.period_to, what="欠薪期间的结束日期"):
            errors[key + "period_to"] = msg
        elif w.period_to and w.period_to > today:
            errors[key + "period_to"] = "欠薪期间不能晚于今天"
    return errors


def validate_complaint(data: ComplaintInput, *, today: date | None = None) -> dict[str, str]:
    """Every field error of a complaint at once, keyed as the intake dialog's fields."""
    today = today or date.today()
    errors: dict[str, str] = {}
    if data.office_id is None:
        errors["office_id"] = "请选择受理机构"
    if msg := v.validate_past_date(data.received_on, today=today, what="收到日期"):
        errors["received_on"] = msg
    if data.intake_channel not in IntakeChannel.__members__.values():
        errors["intake_channel"] = "请选择来源渠道"
    if data.kind not in cm.KIND_LABELS:
        errors["kind"] = "请选择投诉或举报"
    if data.kind == cm.REPORT:
        inf = data.informant
        if inf.phone.strip() and (msg := v.validate_phone(inf.phone)):
            errors["informant.phone"] = msg
        if inf.id_number.strip() and (msg := v.validate_resident_id(inf.id_number.strip().upper(), today=today)):
            errors["informant.id_number"] = msg
    errors.update(validate_party(data.employer, prefix="employer.", today=today))
    if data.construction and not data.project.name.strip():
        errors["project.name"] = "建设领域欠薪请填写工程项目名称"
    errors.update(_worker_errors(data.workers, today))
    named = len(data.workers)
    if data.kind == cm.COMPLAINT and not named:
        errors["workers"] = "投诉须列明至少一名权益受侵害的劳动者（投诉人）；他人反映的请选“举报”"
    count = data.workers_count or named
    if count < max(named, 1):
        errors["workers_count"] = f"涉及人数不能少于名单中的 {named} 人" if named else "请填写涉及人数"
    named_total = sum((v.parse_money(w.amount_owed) or Decimal(0) for i, w in enumerate(data.workers)
                       if f"workers.{i}.amount_owed" not in errors), Decimal(0))
    if data.amount_claimed.strip():
        if msg := v.validate_money(data.amount_claimed):
            errors["amount_claimed"] = msg
        elif v.parse_money(data.amount_claimed) < named_total:
            errors["amount_claimed"] = f"欠薪总额不能少于名单合计 {cm.yuan(named_total)} 元"
    if len(data.summary) > 20000:
        errors["summary"] = "摘要过长（最多20000字）"
    errors.update({k: m for k, m in _detail_length_errors(data).items() if k not in errors})
    return errors


PROJECT_COLUMNS = {"name": "project_name", "location": "project_location", "builder": "builder",
                    "general_contractor": "general_contractor", "subcontractor": "subcontractor",
                    "team_leader": "team_leader"}


def _detail_length_errors(data: ComplaintInput) -> dict[str, str]:
    """The informant's and the project's texts, as stored, against their columns."""
    inf, typed, fields = data.informant, {}, {}
    if data.kind == cm.REPORT:  # a complaint keeps no informant
        for key in ("name", "phone", "id_number", "address"):
            typed[f"informant_{key}"] = getattr(inf, key).strip()
            fields[f"informant_{key}"] = f"informant.{key}"
        typed["informant_id_number"] = typed["informant_id_number"].upper()  # as stored
    for key, column in PROJECT_COLUMNS.items():
        typed[column] = getattr(data.project, key).strip()
        fields[column] = f"project.{key}"
    return length_errors(ComplaintDetail, typed, fields=fields)


def _worker_party(w: WorkerInput, migrant: bool) -> PartyInput:
    return PartyInput(kind=PartyKind.PERSON, name=w.name, phone=w.phone, id_doc_type=IdDocType.RESIDENT_ID,
                      id_doc_number=w.id_number, migrant_worker=migrant, update_existing=w.update_existing)




def register_complaint(*, session: Session, user: Actor, data: ComplaintInput, today: date | None = None) -> uuid.UUID:
    """Register a complaint or report with its employer, workers and project, in one transaction."""
    require(user, Permission.REGISTER_COMPLAINT)
    require_office_for(session, user, CaseFamily.COMPLAINT)
    errors = validate_complaint(data, today=today)
    if data.office_id is not None and "office_id" not in errors:
        try:
            ensure_visible(session, user, data.office_id)
        except PermissionDenied as e:
            errors["office_id"] = str(e)
    if data.handler_id is not None and "office_id" not in errors and (
            msg := handler_error(session, CaseFamily.COMPLAINT, data.office_id, data.handler_id)):
        errors["handler_id"] = msg  # the handler reads the informant: one of the unit's inspectors
    if errors:
        raise ValidationFailed(errors)
    differ = differing(session, user, data.employer, "employer.")
    for i, w in enumerate(data.workers):
        differ.update(differing(session, user, _worker_party(w, data.construction), f"workers.{i}."))
    if differ:  # asked all at once, before anything is written
        raise RecordDiffers(differ)
    named_total = sum((v.parse_money(w.amount_owed) for w in data.workers), Decimal("0.00"))
    total = v.parse_money(data.amount_claimed) if data.amount_claimed.strip() else named_total
    count = data.workers_count or len(data.workers)
    case = DisputeCase(
        family=CaseFamily.COMPLAINT, procedure=Procedure.COMPLAINT, status=CaseStatus.RECEIVED,
        office_id=data.office_id, handler_id=data.handler_id or user.id, cause=Cause.LABOUR_PAY,
        intake_channel=data.intake_channel, summary=data.summary.strip(), green_channel=data.green_channel,
        collective=count >= COLLECTIVE_MIN_WORKERS, workers_involved=count, received_on=data.received_on,
        created_by=user.id,
    )
    session.add(case)
    session.flush()
    p, inf = data.project, data.informant
    report = data.kind == cm.REPORT
    session.add(ComplaintDetail(
        case_id=case.id, kind=data.kind, construction=data.construction,
        informant_name=(inf.name.strip() or None) if report else None,
        informant_phone=(inf.phone.strip() or None) if report else None,
        informant_id_number=(inf.id_number.strip().upper() or None) if report else None,
        informant_address=(inf.address.strip() or None) if report else None,
        project_name=p.name.strip() or None, project_location=p.location.strip() or None,
        builder=p.builder.strip() or None, general_contractor=p.general_contractor.strip() or None,
        subcontractor=p.subcontractor.strip() or None, team_leader=p.team_leader.strip() or None,
    ))
    position = 0
    for i, w in enumerate(data.workers):
        party = resolve_party(session, user, _worker_party(w, data.construction), prefix=f"workers.{i}.")
        session.add(CaseParty(case_id=case.id, party_id=party.id, role=CasePartyRole.APPLICANT, position=position))
        session.add(ComplaintWorker(case_id=case.id, party_id=party.id, amount_owed=v.parse_money(w.amount_owed),
                                    period_from=w.period_from, period_to=w.period_to, position=i))
        position += 1
    employer = resolve_party(session, user, data.employer, prefix="employer.")
    session.add(CaseParty(case_id=case.id, party_id=employer.id, role=CasePartyRole.RESPONDENT, position=position))
    starts = [w.period_from for w in data.workers if w.period_from]
    ends = [w.period_to for w in data.workers if w.period_to]
    session.add(ClaimItem(case_id=case.id, claim_type=ClaimType.WAGES, amount_claimed=total,
                          description=f"拖欠{count}名劳动者工资", period_from=min(starts, default=None),
                          period_to=max(ends, default=None), position=0))
    session.add(CaseEvent(case_id=case.id, kind=EventKind.RECEIVED, occurred_on=data.received_on, user_id=user.id,
                          note=f"登记欠薪{cm.KIND_LABELS[data.kind]}，涉及 {count} 名劳动者"))
    session.flush()
    refresh_party_names(session, case)
    _refresh_amounts(session, case)
    _refresh_state(session, case)
    refresh_deadlines(session, case, Clocks.load(session))
    audit.record(session, user_id=user.id, entity="dispute_case", entity_id=case.id, action="create",
                 after={**audit.snapshot(case), "complaint": _public_detail(session.get(ComplaintDetail, case.id))})
    session.commit()
    return case.id


def _public_detail(d: ComplaintDetail) -> dict[str, Any]:
    """The detail row for the audit trail, without the informant (confidential)."""
    return {k: x for k, x in audit.snapshot(d).items() if not k.startswith("informant_")}


# ---------------------------------------------------------------- the complaint view


@dataclass(frozen=True)
class InformantView:
    name: str | None
    phone: str | None
    id_number: str | None
    address: str | None


@dataclass(frozen=True)
class ListingView:
    id: uuid.UUID
    employer: str
    criteria: str
    persons: str
    proposed_on: date
    listed_on: date | None
    removed_on: date | None
    removal_due: date | None
    early_removal_from: date | None
    state: str


@dataclass(frozen=True)
class ComplaintView:
    case_id: uuid.UUID
    kind: str
    informant: InformantView | None  # None for a complaint, or when hidden from this user
    informant_hidden: bool
    construction: bool
    project: ProjectInput
    review: cm.Review
    reviewed_on: date | None
    outcome: cm.ReviewOutcome
    accounts: Accounts
    threshold: cm.ThresholdCheck
    thresholds_configured: bool
    compensation_rate: int | None
    corrected_on: date | None
    order_due: date | None
    transferred_on: date | None
    employer_id: uuid.UUID | None
    employer_name: str
    employer_warning: str | None
    listings: tuple[ListingView, ...]

    @property
    def kind_label(self) -> str:
        return cm.KIND_LABELS.get(self.kind, self.kind)


def may_see_informant(session: Session, user: Actor, case: DisputeCase) -> bool:
    """LSIR Art 9: a report's informant is known to the inspector handling it and the supervisors
    of the inspection unit that holds it, not to the offices above that unit (nor to the
    administrator). The handler is changed only by that unit's supervisor (cases.change_handler)."""
    if user.office_id != case.office_id:
        return False
    if user.role is Role.INSPECTOR and case.handler_id == user.id:
        return True
    return allowed(user.role, Permission.SEE_INFORMANT) and office_acts_on(session, user, case.family) is None


def listing_view(entry: BlacklistEntry, employer: str, corrected_on: date | None, today: date) -> ListingView:
    listing = cm.Listing(entry.proposed_on, entry.listed_on, entry.removed_on)
    return ListingView(
        entry.id, employer, dict(cm.BLACKLIST_CRITERIA).get(entry.criteria, entry.criteria), entry.persons,
        entry.proposed_on, entry.listed_on, entry.removed_on,
        cm.removal_due(entry.listed_on) if entry.listed_on else None,
        cm.early_removal_from(corrected_on) if entry.listed_on and corrected_on else None, listing.state(today))


def get_complaint(*, session: Session, user: Actor, case_id: uuid.UUID, today: date | None = None) -> ComplaintView:
    today = today or date.today()
    case = _load_case(session, user, case_id)
    if case.family != CaseFamily.COMPLAINT:
        raise ValueError("not a complaint")
    d = detail_of(session, case.id)
    hidden = d.kind == cm.REPORT and not may_see_informant(session, user, case)
    informant = None if d.kind != cm.REPORT or hidden else InformantView(
        d.informant_name, d.informant_phone, d.informant_id_number, d.informant_address)
    review = cm.Review(d.within_two_years, d.definite_employer, d.within_jurisdiction, d.dispute_matter)
    acc = accounts(session, case)
    if not allowed(user.role, Permission.SEE_ID_NUMBERS):
        acc = replace(acc, workers=tuple(replace(w, id_number=mask_id_number(w.id_number)) for w in acc.workers))
    limits = thresholds(session)
    employer = employer_of(session, case.id)
    entries = session.scalars(select(BlacklistEntry).where(BlacklistEntry.case_id == case.id)
                              .order_by(BlacklistEntry.created_at)).all()
    return ComplaintView(
        case_id=case.id, kind=d.kind, informant=informant, informant_hidden=hidden, construction=d.construction,
        project=ProjectInput(d.project_name or "", d.project_location or "", d.builder or "",
                             d.general_contractor or "", d.subcontractor or "", d.team_leader or ""),
        review=review, reviewed_on=d.reviewed_on, outcome=cm.review_outcome(review), accounts=acc,
        threshold=acc.crime_check(limits), thresholds_configured=limits.configured,
        compensation_rate=d.compensation_rate, corrected_on=d.corrected_on, order_due=order_due(session, case.id),
        transferred_on=event_day(session, case.id, EventKind.POLICE_TRANSFER),
        employer_id=employer.id if employer else None, employer_name=employer.name if employer else "",
        employer_warning=employer_warning(session, employer, today=today, except_case=case.id) if employer else None,
        listings=tuple(listing_view(e, employer.name if employer else "", d.corrected_on, today) for e in entries),
    )


# ---------------------------------------------------------------- acceptance review


def review_complaint(*, session: Session, user: Actor, case_id: uuid.UUID, expected_version: int,
                     occurred_on: date | None, review: cm.Review, values: dict[str, Any] | None = None,
                     today: date | None = None) -> CaseDetail:
    """Record the 若干规定 18 checklist and take the action it implies (立案, 不予受理, 补正, 移送)."""
    case = _load_case(session, user, case_id)
    require(user, Permission.EDIT_COMPLAINT)
    require_office_for(session, user, CaseFamily.COMPLAINT)
    outcome = cm.review_outcome(review)
    if outcome.action is None:
        raise ValidationFailed({"review": outcome.text})
    d = detail_of(session, case.id)
    before = _public_detail(d)
    d.within_two_years, d.definite_employer = review.within_two_years, review.definite_employer
    d.within_jurisdiction, d.dispute_matter = review.within_jurisdiction, review.dispute_matter
    d.reviewed_on = occurred_on
    audit.record(session, user_id=user.id, entity="complaint_detail", entity_id=case.id, case_id=case.id, action="review",
                 before=before, after=_public_detail(d))
    try:
        return workflow.perform_action(session=session, user=user, case_id=case_id, expected_version=expected_version,
                                       action=outcome.action, occurred_on=occurred_on, values=values or {}, today=today)
    except Exception:
        session.rollback()
        raise


# ---------------------------------------------------------------- the worker list


def set_workers(*, session: Session, user: Actor, case_id: uuid.UUID, expected_version: int,
                workers: list[WorkerInput], workers_count: int = 0, today: date | None = None) -> CaseDetail:
    """Replace the case's worker list (names found later, amounts corrected). A worker who has
    been paid stays, and their amount may not fall below what reached them."""
    today = today or date.today()
    case = _load_case(session, user, case_id)
    require(user, Permission.EDIT_COMPLAINT)
    require_office_for(session, user, CaseFamily.COMPLAINT)
    if case.status not in (s.value for s in (CaseStatus.RECEIVED, CaseStatus.FILED, CaseStatus.INVESTIGATING,
                                             CaseStatus.ORDERED)):
        raise PermissionDenied(f"案件当前状态为“{CaseStatus(case.status).label}”，不能修改劳动者名单")
    errors = _worker_errors(workers, today)
    acc = accounts(session, case)
    current = {w.id: w for w in acc.workers}
    kept = {w.id for w in workers if w.id is not None}
    for i, w in enumerate(workers):
        old = current.get(w.id) if w.id else None
        if old is not None and f"workers.{i}.amount_owed" not in errors and \
                v.parse_money(w.amount_owed) + old.balance.compensation < old.balance.received:
            errors[f"workers.{i}.amount_owed"] = f"已向其支付 {cm.yuan(old.balance.received)} 元，欠薪金额不能更少"
    for wid, old in current.items():
        if wid not in kept and old.balance.received > 0:
            errors["workers"] = f"{old.name}已有支付记录，不能从名单中删除"
    count = workers_count or len(workers)
    if count < max(len(workers), 1):
        errors["workers_count"] = f"涉及人数不能少于名单中的 {len(workers)} 人"
    if errors:
        raise ValidationFailed(errors)
    construction = detail_of(session, case.id).construction
    differ: dict[str, str] = {}
    for i, w in enumerate(workers):
        if w.id is None or w.id not in current:
            differ.update(differing(session, user, _worker_party(w, construction), f"workers.{i}."))
    if differ:
        raise RecordDiffers(differ)
    _bump(session, case, expected_version)
    for wid in set(current) - kept:
        row = session.get(ComplaintWorker, wid)
        link = session.scalars(select(CaseParty).where(CaseParty.case_id == case.id,
                                                       CaseParty.party_id == row.party_id)).first()
        if link is not None:
            session.delete(link)
        session.delete(row)
    position = session.scalar(select(func.max(CaseParty.position)).where(CaseParty.case_id == case.id)) or 0
    for i, w in enumerate(workers):
        if w.id is not None and w.id in current:
            row = session.get(ComplaintWorker, w.id)
            row.amount_owed, row.period_from, row.period_to, row.position = (
                v.parse_money(w.amount_owed), w.period_from, w.period_to, i)
            continue
        party = resolve_party(session, user, _worker_party(w, construction), prefix=f"workers.{i}.")
        position += 1
        session.add(CaseParty(case_id=case.id, party_id=party.id, role=CasePartyRole.APPLICANT, position=position))
        session.add(ComplaintWorker(case_id=case.id, party_id=party.id, amount_owed=v.parse_money(w.amount_owed),
                                    period_from=w.period_from, period_to=w.period_to, position=i))
    session.flush()
    named_total = sum((v.parse_money(w.amount_owed) for w in workers), Decimal("0.00"))
    claim = session.scalars(select(ClaimItem).where(ClaimItem.case_id == case.id).order_by(ClaimItem.position)).first()
    if claim is not None and (claim.amount_claimed or 0) < named_total:
        claim.amount_claimed = named_total
    case.workers_involved = count
    case.collective = count >= COLLECTIVE_MIN_WORKERS
    refresh_party_names(session, case)
    _refresh_amounts(session, case)
    case.amount_resolved = accounts(session, case).total("paid")
    session.add(CaseEvent(case_id=case.id, kind=EventKind.EDITED, occurred_on=today, user_id=user.id,
                          note=f"修改劳动者名单：列名 {len(workers)} 人，涉及 {count} 人"))
    audit.record(session, user_id=user.id, entity="complaint_worker", entity_id=case.id, case_id=case.id,
                 action="set_workers",
                 before={"workers": len(current)}, after={"workers": len(workers), "count": count})
    session.commit()
    return workflow.get_case(session=session, user=user, case_id=case_id)
