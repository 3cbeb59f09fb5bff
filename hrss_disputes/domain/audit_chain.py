"""The audit trail's hash chain: each entry's hash covers its own values and the previous hash.

A changed entry no longer matches its hash; a deleted or moved entry breaks the link of the
one after it; entries cut off the end no longer reach the head the database keeps beside
the trail. Pure functions: the CLI, the migration and the tests check a chain the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = "0" * 64  # the "previous hash" of the first entry


@dataclass(frozen=True)
class ChainEntry:
    """One audit row as the chain sees it (ids as hex text, ``at`` timezone-aware)."""

    seq: int
    id: str
    at: datetime
    user_id: str | None
    entity: str
    entity_id: str
    case_id: str | None
    action: str
    before: str | None
    after: str | None
    prev_hash: str | None
    hash: str | None


def entry_hash(prev_hash: str, e: ChainEntry) -> str:
    """SHA-256 over the previous hash and the entry's values in a fixed, unambiguous form."""
    at = e.at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    body = json.dumps([e.seq, e.id, at, e.user_id, e.entity, e.entity_id, e.case_id, e.action,
                       e.before, e.after], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int | None  # the first entry that does not hold (None: the head itself)
    entry_id: str | None
    reason: str  # Chinese, for the person who runs the check

    def __str__(self) -> str:
        where = f"第 {self.seq} 条审计记录（{self.entry_id}）" if self.seq is not None else "审计链头"
        return f"{where}：{self.reason}"


def first_break(entries: Iterable[ChainEntry], head: tuple[int, str] | None) -> ChainBreak | None:
    """The first place the chain does not hold, walking ``entries`` in ``seq`` order; None when
    every entry matches its hash, links to the one before and the last one is the head."""
    prev, expected_seq = GENESIS, 1
    last: ChainEntry | None = None
    for e in entries:
        if e.seq != expected_seq:
            missing = "之前的记录缺失或顺序被改动" if e.seq > expected_seq else "序号重复或顺序被改动"
            return ChainBreak(e.seq, e.id, f"应为第 {expected_seq} 条，{missing}")
        if e.prev_hash != prev:
            return ChainBreak(e.seq, e.id, "与前一条记录的哈希不衔接（前一条被修改、删除或调换）")
        if e.hash != entry_hash(prev, e):
            return ChainBreak(e.seq, e.id, "内容与其哈希不符（记录被修改）")
        prev, expected_seq, last = e.hash, expected_seq + 1, e
    head_seq, head_hash = head or (0, GENESIS)
    if last is None:
        if head_seq:
            return ChainBreak(None, None, f"链头记载 {head_seq} 条记录，但审计记录为空（记录被删除）")
        return None
    if (last.seq, last.hash) != (head_seq, head_hash):
        if head_seq > last.seq:
            return ChainBreak(last.seq + 1, None, f"链头记载 {head_seq} 条记录，最后 {head_seq - last.seq} 条被删除")
        return ChainBreak(None, None, f"最后一条记录（第 {last.seq} 条）与链头不符（链头被改动）")
    return None


def head_text(seq: int, hash_: str) -> str:
    """The chain head as reports and backups print it and ``audit verify --against`` reads it."""
    return f"{seq}:{hash_}"


def anchor_line(seq: int, hash_: str) -> str:
    """The sentence under a report: the head, and what it is for."""
    return (f"审计链头 {head_text(seq, hash_)}。本表所据记录日后是否被改写，可用“hrss-disputes audit verify "
            f"--against 该链头”核对。")
