"""Backups and restore of a server (PostgreSQL) database with pg_dump/pg_restore.

A backup is ``pg_dump -Fc`` (custom format), written under ``<file>.partial`` and renamed when
its table of contents reads whole, owner-only, with the same metadata beside it as a SQLite
backup (``<backup>.json``: whose backup, when, and the audit chain's head in exactly the state
dumped), so ``audit verify --against`` takes it. Kept backups (before an upgrade, before a
restore) go to the ``backups`` folder of the per-user data folder:
``<host>-<database>-<label>-YYYYMMDD-HHMMSS.dump``.

Restore, in order, changing nothing until the last step: the archive's table of contents is
read (``pg_restore --list``); it is restored into a scratch database on the same server, brought
to this program's schema there and its audit chain verified; that checked state is dumped; the
database being replaced is dumped aside (``replaced``); then the checked dump replaces the
database's objects with ``pg_restore --clean --if-exists --single-transaction``.

Why replace in place rather than swap databases (RENAME): a swap needs every other session off
both databases (ending other roles' sessions needs a superuser) and loses what belongs to the
database rather than to its objects (its CONNECT grants, settings); the in-place restore keeps
the database, its name and grants, and runs in one transaction: a failure (or a lock held by a
PC still working, given up after ``pg_tools.LOCK_TIMEOUT``) leaves the database as it was. The
scratch database needs the restoring role to have CREATEDB (the owner role of roles.sql has it).
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, exc, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from . import pg_tools
from .backup import BackupError, metadata_path, write_metadata

SUFFIX = ".dump"


def shown(url: URL) -> str:
    """The server database as people may see it: no password, no driver name."""
    from .db import display_target

    return display_target(url.render_as_string(hide_password=False))


def server_backup_dir() -> Path:
    """The per-user data folder's ``backups``, owner-only (a server's kept dumps go here)."""
    from .paths import data_dir

    folder = data_dir() / "backups"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _stem(url: URL) -> str:
    raw = f"{url.host or 'local'}-{url.database or url.query.get('service') or 'db'}"
    return re.sub(r"[^0-9A-Za-z_.-]+", "_", str(raw))


def make_server_backup(engine: Engine, label: str, out: Path | None = None, now: datetime | None = None) -> Path:
    """A checked dump of the engine's database: at ``out``, or in the backups folder."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    dest = out or server_backup_dir() / f"{_stem(engine.url)}-{label}-{stamp}{SUFFIX}"
    partial = dest.with_name(dest.name + ".partial")  # never a half-written file under a backup's name
    try:
        head = pg_tools.dump(engine, partial)
        pg_tools.check_archive(partial, engine)
        os.replace(partial, dest)
    except pg_tools.ToolError as e:
        raise BackupError(f"备份失败：{e}") from e
    except exc.DBAPIError as e:
        from .db import explain

        raise BackupError(f"备份失败：{explain(e)}") from e
    finally:
        partial.unlink(missing_ok=True)
    write_metadata(dest, shown(engine.url), label, head)
    return dest


@dataclass(frozen=True)
class Restored:
    replaced_kept_at: Path | None  # the dump of the database that was replaced


def refuse_wrong_kind(source: Path) -> None:
    """A SQLite file is no backup of a server database (BackupError in Chinese)."""
    if not source.is_file():
        raise BackupError(f"找不到备份文件 {source}")
    if pg_tools.is_dump(source):
        return
    if pg_tools.is_sqlite_file(source):
        raise BackupError(f"{source.name} 是本机数据库文件（SQLite）或其备份，不能恢复到服务器数据库（PostgreSQL）；"
                          "服务器数据库只能用 backup --db 服务器地址 做的备份恢复。未做任何更改。")
    raise BackupError(f"{source.name} 不是服务器数据库的备份文件（pg_dump 自定义格式）。未做任何更改。")


@contextlib.contextmanager
def scratch_database(engine: Engine):  # noqa: ANN201
    """A new empty database on the engine's server, dropped afterwards; yields its engine."""
    name = f"{(engine.url.database or 'hrss')[:30]}_check_{uuid.uuid4().hex[:12]}"
    quoted = engine.dialect.identifier_preparer.quote(name)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        # the password libpq used (from the URL, PGPASSWORD or a .pgpass line naming only the
        # office's database): the scratch database is reached with it too
        password = conn.connection.driver_connection.info.password or engine.url.password
        try:
            conn.execute(text(f"CREATE DATABASE {quoted} TEMPLATE template0"))
        except exc.ProgrammingError as e:
            if "permission denied" in str(e.orig).lower():
                raise BackupError("恢复前须在临时数据库中校验备份，但当前数据库账户没有建立数据库的权限（CREATEDB）；"
                                  "请用数据库所有者账户（见 README）运行。未做任何更改。") from e
            raise
    scratch = create_engine(engine.url.set(database=name, password=password), poolclass=NullPool)
    try:
        yield scratch
    finally:
        scratch.dispose()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))


def restore_server(engine: Engine, source: Path, check: Callable[[Engine], str | None]) -> Restored:
    """Replace the engine's database with the dump ``source`` once a copy of it passed
    ``check`` (schema brought to this program's, audit chain verified) in a scratch database;
    the database being replaced is dumped aside first. Nothing changes when a step fails."""
    refuse_wrong_kind(source)
    checked = server_backup_dir() / f".{_stem(engine.url)}-restoring-{uuid.uuid4().hex[:8]}{SUFFIX}"
    try:
        try:
            pg_tools.check_archive(source, engine)
        except pg_tools.ToolError as e:
            raise BackupError(f"备份文件 {source.name} 未通过检查：{e}。未做任何更改。") from e
        with scratch_database(engine) as scratch:
            try:
                pg_tools.restore(scratch, source, scratch.url.database, clean=False)
            except pg_tools.ToolError as e:
                raise BackupError(f"备份文件 {source.name} 无法恢复到临时数据库：{e}。未做任何更改。") from e
            if (problem := check(scratch)) is not None:
                raise BackupError(f"备份文件 {source.name} 未通过检查：{problem}。未做任何更改。")
            try:
                pg_tools.dump(scratch, checked)
            except pg_tools.ToolError as e:
                raise BackupError(f"恢复未进行：{e}。未做任何更改。") from e
        kept = make_server_backup(engine, "replaced")
        try:
            pg_tools.restore(engine, checked, engine.url.database, clean=True)
        except pg_tools.ToolError as e:
            raise BackupError(f"恢复失败，数据库保持原样：{e}") from e
    finally:
        checked.unlink(missing_ok=True)
    return Restored(kept)


__all__ = ["BackupError", "Restored", "make_server_backup", "metadata_path", "restore_server", "shown"]


def upgrade_schema(engine: Engine) -> None:
    """Run the migrations on a server database (as the owner role; one transaction)."""
    from .db import upgrade_server

    upgrade_server(engine.url.render_as_string(hide_password=False))
