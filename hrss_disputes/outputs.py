"""Files the program writes for a person (reports, papers, backups, exports): checked before a
byte is written, written under a temporary name beside the target and renamed into place, and
owner-only, since each of them holds personal data.

A target is refused when it is a folder, lies in a folder that does not exist, is a database
(SQLite or SQLCipher: an office's database must never be replaced by a PDF) or a server
database's backup (pg_dump) or the metadata beside either, is the live
database or one of its journal files, or lies among its backups.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from . import cipher


class OutputRefused(Exception):
    """The file cannot or must not be written; the message says why in Chinese."""


_JOURNALS = ("-wal", "-shm", "-journal")
_LIVE: set[Path] = set()  # every database this process has opened: never a target


def protect(database: Path) -> None:
    """Remember an opened database: no file this process writes may replace it (the window's
    save dialogs know no database, so they are checked against these)."""
    _LIVE.add(Path(os.path.realpath(database)))


def _head(path: Path) -> bytes | None:
    try:
        with path.open("rb") as f:
            return f.read(16)
    except OSError:
        return None


def is_server_backup(path: Path) -> bool:
    """A server database's backup: a pg_dump custom-format archive."""
    from .pg_tools import PG_DUMP_MAGIC

    return (_head(path) or b"").startswith(PG_DUMP_MAGIC)


def is_database_file(path: Path) -> bool:
    """An SQLite database (its header), an encrypted one (SQLCipher: whole random pages) or a
    server database's backup (is_server_backup)."""
    if (head := _head(path)) is None:
        return False
    return head == cipher.SQLITE_HEADER or is_server_backup(path) or cipher.looks_encrypted(path)


def _journal_of_a_database(path: Path) -> bool:
    return any(path.name.endswith(s) and path.with_name(path.name[: -len(s)]).is_file() for s in _JOURNALS)


def refusal(path: Path, database: Path | None = None) -> str | None:
    """Why ``path`` must not be written (Chinese), or None when it may."""
    if not str(path) or not Path(path).name:
        return "请给出要保存的文件名"
    path = Path(os.path.abspath(path))
    if path.is_dir():
        return f"{path} 是一个文件夹，请给出要保存的文件名"
    if not path.parent.is_dir():
        return f"文件夹 {path.parent} 不存在，请先建立该文件夹或换一个位置"
    real = Path(os.path.realpath(path))
    for live in _LIVE | ({Path(os.path.realpath(database))} if database is not None else set()):
        if real == live or (real.parent == live.parent and real.name in {live.name + s for s in _JOURNALS}):
            return f"{path} 是正在使用的数据库文件本身，不能被覆盖"
        if real.parent == live.parent / "backups":
            return f"{path} 位于数据库的备份文件夹中，不能写到那里"
    if path.exists():
        if not path.is_file():
            return f"{path} 不是普通文件，不能写入"
        if is_database_file(path):
            what = "服务器数据库的备份文件" if is_server_backup(path) else "一个数据库文件"
            return f"{path} 是{what}，不能被覆盖；请换一个文件名"
        if _journal_of_a_database(path):
            return f"{path} 是数据库的日志文件，不能被覆盖"
        if path.name.endswith(".json") and is_database_file(path.with_name(path.name[: -len(".json")])):
            return f"{path} 是备份的说明文件（含审计链头），不能被覆盖"
    return None


def check(paths: Iterable[Path], database: Path | None = None) -> None:
    """Raise OutputRefused for the first of ``paths`` that must not be written."""
    for p in paths:
        if (why := refusal(p, database)) is not None:
            raise OutputRefused(why)


_REASONS = {  # the operating system's reasons in Chinese (its own text is English)
    errno.EROFS: "磁盘或文件夹是只读的", errno.EACCES: "没有权限", errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "磁盘空间不足", errno.ENAMETOOLONG: "文件名太长",
    errno.ENOENT: "文件或文件夹不存在", errno.ENOTDIR: "路径中有一段不是文件夹", errno.EISDIR: "这是一个文件夹",
    errno.EEXIST: "文件已存在", errno.EIO: "读写出错（磁盘或设备故障）", errno.EBUSY: "文件正被占用",
    errno.EXDEV: "不能跨磁盘改名", errno.EINVAL: "路径无效", errno.ELOOP: "链接层次过多",
}


def os_reason(e: OSError) -> str:
    """Why the operating system refused, in Chinese."""
    return _REASONS.get(e.errno, f"系统错误 {e.errno}" if e.errno else "系统错误")


def write_error(path: Path, e: OSError) -> OutputRefused:
    """An OSError met while writing ``path``, as a sentence for the person."""
    return OutputRefused(f"无法写入 {path}：{os_reason(e)}")


def write_private(path: Path, data: bytes, database: Path | None = None) -> Path:
    """Write ``data`` to ``path`` for a person: checked (refusal() above), then atomic_write()."""
    check([path], database)
    return atomic_write(path, data)


def atomic_write(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` owner-only, through a temporary file beside it and a rename, so
    a reader never sees half a file and a failure leaves the old file as it was. Unchecked: for
    the program's own files (a backup's metadata in its backups folder)."""
    path = Path(os.path.abspath(path))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # mode 0600
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        raise write_error(path, e) from e
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return path
