"""Sign-in, passwords and the administrator's user management.

Passwords are kept as scrypt hashes (memory-hard: 32 MiB per try), never in clear; wrong
passwords make the next try wait longer and then lock the account for a while
(domain/accounts.py). Every change to an account, and every sign-in, is in the audit trail.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlmodel import Session

from ..domain import accounts as rules
from ..domain.permissions import Permission
from ..domain.validators import validate_name
from ..models.enums import Role
from ..models.office import AppUser, Office
from ..models.types import utcnow
from . import audit
from .access import require
from .context import Actor, actor_of
from .errors import NotFound, PermissionDenied, ValidationFailed
from .lengths import length_errors
from .offices import ensure_visible, visible_office_ids
from .reference import json_setting, put_setting

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(key).decode()}"


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32,
                          maxmem=256 * 1024 * 1024)


def check_password(password: str, stored: str | None) -> bool:
    """Constant-time comparison against the stored hash (its own cost parameters)."""
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        got = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


_DUMMY_HASH = None


def _burn_time(password: str) -> None:
    """Spend what a real check costs, so a wrong user name answers as slowly as a wrong password."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_hex(8))
    check_password(password, _DUMMY_HASH)


class LoginRefused(PermissionDenied):
    """A sign-in that did not succeed, with the Chinese reason and any wait before the next try."""

    def __init__(self, message: str, wait_seconds: int = 0):
        super().__init__(message)
        self.wait_seconds = wait_seconds


@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    must_change_password: bool


def _audit_user(session: Session, by: uuid.UUID | None, row: AppUser, action: str, before: dict | None = None) -> None:
    audit.record(session, user_id=by, entity="app_user", entity_id=row.id, action=action, before=before,
                 after=audit.snapshot(row))


def authenticate(*, session: Session, username: str, password: str, now: datetime | None = None,
                 changes_password_now: bool = False, user: Actor | None = None) -> SignedIn:
    """Check a user name and password; refused with the reason (and the wait) otherwise.

    A password the administrator set must be changed before any other use: only a caller that
    makes the user change it at once (the window's login, ``changes_password_now``) is let in
    with it; the command line is refused and told so.
    """
    now = now or utcnow()
    row = session.scalars(select(AppUser).where(AppUser.username == username.strip())).first()
    if row is None or row.password_hash is None or not row.active:
        _burn_time(password)
        if row is not None and row.active and row.password_hash is None:
            raise LoginRefused("该用户尚未设置密码，请管理员为其设置初始密码")
        raise LoginRefused("用户名或密码不正确")
    if row.locked_until is not None and row.locked_until > now:
        wait = row.locked_until - now
        raise LoginRefused(f"密码错误次数过多，请 {rules.wait_text(wait)}后再试", int(wait.total_seconds()) + 1)
    before = audit.snapshot(row, ["failed_logins", "locked_until"])
    if not check_password(password, row.password_hash):
        _count_failure(session, row, now)
        wait = rules.wait_after(row.failed_logins)
        _audit_user(session, row.id, row, "login_failed", before)
        session.commit()
        if row.failed_logins >= rules.LOCK_AFTER:
            raise LoginRefused(f"密码连续错误 {row.failed_logins} 次，账户已锁定 {rules.wait_text(wait)}", int(wait.total_seconds()))
        left = rules.LOCK_AFTER - row.failed_logins
        text = f"用户名或密码不正确（再错 {left} 次将锁定账户）"
        if wait:
            text += f"，请 {rules.wait_text(wait)}后再试"
        raise LoginRefused(text, int(wait.total_seconds()))
    if row.must_change_password and not changes_password_now:
        raise LoginRefused(f"用户 {row.username} 的密码由管理员设置，须先修改：请在程序窗口登录并按提示修改密码后再使用")
    row.failed_logins, row.locked_until, row.last_login_at = 0, None, now
    _audit_user(session, row.id, row, "login", before)
    session.commit()
    return SignedIn(actor_of(row), row.must_change_password)


def _count_failure(session: Session, row: AppUser, now: datetime) -> None:
    """One more wrong password, counted in SQL (failed_logins = failed_logins + 1) so guesses made
    at the same time from several PCs or processes are each counted; the lock follows the count
    the database holds, read back in the same transaction (which holds the row's write lock)."""
    session.execute(update(AppUser).where(AppUser.id == row.id)
                    .values(failed_logins=AppUser.failed_logins + 1)
                    .execution_options(synchronize_session=False))
    session.refresh(row, ["failed_logins", "locked_until"])
    wait = rules.wait_after(row.failed_logins)
    later = now + wait if wait else None
    if later is not None and (row.locked_until is None or later > row.locked_until):
        row.locked_until = later  # a slower guess does not shorten a lock a faster one set


def change_password(*, session: Session, user: Actor, old_password: str, new_password: str) -> None:
    """The user's own change: the old password first, then a new one the rules accept."""
    row = session.get(AppUser, user.id)
    if row is None:
        raise NotFound("找不到该用户")
    errors = {}
    if not check_password(old_password, row.password_hash):
        errors["old_password"] = "原密码不正确"
    if msg := rules.password_problem(new_password, row.username):
        errors["new_password"] = msg
    elif new_password == old_password:
        errors["new_password"] = "新密码不能与原密码相同"
    if errors:
        raise ValidationFailed(errors)
    row.password_hash = hash_password(new_password)
    row.must_change_password = False
    row.version += 1
    _audit_user(session, user.id, row, "change_password")
    session.commit()


def _managed_user(session: Session, user: Actor, user_id: uuid.UUID) -> AppUser:
    require(user, Permission.MANAGE_USERS)
    row = session.get(AppUser, user_id)
    if row is None:
        raise NotFound("找不到该用户")
    ensure_visible(session, user, row.office_id)
    return row


def reset_password(*, session: Session, user: Actor, user_id: uuid.UUID, new_password: str) -> None:
    """The administrator sets a user's password (and lifts a lock); they change it at next sign-in."""
    row = _managed_user(session, user, user_id)
    if msg := rules.password_problem(new_password, row.username):
        raise ValidationFailed({"password": msg})
    before = audit.snapshot(row)
    row.password_hash = hash_password(new_password)
    row.must_change_password = row.id != user.id
    row.failed_logins, row.locked_until = 0, None
    row.version += 1
    _audit_user(session, user.id, row, "reset_password", before)
    session.commit()


def set_active(*, session: Session, user: Actor, user_id: uuid.UUID, active: bool) -> None:
    """Disable (or enable again) a user; the last active administrator stays."""
    row = _managed_user(session, user, user_id)
    if not active and row.id == user.id:
        raise PermissionDenied("不能停用自己的账户")
    if not active and Role(row.role) is Role.ADMIN and session.scalar(
        select(func.count()).select_from(AppUser).where(AppUser.role == Role.ADMIN, AppUser.active)
    ) <= 1:
        raise PermissionDenied("这是最后一个可用的管理员账户，不能停用")
    before = audit.snapshot(row)
    row.active = active
    row.version += 1
    _audit_user(session, user.id, row, "enable" if active else "disable", before)
    session.commit()


def create_account(*, session: Session, user: Actor, username: str, display_name: str, role: Role,
                   office_id: uuid.UUID | None, password: str) -> uuid.UUID:
    """A new member of staff with an initial password they change at first sign-in."""
    require(user, Permission.MANAGE_USERS)
    errors = {}
    name = username.strip()
    if not name:
        errors["username"] = "请填写用户名"
    elif not all(c.isalnum() or c in "._-" for c in name):
        errors["username"] = "用户名只能由字母、数字和 . _ - 组成"
    elif session.scalar(select(AppUser.id).where(AppUser.username == name)):
        errors["username"] = f"用户名 {name} 已存在"
    if msg := validate_name(display_name, max_len=None):
        errors["display_name"] = msg
    if office_id is None or session.get(Office, office_id) is None:
        errors["office_id"] = "请选择所属机构"
    else:
        allowed = visible_office_ids(session, user)
        if allowed is not None and office_id not in allowed:
            errors["office_id"] = "只能在本机构及其下级机构中建立用户"
    if msg := rules.password_problem(password, name):
        errors["password"] = msg
    typed = {"username": name, "display_name": display_name.strip()}
    errors.update({k: m for k, m in length_errors(AppUser, typed).items() if k not in errors})
    if errors:
        raise ValidationFailed(errors)
    row = AppUser(username=name, display_name=display_name.strip(), role=role, office_id=office_id,
                  password_hash=hash_password(password), must_change_password=True)
    session.add(row)
    session.flush()
    _audit_user(session, user.id, row, "create")
    session.commit()
    return row.id


@dataclass(frozen=True)
class AccountRow:
    id: uuid.UUID
    username: str
    display_name: str
    role: Role
    office_id: uuid.UUID
    office_name: str
    active: bool
    has_password: bool
    locked_until: datetime | None
    last_login_at: datetime | None


def list_accounts(*, session: Session, user: Actor, include_disabled: bool = True) -> list[AccountRow]:
    """Every user of the offices the administrator manages, by office then name."""
    require(user, Permission.MANAGE_USERS)
    stmt = select(AppUser, Office.name).join(Office, Office.id == AppUser.office_id)
    allowed = visible_office_ids(session, user)
    if allowed is not None:
        stmt = stmt.where(AppUser.office_id.in_(allowed))
    if not include_disabled:
        stmt = stmt.where(AppUser.active)
    rows = session.execute(stmt.order_by(Office.name, AppUser.display_name)).all()
    return [AccountRow(u.id, u.username, u.display_name, Role(u.role), u.office_id, office, u.active,
                       u.password_hash is not None, u.locked_until, u.last_login_at) for u, office in rows]


def admins_without_password(*, session: Session, user: Actor | None = None) -> list[tuple[uuid.UUID, str, str]]:
    """Administrators of a database from before sign-in existed (no password yet): (id, username,
    name). When no administrator has a password, the program asks for one at start."""
    rows = session.scalars(select(AppUser).where(AppUser.role == Role.ADMIN, AppUser.active)).all()
    if any(r.password_hash for r in rows):
        return []
    return [(r.id, r.username, r.display_name) for r in rows]


def set_first_password(*, session: Session, user_id: uuid.UUID, password: str, user: Actor | None = None) -> Actor:
    """Give an administrator of an upgraded database their first password (only while no
    administrator has one: the same trust as the first start of a new database)."""
    if not any(uid == user_id for uid, _, _ in admins_without_password(session=session)):
        raise PermissionDenied("已有管理员设置了密码，请以管理员身份登录后为其他用户设置密码")
    row = session.get(AppUser, user_id)
    if msg := rules.password_problem(password, row.username):
        raise ValidationFailed({"password": msg})
    row.password_hash = hash_password(password)
    row.version += 1
    _audit_user(session, row.id, row, "set_first_password")
    session.commit()
    return actor_of(row)


IDLE_SETTING = "security.idle_lock_minutes"


def idle_lock_minutes(*, session: Session, user: Actor | None = None) -> int:
    """Minutes without input before the window locks (a setting; domain default otherwise)."""
    value = json_setting(session, IDLE_SETTING)
    return int(value) if value else rules.IDLE_LOCK_DEFAULT_MINUTES


def set_idle_lock_minutes(*, session: Session, user: Actor, minutes: int) -> None:
    require(user, Permission.MANAGE_USERS)
    if not isinstance(minutes, int) or not 1 <= minutes <= 240:
        raise ValidationFailed({"idle_minutes": "空闲锁定时间应为 1 至 240 分钟"})
    put_setting(session, user.id, IDLE_SETTING, minutes)
    session.commit()
