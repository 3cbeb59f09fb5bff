"""Backups and the audit chain of a server database (issue 20, point 7): ``backup --db URL``
is a pg_dump with the same metadata as a file's backup, ``restore --db URL`` checks the dump in
a scratch database before it replaces anything (and keeps a dump of what it replaced),
``audit verify --db URL`` reads the chain over the connection; a SQLite file is no backup of a
server, nor a dump of a file; the daily backup at start stays silent on a server."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from hrss_disputes.cli import main
from hrss_disputes.db import open_database
from hrss_disputes.models.enums import OfficeKind
from hrss_disputes.services import backups, cases, setup
from hrss_disputes.services.context import ServiceContext
from tests.conftest import PG_URL, server_only
from tests.factories import TEST_PASSWORD, arbitration_input
from tests.pg_office import APP_PASSWORD, OWNER_PASSWORD, create_office_server, drop_office_server

pytestmark = server_only


@pytest.fixture
def office(monkeypatch, tmp_path: Path):  # noqa: ANN001, ANN201
    """roles.sql's database, built by the owner, with an administrator and one case registered
    through the application role (as a PC does)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    made = create_office_server()
    assert main(["db", "upgrade", "--db", made.owner_url]) == 0
    _register(made, "肇劳人仲案字〔2026〕1号", first=True)
    yield made
    drop_office_server(made)


def _register(office, number: str, first: bool = False) -> None:  # noqa: ANN001
    db = open_database(office.app_url)
    ctx = ServiceContext(db)
    if first:
        ctx.actor = ctx.call(setup.first_start, office_name="肇庆市劳动人事争议仲裁院", office_kind=OfficeKind.INSTITUTE,
                             city="肇庆", admin_name="李明", password=TEST_PASSWORD)
    else:
        from hrss_disputes.services import accounts

        ctx.actor = ctx.call(accounts.authenticate, username="admin", password=TEST_PASSWORD).actor
    ctx.call(cases.create_case, data=arbitration_input(ctx.actor.office_id, case_number=number))
    db.dispose()


def _numbers(office, role: str | None = None) -> list[str]:  # noqa: ANN001
    engine = office.engine(role)
    with engine.connect() as conn:
        found = conn.execute(text("SELECT case_number FROM dispute_case ORDER BY case_number")).scalars().all()
    engine.dispose()
    return list(found)


def _run(capsys, *argv: str) -> tuple[int, str]:  # noqa: ANN001
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_backup_then_restore_on_a_server_round_trip(office, capsys, tmp_path) -> None:  # noqa: ANN001
    dump = tmp_path / "office-nightly.dump"
    code, said = _run(capsys, "backup", "--db", office.owner_url, "--out", str(dump))
    assert code == 0, said
    assert dump.read_bytes().startswith(b"PGDMP") and (dump.stat().st_mode & 0o777) == 0o600
    meta = json.loads(dump.with_name(dump.name + ".json").read_text(encoding="utf-8"))
    assert meta["label"] == "manual" and meta["audit_head"]["seq"] > 0
    assert meta["backup_of"] == f"postgresql://{office.owner}@127.0.0.1:{make_url(PG_URL).port}/{office.name}"
    _register(office, "肇劳人仲案字〔2026〕2号")  # work done after the backup
    assert _numbers(office) == ["肇劳人仲案字〔2026〕1号", "肇劳人仲案字〔2026〕2号"]

    code, said = _run(capsys, "restore", "--db", office.owner_url, "--from", str(dump))
    assert code == 0, said
    assert _numbers(office) == ["肇劳人仲案字〔2026〕1号"]
    kept = next(line.split("另存为 ", 1)[1] for line in said.splitlines() if "被替换的数据库另存为" in line)
    assert Path(kept).read_bytes().startswith(b"PGDMP") and "-replaced-" in kept
    assert OWNER_PASSWORD not in said
    # the application role keeps its rights on the restored tables, and the PCs work on
    assert _numbers(office, office.app) == ["肇劳人仲案字〔2026〕1号"]
    _register(office, "肇劳人仲案字〔2026〕3号")
    # the chain over the connection, and the backup's head is a prefix of today's
    code, said = _run(capsys, "audit", "verify", "--db", office.app_url)
    assert code == 0, said
    assert "审计链完整" in said and "今天的链头" in said
    code, said = _run(capsys, "audit", "verify", "--db", office.app_url, "--against", str(dump))
    assert code == 0 and "原样保留在今天的审计链中" in said, said
    assert APP_PASSWORD not in said
    # no scratch database is left behind
    engine = office.engine()
    with engine.connect() as conn:
        left = conn.execute(text("SELECT count(*) FROM pg_database WHERE datname LIKE :p"),
                            {"p": f"{office.name}_check_%"}).scalar()
    engine.dispose()
    assert left == 0


def test_audit_verify_on_a_server_finds_a_rewritten_entry(office, capsys) -> None:  # noqa: ANN001
    engine = office.engine()  # the superuser, triggers off: the trail's refuses UPDATE to everyone (0025)
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text("UPDATE audit_entry SET action = 'x' WHERE seq = 2"))
    engine.dispose()
    code, said = _run(capsys, "audit", "verify", "--db", office.app_url)
    assert code == 1 and "审计校验失败" in said and "第 2 条" in said


def test_a_dump_with_a_broken_chain_is_not_restored(office, capsys, tmp_path) -> None:  # noqa: ANN001
    engine = office.engine()
    with engine.begin() as conn:  # the superuser, triggers off (the trail's refuses UPDATE: 0025)
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        action = conn.execute(text("SELECT action FROM audit_entry WHERE seq = 2")).scalar()
        conn.execute(text("UPDATE audit_entry SET action = 'x' WHERE seq = 2"))
    bad = tmp_path / "bad.dump"
    assert main(["backup", "--db", office.owner_url, "--out", str(bad)]) == 0
    with engine.begin() as conn:  # the live database as it was: only the dump is rewritten
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text("UPDATE audit_entry SET action = :a WHERE seq = 2"), {"a": action})
    engine.dispose()
    _register(office, "肇劳人仲案字〔2026〕2号")
    capsys.readouterr()
    code, said = _run(capsys, "restore", "--db", office.owner_url, "--from", str(bad))
    assert code == 1 and "审计链校验失败" in said and "未做任何更改" in said
    assert _numbers(office) == ["肇劳人仲案字〔2026〕1号", "肇劳人仲案字〔2026〕2号"]


def test_a_cut_dump_is_refused_before_anything_changes(office, capsys, tmp_path) -> None:  # noqa: ANN001
    dump = tmp_path / "whole.dump"
    assert main(["backup", "--db", office.owner_url, "--out", str(dump)]) == 0
    cut = tmp_path / "cut.dump"
    cut.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    _register(office, "肇劳人仲案字〔2026〕2号")
    capsys.readouterr()
    code, said = _run(capsys, "restore", "--db", office.owner_url, "--from", str(cut))
    assert code == 1 and "未做任何更改" in said
    assert _numbers(office) == ["肇劳人仲案字〔2026〕1号", "肇劳人仲案字〔2026〕2号"]


def test_the_application_role_cannot_restore(office, capsys, tmp_path) -> None:  # noqa: ANN001
    dump = tmp_path / "d.dump"
    assert main(["backup", "--db", office.app_url, "--out", str(dump)]) == 0  # it may read everything
    capsys.readouterr()
    code, said = _run(capsys, "restore", "--db", office.app_url, "--from", str(dump))
    assert code == 1 and "CREATEDB" in said and "未做任何更改" in said


def test_a_sqlite_file_is_no_backup_of_a_server_nor_a_dump_of_a_file(office, capsys, tmp_path) -> None:  # noqa: ANN001
    local = tmp_path / "local.db"
    assert main(["demo", "--db", str(local), "--cases", "3"]) == 0
    capsys.readouterr()
    code, said = _run(capsys, "restore", "--db", office.owner_url, "--from", str(local))
    assert code == 2 and "本机数据库文件（SQLite）" in said and "不能恢复到服务器数据库" in said
    dump = tmp_path / "server.dump"
    assert main(["backup", "--db", office.owner_url, "--out", str(dump)]) == 0
    capsys.readouterr()
    before = local.read_bytes()
    code, said = _run(capsys, "restore", "--db", str(local), "--from", str(dump))
    assert code == 2 and "服务器数据库（PostgreSQL）的备份" in said and "不能恢复到本机数据库文件" in said
    assert local.read_bytes() == before
    assert _numbers(office) == ["肇劳人仲案字〔2026〕1号"]


def test_the_daily_backup_at_start_says_nothing_on_a_server(ctx) -> None:  # noqa: ANN001
    assert ctx.call(backups.daily_backup) is None


def test_pg_dump_is_given_no_password_on_its_command_line(office, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    seen: list[list[str]] = []
    real = subprocess.run

    def spy(argv, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        seen.append([str(a) for a in argv])
        return real(argv, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    assert main(["backup", "--db", office.owner_url, "--out", str(tmp_path / "x.dump")]) == 0
    assert any(Path(argv[0]).name == "pg_dump" for argv in seen)
    assert not any(OWNER_PASSWORD in a for argv in seen for a in argv)
