"""Employers across all cases: their page (every complaint and dispute against them, amounts,
outcomes, blacklist), the repeat-employer warning, and finding and merging an employer typed
twice."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, func, or_, select, update
from sqlmodel import Session

from ..domain import complaints as cm
from ..domain import search
from ..domain.permissions import Permission
from ..models.case import CaseParty, DisputeCase
from ..models.complaint import BlacklistEntry, ComplaintWorker
from ..models.enums import CaseFamily, CasePartyRole, CaseStatus, PartyKind
from ..models.party import Party, PartyGram
from ..models.types import utcnow
from . import audit
from .access import require
from .case_names import refresh_party_names
from .context import Actor
from .errors import NotFound, PermissionDenied, ValidationFailed
from .offices import visible_office_ids
from .parties import PartyInput, PartyView, case_count, find_existing, may_see_party, party_view

ZERO = Decimal("0.00")


def _respondent_cases(party_id: uuid.UUID):  # noqa: ANN202
    return select(CaseParty.case_id).where(CaseParty.party_id == party_id,
                                           CaseParty.role == CasePartyRole.RESPONDENT)


def _listed(session: Session, today: date, party_ids: list[uuid.UUID] | None = None) -> set[uuid.UUID]:
    """The employers (of ``party_ids``, or all) on the blacklist today."""
    stmt = select(BlacklistEntry).where(BlacklistEntry.listed_on.is_not(None))
    if party_ids is not None:
        stmt = stmt.where(BlacklistEntry.party_id.in_(party_ids))
    return {e.party_id for e in session.scalars(stmt)
            if cm.Listing(e.proposed_on, e.listed_on, e.removed_on).active(today)}


def employer_warning(session: Session, employer: Party, *, today: date | None = None,
                     except_case: uuid.UUID | None = None) -> str | None:
    """The warning a new case against this employer carries: 3+ cases in 12 months, or listed."""
    today = today or date.today()
    stmt = select(func.count()).select_from(DisputeCase).where(
        DisputeCase.id.in_(_respondent_cases(employer.id)), DisputeCase.received_on >= cm.repeat_since(today))
    if except_case is not None:
        stmt = stmt.where(DisputeCase.id != except_case)
    recent = session.scalar(stmt) or 0
    return cm.employer_warning(employer.name, recent, employer.id in _listed(session, today, [employer.id]))


def _same_name_address(session: Session, data: PartyInput) -> Party | None:
    name, address = data.name.strip(), data.address.strip()
    if not name or not address:
        return None
    return session.scalars(select(Party).where(Party.kind == PartyKind.ORGANISATION, Party.name == name,
                                               Party.address == address)).first()


def warning_for_input(*, session: Session, user: Actor, data: PartyInput, today: date | None = None) -> str | None:
    """The warning for an employer being typed into a new case (found by credit code, or by
    the same name and address). A person as employer (a team leader) is found among those the
    user may see only: the warning names them."""
    try:
        party = find_existing(session, data, user) or _same_name_address(session, data)
    except (NotFound, PermissionDenied):
        return None
    return employer_warning(session, party, today=today) if party is not None else None


# ---------------------------------------------------------------- the employer's page


@dataclass(frozen=True)
class EmployerCase:
    id: uuid.UUID
    family: CaseFamily
    case_number: str | None
    received_on: date
    status: CaseStatus
    closed_on: date | None
    workers: int
    amount_claimed: Decimal
    amount_resolved: Decimal | None
    applicants: str


@dataclass(frozen=True)
class EmployerPage:
    party: PartyView
    cases: tuple[EmployerCase, ...]
    hidden_cases: int  # cases of offices this user does not see (counted, not shown)
    recent_cases: int
    amount_claimed: Decimal
    amount_resolved: Decimal
    listings: tuple[tuple[str, BlacklistEntry], ...]  # (state, entry)
    warning: str | None


def employer_page(*, session: Session, user: Actor, party_id: uuid.UUID, today: date | None = None) -> EmployerPage:
    require(user, Permission.READ_CASES)
    today = today or date.today()
    party = session.get(Party, party_id)
    if party is None:
        raise NotFound("找不到该用人单位")
    if not may_see_party(session, user, party):  # a person as employer, known only to another office
        raise PermissionDenied("该当事人只出现在其他机构的案件中，无权查看")
    rows = session.scalars(select(DisputeCase).where(DisputeCase.id.in_(_respondent_cases(party_id)))
                           .order_by(DisputeCase.received_on.desc())).all()
    visible = visible_office_ids(session, user)
    shown = [c for c in rows if visible is None or c.office_id in visible]
    cases = tuple(EmployerCase(c.id, CaseFamily(c.family), c.case_number, c.received_on, CaseStatus(c.status),
                               c.closed_on, c.workers_involved, c.amount_claimed, c.amount_resolved,
                               c.applicant_names) for c in shown)
    since = cm.repeat_since(today)
    entries = session.scalars(select(BlacklistEntry).where(BlacklistEntry.party_id == party_id)
                              .order_by(BlacklistEntry.proposed_on)).all()
    return EmployerPage(
        party=party_view(party, len(rows), viewer=user), cases=cases, hidden_cases=len(rows) - len(shown),
        recent_cases=sum(c.received_on >= since for c in rows),
        amount_claimed=sum((c.amount_claimed for c in shown), ZERO),
        amount_resolved=sum((c.amount_resolved or ZERO for c in shown), ZERO),
        listings=tuple((cm.Listing(e.proposed_on, e.listed_on, e.removed_on).state(today), e) for e in entries),
        warning=employer_warning(session, party, today=today),
    )


@dataclass(frozen=True)
class EmployerRow:
    party: PartyView
    cases: int
    listed: bool


def search_employers(*, session: Session, user: Actor, text: str = "", limit: int = 200,
                     today: date | None = None) -> list[EmployerRow]:
    """Employers by name, credit code or address (all when blank), most cases first."""
    today = today or date.today()
    count = (select(CaseParty.party_id, func.count(func.distinct(CaseParty.case_id)).label("n"))
             .where(CaseParty.role == CasePartyRole.RESPONDENT).group_by(CaseParty.party_id).subquery())
    stmt = (select(Party, func.coalesce(count.c.n, 0)).outerjoin(count, count.c.party_id == Party.id)
            .where(Party.kind == PartyKind.ORGANISATION))
    t = text.strip()
    if t:
        key = search.normalise(t)
        stmt = stmt.where(or_(Party.name_key.contains(key, autoescape=True), Party.credit_code == key.upper(),
                              Party.address.contains(t, autoescape=True)))
    rows = session.execute(stmt.order_by(func.coalesce(count.c.n, 0).desc(), Party.name).limit(limit)).all()
    listed = _listed(session, today, [p.id for p, _ in rows])
    return [EmployerRow(party_view(p, n), n, p.id in listed) for p, n in rows]


# ---------------------------------------------------------------- duplicates and merging


@dataclass(frozen=True)
class DuplicateGroup:
    reason: str  # 统一社会信用代码相同 / 名称和地址相同
    parties: tuple[PartyView, ...]


def find_duplicates(*, session: Session, user: Actor) -> list[DuplicateGroup]:
    """Employers recorded more than once: the same credit code, or the same name and address."""
    groups: list[DuplicateGroup] = []
    seen: set[frozenset[uuid.UUID]] = set()

    def add(reason: str, members: list[Party]) -> None:
        key = frozenset(p.id for p in members)
        if len(key) > 1 and key not in seen:
            seen.add(key)
            groups.append(DuplicateGroup(reason, tuple(party_view(p, case_count(session, p.id)) for p in members)))

    org = Party.kind == PartyKind.ORGANISATION
    for (code,) in session.execute(select(Party.credit_code).where(org, Party.credit_code.is_not(None))
                                   .group_by(Party.credit_code).having(func.count() > 1)):
        add("统一社会信用代码相同", list(session.scalars(select(Party).where(org, Party.credit_code == code)
                                                  .order_by(Party.created_at))))
    for name, address in session.execute(select(Party.name, Party.address).where(org, Party.address.is_not(None))
                                         .group_by(Party.name, Party.address).having(func.count() > 1)):
        add("名称和地址相同", list(session.scalars(select(Party).where(org, Party.name == name, Party.address == address)
                                            .order_by(Party.created_at))))
    return groups


def merge_employers(*, session: Session, user: Actor, keep_id: uuid.UUID, merge_id: uuid.UUID) -> PartyView:
    """Fold one employer record into another: every case, worker row and blacklist entry that
    named ``merge_id`` names ``keep_id``; the kept record takes the other's missing details."""
    require(user, Permission.MERGE_EMPLOYERS)
    if keep_id == merge_id:
        raise ValidationFailed({"merge": "请选择两条不同的记录"})
    keep, other = session.get(Party, keep_id), session.get(Party, merge_id)
    if keep is None or other is None:
        raise NotFound("找不到要合并的用人单位记录")
    if PartyKind.ORGANISATION not in (keep.kind, other.kind) or keep.kind != other.kind:
        raise ValidationFailed({"merge": "只能合并两条单位记录"})
    if keep.credit_code and other.credit_code and keep.credit_code != other.credit_code:
        raise ValidationFailed({"merge": "两条记录的统一社会信用代码不同，不是同一单位"})
    before = {"keep": audit.snapshot(keep), "merged": audit.snapshot(other)}
    cases = [cid for (cid,) in session.execute(select(CaseParty.case_id).where(CaseParty.party_id == merge_id))]
    for model, column in ((CaseParty, CaseParty.party_id), (CaseParty, CaseParty.acts_for_id),
                          (ComplaintWorker, ComplaintWorker.party_id), (BlacklistEntry, BlacklistEntry.party_id)):
        session.execute(update(model).where(column == merge_id).values({column.key: keep_id})
                        .execution_options(synchronize_session=False))
    for attr in ("credit_code", "legal_rep", "phone", "address", "industry"):
        if not getattr(keep, attr) and getattr(other, attr):
            setattr(keep, attr, getattr(other, attr))
    keep.construction = keep.construction or other.construction
    keep.version += 1
    keep.updated_at = utcnow()
    session.execute(delete(PartyGram).where(PartyGram.party_id == merge_id))
    session.flush()
    session.delete(other)
    session.flush()
    session.expire_all()
    for case in session.scalars(select(DisputeCase).where(DisputeCase.id.in_(cases))):
        refresh_party_names(session, case)
    audit.record(session, user_id=user.id, entity="party", entity_id=keep_id, action="merge", before=before,
                 after={"keep": audit.snapshot(session.get(Party, keep_id)), "cases": [c.hex for c in cases]})
    session.commit()
    return party_view(session.get(Party, keep_id), case_count(session, keep_id))


