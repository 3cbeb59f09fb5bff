"""Offices, staff, and which offices a user may see (their own and its sub-offices)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, select

from ..domain.permissions import Permission
from ..domain.validators import validate_name
from ..models.enums import OfficeKind, Role
from ..models.office import AppUser, Office
from . import audit
from .access import require
from .context import Actor, actor_of
from .errors import NotFound, PermissionDenied, ValidationFailed
from .lengths import length_errors


@dataclass(frozen=True)
class OfficeView:
    id: uuid.UUID
    code: str
    name: str
    kind: OfficeKind
    parent_id: uuid.UUID | None
    city: str | None
    depth: int


@dataclass(frozen=True)
class UserView:
    id: uuid.UUID
    username: str
    display_name: str
    role: Role
    office_id: uuid.UUID
    active: bool


def subtree_ids(session: Session, root_id: uuid.UUID) -> set[uuid.UUID]:
    """The office and every office below it."""
    children: dict[uuid.UUID | None, list[uuid.UUID]] = {}
    for oid, parent in session.exec(select(Office.id, Office.parent_id)).all():
        children.setdefault(parent, []).append(oid)
    found, stack = set(), [root_id]
    while stack:
        oid = stack.pop()
        if oid not in found:
            found.add(oid)
            stack.extend(children.get(oid, []))
    return found


def visible_office_ids(session: Session, user: Actor) -> set[uuid.UUID] | None:
    """Office ids the user may see, or None when that is every office (a root office)."""
    office = session.get(Office, user.office_id)
    if office is None:
        raise NotFound("找不到用户所属机构")
    if office.parent_id is None:
        return None
    return subtree_ids(session, office.id)


CASE_NOT_VISIBLE = "该案件不属于您所在机构及其下级机构，无权查看或修改"
OFFICE_NOT_VISIBLE = "该机构不是您所在机构或其下级机构，无权查看其统计或上报其报表"  # a report asked by office


def ensure_visible(session: Session, user: Actor, office_id: uuid.UUID, refusal: str = CASE_NOT_VISIBLE) -> None:
    """PermissionDenied(``refusal``) unless the office is the user's or below it."""
    ids = visible_office_ids(session, user)
    if ids is not None and office_id not in ids:
        raise PermissionDenied(refusal)


def list_offices(*, session: Session, user: Actor | None = None) -> list[OfficeView]:
    """Offices in tree order (parents before children), limited to what the user sees."""
    rows = session.exec(select(Office).order_by(Office.name)).all()
    by_parent: dict[uuid.UUID | None, list[Office]] = {}
    for o in rows:
        by_parent.setdefault(o.parent_id, []).append(o)
    allowed = visible_office_ids(session, user) if user else None
    out: list[OfficeView] = []

    def walk(parent: uuid.UUID | None, depth: int) -> None:
        for o in by_parent.get(parent, []):
            if allowed is None or o.id in allowed:
                out.append(
                    OfficeView(o.id, o.code, o.name, OfficeKind(o.kind), o.parent_id, o.city, depth)
                )
            walk(o.id, depth + 1)

    walk(None, 0)
    return out


def create_office(
    *,
    session: Session,
    user: Actor | None,
    code: str,
    name: str,
    kind: OfficeKind,
    parent_id: uuid.UUID | None = None,
    city: str | None = None,
    case_prefix: str | None = None,
) -> uuid.UUID:
    """Create an office. ``user`` may be None only for the very first office of a new database."""
    errors = {}
    if msg := validate_name(name, what="机构名称", max_len=None):
        errors["name"] = msg
    if not code.strip():
        errors["code"] = "请填写机构代码"
    elif session.exec(select(Office.id).where(Office.code == code.strip())).first():
        errors["code"] = f"机构代码 {code} 已被使用"
    typed = {"code": code.strip(), "name": name.strip(), "city": city, "case_prefix": case_prefix}
    errors.update({k: m for k, m in length_errors(Office, typed).items() if k not in errors})
    if errors:
        raise ValidationFailed(errors)
    if user is None:
        if session.exec(select(Office.id)).first() is not None:
            raise PermissionDenied("只有管理员可以新建机构")
    else:
        require(user, Permission.MANAGE_OFFICES)
    office = Office(
        code=code.strip(), name=name.strip(), kind=kind, parent_id=parent_id, city=city,
        case_prefix=case_prefix,
    )
    session.add(office)
    session.flush()
    audit.record(session, user_id=user.id if user else None, entity="office", entity_id=office.id,
                 action="create", after=audit.snapshot(office))
    session.commit()
    return office.id


def list_users(
    *, session: Session, user: Actor | None = None, office_id: uuid.UUID | None = None,
    include_sub_offices: bool = True,
) -> list[UserView]:
    """Active staff of an office (and its sub-offices), or of every office the user sees."""
    stmt = select(AppUser).where(AppUser.active).order_by(AppUser.display_name)
    if office_id is not None:
        ids = subtree_ids(session, office_id) if include_sub_offices else {office_id}
        stmt = stmt.where(AppUser.office_id.in_(ids))
    elif user is not None:
        allowed = visible_office_ids(session, user)
        if allowed is not None:
            stmt = stmt.where(AppUser.office_id.in_(allowed))
    return [
        UserView(u.id, u.username, u.display_name, Role(u.role), u.office_id, u.active)
        for u in session.exec(stmt).all()
    ]


def get_actor(*, session: Session, user_id: uuid.UUID, user: Actor | None = None) -> Actor:
    row = session.get(AppUser, user_id)
    if row is None:
        raise NotFound("找不到该用户")
    return actor_of(row)


def find_actor(*, session: Session, username: str, user: Actor | None = None) -> Actor | None:
    row = session.exec(select(AppUser).where(AppUser.username == username)).first()
    return actor_of(row) if row else None


def office_by_code(*, session: Session, code: str, user: Actor | None = None) -> uuid.UUID:
    office = session.exec(select(Office).where(Office.code == code.strip())).first()
    if office is None:
        raise NotFound(f"找不到机构代码为“{code}”的机构")
    if user is not None:
        ensure_visible(session, user, office.id)
    return office.id


def first_admin(*, session: Session, user: Actor | None = None) -> Actor | None:
    """The first active administrator, else the first active user (benchmarks and test factories
    act through it; people sign in through services.accounts)."""
    rows = session.exec(select(AppUser).where(AppUser.active).order_by(AppUser.display_name)).all()
    chosen = next((u for u in rows if Role(u.role) is Role.ADMIN), rows[0] if rows else None)
    return actor_of(chosen) if chosen else None


def is_empty(*, session: Session, user: Actor | None = None) -> bool:
    """True for a new database: no office has been set up yet."""
    return session.exec(select(Office.id)).first() is None
