"""Backups through SQLite's online backup API, their rotation, and restore that refuses
anything it cannot prove sound."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hrss_disputes.backup import list_backups, make_backup
from hrss_disputes.cli import main
from hrss_disputes.domain.backup_rotation import Backup, to_keep
from hrss_disputes.services import backups, cases, offices
from hrss_disputes.services.errors import PermissionDenied
from tests.factories import arbitration_input

# copies of the file itself through SQLite's backup API; a server's backups (pg_dump) are
# tests/services/test_pg_backup.py
pytestmark = pytest.mark.sqlite_only("backups of the SQLite file (its online backup API, its bytes, its rotation)")


def _rows(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    out = {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}
    con.close()
    return out


@pytest.fixture
def filled(three_cases):  # noqa: ANN001, ANN201
    return three_cases.path


def test_backup_restore_round_trip_keeps_every_row_and_the_chain(ctx, filled, tmp_path, capsys) -> None:  # noqa: ANN001
    out = tmp_path / "copy.db"
    assert main(["backup", "--db", str(filled), "--out", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    saved = _rows(out)
    # work goes on after the backup, then the backup is restored
    ctx.actor = ctx.call(offices.find_actor, username="clerk")
    ctx.call(cases.create_case, data=arbitration_input(ctx.actor.office_id, case_number="肇劳人仲案字〔2026〕9号"))
    ctx.db.dispose()
    assert main(["restore", "--db", str(filled), "--from", str(out)]) == 0
    text = capsys.readouterr().out
    assert "被替换的数据库另存为" in text
    restored = _rows(filled)
    # every row of the backup is back; the trail has one more entry saying it was restored
    assert {t: r for t, r in restored.items() if t not in ("audit_entry", "audit_head")} == \
           {t: r for t, r in saved.items() if t not in ("audit_entry", "audit_head")}
    assert set(saved["audit_entry"]) < set(restored["audit_entry"])
    assert len(restored["audit_entry"]) == len(saved["audit_entry"]) + 1
    assert main(["audit", "verify", "--db", str(filled)]) == 0
    kept = list((filled.parent / "backups").glob("*-replaced-*.db"))
    assert kept and "肇劳人仲案字〔2026〕9号" in str(_rows(kept[0])["dispute_case"])


def test_a_corrupt_backup_is_refused_and_changes_nothing(filled, tmp_path, capsys, ctx) -> None:  # noqa: ANN001
    ctx.db.dispose()
    before = _rows(filled)
    good = tmp_path / "good.db"
    make_backup(filled, "manual", out=good)
    broken = tmp_path / "broken.db"
    data = bytearray(good.read_bytes())
    for i in range(4096, len(data), 4096):  # scribble over the head of every page after the schema's
        data[i:i + 400] = b"\xff" * 400
    broken.write_bytes(bytes(data))
    assert main(["restore", "--db", str(filled), "--from", str(broken)]) == 1
    assert "未做任何更改" in capsys.readouterr().err
    not_db = tmp_path / "ledger.xlsx"
    not_db.write_bytes(b"PK\x03\x04" + b"\0" * 5000)
    assert main(["restore", "--db", str(filled), "--from", str(not_db)]) == 1
    assert "不是 SQLite 数据库文件" in capsys.readouterr().err
    assert _rows(filled) == before
    assert not list(filled.parent.glob("*.restoring*"))


def test_a_backup_with_a_tampered_trail_is_refused(filled, tmp_path, capsys, ctx) -> None:  # noqa: ANN001
    ctx.db.dispose()
    before = _rows(filled)
    bad = tmp_path / "bad.db"
    make_backup(filled, "manual", out=bad)
    con = sqlite3.connect(bad)
    con.execute("UPDATE audit_entry SET after = '{}' WHERE seq = 2")
    con.commit()
    con.close()
    assert main(["restore", "--db", str(filled), "--from", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "审计链校验失败" in err and "第 2 条" in err
    assert _rows(filled) == before


def test_backup_on_demand_is_the_administrators_and_rotates(ctx, admin, filled) -> None:  # noqa: ANN001
    made = ctx.call(backups.backup_now)
    assert made.parent == filled.parent / "backups" and made.stat().st_mode & 0o777 == 0o600
    assert (made.parent.stat().st_mode & 0o777) == 0o700
    ctx.actor = ctx.call(offices.find_actor, username="clerk")
    with pytest.raises(PermissionDenied):
        ctx.call(backups.backup_now)


def test_the_first_start_of_a_day_backs_up_once_and_rotation_keeps_7_daily_4_weekly(ctx, filled) -> None:  # noqa: ANN001
    start = datetime(2026, 9, 1, 8, 30)
    for day in range(80):
        when = start + timedelta(days=day)
        assert ctx.call(backups.daily_backup, now=when) is not None
        assert ctx.call(backups.daily_backup, now=when + timedelta(hours=3)) is None  # once a day
    kept = list_backups(filled)
    days = sorted({when.date() for _f, _l, when in kept}, reverse=True)
    assert len(kept) == 11
    assert days[:7] == [(start + timedelta(days=79 - i)).date() for i in range(7)]
    assert len({d.isocalendar()[:2] for d in days[7:]}) == 4


@given(st.lists(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 1, 1)), max_size=60),
       st.integers(0, 10), st.integers(0, 6))
def test_rotation_never_loses_the_newest_and_keeps_at_most_what_it_says(stamps, daily, weekly) -> None:  # noqa: ANN001
    items = [Backup(f"b{i}", when) for i, when in enumerate(stamps)]
    kept = to_keep(items, daily, weekly)
    assert len(kept) <= daily + weekly
    if items and daily:
        newest = max(items, key=lambda b: b.when)
        assert any(b.name in kept and b.when == newest.when for b in items)
    assert len({b.when.date() for b in items if b.name in kept}) == len(kept)  # one per day at most


def test_a_backup_is_one_self_contained_file(ctx, filled) -> None:  # noqa: ANN001
    """Checking a copy of a WAL database must not leave its -wal/-shm beside the backups."""
    made = ctx.call(backups.backup_now)
    # (and the work lock, an empty hidden file, and its metadata with the audit chain's head)
    assert sorted(p.name for p in made.parent.iterdir()) == [f".{ctx.db.path.stem}.lock", made.name,
                                                               f"{made.name}.json"]
    con = sqlite3.connect(made)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()
