"""Engine, pragmas, the per-user default location, and the upgrade at start-up.

Alembic is imported only when the database is behind the code's schema, so an ordinary start
costs one ``SELECT`` on ``alembic_version``.
"""

from __future__ import annotations

import os
import warnings
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, exc, text
from sqlmodel import Session

from . import cipher
from .migrations.head import HEAD_REVISION

# Money columns are Numeric(14, 2) quantized on the way in and out; SQLite's float storage is
# exact at that scale, so SQLAlchemy's generic warning about it is noise.
warnings.filterwarnings("ignore", message="Dialect sqlite\\+pysqlite does \\*not\\* support Decimal")


class DatabaseError(Exception):
    """A database problem explained in Chinese for the person at the desk."""


class PassphraseNeeded(DatabaseError):
    """The file is encrypted (it has no SQLite header) and no passphrase was given."""


class WrongPassphrase(DatabaseError):
    """The passphrase given does not open the encrypted file."""


NEEDS_PASSPHRASE = "数据库已加密，请输入数据库口令"
BAD_PASSPHRASE = "数据库口令不正确（或该文件不是本程序的数据库）"


def default_db_path() -> Path:
    """In the per-user data folder (paths.data_dir)."""
    from .paths import data_dir

    return data_dir() / "hrss_disputes.db"


def resolve_target(db: str | None) -> str:
    """``--db`` wins, then ``HRSS_DB``, then the per-user default. Paths or SQLAlchemy URLs."""
    return db or os.environ.get("HRSS_DB") or str(default_db_path())


def is_url(target: str) -> bool:
    return "://" in target


def explain(error: BaseException) -> str:
    """Turn a driver error into a sentence a clerk can act on."""
    msg = str(getattr(error, "orig", None) or error).lower()
    if "database is locked" in msg or "database table is locked" in msg:
        return "数据库正被其他程序占用（已锁定），请关闭其他正在使用该数据库的程序后重试。"
    if "readonly" in msg or "read-only" in msg:
        return "数据库文件是只读的，无法保存。请检查文件权限或换一个可写的位置。"
    if "malformed" in msg:
        return "数据库文件已损坏或不完整，无法读取；请用备份恢复（restore）。"
    if "not a database" in msg or "file is encrypted" in msg:
        return "该文件不是本程序的数据库（或已损坏），请选择正确的数据库文件。"
    if "unable to open" in msg:
        return "无法打开数据库文件，请检查路径和文件夹权限。"
    if "disk" in msg and ("full" in msg or "i/o" in msg):
        return "磁盘已满或读写出错，数据未能保存。"
    return f"数据库错误：{getattr(error, 'orig', None) or error}"


@dataclass
class Database:
    engine: Engine
    path: Path | None  # None for a server URL

    @property
    def key(self) -> str | None:
        """The passphrase of an encrypted (SQLCipher) file; None for a plain file or a server."""
        return key_of(self.engine)

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def dispose(self) -> None:
        self.engine.dispose()


# the passphrase of each encrypted engine, for the file-level work (backups) done beside it
_KEYS: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def key_of(bind: object) -> str | None:
    """The passphrase an engine (a session's bind) opened its encrypted file with; None if plain."""
    return _KEYS.get(getattr(bind, "engine", bind))


def _check_sqlite_file(path: Path, key: str | None) -> bool:
    """Refuse what cannot be opened; True when the file is an encrypted one (and a key was given)."""
    if path.exists():
        if path.is_dir():
            raise DatabaseError(f"{path} 是一个文件夹，不是数据库文件。")
        if not os.access(path, os.R_OK):
            raise DatabaseError(f"没有读取数据库文件 {path} 的权限。")
        with path.open("rb") as f:
            head = f.read(16)
        encrypted = bool(head) and head != cipher.SQLITE_HEADER
        if encrypted:
            if not cipher.looks_encrypted(path):
                raise DatabaseError(f"{path} 不是本程序的数据库（或已损坏），请选择正确的数据库文件。")
            if key is None:
                raise PassphraseNeeded(NEEDS_PASSPHRASE)
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise DatabaseError(
                f"数据库文件 {path} 或其所在文件夹是只读的，无法保存案件。请检查权限或换一个可写的位置。"
            )
        return encrypted
    if cipher.recover(path):  # lost while its checked conversion waited beside it: that is the database
        return _check_sqlite_file(path, key)
    if Path(f"{path}.converting").exists():
        raise DatabaseError(f"数据库文件 {path} 不存在，但旁边有中断的转换留下的 {path.name}.converting，"
                            "它可能是数据的唯一副本；请先检查或交技术人员处理，本程序不会新建空数据库覆盖它。")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Owner-only from the first byte: the file holds ID numbers and wages.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except OSError as e:
        raise DatabaseError(f"无法在 {path.parent} 创建数据库文件：{e.strerror}") from e
    return False


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a killed process loses no commit
    # 64 MB page cache per connection keeps the search indexes of a large office in memory
    # between keystrokes, whatever the operating system does with its file cache.
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def make_engine(target: str, key: str | None = None) -> tuple[Engine, Path | None]:
    """The engine for a URL or a file. ``key`` opens an encrypted file; the file decides: a
    plain file is opened plain whatever the key."""
    if is_url(target):
        try:
            return create_engine(target, pool_pre_ping=True), None
        except ModuleNotFoundError as e:
            raise DatabaseError(f"本机缺少连接该数据库所需的驱动（{e.name}）") from e
        except exc.ArgumentError as e:
            raise DatabaseError("数据库地址的写法不正确") from e
    path = Path(target).expanduser().resolve()
    if not _check_sqlite_file(path, key):
        engine = create_engine(f"sqlite:///{path}")
    else:
        # SQLCipher through SQLAlchemy's pysqlite dialect: its DB-API module (so its errors are
        # wrapped like sqlite3's) and a creator that sets the key before the dialect's first query
        engine = create_engine(f"sqlite:///{path}", module=cipher.dbapi(),
                               creator=lambda: cipher.connect(path, key, check_same_thread=False))
        _KEYS[engine] = key
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine, path


class SchemaTooNew(DatabaseError):
    """The database was made or upgraded by a newer version of the program."""


def schema_refusal(rev: str | None) -> str | None:
    """Why this program must not open a database at schema revision ``rev`` (one Chinese
    sentence), or None when it can (the same revision, an older one it upgrades, or none)."""
    if rev is None or rev == HEAD_REVISION:
        return None
    if rev.isdigit() and int(rev) < int(HEAD_REVISION):
        return None
    return (f"该数据库由更新版本的本程序建立或升级（数据库结构版本 {rev}，本程序只支持到 {HEAD_REVISION}），"
            f"请安装能打开结构版本 {rev} 的新版程序后再打开；本程序没有对它做任何改动。")


def file_revision(path: Path, key: str | None = None) -> str | None:
    """The schema revision of a database file, read without opening it for the program (None
    when it has none or cannot be read: the caller's own open says why)."""
    try:
        con = cipher.connect(path, key, readonly=True)
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except cipher.driver_errors():
        return None
    return row[0] if row else None


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except exc.OperationalError as e:
            if "no such table" in str(e):
                return None
            raise
        except exc.ProgrammingError:  # PostgreSQL: relation does not exist
            return None


def upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            # pysqlite opens a transaction only before DML, so DDL would commit statement by
            # statement: begun here, a failed or killed upgrade rolls back whole
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_database(target: str, on_upgrade: Callable[[str | None], None] | None = None,
                  backup_first: bool = True, key: str | None = None) -> Database:
    """Open (creating if needed) and upgrade the database; raise DatabaseError with Chinese text.

    ``on_upgrade`` is told the old revision before a backup and upgrade start, so a window can
    say why the start takes longer this once. ``backup_first=False`` is for a throwaway copy
    (a backup being checked before a restore): it is not copied aside again. ``key`` is the
    passphrase of an encrypted file (PassphraseNeeded without one, WrongPassphrase if it fails)."""
    try:
        engine, path = make_engine(target, key)
        key = key_of(engine)
        try:
            rev = current_revision(engine)
        except exc.DatabaseError as e:
            if key is not None and "not a database" in str(e.orig):
                engine.dispose()
                raise WrongPassphrase(BAD_PASSPHRASE) from e
            raise
        if rev != HEAD_REVISION:
            if (why := schema_refusal(rev)) is not None:  # before any backup or write
                engine.dispose()
                raise SchemaTooNew(why)
            if on_upgrade is not None and rev is not None:
                on_upgrade(rev)
            if path is not None and rev is not None and backup_first:
                from .backup import BackupError, make_backup

                try:
                    make_backup(path, f"upgrade-{rev}", key=key)
                except BackupError as e:  # never migrate what could not be copied aside first
                    raise DatabaseError(f"{e}；数据库未升级。") from e
            upgrade(engine)
    except DatabaseError:
        raise
    except exc.SQLAlchemyError as e:
        raise DatabaseError(explain(e)) from e
    except cipher.driver_errors() as e:
        raise DatabaseError(explain(e)) from e
    if path is not None:
        from .outputs import protect

        protect(path)
    return Database(engine=engine, path=path)
