"""The optional encrypted database (SQLCipher) for laptops that travel to mobile tribunals.

SQLCipher encrypts every page of the file with AES-256; the key is derived from the passphrase
by SQLCipher itself (PBKDF2-HMAC-SHA512, 256,000 rounds, a random salt kept in the file), so
the passphrase is never stored anywhere. An encrypted file has no SQLite header: a file that
does not start with one is treated as encrypted, and its passphrase is asked for.

``sqlcipher3`` is imported only when an encrypted file is opened or made, and a plain file goes
through the standard ``sqlite3`` module as before. Conversions (plain → encrypted, encrypted →
plain, a new passphrase) write a new file with ``sqlcipher_export`` (``<file>.converting``),
check it, name it ``<file>.converted`` (whole and checked) and only then put it in the old
file's place; the backups beside the database are converted with it, so no plain copy of the
cases stays behind a database that was encrypted.

Everything that writes temporary files beside the database (a backup's ``.partial``, a
conversion, a restore's ``.restoring.db``) holds ``exclusive()``, so the start-up clean-up
(``tidy``) never takes a file another program is still writing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .domain.backup_rotation import is_backup_of

SQLITE_HEADER = b"SQLite format 3\x00"
PASSPHRASE_ENV = "HRSS_DB_PASSPHRASE"  # the CLI's passphrase for scheduled jobs


class CipherError(Exception):
    """An encryption step that did not happen, explained in Chinese; nothing was changed."""


class Busy(CipherError):
    """Another program (or thread) is backing up, converting or restoring the same database."""


BUSY = "另一个程序正在备份、转换或恢复该数据库，请稍后再试"


def dbapi() -> Any:
    """The SQLCipher DB-API module (``sqlcipher3.dbapi2``)."""
    from sqlcipher3 import dbapi2

    return dbapi2


def available() -> bool:
    """Whether SQLCipher is installed (found, not imported: the window asks at every start)."""
    from importlib.util import find_spec

    return find_spec("sqlcipher3") is not None


def driver_errors() -> tuple[type[BaseException], ...]:
    """The exceptions a database driver raises: sqlite3's, and SQLCipher's when it is loaded."""
    import sys

    loaded = sys.modules.get("sqlcipher3.dbapi2")
    return (sqlite3.Error, loaded.Error) if loaded is not None else (sqlite3.Error,)


def looks_encrypted(path: Path) -> bool:
    """An encrypted database: whole pages (a multiple of 512 bytes) of what looks like random
    bytes from the first byte on, with no SQLite header. A text file, a workbook or a PDF is
    not taken for one, so it gets "not a database" rather than a passphrase prompt."""
    try:
        with path.open("rb") as f:
            head = f.read(1024)
        size = path.stat().st_size
    except OSError:
        return False
    # 1,024 random bytes show about 250 distinct values; text and file headers far fewer
    return (size >= 1024 and size % 512 == 0 and not head.startswith(SQLITE_HEADER)
            and len(set(head)) >= 200)


def _quoted(key: str) -> str:
    # PRAGMA key takes no bound parameters: a string literal, quotes doubled
    return "'" + key.replace("'", "''") + "'"


def _readonly_uri(path: Path, immutable: bool = False) -> str:
    """A read-only URI for ``path`` (quoted: a ``?`` or ``#`` in a name is no URI syntax), and
    ``immutable`` when asked or where the folder cannot be written (a CD, a write-protected
    stick), since SQLite could not make its lock files there."""
    from urllib.parse import quote

    immutable = immutable or not os.access(path.parent, os.W_OK)
    return f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")


def connect(path: Path | str, key: str | None, *, readonly: bool = False, immutable: bool = False,
            **kwargs: Any) -> Any:
    """A DB-API connection to ``path``: plain sqlite3 without a key, SQLCipher keyed with one.
    The key is set before anything else touches the file. ``immutable`` (read-only) tells SQLite
    nobody changes the file meanwhile: it then makes no lock or shared-memory files beside it."""
    target, uri = (_readonly_uri(Path(path), immutable), True) if readonly else (str(path), False)
    if key is None:
        return sqlite3.connect(target, uri=uri, **kwargs)
    con = dbapi().connect(target, uri=uri, **kwargs)
    # SQLCipher writes every failed page decryption (a wrong passphrase) to stderr otherwise
    con.execute("PRAGMA cipher_log_level = NONE")
    con.execute(f"PRAGMA key = {_quoted(key)}")
    return con


def key_opens(path: Path, key: str | None) -> bool:
    """Whether ``key`` (None: no key) reads ``path``'s schema."""
    try:
        con = connect(path, key, readonly=True)
    except driver_errors():
        return False
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver_errors():
        return False
    finally:
        con.close()
    return True


def row_counts(con: Any) -> dict[str, int]:
    """Each table's number of rows: a converted copy must have the same."""
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def owner_only(path: Path) -> None:
    """``path`` created anew, empty, readable and writable by its owner only. Whatever had the
    name before (a stale temporary file, or a link someone left there) is unlinked, never
    written through: a ``<backup>.partial`` linked to the database must not empty it."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    os.close(fd)


def leave_wal(path: Path, key: str | None) -> None:
    """Check ``key`` opens the file, and take the file out of WAL mode: everything committed
    goes into the main file, and SQLite allows it only while no other connection has the file
    open, so nothing writes to the old file once it is replaced. The same library as the
    program's own connections to that file (sqlite3 plain, SQLCipher encrypted) does it: locks
    are seen across processes and within one library, not between two libraries in one process."""
    try:
        con = connect(path, key, timeout=1.0)
        try:
            mode = con.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        finally:
            con.close()
    except driver_errors() as e:
        if "not a database" in str(e):
            raise CipherError("口令不正确，无法读取数据库" if key is not None else "无法读取数据库文件") from e
        if "locked" not in str(e) and "busy" not in str(e):
            raise CipherError(f"无法读取数据库文件：{e}") from e
        mode = "wal"
    if mode != "delete":
        raise CipherError("数据库正被其他程序使用，请关闭其他使用该数据库的程序后再试")


def export(src: Path, src_key: str | None, dest: Path, dest_key: str | None) -> None:
    """A copy of ``src`` at ``dest`` in another form (plain ↔ encrypted, or another passphrase),
    made with ``sqlcipher_export`` and checked: integrity and every table's row count."""
    errors = (sqlite3.Error, dbapi().Error)
    owner_only(dest)
    try:
        con = dbapi().connect(str(src))
        try:
            con.execute("PRAGMA cipher_log_level = NONE")
            if src_key is not None:
                con.execute(f"PRAGMA key = {_quoted(src_key)}")
            con.execute("ATTACH DATABASE ? AS converted KEY ?", (str(dest), dest_key or ""))
            con.execute("SELECT sqlcipher_export('converted')")
            con.execute("DETACH DATABASE converted")
            before = row_counts(con)
        finally:
            con.close()
        check = connect(dest, dest_key)
        try:
            problems = [r[0] for r in check.execute("PRAGMA integrity_check")]
            after = row_counts(check)
        finally:
            check.close()
    except errors as e:
        dest.unlink(missing_ok=True)
        message = str(e)
        if "not a database" in message:
            raise CipherError("口令不正确，无法读取数据库") from e
        raise CipherError(f"转换失败：{message}") from e
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    if problems != ["ok"] or before != after:
        dest.unlink(missing_ok=True)
        raise CipherError("转换后的文件未通过校验，已放弃转换")


def _lock_file(fd: int) -> bool:
    """Take the OS lock on ``fd`` without waiting; False when another holds it."""
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock_file(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


_THREADS = threading.RLock()  # one thread of this program at a time; the file lock for other programs
_HELD: dict[str, list[int]] = {}  # lock file -> [descriptor, depth] while this process holds it


@contextmanager
def exclusive(db_path: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the database's work lock (``backups/.<name>.lock``, an OS lock that ends with the
    process holding it, so a killed program leaves none behind). Re-entrant within a thread;
    waits up to ``wait`` seconds for another holder, then raises Busy. Where no lock file can
    be made (a read-only folder) nobody can leave temporary files there either: no file lock."""
    if not (_THREADS.acquire(timeout=wait) if wait > 0 else _THREADS.acquire(blocking=False)):
        raise Busy(BUSY)
    try:
        folder = db_path.parent / "backups"
        lock: str | None = str(folder / f".{db_path.stem}.lock")
        if lock in _HELD:
            _HELD[lock][1] += 1
        else:
            try:
                folder.mkdir(mode=0o700, exist_ok=True)
                fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                lock = None
            if lock is not None:
                deadline = time.monotonic() + wait
                while not _lock_file(fd):
                    if time.monotonic() >= deadline:
                        os.close(fd)
                        raise Busy(BUSY)
                    time.sleep(0.1)
                _HELD[lock] = [fd, 1]
        try:
            yield
        finally:
            if lock is not None:
                held = _HELD[lock]
                held[1] -= 1
                if held[1] == 0:
                    del _HELD[lock]
                    try:
                        _unlock_file(held[0])
                    finally:
                        os.close(held[0])
    finally:
        _THREADS.release()


def _remove(path: Path) -> bool:
    """``path`` and the files SQLite keeps beside it, gone (False when one could not be removed)."""
    gone = True
    for f in (path, *(Path(f"{path}{s}") for s in ("-journal", "-wal", "-shm"))):
        try:
            f.unlink(missing_ok=True)
        except OSError:
            gone = False
    return gone


def _sidecars_only(path: Path) -> bool:
    """True when nothing SQLite keeps beside ``path`` is there (no journal to be rolled back)."""
    return not any(Path(f"{path}{s}").exists() for s in ("-journal", "-wal"))


def convert(path: Path, old_key: str | None, new_key: str | None) -> None:
    """Put ``path`` into its new form in place: exported beside it (``.converting``), checked,
    renamed ``.converted``, then renamed over it. The caller has closed its own connections. A
    failure leaves the file as it was; a kill leaves the file whole in one form or the other,
    and at most a temporary file that ``tidy`` removes."""
    tmp = path.with_name(path.name + ".converting")
    done = path.with_name(path.name + ".converted")
    leave_wal(path, old_key)
    try:
        export(path, old_key, tmp, new_key)
        os.replace(tmp, done)  # whole and checked: what tidy() may put in place of a lost original
        # the old file left WAL mode, so its log is empty; it must not be read against the new file
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(done, path)
    finally:
        _remove(tmp)
        done.unlink(missing_ok=True)


def convert_all(files: Iterable[Path], old_key: str | None, new_key: str | None,
                done: list[Path] | None = None) -> tuple[int, list[Path]]:
    """Convert each of ``files`` that opens with ``old_key``; one that opens with ``new_key``
    already (an interrupted run done again) counts as converted. Returns how many are in the
    new form and the files left as they were (another passphrase, or one that could not be
    converted). ``done`` gets the files converted by this call."""
    converted, left = 0, []
    for f in files:
        if key_opens(f, new_key) and (new_key is not None or not looks_encrypted(f)):
            converted += 1
            continue
        try:
            convert(f, old_key, new_key)
        except (CipherError, OSError):
            left.append(f)
            continue
        converted += 1
        if done is not None:
            done.append(f)
    return converted, left


def recover(path: Path) -> bool:
    """A database or backup file lost while its conversion was whole and checked
    (``<file>.converted`` with no journal beside it): put in place. True when it was."""
    done = path.with_name(path.name + ".converted")
    if path.exists() or not done.is_file() or not _sidecars_only(done):
        return False
    os.replace(done, path)
    return True


@dataclass
class Tidied:
    removed: list[Path] = field(default_factory=list)  # temporary files of interrupted runs
    recovered: list[Path] = field(default_factory=list)  # files put back from their checked conversion
    kept: list[Path] = field(default_factory=list)  # left because they may hold the only copy


def tidy(db_path: Path) -> Tidied:
    """Remove what interrupted backups, conversions and restores left beside the database and
    in its backups folder; the caller holds ``exclusive()``, so nobody is writing them.

    - ``<backup>.partial`` (a backup being copied) and ``<name>.restoring.db`` (a restore's
      checked candidate): copies of a database or backup that is still there; removed.
    - ``<file>.converting`` (an export not yet checked) and ``<file>.converted`` (checked, not
      yet renamed over its original): removed while the original is there (it is whole: it is
      replaced in one rename). When the original is gone, a ``.converted`` takes its place and
      a ``.converting`` is kept and named, never deleted.
    With each go its journal, ``-wal`` and ``-shm``; the database's own are never touched."""
    out = Tidied()
    folder = db_path.parent / "backups"

    def drop(f: Path) -> None:
        if f.exists():
            (out.removed if _remove(f) else out.kept).append(f)

    def mine(name: str) -> bool:  # the database itself or one of its backups, not another database's
        return name == db_path.name or is_backup_of(name, db_path.stem)

    copies = [db_path.with_name(f"{db_path.stem}.restoring.db")]
    if folder.is_dir():
        copies += [f for f in folder.glob("*.partial") if is_backup_of(f.name[: -len(".partial")], db_path.stem)]
    for f in copies:
        drop(f)
    originals = [db_path, *(sorted(f for f in folder.glob("*.db") if mine(f.name)) if folder.is_dir() else [])]
    originals += [Path(str(f)[: -len(suffix)]) for suffix in (".converting", ".converted")
                  for where in (db_path.parent, folder) if where.is_dir()
                  for f in where.glob(f"*.db{suffix}") if mine(f.name[: -len(suffix)])]
    for original in dict.fromkeys(originals):
        if recover(original):
            out.recovered.append(original)
        for suffix in (".converting", ".converted"):
            f = original.with_name(original.name + suffix)
            if not f.exists():
                continue
            if original.is_file():
                drop(f)
            else:
                out.kept.append(f)
    # journals and logs of temporary files whose file went earlier
    for where in (db_path.parent, folder):
        for suffix in (".partial", ".converting", ".converted"):
            for f in where.glob(f"*{suffix}-*") if where.is_dir() else ():
                temporary = Path(str(f).rsplit("-", 1)[0])
                if mine(temporary.name[: -len(suffix)]) and not temporary.exists():
                    drop(f)
        for f in where.glob(f"{db_path.stem}.restoring.db-*") if where.is_dir() else ():
            if not Path(str(f).rsplit("-", 1)[0]).exists():
                drop(f)
    return out
