"""Whether a path lies on a network file system, where a SQLite database must not live.

SQLite's write-ahead log keeps its index in shared memory beside the file and relies on
file locks; over NFS, SMB/CIFS, sshfs and their kind both are unreliable, and two PCs
writing at once corrupt the database. Several PCs share one PostgreSQL server instead.

Cheap on purpose (it runs at every start): Linux reads ``/proc/self/mountinfo`` once per
process; Windows asks for the drive type; macOS reads the file system's name with statfs.
When the answer cannot be had the path counts as local (the program never refuses a disk
it merely failed to identify).
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

# Linux file-system types (mountinfo's "fstype", with a FUSE file system's subtype after the dot)
# and macOS's f_fstypename values that are reached over a network
NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "smb2", "ncpfs", "9p", "afs", "coda", "ceph", "glusterfs",
    "lustre", "gpfs", "beegfs", "davfs", "webdav", "afpfs", "vboxsf", "vmhgfs", "fuse.sshfs",
    "fuse.glusterfs", "fuse.cephfs", "fuse.ceph", "fuse.davfs", "fuse.davfs2", "fuse.rclone", "fuse.s3fs",
    "fuse.gvfsd-fuse", "fuse.vmhgfs-fuse", "fuse.smbnetfs", "fuse.curlftpfs", "fuse.afpfs",
})

DRIVE_REMOTE = 4  # GetDriveTypeW


def is_network_type(fstype: str) -> bool:
    return fstype.lower() in NETWORK_TYPES


def _unescape(field: str) -> str:
    """mountinfo writes a space, tab, newline and backslash in a path as octal escapes."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def parse_mountinfo(text: str) -> list[tuple[str, str]]:
    """(mount point, file-system type) of each line of /proc/self/mountinfo; the type of a
    FUSE file system is ``fuse.<subtype>`` as the kernel writes it."""
    mounts = []
    for line in text.splitlines():
        before, sep, after = line.partition(" - ")
        fields = before.split()
        rest = after.split()
        if not sep or len(fields) < 5 or not rest:
            continue
        mounts.append((_unescape(fields[4]), rest[0]))
    return mounts


def fstype_of(path: Path, mounts: list[tuple[str, str]]) -> str | None:
    """The file-system type of the mount that holds ``path`` (an absolute path): the longest
    mount point above it, the last one mounted when several share a point."""
    best: tuple[int, str] | None = None
    text = str(path)
    for point, fstype in mounts:
        inside = text == point or point == "/" or text.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), fstype)
    return best[1] if best else None


@functools.cache
def _linux_mounts() -> tuple[tuple[str, str], ...]:
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as f:
            return tuple(parse_mountinfo(f.read()))
    except OSError:
        return ()


def windows_network(path: str, drive_type: Callable[[str], int]) -> str | None:
    """A UNC path (\\\\server\\share\\…) or a mapped network drive: how it is reached, else None."""
    text = path.replace("/", "\\")
    if text.upper().startswith("\\\\?\\UNC\\") or (text.startswith("\\\\") and not text.startswith("\\\\?\\")
                                                   and not text.startswith("\\\\.\\")):
        return "网络路径"
    if text.upper().startswith("\\\\?\\"):
        text = text[4:]
    if len(text) >= 2 and text[1] == ":" and drive_type(text[:2] + "\\") == DRIVE_REMOTE:
        return "网络驱动器"
    return None


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))


def _darwin_fstype(path: Path) -> str | None:
    """statfs's f_fstypename (macOS, 64-bit struct statfs)."""
    import ctypes
    import ctypes.util

    class StatFs(ctypes.Structure):
        _fields_ = [
            ("f_bsize", ctypes.c_uint32), ("f_iosize", ctypes.c_int32), ("f_blocks", ctypes.c_uint64),
            ("f_bfree", ctypes.c_uint64), ("f_bavail", ctypes.c_uint64), ("f_files", ctypes.c_uint64),
            ("f_ffree", ctypes.c_uint64), ("f_fsid", ctypes.c_int32 * 2), ("f_owner", ctypes.c_uint32),
            ("f_type", ctypes.c_uint32), ("f_flags", ctypes.c_uint32), ("f_fssubtype", ctypes.c_uint32),
            ("f_fstypename", ctypes.c_char * 16), ("f_mntonname", ctypes.c_char * 1024),
            ("f_mntfromname", ctypes.c_char * 1024), ("f_reserved", ctypes.c_uint32 * 8),
        ]

    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    statfs = libc["statfs$INODE64"] if hasattr(libc, "statfs$INODE64") else libc.statfs
    buf = StatFs()
    if statfs(os.fsencode(str(path)), ctypes.byref(buf)) != 0:
        return None
    return buf.f_fstypename.decode("ascii", "replace")


def _existing(path: Path) -> Path:
    """The path itself or its nearest existing folder (a new database file is not there yet)."""
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def network_share(path: Path) -> str | None:
    """How ``path`` (absolute) is reached when it is on a network file system (its type, or
    网络路径 / 网络驱动器 on Windows); None for a local disk or when it cannot be told."""
    try:
        if sys.platform == "win32":
            return windows_network(str(path), _windows_drive_type)
        if sys.platform == "darwin":
            fstype = _darwin_fstype(_existing(path))
        else:
            fstype = fstype_of(_existing(path), list(_linux_mounts()))
    except (OSError, AttributeError, ValueError):
        return None
    return fstype if fstype is not None and is_network_type(fstype) else None


def refusal(path: Path, how: str) -> str:
    return (f"数据库文件 {path} 位于网络共享文件夹上（{how}），本程序不在网络共享上使用 SQLite 数据库："
            "多台电脑同时写入会损坏数据。多台电脑共用请使用办公室的 PostgreSQL 服务器，见 README；"
            "一台电脑使用请把数据库放在本机磁盘上。")
