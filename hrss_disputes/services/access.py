"""The permission table applied: services call ``require`` before they act."""

from __future__ import annotations

from ..domain.permissions import Permission, allowed, mask_id_number, refusal
from ..models.enums import CaseFamily
from .context import Actor
from .errors import PermissionDenied


def require(user: Actor, permission: Permission) -> None:
    if (reason := refusal(user.role, permission)) is not None:
        raise PermissionDenied(reason)


def require_for(user: Actor, table: dict[CaseFamily, Permission], family: str) -> None:
    """The family's register / edit / issue permission (domain.permissions.REGISTER …)."""
    require(user, table[CaseFamily(family)])


def shown_id(user: Actor | None, value: str | None) -> str | None:
    """An ID number as this user may see it: whole for those who handle cases, else masked."""
    if user is None or allowed(user.role, Permission.SEE_ID_NUMBERS):
        return value
    return mask_id_number(value)

