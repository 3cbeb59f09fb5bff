"""The encrypted database as the administrator meets it: encrypt a laptop's database, take the
encryption off, or change its passphrase. The database and the backups beside it are converted
together, so an encrypted database leaves no plain copy of the cases in its backups folder."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .. import cipher
from ..db import Database, DatabaseError, open_database
from ..domain.accounts import passphrase_problem
from ..domain.permissions import Permission
from . import audit
from .access import require
from .context import Actor
from .errors import ServiceError, ValidationFailed


@dataclass(frozen=True)
class Converted:
    db: Database  # the database reopened in its new form
    backups_converted: int
    backups_left: list[Path] = field(default_factory=list)  # under another passphrase; left as they were


def _action(old_key: str | None, new_key: str | None) -> str:
    if old_key is None:
        return "encrypt"
    return "decrypt" if new_key is None else "rekey"


def new_passphrase_problems(passphrase: str, again: str, field_name: str = "passphrase") -> dict[str, str]:
    """The field messages for a new passphrase typed twice (empty when it is acceptable)."""
    if msg := passphrase_problem(passphrase):
        return {field_name: msg}
    if passphrase != again:
        return {f"{field_name}_again": "两次输入的口令不一致"}
    return {}


def convert_database(*, db: Database, user: Actor, current_key: str | None, new_key: str | None) -> Converted:
    """Put the open local database (and its backups) into its new form: encrypted with
    ``new_key``, or plain when it is None. The caller's ``db`` is closed here; use the returned
    one. ``current_key`` must be the passphrase the database was opened with."""
    require(user, Permission.BACKUP)
    if db.path is None:
        raise ServiceError("服务器数据库（PostgreSQL）由服务器管理员保护，本程序只能加密本机数据库文件")
    if not cipher.available():
        raise ServiceError("本机缺少 SQLCipher 组件（sqlcipher3），无法加密数据库")
    errors = {}
    if db.key is not None and current_key != db.key:
        errors["current"] = "当前数据库口令不正确"
    if new_key is not None and (msg := passphrase_problem(new_key)):
        errors["passphrase"] = msg
    elif new_key is None and db.key is None:
        errors["passphrase"] = "数据库尚未加密"
    elif new_key is not None and new_key == db.key:
        errors["passphrase"] = "新口令与当前口令相同"
    if errors:
        raise ValidationFailed(errors)
    path, old_key = db.path, db.key
    db.dispose()
    return convert_file(path, old_key, new_key, user_id=user.id)


def convert_file(path: Path, old_key: str | None, new_key: str | None,
                 user_id: uuid.UUID | None = None) -> Converted:
    """The file-level conversion (also the command line's, which acts as the file's owner):
    the database, then its backups, then an entry in the trail of the database reopened in its
    new form, which is returned. Nothing connected to the file may be open."""
    try:
        cipher.convert(path, old_key, new_key)
    except cipher.CipherError as e:
        raise ServiceError(f"{e}；数据库保持原样") from e
    converted, left = cipher.convert_folder(path.parent / "backups", f"{path.stem}-*.db", old_key, new_key)
    try:
        db = open_database(str(path), key=new_key)
    except DatabaseError as e:
        raise ServiceError(str(e)) from e
    with db.session() as session:
        audit.record(session, user_id=user_id, entity="database",
                     entity_id=uuid.uuid5(uuid.NAMESPACE_URL, str(path)), action=_action(old_key, new_key),
                     after={"backups_converted": converted, "backups_left": [f.name for f in left]})
        session.commit()
    return Converted(db, converted, left)
