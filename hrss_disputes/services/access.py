"""The permission table applied: services call ``require`` before they act."""

from __future__ import annotations

from sqlmodel import Session

from ..domain.permissions import (
    REGISTER,
    Permission,
    allowed,
    mask_id_number,
    office_refusal,
    refusal,
)
from ..models.enums import CaseFamily, Role
from ..models.office import Office
from .context import Actor
from .errors import PermissionDenied


def require(user: Actor, permission: Permission) -> None:
    if (reason := refusal(user.role, permission)) is not None:
        raise PermissionDenied(reason)


def require_for(user: Actor, table: dict[CaseFamily, Permission], family: str) -> None:
    """The family's register / edit / issue permission (domain.permissions.REGISTER …)."""
    require(user, table[CaseFamily(family)])


def office_acts_on(session: Session, user: Actor, family: str) -> str | None:
    """Why this user's office keeps them from acting on the family's cases (a supervisor of an
    arbitration institute on a complaint, of an inspection unit on an arbitration case); None
    when it does not. Other roles are held to their families by their role already."""
    if user.role is not Role.SUPERVISOR:
        return None
    office = session.get(Office, user.office_id)
    return office_refusal(office.kind, family) if office is not None else None


def registrable_families(*, session: Session, user: Actor) -> frozenset[CaseFamily]:
    """The families this user may register: their role's, and for a supervisor only those their
    office handles (what the 新建 menu offers, so that nothing offered is refused at 保存)."""
    return frozenset(f for f in CaseFamily
                     if allowed(user.role, REGISTER[f]) and office_acts_on(session, user, f) is None)


def require_office_for(session: Session, user: Actor, family: str) -> None:
    if (reason := office_acts_on(session, user, family)) is not None:
        raise PermissionDenied(reason)


def shown_id(user: Actor | None, value: str | None) -> str | None:
    """An ID number as this user may see it: whole for those who handle cases, else masked."""
    if user is None or allowed(user.role, Permission.SEE_ID_NUMBERS):
        return value
    return mask_id_number(value)

