"""Backups of the SQLite file: SQLite's online backup API (a consistent copy of a live
database, never a file copy), owner-only files, the daily/weekly rotation, and restore.

Backups live in a ``backups`` folder beside the database, named
``<database>-<label>-YYYYMMDD-HHMMSS.db``; labels: ``daily`` (first start of a day),
``manual`` (on demand), ``upgrade-<rev>`` (before a migration; never rotated away).

A backup of an encrypted database is encrypted with the same passphrase (the backup API between
two keyed SQLCipher connections); ``key`` below is that passphrase, None for a plain file.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import cipher
from .domain.backup_rotation import BACKUP_NAME, Backup, is_backup_of, to_delete

ROTATED = ("daily", "manual")
LOCK_WAIT = 120.0  # seconds a backup or restore waits for another one (or a conversion) to finish


class BackupError(Exception):
    """A backup or restore that did not happen, explained in Chinese."""


def backup_dir(db_path: Path) -> Path:
    folder = db_path.parent / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def copy_database(src: Path, dest: Path, key: str | None = None) -> None:
    """``src`` into a new owner-only ``dest`` with the online backup API (same passphrase)."""
    cipher.owner_only(dest)
    source = cipher.connect(src, key, readonly=True)
    target = cipher.connect(dest, key)
    try:
        source.backup(target)
        # a backup is one file: out of WAL mode, nothing beside it when it is read or moved
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        source.close()


def make_backup(db_path: Path, label: str, now: datetime | None = None, out: Path | None = None,
                key: str | None = None) -> Path:
    """A checked backup: in the backups folder, or at ``out`` (the CLI's ``--out``)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    dest = out or backup_dir(db_path) / f"{db_path.stem}-{label}-{stamp}.db"
    partial = dest.with_name(dest.name + ".partial")  # never a half-copied file under a backup's name
    try:
        with cipher.exclusive(db_path, wait=LOCK_WAIT):  # no conversion and no start-up clean-up meanwhile
            try:
                copy_database(db_path, partial, key)
                if (problem := integrity_problem(partial, key)) is not None:
                    raise BackupError(f"备份文件校验未通过（{problem}），已删除")
                head = chain_head_of(partial, key)
                os.replace(partial, dest)
                write_metadata(dest, db_path, label, head)
            finally:
                for f in (partial, *(Path(f"{partial}{s}") for s in ("-journal", "-wal", "-shm"))):
                    f.unlink(missing_ok=True)
    except cipher.Busy as e:
        raise BackupError(f"备份未进行：{e}") from e
    except cipher.driver_errors() as e:
        from .db import explain

        raise BackupError(f"备份失败：{explain(e)}") from e
    return dest


def metadata_path(backup: Path) -> Path:
    """The backup's metadata beside it: ``<backup>.json``."""
    return backup.with_name(backup.name + ".json")


def chain_head_of(path: Path, key: str | None = None) -> tuple[int, str] | None:
    """(序号, 哈希) of the audit chain's head in a database file; None before the chain existed."""
    con = cipher.connect(path, key, readonly=True)
    try:
        row = con.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    except cipher.driver_errors():
        return None
    finally:
        con.close()
    return (row[0], row[1]) if row else None


def is_metadata(path: Path) -> bool:
    """Whether ``path`` holds a backup's metadata as write_metadata writes it (a file beside a new
    backup that is anything else was not asked to be written over)."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and {"backup_of", "label", "made_at", "audit_head"} <= meta.keys()


def write_metadata(backup: Path, db_path: Path | str, label: str, head: tuple[int, str] | None,
                   database: str | None = None) -> None:
    """What a backup is, beside it (no personal data): whose backup (a file's name, or a server
    database as its address or profile was shown, without its password, and ``database``: its
    name on the server, which a restore compares), when, and the audit chain's head at that
    moment, an anchor ``audit verify --against`` reads even after the backup is gone."""
    from .outputs import OutputRefused, atomic_write

    meta = {"backup_of": db_path.name if isinstance(db_path, Path) else db_path, "label": label, "made_at": datetime.now().isoformat(timespec="seconds"),
            "audit_head": {"seq": head[0], "hash": head[1]} if head else None}
    if database is not None:
        meta["database"] = database
    with contextlib.suppress(OutputRefused):  # the backup is made and checked; the note beside it is a convenience
        atomic_write(metadata_path(backup), json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8"))


def backups_of(db_path: Path) -> list[Path]:
    """The database's own backup files in its backups folder (not another database's)."""
    folder = db_path.parent / "backups"
    return sorted(f for f in folder.glob("*.db") if is_backup_of(f.name, db_path.stem)) if folder.is_dir() else []


def list_backups(db_path: Path) -> list[tuple[Path, str, datetime]]:
    """(file, label, when) of the database's backups, newest first."""
    folder = db_path.parent / "backups"
    found = []
    for f in folder.glob(f"{db_path.stem}-*.db") if folder.is_dir() else ():
        m = BACKUP_NAME.match(f.name)
        if m and m["stem"] == db_path.stem:
            found.append((f, m["label"], datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")))
    return sorted(found, key=lambda x: x[2], reverse=True)


def rotate(db_path: Path, keep_daily: int, keep_weekly: int) -> list[Path]:
    """Delete the daily/manual backups the rotation no longer keeps; returns what went."""
    rotated = [Backup(str(f), when) for f, label, when in list_backups(db_path) if label in ROTATED]
    gone = [Path(b.name) for b in rotated if b.name in to_delete(rotated, keep_daily, keep_weekly)]
    for f in gone:
        f.unlink(missing_ok=True)
        metadata_path(f).unlink(missing_ok=True)
    return gone


def daily_backup(db_path: Path, keep_daily: int, keep_weekly: int, now: datetime | None = None,
                 key: str | None = None) -> Path | None:
    """The first start of a day backs the database up (and rotates); later starts do nothing."""
    now = now or datetime.now()
    try:
        with cipher.exclusive(db_path, wait=LOCK_WAIT):
            if any(when.date() == now.date() and label in ROTATED for _f, label, when in list_backups(db_path)):
                return None
            cipher.tidy(db_path)  # a copy cut short by a quit
            made = make_backup(db_path, "daily", now, key=key)
            rotate(db_path, keep_daily, keep_weekly)
    except cipher.Busy as e:
        raise BackupError(f"备份未进行：{e}") from e
    return made


def integrity_problem(path: Path, key: str | None = None) -> str | None:
    """None when ``path`` is a SQLite database (encrypted with ``key`` if one is given) that
    passes ``PRAGMA integrity_check``."""
    try:
        with path.open("rb") as f:
            head = f.read(16)
        if key is None and head != cipher.SQLITE_HEADER:
            return "是加密的数据库文件，需要口令" if cipher.looks_encrypted(path) else "不是 SQLite 数据库文件"
        con = cipher.connect(path, key, readonly=True)
        try:
            rows = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        finally:
            con.close()
    except OSError as e:
        return f"无法读取：{e}"
    except cipher.driver_errors() as e:
        if key is not None and "not a database" in str(e):  # the page check failed: another passphrase
            return "口令不正确，或不是本程序的数据库文件"
        return f"无法读取：{e}"
    return None if rows == ["ok"] else "完整性检查失败：" + "；".join(rows[:3])


@dataclass(frozen=True)
class Restored:
    replaced_kept_at: Path | None  # the database that was replaced, kept aside


def restore(db_path: Path, source: Path, check: Callable[[Path, str | None], str | None],
            key: str | None = None, source_key: str | None = None) -> Restored:
    """Replace the database with ``source`` after checking a copy of it: integrity, then
    ``check`` (the caller's schema upgrade and audit-chain verification) on that copy. The
    database being replaced is copied aside first; nothing changes when a check fails.

    ``key`` is the database's passphrase, ``source_key`` the backup's (None: plain). The restored
    database keeps the database's form (a plain backup restored into an encrypted database is
    encrypted); a new database takes the backup's."""
    if not source.is_file():
        raise BackupError(f"找不到备份文件 {source}")
    if (problem := integrity_problem(source, source_key)) is not None:
        raise BackupError(f"备份文件 {source.name} 未通过检查：{problem}。未做任何更改。")
    if not db_path.exists():
        key = source_key
    elif not cipher.key_opens(db_path, key):
        raise BackupError("数据库口令不正确，无法恢复。未做任何更改。" if key is not None
                          else "数据库无法读取（已加密或已损坏），未做任何更改。")
    try:
        with cipher.exclusive(db_path, wait=LOCK_WAIT):  # its candidate is not a start-up's leftover
            return _restore(db_path, source, check, key, source_key)
    except cipher.Busy as e:
        raise BackupError(f"{e}。未做任何更改。") from e


def _restore(db_path: Path, source: Path, check: Callable[[Path, str | None], str | None],
             key: str | None, source_key: str | None) -> Restored:
    candidate = db_path.with_name(f"{db_path.stem}.restoring.db")
    try:
        if source_key == key:
            copy_database(source, candidate, key)
        else:
            cipher.export(source, source_key, candidate, key)
        if (problem := check(candidate, key)) is not None:
            raise BackupError(f"备份文件 {source.name} 未通过检查：{problem}。未做任何更改。")
        kept = None
        if db_path.exists():  # through a .partial, checked: never a half copy under a backup's name
            kept = make_backup(db_path, "replaced", key=key)
        else:
            cipher.owner_only(db_path)
        src = cipher.connect(candidate, key)
        dst = cipher.connect(db_path, key)
        try:
            src.backup(dst)  # into the live file through SQLite: its WAL and locks stay right
        finally:
            dst.close()
            src.close()
    except cipher.CipherError as e:
        raise BackupError(f"恢复失败：{e}。未做任何更改。") from e
    except cipher.driver_errors() as e:
        from .db import explain

        raise BackupError(f"恢复失败：{explain(e)}") from e
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{candidate}{suffix}").unlink(missing_ok=True)
    return Restored(kept)
