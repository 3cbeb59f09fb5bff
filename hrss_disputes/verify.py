"""``audit verify``: check a database file without changing a byte of it (or a server database
over its connection, reading only: ``verify_engine``).

The file is opened read-only (``immutable`` when its folder cannot be written: a copy on a CD or
a write-protected USB stick), never backed up or upgraded. In order: SQLite's integrity check,
the audit trail's hash chain (domain/audit_chain.py), every issued paper against the SHA-256 its
``issue`` entry recorded, and, with ``--against``, that an older chain (an older backup, its metadata
``<backup>.json``, or a head noted from a monthly report: ``序号:哈希``) is a prefix of this one.

What it proves: within the file, any changed, removed, reordered or cut-off entry, and any
issued PDF that is not the one recorded when it was issued. An unkeyed chain can be recomputed
by whoever can write the file, so only ``--against`` an anchor kept elsewhere proves that the
history up to that anchor was not rewritten or truncated.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, exc, select
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from . import cipher
from .db import schema_refusal
from .domain.audit_chain import head_text

CHAIN_SINCE = "0014"  # the first schema revision with the hash chain
SUBMISSIONS_SINCE = "0019"  # the first schema revision with submitted reports (上报)


@dataclass
class Verification:
    lines: list[str] = field(default_factory=list)  # what held, in order
    fault: str | None = None  # the first thing that did not


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str  # the full hash, or a prefix of at least 16 hex digits typed from a report


ANCHOR_TEXT = re.compile(r"^\s*(?:第\s*)?(\d{1,18})\s*(?:条)?\s*[:：\s]\s*([0-9a-fA-F]{16,64})\s*$")


def parse_anchor(text: str) -> Anchor | None:
    """``序号:哈希`` (or ``第 N 条 哈希``) as printed on a report; None if it is not one."""
    m = ANCHOR_TEXT.match(text)
    return Anchor(int(m[1]), m[2].lower()) if m else None


def _engine(path: Path, key: str | None) -> Engine:
    # with no write-ahead log beside it, everything is in the file: read it as immutable, so
    # SQLite makes no -wal or -shm beside a database in WAL mode (nothing is written at all)
    settled = not Path(f"{path}-wal").exists()
    con = cipher.connect(path, key, readonly=True, immutable=settled, check_same_thread=False)
    module = cipher.dbapi() if key is not None else None
    kwargs = {"module": module} if module is not None else {}
    return create_engine("sqlite://", creator=lambda: con, poolclass=StaticPool, **kwargs)


def _head(session: Session) -> tuple[int, str] | None:
    from .models.audit import AuditHead

    head = session.get(AuditHead, 1)
    return (head.seq, head.hash) if head else None


def _revision(engine: Engine) -> str | None:
    from .db import current_revision

    return current_revision(engine)


def _anchor_from_metadata(path: Path) -> Anchor | str:
    """The chain head a backup's metadata (``<backup>.json``) recorded."""
    try:
        head = json.loads(path.read_text(encoding="utf-8"))["audit_head"]
        return Anchor(int(head["seq"]), str(head["hash"]).lower())
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return f"{path.name} 不是本程序的备份说明文件（其中没有审计链头）"


def _anchor_from_file(path: Path, key: str | None) -> Anchor | str:
    """The chain head of an older backup or its metadata file (or a reason it cannot be read)."""
    from .backup import integrity_problem

    if path.suffix.lower() == ".json":
        return _anchor_from_metadata(path)
    from .pg_tools import is_dump

    if is_dump(path):  # a server's dump: its chain head is in the metadata written beside it
        meta = path.with_name(path.name + ".json")
        if not meta.is_file():
            return f"较早的备份 {path.name} 是服务器数据库的备份，旁边没有其备份说明 {meta.name}（其中记有审计链头）"
        return _anchor_from_metadata(meta)

    if (problem := integrity_problem(path, key)) is not None:
        return f"较早的备份 {path.name} 无法使用：{problem}"
    engine = _engine(path, key)
    try:
        rev = _revision(engine)
        if rev is None or (rev.isdigit() and int(rev) < int(CHAIN_SINCE)):
            return f"较早的备份 {path.name} 还没有审计链（结构版本 {rev}）"
        with Session(engine) as session:
            head = _head(session)
    finally:
        engine.dispose()
    if head is None:
        return f"较早的备份 {path.name} 没有审计链头"
    return Anchor(*head)


def _anchor(against: str | None, against_key: str | None, out: Verification) -> Anchor | None | bool:
    """The anchor ``--against`` names (None without one); False with ``out.fault`` said."""
    if against is None:
        return None
    if Path(against).is_file():
        found = _anchor_from_file(Path(against).resolve(), against_key)
        if isinstance(found, str):
            out.fault = found
            return False
        return found
    if (anchor := parse_anchor(against)) is None:
        out.fault = f"--against “{against}” 既不是备份文件，也不是“序号:哈希”形式的链头（哈希至少 16 位）"
        return False
    return anchor


def verify_file(path: Path, key: str | None = None, against: str | None = None,
                against_key: str | None = None) -> Verification:
    """Check ``path`` (read-only) and, with ``against``, that the older chain it names (a backup
    file or ``序号:哈希``) is a prefix of this file's chain."""
    out = Verification()
    if (anchor := _anchor(against, against_key, out)) is False:
        return out
    if path.stat().st_size == 0:
        out.fault = "这是一个空文件，不是本程序的数据库"
        return out
    if key is None and cipher.looks_encrypted(path):
        out.fault = "数据库已加密，需要口令"
        return out
    engine = _engine(path, key)
    try:
        with engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            out.fault = "数据库文件完整性检查未通过：" + "；".join(rows[:3])
            return out
        out.lines.append("数据库文件完整性检查通过。")
        _verify_chain(engine, anchor, out, "用本程序打开一次即可升级（升级前自动备份）")
    except (exc.DBAPIError, *cipher.driver_errors()) as e:
        from .db import explain

        out.fault = explain(e) if "not a database" not in str(getattr(e, "orig", e)) else (
            "数据库口令不正确，或该文件不是本程序的数据库" if key is not None else "该文件不是本程序的数据库（或已损坏）")
    finally:
        engine.dispose()
    return out


def verify_engine(engine: Engine, against: str | None = None, against_key: str | None = None) -> Verification:
    """The same checks on a database reached over a connection (a server): its audit chain,
    its issued papers and submitted reports, and ``against`` an older anchor. Only reads."""
    out = Verification()
    if (anchor := _anchor(against, against_key, out)) is False:
        return out
    try:
        _verify_chain(engine, anchor, out, "由服务器管理员用数据库所有者账户运行 hrss-disputes db upgrade 升级")
    except exc.DBAPIError as e:
        from .db import explain

        out.fault = explain(e)
    return out


def _verify_chain(engine: Engine, anchor: Anchor | None, out: Verification, how_to_upgrade: str) -> None:
    """The schema, the audit chain, issued papers, submitted reports and the anchor, in order;
    what held goes to ``out.lines``, the first fault to ``out.fault``."""
    from .services import audit

    rev = _revision(engine)
    if (why := schema_refusal(rev)) is not None:
        out.fault = why
        return
    if rev is None or int(rev) < int(CHAIN_SINCE):
        out.fault = f"该数据库（结构版本 {rev}）还没有审计链；{how_to_upgrade}"
        return
    with Session(engine) as session:
        head = _head(session)
        broken = audit.verify_chain(session)
        if broken is not None:
            out.fault = str(broken)
            return
        seq, hash_ = head or (0, "")
        out.lines.append(f"审计链完整：共 {seq} 条记录，逐条校验通过。")
        if (problem := audit.verify_documents(session)) is not None:
            out.fault = problem
            return
        out.lines.append("签发文书均与签发时审计链记录的哈希一致。")
        if int(rev) >= int(SUBMISSIONS_SINCE):
            from .services.report_submissions import verify_submissions

            if (problem := verify_submissions(session)) is not None:
                out.fault = problem
                return
            out.lines.append("上报报表均与上报时审计链记录的哈希一致。")
        if anchor is not None:
            if (problem := _prefix_problem(session, anchor, seq)) is not None:
                out.fault = problem
                return
            out.lines.append(f"较早的链头（第 {anchor.seq} 条）原样保留在今天的审计链中：此前的记录未被改写或截断。")
        out.lines.append(f"今天的链头：{head_text(seq, hash_)}（可记下，日后用 --against 核对）")


def _prefix_problem(session: Session, anchor: Anchor, head_seq: int) -> str | None:
    """None when this (verified) chain's entry at the anchor's sequence has the anchor's hash:
    every link hashes the one before, so the whole older chain is then this chain's prefix."""
    from .models.audit import AuditEntry

    if anchor.seq > head_seq:
        return (f"今天的审计链只有 {head_seq} 条记录，少于较早链头记载的 {anchor.seq} 条："
                "记录被截断后重新计算了哈希")
    if anchor.seq == 0:
        return None
    found = session.scalars(select(AuditEntry.hash).where(AuditEntry.seq == anchor.seq)).one_or_none()
    if found is None or not found.startswith(anchor.hash):
        return (f"第 {anchor.seq} 条审计记录的哈希与较早链头不符：此前的记录被改写并重新计算了哈希"
                "（或较早的链头不是这个数据库的）")
    return None
