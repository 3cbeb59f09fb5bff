"""Opening databases: schema head, bad files, locks, backup before upgrade, killed writers."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from hrss_disputes.backup import make_backup
from hrss_disputes.db import DatabaseError, current_revision, open_database
from hrss_disputes.migrations.head import HEAD_REVISION
from hrss_disputes.models.tables import metadata


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__import__("hrss_disputes").__file__).parent / "migrations"))
    return cfg


def _database_at(path: Path, revision: str, then=None):  # noqa: ANN001, ANN202
    """A database file migrated only to ``revision``; ``then(connection)`` runs in the same
    transaction and its result is returned."""
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        result = then(conn) if then else None
    engine.dispose()
    return result


def test_head_constant_matches_alembic_scripts() -> None:
    assert ScriptDirectory.from_config(_alembic_config()).get_current_head() == HEAD_REVISION


def test_new_database_is_migrated_to_head_with_every_table(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "new.db"))
    assert current_revision(db.engine) == HEAD_REVISION
    assert set(metadata.tables) <= set(inspect(db.engine).get_table_names())
    mode = (tmp_path / "new.db").stat().st_mode & 0o777
    assert mode == 0o600  # owner-only: the file holds ID numbers and wages


def test_migration_matches_the_models(db) -> None:  # noqa: ANN001
    """Autogenerate against a migrated database finds nothing to do, on either backend; the
    indexes PostgreSQL alone has (0024) are left out of the models on purpose, and autogenerate
    leaves them out too (migrations.compare.include_name, as env.py does)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from hrss_disputes.migrations.compare import include_name

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_name": include_name}), metadata)
        indexes = {ix["name"] for table in ("party", "party_gram", "dispute_case")
                   for ix in inspect(conn).get_indexes(table)}
    assert diff == []
    server_own = {"ix_pg_party_name_key", "ix_pg_party_gram", "ix_pg_case_number_key",
                  "ix_pg_case_number_key_tail", "ix_pg_case_search_trgm"}
    assert server_own <= indexes if db.engine.dialect.name == "postgresql" else not server_own & indexes


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库" * 100, encoding="utf-8")
    with pytest.raises(DatabaseError, match="不是本程序的数据库"):
        open_database(str(path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions, so read-only cannot be simulated")
def test_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    open_database(str(path)).dispose()
    path.chmod(0o400)
    with pytest.raises(DatabaseError, match="只读"):
        open_database(str(path))


def test_read_only_folder_message_even_as_root(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    path = tmp_path / "ro.db"
    open_database(str(path)).dispose()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    with pytest.raises(DatabaseError, match="只读"):
        open_database(str(path))


def test_locked_database_gives_a_clear_message(tmp_path: Path) -> None:
    """Another program holds an exclusive lock: a Chinese message, not a traceback."""
    path = tmp_path / "locked.db"
    open_database(str(path)).dispose()
    holder = sqlite3.connect(path)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseError, match="占用"):
            open_database(str(path))
    finally:
        holder.rollback()
        holder.close()


def test_unopenable_location(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="无法在"):
        open_database(str(blocker / "sub" / "x.db"))


def test_backup_copies_a_live_database(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    db = open_database(str(path))
    dest = make_backup(path, "upgrade-0000")
    assert dest.exists() and dest.stat().st_mode & 0o777 == 0o600
    copy = sqlite3.connect(dest)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
    copy.close()
    db.dispose()


def test_upgrade_of_an_older_database_backs_it_up_first(tmp_path: Path) -> None:
    """A database at revision 0001 is copied aside, then upgraded, its names indexed for search."""
    path = tmp_path / "old.db"
    _database_at(path, "0001", lambda conn: conn.exec_driver_sql(
        "INSERT INTO party (id, kind, name, migrant_worker, construction, version, created_at, updated_at)"
        " VALUES ('0190f0c0a0b07000800000000000abcd', 'person', '郑琪', 0, 0, 1,"
        " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
    told: list[str | None] = []
    db = open_database(str(path), on_upgrade=told.append)
    assert told == ["0001"]
    assert current_revision(db.engine) == HEAD_REVISION
    backups = list((tmp_path / "backups").glob("old-upgrade-0001-*.db"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    old.close()
    with db.engine.connect() as conn:
        assert sorted(conn.exec_driver_sql("SELECT gram FROM party_gram").scalars().all()) == ["琪\u0001", "郑琪"]
    db.dispose()


def test_upgrade_to_0004_adds_the_case_link_in_place(tmp_path: Path) -> None:
    """The case table is altered, not copied: a copy of 200,000 cases ran for over 20 minutes."""
    path = tmp_path / "old.db"
    root_before = _database_at(path, "0003", lambda conn: conn.exec_driver_sql(
        "SELECT rootpage FROM sqlite_master WHERE name = 'dispute_case'").scalar())
    db = open_database(str(path))
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql(
            "SELECT rootpage FROM sqlite_master WHERE name = 'dispute_case'").scalar() == root_before
        fks = conn.exec_driver_sql("PRAGMA foreign_key_list(dispute_case)").all()
        assert ("origin_case_id", "id") in {(row[3], row[4]) for row in fks}
    db.dispose()


WRITER = r"""
import sys
from datetime import date
from hrss_disputes.db import open_database
from hrss_disputes.models.enums import OfficeKind
from hrss_disputes.services import cases, setup, offices
from hrss_disputes.services.cases import CaseInput, ClaimInput
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.services.parties import PartyInput
db = open_database(sys.argv[1]); ctx = ServiceContext(db)
if ctx.call(offices.is_empty):
    ctx.actor = ctx.call(setup.first_start, office_name="测试仲裁院", office_kind=OfficeKind.INSTITUTE,
                         city="肇庆", admin_name="测试", password="Tribunal2026")
else:
    ctx.actor = ctx.call(offices.find_actor, username="admin")
i = 0
while True:
    i += 1
    cid = ctx.call(cases.create_case, data=CaseInput(
        family="arbitration", procedure="ordinary", office_id=ctx.actor.office_id,
        received_on=date(2026, 1, 5), applicants=[PartyInput(name=f"工人{i}")],
        respondents=[PartyInput(kind="organisation", name="某公司")],
        claims=[ClaimInput(amount_claimed="100.00")]))
    print(cid, flush=True)
"""


def test_killed_writer_loses_nothing_committed(tmp_path: Path) -> None:
    """SIGKILL a process in the middle of saving; every case it reported saved is still there."""
    path = tmp_path / "crash.db"
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    committed: list[str] = []
    for round_ in range(5):
        proc = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        lines: list[str] = []
        while len(lines) < 3 + round_ and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line:
                lines.append(line.strip())
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate()
        committed += lines + [x for x in rest.split() if x]
        check = sqlite3.connect(path)
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {r[0] for r in check.execute("SELECT id FROM dispute_case")}
        check.close()
        missing = [c for c in committed if c.replace("-", "") not in stored]
        assert not missing, f"round {round_}: committed cases lost: {missing}"
    assert len(committed) >= 15


def test_an_upgrade_that_fails_halfway_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    """SQLite runs DDL in the transaction only when one was begun explicitly: without it, a
    failure (or a kill) halfway through a migration left added columns and alembic's temporary
    tables behind, and the next start could not upgrade at all."""
    path = tmp_path / "old.db"
    # a table in the way of 0014's last step makes the upgrade fail after its first steps ran
    _database_at(path, "0013", lambda conn: conn.exec_driver_sql("CREATE TABLE audit_head (x INTEGER)"))
    with pytest.raises(DatabaseError):
        open_database(str(path))
    con = sqlite3.connect(path)
    columns = {r[1] for r in con.execute("PRAGMA table_info(app_user)")}
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    con.close()
    assert revision == "0013"
    assert "password_hash" not in columns
    assert not {t for t in tables if t.startswith("_alembic_tmp")}
