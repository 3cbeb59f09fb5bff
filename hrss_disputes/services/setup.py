"""First start: the first office and its administrator, and the shipped reference data."""

from __future__ import annotations

from sqlmodel import Session

from ..domain.accounts import password_problem
from ..domain.validators import validate_name
from ..models.enums import OfficeKind, Role
from ..models.office import AppUser, Office
from . import audit
from .accounts import hash_password
from .clocks import mark_cache_current
from .context import Actor, actor_of
from .errors import PermissionDenied, ValidationFailed
from .lengths import length_errors
from .offices import is_empty
from .reference import seed_reference_data


def first_start(
    *, session: Session, office_name: str, office_kind: OfficeKind, city: str, admin_name: str,
    password: str, username: str = "admin", user: Actor | None = None,
) -> Actor:
    """Create the first office and its administrator (with their password) on an empty database."""
    if not is_empty(session=session):
        raise PermissionDenied("数据库中已有机构，不能重复初始化")
    errors = {}
    if msg := validate_name(office_name, what="机构名称", max_len=None):
        errors["office_name"] = msg
    if msg := validate_name(admin_name, what="管理员姓名", max_len=None):
        errors["admin_name"] = msg
    if not username.strip():
        errors["username"] = "请填写用户名"
    if msg := password_problem(password, username):
        errors["password"] = msg
    too_long = {**length_errors(Office, {"name": office_name.strip(), "city": city.strip()},
                                fields={"name": "office_name"}, labels={"name": "机构名称"}),
                **length_errors(AppUser, {"display_name": admin_name.strip(), "username": username.strip()},
                                fields={"display_name": "admin_name"}, labels={"display_name": "管理员姓名"})}
    errors.update({k: m for k, m in too_long.items() if k not in errors})
    if errors:
        raise ValidationFailed(errors)
    office = Office(code="ROOT", name=office_name.strip(), kind=office_kind, city=city.strip() or None)
    session.add(office)
    session.flush()
    admin = AppUser(username=username.strip(), display_name=admin_name.strip(), role=Role.ADMIN,
                    office_id=office.id, password_hash=hash_password(password))
    session.add(admin)
    session.flush()
    audit.record(session, user_id=admin.id, entity="office", entity_id=office.id, action="create",
                 after=audit.snapshot(office))
    audit.record(session, user_id=admin.id, entity="app_user", entity_id=admin.id, action="create",
                 after=audit.snapshot(admin))
    seed_reference_data(session)
    mark_cache_current(session)  # no cases yet: the deadline cache is trivially up to date
    session.commit()
    return actor_of(admin)
