"""Backups and restore of a server (PostgreSQL) database with pg_dump/pg_restore.

A backup is ``pg_dump -Fc`` (custom format), written into a new file of its own beside it
(``.<backup>.<pid>-<hex>.partial``, made exclusively: never through a link nor over a file
someone left) and renamed when its table of contents reads whole, owner-only, with the same
metadata beside it as a SQLite backup (``<backup>.json``: whose backup as it was named, the
server's database name, when, and the audit chain's head in exactly the state dumped), so
``audit verify --against`` takes it. Kept backups (before an upgrade, before a restore) go to
the ``backups`` folder of the per-user data folder: ``<host>-<database>-<label>-YYYYMMDD-HHMMSS.dump``,
the host and database as libpq resolved them (a connection profile's too).

Restore, in order, changing nothing until the last step: the archive's table of contents is
read (``pg_restore --list``); it is restored into a scratch database on the same server
(``<db>_check_<hex>``), brought to this program's schema there, its audit chain verified, its
offices compared with this database's (a dump of another database only with
``--other-database``), and the restore's own audit entry added; that checked state is dumped;
the database being replaced is dumped aside (``replaced``); then the checked dump replaces the
database's objects with ``pg_restore --clean --if-exists --single-transaction``, without the
dump's owners and grants (the application role's rights are the database's default privileges).

Why replace in place rather than swap databases (RENAME): a swap needs every other session off
both databases (ending other roles' sessions needs a superuser) and loses what belongs to the
database rather than to its objects (its CONNECT grants, settings); the in-place restore keeps
the database, its name and grants, and runs in one transaction: a failure (or locks held by a
PC still working, given up after ``pg_tools.LOCK_WAIT_SECONDS``) leaves the database as it was.
The scratch database needs the restoring role to have CREATEDB (the owner role of roles.sql has it).

A restore or backup killed midway leaves its scratch database (held by a session lock named
after it while its restore runs) or its temporary dump (named with its process id): the next
``backup``, ``restore`` or ``db`` command on the server removes them and says so.
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
    from .db import SERVICE_PREFIX, display_target

    service = url.query.get("service")
    if isinstance(service, str) and not url.host and not url.database:  # a connection profile
        return f"{SERVICE_PREFIX}{service}"
    return display_target(url.render_as_string(hide_password=False))


def server_backup_dir() -> Path:
    """The per-user data folder's ``backups``, owner-only (a server's kept dumps go here)."""
    from .paths import data_dir

    folder = data_dir() / "backups"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _stem(where: pg_tools.Server) -> str:
    """A dump's name begins with the server's database, as libpq resolved it (a profile's too)."""
    raw = f"{where.params.get('host') or 'local'}-{where.params.get('dbname') or 'db'}"
    return re.sub(r"[^\w.-]+", "_", raw)  # \w: a Chinese database name stays readable


# temporary files beside an output or in the backups folder carry the process's id: a later
# command removes those of a process that is gone (tidy), never a running one's
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.(?:partial|restoring)$")


def _temporary(dest: Path, kind: str) -> Path:
    return dest.with_name(f".{dest.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.{kind}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: alive as far as we know
    return True


def tidy_files(folder: Path) -> list[Path]:
    """Remove the temporary dumps (``.<name>.<pid>-<hex>.partial``/``.restoring``) that a
    backup or restore killed midway left in ``folder``; the ones removed."""
    removed = []
    for f in sorted(folder.glob(".*")) if folder.is_dir() else ():
        m = _TEMPORARY.match(f.name)
        if m and not _alive(int(m["pid"])) and not f.is_symlink() and f.is_file():
            f.unlink(missing_ok=True)
            removed.append(f)
    return removed


def make_server_backup(engine: Engine, label: str, out: Path | None = None, now: datetime | None = None,
                       dest: Path | None = None) -> Path:
    """A checked dump of the engine's database: at ``out``, or in the backups folder (at
    ``dest`` there when the caller named it beforehand)."""
    where = pg_tools.server(engine)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    dest = out or dest or server_backup_dir() / f"{_stem(where)}-{label}-{stamp}{SUFFIX}"
    # a new file of this process's own, made exclusively: never written through a link or over
    # a file someone left under a name of ours, never a half-written file under a backup's name
    partial = _temporary(dest, "partial")
    try:
        head = pg_tools.dump(engine, partial)
        pg_tools.check_archive(partial, engine)
        os.replace(partial, dest)
    except pg_tools.ToolError as e:
        raise BackupError(f"备份失败：{e}") from e
    except OSError as e:
        from .outputs import os_reason

        raise BackupError(f"备份失败：无法写入 {dest.parent}（{os_reason(e)}）") from e
    except exc.DBAPIError as e:
        from .db import explain

        raise BackupError(f"备份失败：{explain(e)}") from e
    finally:
        partial.unlink(missing_ok=True)
    write_metadata(dest, shown(engine.url), label, head, database=where.params.get("dbname"))
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


_SCRATCH = "_check_"


def _scratch_prefix(database: str) -> str:
    return f"{database[:30]}{_SCRATCH}"


def _held(conn, name: str) -> None:  # noqa: ANN001
    """A scratch database in use: a session lock named after it, held by the restore's own
    connection until the database is dropped (a killed restore's connection ends, and the lock
    with it)."""
    conn.execute(text("SELECT pg_advisory_lock(hashtext(:n))"), {"n": name})


def tidy_scratch(engine: Engine) -> list[str]:
    """Drop the scratch databases (``<db>_check_<hex>``) of restores that were killed midway:
    the ones of this database, owned by this role, whose restore no longer holds their lock."""
    dropped = []
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        database = conn.execute(text("SELECT current_database()")).scalar()
        names = conn.execute(text(
            "SELECT datname FROM pg_database WHERE starts_with(datname, :p) "
            "AND datdba = (SELECT oid FROM pg_roles WHERE rolname = current_user)"),
            {"p": _scratch_prefix(database)}).scalars().all()
        for name in names:
            if not re.fullmatch(r"[0-9a-f]{12}", name[len(_scratch_prefix(database)):]):
                continue
            if not conn.execute(text("SELECT pg_try_advisory_lock(hashtext(:n))"), {"n": name}).scalar():
                continue  # a restore running now
            try:
                conn.execute(text(f"DROP DATABASE IF EXISTS {engine.dialect.identifier_preparer.quote(name)} WITH (FORCE)"))
                dropped.append(name)
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(hashtext(:n))"), {"n": name})
    return dropped


def tidy(engine: Engine, outputs: Path | None = None) -> list[str]:
    """What killed backups and restores left (scratch databases on the server, temporary dumps
    in the backups folder and beside ``outputs``), removed; one Chinese line for each."""
    said = [f"已删除上次中断的恢复留下的临时数据库 {name}" for name in tidy_scratch(engine)]
    folders = [server_backup_dir()] + ([outputs] if outputs is not None else [])
    for folder in dict.fromkeys(folders):
        said += [f"已删除上次中断的备份或恢复留下的临时文件 {f}" for f in tidy_files(folder)]
    return said


@contextlib.contextmanager
def scratch_database(engine: Engine):  # noqa: ANN201
    """A new empty database on the engine's server, dropped afterwards; yields its engine."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        database = conn.execute(text("SELECT current_database()")).scalar()
        name = f"{_scratch_prefix(database)}{uuid.uuid4().hex[:12]}"
        quoted = engine.dialect.identifier_preparer.quote(name)
        # the password libpq used (from the URL, PGPASSWORD or a .pgpass line naming only the
        # office's database): the scratch database is reached with it too
        password = conn.connection.driver_connection.info.password or engine.url.password
        _held(conn, name)
        try:
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
                conn.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(hashtext(:n))"), {"n": name})


def _recorded_database(source: Path) -> str | None:
    """The database a dump was made of, as the note beside it says (None: no note)."""
    import json

    from .backup import is_metadata

    meta_file = metadata_path(source)
    if not is_metadata(meta_file):
        return None
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    if isinstance(meta.get("database"), str):
        return meta["database"]
    backup_of = str(meta.get("backup_of") or "")  # an older note: postgresql://user@host:port/db
    if "://" in backup_of:
        return backup_of.split("://", 1)[1].partition("?")[0].partition("/")[2] or None
    return None


def _offices(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        if conn.execute(text("SELECT to_regclass('office')")).scalar() is None:
            return set()
        return {str(i) for i in conn.execute(text("SELECT id FROM office")).scalars()}


def _refuse_other_database(engine: Engine, source: Path, scratch: Engine | None) -> None:
    """A dump of another database (its note names another database, or none of its offices is
    one of this database's) is not restored unless the administrator says so (--other-database)."""
    with engine.connect() as conn:
        database = conn.execute(text("SELECT current_database()")).scalar()
    if scratch is None:
        recorded = _recorded_database(source)
        if recorded is not None and recorded != database:
            raise BackupError(f"备份文件 {source.name} 是数据库 {recorded} 的备份，不是本数据库 {database} 的；"
                              "若确要用它替换本数据库，请加 --other-database 再运行。未做任何更改。")
        return
    here, there = _offices(engine), _offices(scratch)
    if here and there and not here & there:
        raise BackupError(f"备份文件 {source.name} 中的机构与本数据库 {database} 的机构没有一个相同，不是本数据库的备份；"
                          "若确要用它替换本数据库，请加 --other-database 再运行。未做任何更改。")


def restore_server(engine: Engine, source: Path, check: Callable[[Engine], str | None],
                   record: Callable[[Engine, Path], None], other_database: bool = False) -> Restored:
    """Replace the engine's database with the dump ``source`` once a copy of it passed
    ``check`` (schema brought to this program's, audit chain verified) in a scratch database;
    the database being replaced is dumped aside first. Nothing changes when a step fails.

    ``record`` writes the restore's audit entry into the checked copy (given the path the
    replaced database's dump will have), so the entry is part of the restored state: a restore
    killed after its last step began cannot complete without it, and one that fails leaves none.
    A dump of another database is refused unless ``other_database``."""
    refuse_wrong_kind(source)
    if not other_database:
        _refuse_other_database(engine, source, None)
    where = pg_tools.server(engine)
    checked = _temporary(server_backup_dir() / f"{_stem(where)}{SUFFIX}", "restoring")
    kept = server_backup_dir() / f"{_stem(where)}-replaced-{datetime.now().strftime('%Y%m%d-%H%M%S')}{SUFFIX}"
    try:
        try:
            pg_tools.check_archive(source, engine)
        except pg_tools.ToolError as e:
            raise BackupError(f"备份文件 {source.name} 未通过检查：{e}。未做任何更改。") from e
        with scratch_database(engine) as scratch:
            try:
                pg_tools.restore(scratch, source, clean=False)
            except pg_tools.ToolError as e:
                raise BackupError(f"备份文件 {source.name} 无法恢复到临时数据库：{e}。未做任何更改。") from e
            if (problem := check(scratch)) is not None:
                raise BackupError(f"备份文件 {source.name} 未通过检查：{problem}。未做任何更改。")
            if not other_database:
                _refuse_other_database(engine, source, scratch)
            record(scratch, kept)
            try:
                pg_tools.dump(scratch, checked)
            except pg_tools.ToolError as e:
                raise BackupError(f"恢复未进行：{e}。未做任何更改。") from e
        kept = make_server_backup(engine, "replaced", dest=kept)
        try:
            pg_tools.restore(engine, checked, clean=True)
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
