"""The optional encrypted database (SQLCipher) for laptops that travel to mobile tribunals.

SQLCipher encrypts every page of the file with AES-256; the key is derived from the passphrase
by SQLCipher itself (PBKDF2-HMAC-SHA512, 256,000 rounds, a random salt kept in the file), so
the passphrase is never stored anywhere. An encrypted file has no SQLite header: a file that
does not start with one is treated as encrypted, and its passphrase is asked for.

``sqlcipher3`` is imported only when an encrypted file is opened or made, and a plain file goes
through the standard ``sqlite3`` module as before. Conversions (plain → encrypted, encrypted →
plain, a new passphrase) write a new file with ``sqlcipher_export``, check it, and only then
put it in the old file's place; the backups beside the database are converted with it, so no
plain copy of the cases stays behind a database that was encrypted.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

SQLITE_HEADER = b"SQLite format 3\x00"
PASSPHRASE_ENV = "HRSS_DB_PASSPHRASE"  # the CLI's passphrase for scheduled jobs


class CipherError(Exception):
    """An encryption step that did not happen, explained in Chinese; nothing was changed."""


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


def _readonly_uri(path: Path) -> str:
    """A read-only URI for ``path`` (quoted: a ``?`` or ``#`` in a name is no URI syntax), and
    ``immutable`` where the folder cannot be written (a CD, a write-protected stick), since
    SQLite could not make its lock files there."""
    from urllib.parse import quote

    return f"file:{quote(str(path))}?mode=ro" + ("" if os.access(path.parent, os.W_OK) else "&immutable=1")


def connect(path: Path | str, key: str | None, *, readonly: bool = False, **kwargs: Any) -> Any:
    """A DB-API connection to ``path``: plain sqlite3 without a key, SQLCipher keyed with one.
    The key is set before anything else touches the file."""
    target, uri = (_readonly_uri(Path(path)), True) if readonly else (str(path), False)
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
    """``path`` created empty (or emptied), readable and writable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)


def _leave_wal(path: Path, key: str | None) -> None:
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
            raise
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


def convert(path: Path, old_key: str | None, new_key: str | None) -> None:
    """Put ``path`` into its new form in place: exported beside it, checked, then renamed over it.
    The caller has closed its own connections. A failure leaves the file as it was."""
    tmp = path.with_name(path.name + ".converting")
    _leave_wal(path, old_key)
    export(path, old_key, tmp, new_key)
    try:
        # the old file left WAL mode, so its log is empty; it must not be read against the new file
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def convert_folder(folder: Path, pattern: str, old_key: str | None, new_key: str | None) -> tuple[int, list[Path]]:
    """Convert every file in ``folder`` matching ``pattern`` that opens with ``old_key``.
    Returns how many were converted and the files left as they were (another passphrase, or
    one that could not be converted)."""
    converted, left = 0, []
    for f in sorted(folder.glob(pattern)) if folder.is_dir() else ():
        try:
            convert(f, old_key, new_key)
        except CipherError:
            left.append(f)
            continue
        converted += 1
    return converted, left
