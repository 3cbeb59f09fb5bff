"""Column types shared by the tables: money, UTC timestamps, primary keys."""

from __future__ import annotations

import secrets
import time
import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, Numeric, TypeDecorator

MONEY = Numeric(14, 2, asdecimal=True)  # 元, two decimals; never float


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend (SQLite stores naive text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC timestamp column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:  # noqa: ANN001
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def uuid7_from(unix_ms: int, rand: int) -> uuid.UUID:
    """A UUID version 7 (RFC 9562): 48-bit millisecond time, then 74 random bits.

    Keys that grow with time keep B-tree inserts at the right edge of the index, which makes
    bulk loads and offline-created rows cheap for SQLite and PostgreSQL alike.
    """
    value = (unix_ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a (12 bits)
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b
    return uuid.UUID(int=value)


def new_id() -> uuid.UUID:
    return uuid7_from(time.time_ns() // 1_000_000, secrets.randbits(74))
