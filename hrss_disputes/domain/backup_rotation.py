"""Which backups a rotation keeps: the newest of each of the last ``daily`` days that have
one, and the newest of each of the ``weekly`` ISO weeks before those (weeks the daily
copies reach are not counted twice); the rest go."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

# <database stem>-<label>-YYYYMMDD-HHMMSS.db: daily, manual, replaced (a restore's), upgrade-<rev>
BACKUP_NAME = re.compile(r"^(?P<stem>.+)-(?P<label>daily|manual|replaced|upgrade-\w+)-(?P<stamp>\d{8}-\d{6})\.db$")


def is_backup_of(name: str, stem: str) -> bool:
    """Whether a file name is one of the backups of the database whose file stem is ``stem``
    (exactly: office-old's backups are not office's)."""
    m = BACKUP_NAME.match(name)
    return m is not None and m["stem"] == stem


KEEP_DAILY_DEFAULT = 7
KEEP_WEEKLY_DEFAULT = 4


@dataclass(frozen=True)
class Backup:
    name: str
    when: datetime


def to_keep(backups: Iterable[Backup], daily: int, weekly: int) -> set[str]:
    newest_first = sorted(backups, key=lambda b: b.when, reverse=True)
    keep: set[str] = set()
    days: list = []
    for b in newest_first:
        if b.when.date() not in days:
            if len(days) < daily:
                keep.add(b.name)
            days.append(b.when.date())
    # weeks the daily copies already cover do not take a weekly slot
    covered = {d.isocalendar()[:2] for d in days[:daily]}
    weeks: list = []
    for b in newest_first:
        if b.when.isocalendar()[:2] in covered:
            continue
        week = b.when.isocalendar()[:2]
        if week not in weeks:
            if len(weeks) < weekly:
                keep.add(b.name)
            weeks.append(week)
    return keep


def to_delete(backups: list[Backup], daily: int, weekly: int) -> set[str]:
    kept = to_keep(backups, daily, weekly)
    return {b.name for b in backups} - kept
