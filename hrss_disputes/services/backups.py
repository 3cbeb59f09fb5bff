"""Backups and restore as the program's users meet them: on demand (administrator), once a
day at start, and the checks a restore must pass (integrity, schema, the audit chain)."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, exc
from sqlmodel import Session

from .. import backup as files
from ..domain.backup_rotation import KEEP_DAILY_DEFAULT, KEEP_WEEKLY_DEFAULT
from ..domain.permissions import Permission
from . import audit
from .access import require
from .context import Actor
from .errors import ServiceError
from .reference import json_setting

if TYPE_CHECKING:
    from ..server_backup import Restored

KEEP_DAILY, KEEP_WEEKLY = "backup.keep_daily", "backup.keep_weekly"


def _path(session: Session) -> tuple[Path, str | None]:
    """The database file and its passphrase (None: plain)."""
    from ..db import key_of

    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        raise ServiceError("服务器数据库（PostgreSQL）由服务器管理员在服务器上用 hrss-disputes backup --db … 定时备份"
                           "（见 README），本窗口只备份本机数据库文件")
    return Path(bind.url.database), key_of(bind)


def keep_counts(session: Session) -> tuple[int, int]:
    return (int(json_setting(session, KEEP_DAILY) or KEEP_DAILY_DEFAULT),
            int(json_setting(session, KEEP_WEEKLY) or KEEP_WEEKLY_DEFAULT))


def backup_now(*, session: Session, user: Actor, label: str = "manual", out: Path | None = None) -> Path:
    """A checked backup made now, then the rotation; the audit trail says who made it."""
    require(user, Permission.BACKUP)
    path, key = _path(session)
    try:
        made = files.make_backup(path, label, out=out, key=key)
        if out is None:
            files.rotate(path, *keep_counts(session))
    except files.BackupError as e:
        raise ServiceError(str(e)) from e
    audit.record(session, user_id=user.id, entity="database", entity_id=uuid.uuid5(uuid.NAMESPACE_URL, str(path)),
                 action="backup", after={"file": str(made)})
    session.commit()
    return made


def daily_backup(*, session: Session, user: Actor | None = None, now: datetime | None = None) -> Path | None:
    """At start: the day's first backup of a local database file (None when there is one already)."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    path, key = _path(session)
    daily, weekly = keep_counts(session)
    try:
        return files.daily_backup(path, daily, weekly, now, key=key)
    except files.BackupError as e:
        raise ServiceError(str(e)) from e


def check_restorable(candidate: Path, key: str | None = None) -> str | None:
    """A copy of a backup made ready and proven: its schema brought to this program's, then
    its whole audit chain verified. The reason it may not be restored, or None."""
    from ..db import DatabaseError, open_database

    try:
        db = open_database(str(candidate), backup_first=False, key=key)
    except DatabaseError as e:
        return str(e)
    try:
        with db.session() as session:
            broken = audit.verify_chain(session)
    finally:
        db.dispose()
    return None if broken is None else f"审计链校验失败，{broken}"


def check_server_copy(engine: Engine) -> str | None:
    """A server backup restored into a scratch database, made ready and proven there: its
    schema brought to this program's, then its whole audit chain verified. Why it may not be
    restored, or None."""
    from ..db import DatabaseError, current_revision, explain, schema_refusal
    from ..migrations.head import HEAD_REVISION
    from ..server_backup import upgrade_schema

    try:
        rev = current_revision(engine)
        if rev is None:
            return "其中没有本程序的数据库"
        if (why := schema_refusal(rev)) is not None:
            return why
        if rev != HEAD_REVISION:
            upgrade_schema(engine)
        with Session(engine) as session:
            broken = audit.verify_chain(session)
    except DatabaseError as e:
        return str(e)
    except exc.SQLAlchemyError as e:
        return explain(e)
    return None if broken is None else f"审计链校验失败，{broken}"


def restore_server_database(engine: Engine, source: Path, other_database: bool = False) -> Restored:
    """Replace a server database with a dump that passes every check (in a scratch database).
    The entry saying so is written into the checked copy before it replaces anything: it is
    part of the restored state, never lost to a restore killed at its last step (pg_restore
    runs on in one transaction: the database is then restored whole, entry included, or not at
    all). ``other_database``: the administrator restores a dump of another database on purpose."""
    from ..server_backup import restore_server, shown

    def record(scratch: Engine, kept: Path) -> None:
        with Session(scratch) as session:
            audit.record(session, user_id=None, entity="database",
                         entity_id=uuid.uuid5(uuid.NAMESPACE_URL, shown(engine.url)), action="restore",
                         after={"from": str(source), "replaced_kept_at": str(kept)})
            session.commit()

    return restore_server(engine, source, check_server_copy, record, other_database=other_database)


def restore_database(db_path: Path, source: Path, key: str | None = None,
                     source_key: str | None = None) -> files.Restored:
    """Replace the database file with a backup that passes every check; an entry in the
    restored trail says so. ``key``/``source_key``: the passphrases of an encrypted database
    and backup (a new database takes the backup's)."""
    from ..db import open_database

    restored = files.restore(db_path, source, check_restorable, key=key, source_key=source_key)
    db = open_database(str(db_path), key=key if key is not None else source_key)
    try:
        with db.session() as session:
            audit.record(session, user_id=None, entity="database",
                         entity_id=uuid.uuid5(uuid.NAMESPACE_URL, str(db_path)), action="restore",
                         after={"from": str(source), "replaced_kept_at": str(restored.replaced_kept_at or "")})
            session.commit()
    finally:
        db.dispose()
    return restored
