"""Parties (workers, employers, agents): one record per person or organisation, shared by cases."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, union
from sqlmodel import Session

from ..domain import search
from ..domain import validators as v
from ..domain.permissions import EDIT, Permission, allowed, is_masked, mask_id_number
from ..models.case import CaseParty, DisputeCase
from ..models.enums import IdDocType, PartyKind, Sex
from ..models.party import Party, PartyGram
from ..models.types import utcnow
from . import audit
from .access import require, shown_id
from .case_names import refresh_cases_of_party
from .context import Actor
from .errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from .lengths import length_errors
from .offices import visible_office_ids
from .sql import bytewise, escape_like


@dataclass
class PartyInput:
    """What a person typed for one party. Strings as typed; the service cleans them."""

    kind: str = PartyKind.PERSON
    name: str = ""
    phone: str = ""
    address: str = ""
    sex: str | None = None
    birth_date: date | None = None
    id_doc_type: str | None = IdDocType.RESIDENT_ID
    id_doc_number: str = ""
    migrant_worker: bool = False
    credit_code: str = ""
    legal_rep: str = ""
    industry: str = ""
    construction: bool = False
    existing_id: uuid.UUID | None = None  # link this existing record instead of creating one
    # a known record (same ID number or credit code) whose details differ from those typed:
    # None refuses with the question (nothing typed is dropped unasked), True updates the
    # record with what was typed (audited), False keeps it as registered
    update_existing: bool | None = None


@dataclass(frozen=True)
class PartyView:
    id: uuid.UUID
    kind: PartyKind
    name: str
    phone: str | None
    address: str | None
    sex: str | None
    birth_date: date | None
    id_doc_type: str | None
    id_doc_number: str | None
    migrant_worker: bool
    credit_code: str | None
    legal_rep: str | None
    industry: str | None
    construction: bool
    version: int
    case_count: int = 0
    warnings: tuple[str, ...] = field(default=())

# the details compared when what was typed matches a record: (field, label), by kind
_COMPARED = {
    PartyKind.PERSON: (("name", "姓名"), ("phone", "联系电话"), ("address", "住址"), ("migrant_worker", "农民工")),
    PartyKind.ORGANISATION: (("name", "单位名称"), ("phone", "联系电话"), ("address", "住所"),
                             ("legal_rep", "法定代表人"), ("industry", "行业"), ("construction", "建设领域")),
}


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    stored: str | None  # as shown
    typed: str
    value: object  # what would be stored


@dataclass(frozen=True)
class PartyMatch:
    """The record a typed party will be linked to, for the form to ask before saving."""

    id: uuid.UUID
    name: str
    case_count: int
    conflicts: tuple[Difference, ...]  # registered details the typed ones would replace: asked about
    fill_ins: tuple[Difference, ...]  # blanks of the record that the typed details fill in


def _shown_value(value: object) -> str | None:
    if isinstance(value, bool):
        return "是" if value else "否"
    return value  # type: ignore[return-value]


def differences(party: Party, data: PartyInput) -> tuple[tuple[Difference, ...], tuple[Difference, ...]]:
    """(conflicts, fill-ins) between a record and what was typed for it; blanks typed and a box
    left unticked say nothing."""
    if data.kind not in PartyKind._value2member_map_:
        return (), ()
    values = _clean(data)
    conflicts, fills = [], []
    for key, label in _COMPARED[PartyKind(party.kind)]:
        typed, stored = values.get(key), getattr(party, key)
        if not typed or typed == stored:
            continue
        d = Difference(key, label, _shown_value(stored) if stored else None, _shown_value(typed), typed)
        (conflicts if stored else fills).append(d)
    return tuple(conflicts), tuple(fills)


class RecordDiffers(ValidationFailed):
    """What was typed for known records differs from what they hold: ``errors`` asks, per field
    (``workers.2.name`` …), whether to update them; the caller answers with update_existing."""


def differing(session: Session, user: Actor, data: PartyInput, prefix: str = "") -> dict[str, str]:
    """The questions resolve_party would refuse with for this party, without writing anything:
    services gather them for every party of a case first, so all are asked at once."""
    if data.update_existing is not None or (data.existing_id is not None and not data.name.strip()):
        return {}
    party = find_existing(session, data, user)
    if party is None:
        return {}
    return {prefix + d.field: _question(d) for d in differences(party, data)[0]}


def _question(d: Difference) -> str:
    return f"已登记的{d.label}为“{d.stored}”，与填写的“{d.typed}”不同：请确认是否更新已登记的记录"


def validate_party(data: PartyInput, *, prefix: str = "", today: date | None = None) -> dict[str, str]:
    """Field errors for one party; keys are ``prefix + field name``."""
    errors: dict[str, str] = {}
    if data.existing_id is not None:  # a chosen record: what was typed may still fill or update it
        return _too_long(data, prefix) if data.kind in PartyKind._value2member_map_ else errors
    if data.kind not in PartyKind._value2member_map_:
        return {prefix + "kind": "请选择当事人类型（自然人或单位）"}
    kind = PartyKind(data.kind)
    what = "单位名称" if kind is PartyKind.ORGANISATION else "姓名"
    if not data.name.strip():
        errors[prefix + "name"] = f"请填写{what}"
    if data.phone.strip() and (msg := v.validate_phone(data.phone)):
        errors[prefix + "phone"] = msg
    if kind is PartyKind.PERSON:
        number = data.id_doc_number.strip()
        if number and data.id_doc_type in (None, IdDocType.RESIDENT_ID, IdDocType.RESIDENCE_PERMIT) and (
                msg := v.validate_resident_id(number, today=today)):
            errors[prefix + "id_doc_number"] = msg
        if data.birth_date and (msg := v.validate_past_date(data.birth_date, today=today, what="出生日期")):
            errors[prefix + "birth_date"] = msg
        if data.sex and data.sex not in Sex._value2member_map_:
            errors[prefix + "sex"] = "请选择性别"
    else:
        code = data.credit_code.strip()
        if code and (msg := v.validate_credit_code(code)):
            errors[prefix + "credit_code"] = msg
    # a field the checks above already refused keeps their words
    errors.update({k: m for k, m in _too_long(data, prefix).items() if k not in errors})
    return errors


def _too_long(data: PartyInput, prefix: str) -> dict[str, str]:
    """Every text as it would be stored against its column (PostgreSQL refuses a longer one)."""
    kind = PartyKind(data.kind)
    typed = ("name", "phone", "address") + (("id_doc_type", "id_doc_number") if kind is PartyKind.PERSON
                                            else ("credit_code", "legal_rep", "industry"))
    stored = {key: value.strip() if isinstance(value := getattr(data, key), str) else value for key in typed}
    for key in ("id_doc_number", "credit_code"):  # stored in capitals (_clean), which may be longer
        if isinstance(stored.get(key), str):
            stored[key] = stored[key].upper()
    return length_errors(Party, stored, prefix=prefix,
                         labels={"name": "单位名称" if kind is PartyKind.ORGANISATION else "姓名"})


def _clean(data: PartyInput) -> dict:
    kind = PartyKind(data.kind)
    values: dict = {"kind": kind.value, "name": data.name.strip(),
                    "phone": data.phone.strip() or None, "address": data.address.strip() or None}
    if kind is PartyKind.PERSON:
        number = data.id_doc_number.strip().upper() or None
        resident = data.id_doc_type in (None, IdDocType.RESIDENT_ID, IdDocType.RESIDENCE_PERMIT)
        sex, born = data.sex, data.birth_date
        if number and resident:
            sex = sex or v.sex_from_id(number)
            born = born or v.birth_date_from_id(number)
        values.update(
            sex=Sex(sex).value if sex else None, birth_date=born,
            id_doc_type=(data.id_doc_type or IdDocType.RESIDENT_ID) if number else data.id_doc_type,
            id_doc_number=number, migrant_worker=data.migrant_worker,
        )
    else:
        values.update(
            credit_code=data.credit_code.strip().upper() or None,
            legal_rep=data.legal_rep.strip() or None,
            industry=data.industry.strip() or None, construction=data.construction,
        )
    return values


def index_name(session: Session, party: Party) -> None:
    """(Re)write the party's folded name and name grams that the search box and the party
    lookup find names by."""
    party.name_key = search.name_key(party.name)
    session.execute(delete(PartyGram).where(PartyGram.party_id == party.id))
    session.add_all(PartyGram(gram=g, party_id=party.id) for g in search.name_grams(party.name))


def find_existing(session: Session, data: PartyInput, user: Actor | None = None) -> Party | None:
    """The record this input describes, matched on ID document or credit code. With ``user``, a
    natural person is matched among the records that user may see only: one known only to
    another office is not linked (its name, phone and address would show in this office's case);
    the typed details make a record of their own, and nothing about the other is said."""
    if data.existing_id is not None:
        party = session.get(Party, data.existing_id)
        if party is None:
            raise NotFound("所选当事人记录已不存在")
        if user is not None and not may_see_party(session, user, party):
            raise PermissionDenied("该当事人只出现在其他机构的案件中，不能选用")
        return party
    values = _clean(data)
    if values.get("id_doc_number"):
        stmt = select(Party).where(Party.id_doc_type == values["id_doc_type"],
                                   Party.id_doc_number == values["id_doc_number"])
        if user is not None and (seen := _seen_by(session, user)) is not None:
            stmt = stmt.where(seen)
        return session.scalars(stmt.order_by(Party.created_at)).first()
    if values.get("credit_code"):  # employers are on public record, across offices
        return session.scalars(select(Party).where(Party.credit_code == values["credit_code"])
                               .order_by(Party.created_at)).first()
    return None


def resolve_party(session: Session, user: Actor, data: PartyInput, prefix: str = "") -> Party:
    """Link the matching record, or create a new one (caller commits). Input already validated.
    Details typed for a known record fill its blanks; ones that differ from what it holds are
    refused with the question (keyed ``prefix + field``) unless ``data.update_existing`` answers it."""
    existing = find_existing(session, data, user)
    if existing is not None:
        _reconcile(session, user, existing, data, prefix)
        return existing
    party = Party(**_clean(data))
    session.add(party)
    session.flush()
    index_name(session, party)
    audit.record(session, user_id=user.id, entity="party", entity_id=party.id, action="create",
                 after=audit.snapshot(party))
    return party


def _reconcile(session: Session, user: Actor, party: Party, data: PartyInput, prefix: str) -> None:
    if data.existing_id is not None and not data.name.strip():
        return  # chosen from a list with nothing typed
    conflicts, fills = differences(party, data)
    if conflicts and data.update_existing is None:
        raise RecordDiffers({prefix + d.field: _question(d) for d in conflicts})
    changes = fills + (conflicts if data.update_existing else ())
    if changes:
        _rewrite(session, user, party, {d.field: d.value for d in changes})


def _rewrite(session: Session, user: Actor, party: Party, values: dict[str, Any]) -> None:
    """Change a stored record (a new version, its name's search keys and every case that shows
    it), with its audit entry, in the caller's transaction."""
    before = audit.snapshot(party)
    for key, value in values.items():
        setattr(party, key, value)
    party.version += 1
    party.updated_at = utcnow()
    if before["name"] != party.name:
        index_name(session, party)
        refresh_cases_of_party(session, party.id)
    audit.record(session, user_id=user.id, entity="party", entity_id=party.id, action="update",
                 before=before, after=audit.snapshot(party))


def match_party(*, session: Session, user: Actor, data: PartyInput) -> PartyMatch | None:
    """The record a party typed into a form would be linked to, with what differs, for the form
    to ask "已登记的姓名为…，是否更新" before saving; None when a new record will be made (also
    when only another office knows the person: nothing about them is shown)."""
    require(user, Permission.READ_CASES)
    if data.existing_id is None and {"kind", "id_doc_number", "credit_code"} & set(validate_party(data)):
        return None  # the number typed is not valid (the name and the rest may come later)
    party = find_existing(session, data, user)
    if party is None:
        return None
    conflicts, fills = differences(party, data)
    return PartyMatch(party.id, party.name, case_count(session, party.id), conflicts, fills)


def party_view(party: Party, case_count: int = 0, viewer: Actor | None = None) -> PartyView:
    """The party as ``viewer`` may see it: ID numbers masked for roles that do not need them."""
    return PartyView(
        id=party.id, kind=PartyKind(party.kind), name=party.name, phone=party.phone,
        address=party.address, sex=party.sex, birth_date=party.birth_date,
        id_doc_type=party.id_doc_type, id_doc_number=shown_id(viewer, party.id_doc_number),
        migrant_worker=party.migrant_worker, credit_code=party.credit_code,
        legal_rep=party.legal_rep, industry=party.industry, construction=party.construction,
        version=party.version, case_count=case_count,
        warnings=("未填写统一社会信用代码",) if party.kind == PartyKind.ORGANISATION
        and not party.credit_code else (),
    )


def _seen_by(session: Session, user: Actor):  # noqa: ANN202
    """A condition on Party: named in a case of an office the user sees, or in no case yet."""
    offices = visible_office_ids(session, user)
    if offices is None:
        return None
    # correlated on the party (ix case_party.party_id): checked for the few names found, never
    # by listing every party of the offices' cases at each keystroke
    named = select(CaseParty.id).where(CaseParty.party_id == Party.id)
    seen = named.join(DisputeCase, DisputeCase.id == CaseParty.case_id).where(DisputeCase.office_id.in_(offices))
    if session.get_bind().dialect.name == "postgresql":
        # OFFSET 0 keeps PostgreSQL's planner from hashing the EXISTS into the set of every party
        # of the offices' cases (136,000 rows, 0.4 s for a city institute's "张" at 200,000 cases)
        seen = seen.offset(0)
    return or_(seen.exists(), ~named.exists())


def may_see_party(session: Session, user: Actor, party: Party) -> bool:
    """An employer always; a natural person when named in a case of the offices the user sees,
    or in no case yet."""
    if party.kind == PartyKind.ORGANISATION:
        return True
    seen = _seen_by(session, user)
    return seen is None or session.scalar(select(Party.id).where(Party.id == party.id, seen)) is not None


def _load_party(session: Session, user: Actor, party_id: uuid.UUID) -> Party:
    require(user, Permission.READ_CASES)
    party = session.get(Party, party_id)
    if party is None:
        raise NotFound("找不到该当事人")
    seen = _seen_by(session, user)
    if seen is not None and session.scalar(select(Party.id).where(Party.id == party_id, seen)) is None:
        raise PermissionDenied("该当事人只出现在其他机构的案件中，无权查看或修改")
    return party


def _may_edit_parties(user: Actor) -> None:
    if not any(allowed(user.role, p) for p in EDIT.values()):
        raise PermissionDenied(f"{user.role.label}不能修改当事人信息")


def create_party(*, session: Session, user: Actor, data: PartyInput) -> PartyView:
    _may_edit_parties(user)
    errors = validate_party(data)
    if errors:
        raise ValidationFailed(errors)
    if find_existing(session, data, user) is not None:
        raise ValidationFailed({"id_doc_number" if data.kind == PartyKind.PERSON else "credit_code":
                                "已有相同证件号码/信用代码的当事人记录，请直接选用"})
    party = resolve_party(session, user, data)
    session.commit()
    return party_view(party)


def update_party(
    *, session: Session, user: Actor, party_id: uuid.UUID, expected_version: int, data: PartyInput
) -> PartyView:
    """Edit a party's details; refused if someone saved it since ``expected_version``. A masked
    ID number sent back unchanged (a role that sees it masked) keeps the stored one."""
    _may_edit_parties(user)
    party = _load_party(session, user, party_id)
    if is_masked(data.id_doc_number) and data.id_doc_number == mask_id_number(party.id_doc_number):
        data = replace(data, id_doc_number=party.id_doc_number)
    errors = validate_party(PartyInput(**{f.name: getattr(data, f.name) for f in fields(data)
                                          if f.name != "existing_id"}))
    if errors:
        raise ValidationFailed(errors)
    if party.version != expected_version:
        raise VersionConflict("该当事人信息已被他人修改，请重新打开后再保存")
    _rewrite(session, user, party, _clean(data))
    session.commit()
    return party_view(party, viewer=user)


def get_party(*, session: Session, user: Actor, party_id: uuid.UUID) -> PartyView:
    party = _load_party(session, user, party_id)
    return party_view(party, case_count(session, party_id), viewer=user)


def case_count(session: Session, party_id: uuid.UUID) -> int:
    """How many cases name the party (in any role)."""
    return session.scalar(select(func.count(func.distinct(CaseParty.case_id)))
                          .where(CaseParty.party_id == party_id)) or 0


def _lookups(text: str, dialect: str) -> list:
    """Each way a typed text finds a party, as a condition one index answers: a name's first
    characters (folded as the stored name_key is), an ID number or a credit code typed whole."""
    upper = unicodedata.normalize("NFKC", text).upper()  # full-width digits and letters typed
    key = search.normalise(text)
    if dialect == "sqlite":
        # a byte-order range on the name_key index; U+10FFFF sorts after every character
        start = and_(Party.name_key >= key, Party.name_key < key + "\U0010ffff")
    else:  # a server's collation does not sort by code point: LIKE 'x%' on the name_key
        # COLLATE "C", the form its index ix_pg_party_name_key serves (0024)
        start = bytewise(dialect, Party.name_key).like(escape_like(key) + "%", escape="\\")
    # every number is stored with its type (_clean), so the (type, number) index is searched per type
    document = and_(Party.id_doc_type.in_([d.value for d in IdDocType]), Party.id_doc_number == upper)
    return [start, document, Party.credit_code == upper]


def search_parties(
    *, session: Session, user: Actor, text: str, kind: str | None = None, limit: int = 20
) -> list[PartyView]:
    """Parties whose name starts with, or whose ID/credit code equals, the text typed."""
    require(user, Permission.READ_CASES)
    t = text.strip()
    if not t:
        return []
    filters = []
    if (seen := _seen_by(session, user)) is not None:
        filters.append(or_(Party.kind == PartyKind.ORGANISATION, seen))  # employers are on public record
    if kind:
        filters.append(Party.kind == kind)
    # one indexed lookup per way of matching, each already filtered and cut to the page, then
    # united: an OR in one WHERE made SQLite walk the whole name index (0.6 s on 400,000 parties);
    # each page in name_key order by code point, the order its index gives (no sort of every 张…)
    pages = [select(Party.id).where(c, *filters).order_by(bytewise(session, Party.name_key)).limit(limit).subquery()
             for c in _lookups(t, session.get_bind().dialect.name)]
    found = union(*(select(page.c.id) for page in pages))
    stmt = select(Party).where(Party.id.in_(found)).order_by(Party.name).limit(limit)
    parties = session.scalars(stmt).all()
    return [party_view(p, viewer=user) for p in parties]
