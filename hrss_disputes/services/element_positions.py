"""要素确认: which elements of each claim each party confirmed or disputes (ElementPosition rows).

The sheet of a case is its claim items, each with the elements of its type (domain.element_sheet)
and what the case already records of them (the calculator's elements, the claim's period and
amount), and the stance of each applicant and respondent on each element. The arbitration staff
of the case's office record the stances; a disputed element carries what the party says instead.
One save is one transaction, checked whole before anything is written, and audited row by row.
The papers read the sheet: the 要素表, the 庭审笔录's lists and the award's 本委查明 draft.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from ..domain import element_sheet as es
from ..domain.permissions import Permission, refusal
from ..models.case import CaseParty, ClaimItem, DisputeCase, ElementPosition
from ..models.enums import CaseFamily, CasePartyRole, CaseStatus, ClaimType, ElementStance
from ..models.party import Party
from ..models.types import utcnow
from . import audit
from .access import office_acts_on, require
from .cases import CaseDetail, _bump, _load_case, claim_views, get_case
from .context import Actor
from .errors import NotFound, PermissionDenied, ValidationFailed

CLOSED = frozenset({CaseStatus.AWARDED, CaseStatus.MEDIATION_STATEMENT, CaseStatus.WITHDRAWN,
                    CaseStatus.DEEMED_WITHDRAWN, CaseStatus.REVOKED, CaseStatus.NOT_ACCEPTED})


@dataclass(frozen=True)
class SheetParty:
    id: uuid.UUID
    name: str
    applicant: bool  # 申请人; else 被申请人

    @property
    def role_label(self) -> str:
        return "申请人" if self.applicant else "被申请人"


@dataclass(frozen=True)
class PositionView:
    stance: ElementStance
    note: str


@dataclass(frozen=True)
class ElementRowView:
    key: str
    label: str
    facts: str
    known: str  # what the case records of it; "" when nothing
    positions: dict[uuid.UUID, PositionView] = field(default_factory=dict)  # by party id
    fact: bool = True  # False: the claim itself or evidence (es.NOT_FACTS): never 双方确认
    differs: bool = False  # a common fact the claims record differently (``known`` lists each)
    # a common fact (基本情况): the claim items' elements it is stored on, (claim item id, key)
    stored_on: tuple[tuple[uuid.UUID, str], ...] = ()


@dataclass(frozen=True)
class ClaimSheetView:
    """A claim item's section, or the case's 基本情况 (``common``: claim_id is the case's id,
    position 0, no claim type) holding the facts common to its claims."""

    claim_id: uuid.UUID
    position: int  # 第N项, from 1; 0: 基本情况
    claim_type: ClaimType | None
    title: str  # as running text names it: 劳动报酬
    heading: str  # 第1项　劳动报酬（工资）　请求金额 12,000.50元
    rows: tuple[ElementRowView, ...]

    @property
    def common(self) -> bool:
        return self.claim_type is None


@dataclass(frozen=True)
class ElementSheetView:
    case_id: uuid.UUID
    version: int
    parties: tuple[SheetParty, ...]
    claims: tuple[ClaimSheetView, ...]

    def sections(self) -> list[es.Section]:
        """The sheet as the domain's rules read it (stances in the parties' order)."""
        out = []
        for c in self.claims:
            rows = tuple(es.Row(r.key, r.label, r.facts, r.known, tuple(
                es.Stance(p.name, p.applicant, r.positions[p.id].stance, r.positions[p.id].note)
                for p in self.parties if p.id in r.positions), r.fact, r.differs) for r in c.rows)
            out.append(es.Section(c.title, c.heading, rows))
        return out

    def summaries(self) -> list[str]:
        """Per section (基本情况 first, then each claim), in order: 双方确认 N 项；有争议 …；尚未确认
        N 项 (the claims tab)."""
        return [es.summary(section, len(self.parties)) for section in self.sections()]

    def findings(self) -> str:
        """The award's 本委查明 drafted from the stances: 双方确认：… first ("" when none recorded)."""
        return es.findings(self.sections(), len(self.parties))


@dataclass(frozen=True)
class PositionInput:
    claim_id: uuid.UUID
    element: str
    party_id: uuid.UUID
    stance: str | None  # ElementStance value; None: no stance (a recorded one is taken back)
    note: str = ""


def _parties(session: Session, case_id: uuid.UUID) -> tuple[SheetParty, ...]:
    rows = session.execute(select(CaseParty.role, Party.id, Party.name).join(Party, Party.id == CaseParty.party_id)
                           .where(CaseParty.case_id == case_id,
                                  CaseParty.role.in_([CasePartyRole.APPLICANT, CasePartyRole.RESPONDENT]))
                           .order_by(CaseParty.position)).all()
    seen: dict[uuid.UUID, SheetParty] = {}
    for role, pid, name in rows:  # applicants first, then respondents, each in the case's order
        seen.setdefault(pid, SheetParty(pid, name, role == CasePartyRole.APPLICANT))
    return tuple(sorted(seen.values(), key=lambda p: not p.applicant))


def _title(claim_type: ClaimType) -> str:
    return claim_type.label.split("（")[0]


def case_sheet(session: Session, case: DisputeCase) -> ElementSheetView:
    """The case's element sheet (callers have loaded the case for the user): its 基本情况 (the
    facts common to its claims, asked once), then each claim item with its own elements."""
    parties = _parties(session, case.id)
    party_ids = {p.id for p in parties}
    stored: dict[tuple[uuid.UUID, str], dict[uuid.UUID, tuple[PositionView, object]]] = {}
    claims = claim_views(session, case.id)
    if claims:
        for row in session.scalars(select(ElementPosition).where(
                ElementPosition.claim_item_id.in_([c.id for c in claims]))):
            if row.party_id in party_ids:
                stored.setdefault((row.claim_item_id, row.element), {})[row.party_id] = (
                    PositionView(ElementStance(row.stance), row.note or ""), row.recorded_at)

    def positions(on: list[tuple[uuid.UUID, str]]) -> dict[uuid.UUID, PositionView]:
        """Each party's stance stored on these elements, the latest recorded where several are
        (a common fact recorded per claim before it was asked once: the rows are mapped, not moved)."""
        found = [v for key in on for v in stored.get(key, {}).items()]
        latest: dict[uuid.UUID, tuple[PositionView, object]] = {}
        for party, (view, at) in found:
            if party not in latest or at > latest[party][1]:  # type: ignore[operator]
                latest[party] = (view, at)
        return {p.id: latest[p.id][0] for p in parties if p.id in latest}

    def known(c, e: es.SheetElement) -> str:  # noqa: ANN001
        return es.known_value(c.claim_type, e, c.elements, (c.period_from, c.period_to), c.amount_claimed)

    out = []
    common_rows = []
    for ce in es.common_sheet([c.claim_type for c in claims]):
        holders = [(c, e) for c in claims if (key := ce.keys.get(c.claim_type))
                   and (e := es.element_of(c.claim_type, key)) is not None]
        value, differs = es.common_known([(_title(c.claim_type), known(c, e)) for c, e in holders])
        on = tuple((c.id, e.key) for c, e in holders)
        common_rows.append(ElementRowView(ce.key, ce.label, ce.facts, value, positions(list(on)),
                                          differs=differs, stored_on=on))
    if common_rows:
        out.append(ClaimSheetView(case.id, 0, None, es.COMMON_TITLE, es.COMMON_HEADING, tuple(common_rows)))
    for n, c in enumerate(claims, 1):
        rows = tuple(ElementRowView(e.key, es.label_of(c.claim_type, e), e.facts, known(c, e),
                                    positions([(c.id, e.key)]), e.fact)
                     for e in es.own_sheet(c.claim_type))
        amount = f"　请求金额 {c.amount_claimed:,.2f}元" if c.amount_claimed is not None else ""
        out.append(ClaimSheetView(c.id, n, c.claim_type, _title(c.claim_type),
                                  f"第{n}项　{c.claim_type.label}{amount}", rows))
    return ElementSheetView(case.id, case.version, parties, tuple(out))


def element_sheet(*, session: Session, user: Actor, case_id: uuid.UUID) -> ElementSheetView:
    """The case's claims, their elements, what is known of each and each party's stance."""
    return case_sheet(session, _load_case(session, user, case_id))


def _refusal(session: Session, user: Actor, case: DisputeCase) -> str | None:
    if case.family != CaseFamily.ARBITRATION:
        return "要素确认用于仲裁案件的审理"
    if (why := refusal(user.role, Permission.RECORD_ELEMENTS)) is not None:
        return why
    if user.office_id != case.office_id:
        return "要素确认由本案受理机构的仲裁员、书记员或院领导记录"
    if CaseStatus(case.status) in CLOSED:
        return f"本案已{CaseStatus(case.status).label}，不再记录要素确认"
    return office_acts_on(session, user, case.family)


def record_refusal(*, session: Session, user: Actor, case_id: uuid.UUID) -> str | None:
    """Why this user does not record the stances on this case (None: they do); the claims tab
    offers 要素确认 to record only then."""
    return _refusal(session, user, _load_case(session, user, case_id))


def _key(p: PositionInput) -> str:
    return f"{p.claim_id.hex}:{p.element}:{p.party_id.hex}"


def _checked(sheet: ElementSheetView, positions: list[PositionInput]
             ) -> list[tuple[PositionInput, ElementStance | None, str, tuple[tuple[uuid.UUID, str], ...]]]:
    """(input, stance, note, where it is stored) of each position, or ValidationFailed naming each
    bad one in Chinese. A common fact (基本情况) is stored on each claim item holding it."""
    claims = {c.claim_id: c for c in sheet.claims}
    parties = {p.id: p for p in sheet.parties}
    errors: dict[str, str] = {}
    out = []
    for p in positions:
        claim = claims.get(p.claim_id)
        if claim is None:
            raise NotFound("找不到该请求事项")
        row = next((r for r in claim.rows if r.key == p.element), None)
        party = parties.get(p.party_id)
        if row is None or party is None:
            raise ValidationFailed({_key(p): f"第{claim.position}项“{claim.title}”没有该要素或该当事人"})
        where = (f"第{claim.position}项“{claim.title}”" if claim.position else claim.title) + f"的“{row.label}”"
        note = (p.note or "").strip()
        try:
            stance = ElementStance(p.stance) if p.stance else None
        except ValueError:
            errors[_key(p)] = f"{where}：请选择确认或有争议"
            continue
        if stance is None and note:
            errors[_key(p)] = f"{where}：{party.role_label}{party.name}写了说明，请选择确认或有争议"
        elif stance is ElementStance.DISPUTED and not note:
            errors[_key(p)] = f"{where}：{party.role_label}{party.name}有争议的，请写明其主张的事实"
        elif stance is ElementStance.CONFIRMED and not row.known and not note:
            errors[_key(p)] = f"{where}尚无记载，{party.role_label}{party.name}确认的，请写明确认的内容"
        elif stance is ElementStance.CONFIRMED and row.differs and not note:
            errors[_key(p)] = f"{where}各项请求记载不一致，{party.role_label}{party.name}确认的，请写明确认的内容"
        elif len(note) > es.NOTE_MAX:
            errors[_key(p)] = f"{where}：说明过长（最多{es.NOTE_MAX}字）"
        out.append((p, stance, note, row.stored_on or ((p.claim_id, p.element),)))
    if errors:
        raise ValidationFailed(errors)
    return out


def record_positions(*, session: Session, user: Actor, case_id: uuid.UUID, expected_version: int,
                     positions: list[PositionInput]) -> CaseDetail:
    """Record each party's stance on the elements given (an element left without a stance takes
    back one recorded); the others stay as they were. All or nothing."""
    case = _load_case(session, user, case_id)
    require(user, Permission.RECORD_ELEMENTS)
    if why := _refusal(session, user, case):
        raise PermissionDenied(why)
    checked = _checked(case_sheet(session, case), positions)
    _bump(session, case, expected_version)
    for p, stance, note, on in checked:
        for claim_id, element in on:
            _store(session, user, case, claim_id, element, p.party_id, stance, note)
    session.commit()
    return get_case(session=session, user=user, case_id=case_id)


def _store(session: Session, user: Actor, case: DisputeCase, claim_id: uuid.UUID, element: str,
           party_id: uuid.UUID, stance: ElementStance | None, note: str) -> None:
    """One stored stance set, changed or taken back, audited (no commit)."""
    row = session.scalars(select(ElementPosition).where(
        ElementPosition.claim_item_id == claim_id, ElementPosition.element == element,
        ElementPosition.party_id == party_id)).first()
    if row is None and stance is None:
        return
    if row is not None and stance is None:
        before = audit.snapshot(row)
        session.delete(row)
        audit.record(session, user_id=user.id, entity="element_position", entity_id=row.id, case_id=case.id,
                     action="delete", before=before)
        return
    assert stance is not None
    if row is not None and (row.stance, row.note) == (stance.value, note):
        return
    before = audit.snapshot(row) if row is not None else None
    if row is None:
        row = ElementPosition(claim_item_id=claim_id, element=element, party_id=party_id,
                              stance=stance.value, note=note, recorded_by=user.id)
        session.add(row)
    else:
        row.stance, row.note, row.recorded_by = stance.value, note, user.id
        row.recorded_at = utcnow()
    audit.record(session, user_id=user.id, entity="element_position", entity_id=row.id, case_id=case.id,
                 action="update" if before else "create", before=before, after=audit.snapshot(row))


def known_values(item: ClaimItem) -> dict[str, str]:
    """What the claim item records of each element of its type (the sheet's 已知情况), by key."""
    ctype = ClaimType(item.claim_type)
    elements = json.loads(item.elements) if item.elements else {}
    return {e.key: es.known_value(ctype, e, elements, (item.period_from, item.period_to), item.amount_claimed)
            for e in es.sheet_of(ctype)}


def forget_changed(session: Session, user: Actor, item: ClaimItem, before: dict[str, str]) -> None:
    """After a claim item was corrected: a stance on an element whose recorded value changed (or
    that its new type no longer has) was taken on what is no longer there, and is taken back,
    audited; the parties are asked again. Part of the correction's transaction."""
    now = known_values(item)
    gone = [row for row in session.scalars(select(ElementPosition).where(ElementPosition.claim_item_id == item.id))
            if row.element not in now or now[row.element] != before.get(row.element)]
    # a common fact (基本情况) is one stance stored on each claim holding it: taken back on each
    ctype, others = ClaimType(item.claim_type), []
    common = {c.key for row in gone if (c := es.common_of(ctype, row.element)) is not None}
    if common:
        for other in session.scalars(select(ClaimItem).where(ClaimItem.case_id == item.case_id,
                                                             ClaimItem.id != item.id)):
            keys = [k for c in es.COMMON if c.key in common and (k := c.keys.get(ClaimType(other.claim_type)))]
            if keys:
                others += session.scalars(select(ElementPosition).where(
                    ElementPosition.claim_item_id == other.id, ElementPosition.element.in_(keys))).all()
    for row in gone + others:
        snapshot = audit.snapshot(row)
        session.delete(row)
        audit.record(session, user_id=user.id, entity="element_position", entity_id=row.id, case_id=item.case_id,
                     action="delete", before=snapshot, after={"reason": "请求事项的要素已修改，原表态不再适用"})
