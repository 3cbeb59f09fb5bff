"""Running an office server (issue 20, points 2 and 7): ``db upgrade`` and ``db status`` on a
server database, by the administrator with the owner role, a pg_dump first; and the two roles
of installer/postgresql/roles.sql: the application role works the program and cannot touch the
schema (no DISABLE TRIGGER on issued documents)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import exc, text

from hrss_disputes import pg_tools
from hrss_disputes.cli import main
from hrss_disputes.db import open_database
from hrss_disputes.migrations.head import HEAD_REVISION
from hrss_disputes.models.enums import OfficeKind, Role
from hrss_disputes.services import accounts, cases, documents, setup
from hrss_disputes.services.context import ServiceContext
from tests.conftest import server_only
from tests.factories import TEST_PASSWORD, award_amounts, heard_case, make_user
from tests.pg_office import OWNER_PASSWORD, create_office_server, drop_office_server

pytestmark = server_only


@pytest.fixture
def office(monkeypatch, tmp_path: Path):  # noqa: ANN001, ANN201
    """A database and its two roles made by roles.sql, nothing in it yet; kept dumps go to a
    data folder of the test's own."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    made = create_office_server()
    yield made
    drop_office_server(made)


def _run(capsys, *argv: str) -> tuple[int, str, str]:  # noqa: ANN001
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _dumps(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "data" / "hrss_disputes" / "backups"
    return sorted(folder.glob("*.dump")) if folder.is_dir() else []


def _staffed(office) -> None:  # noqa: ANN001
    """The schema built by the owner, then the first start (an administrator) and a clerk,
    through the application role as a PC would."""
    assert main(["db", "upgrade", "--db", office.owner_url]) == 0
    db = open_database(office.app_url)
    ctx = ServiceContext(db)
    ctx.actor = ctx.call(setup.first_start, office_name="肇庆市劳动人事争议仲裁院", office_kind=OfficeKind.INSTITUTE,
                         city="肇庆", admin_name="李明", password=TEST_PASSWORD)
    make_user(ctx, "clerk", Role.CLERK, ctx.actor.office_id)
    db.dispose()


def _downgrade(office, revision: str) -> None:  # noqa: ANN001
    """An older server: the owner's schema taken back to ``revision`` with Alembic."""
    from alembic import command
    from alembic.config import Config

    import hrss_disputes.db as dbmod

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(dbmod.__file__).parent / "migrations"))
    engine = office.engine(office.owner)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    engine.dispose()


def _dumped_revision(dump: Path) -> str:
    tool = pg_tools.find_tool("pg_restore", 15)
    sql = subprocess.run([str(tool), "--data-only", "--table=alembic_version", "--file=-", str(dump)],
                         capture_output=True, text=True, check=True).stdout
    return next(line for line in sql.splitlines() if line.strip().isdigit()).strip()


def test_upgrade_creates_an_empty_server_database_after_its_dump(office, capsys, tmp_path) -> None:  # noqa: ANN001
    code, out, err = _run(capsys, "db", "status", "--db", office.owner_url)
    assert code == 0 and "数据库结构版本：（尚未建立）" in out and "需要升级" in out
    from hrss_disputes.db import owner_upgrade_command

    assert owner_upgrade_command(office.owner_url) in out and OWNER_PASSWORD not in out  # this server, no password
    code, out, err = _run(capsys, "db", "upgrade", "--db", office.owner_url)
    assert code == 0, err
    assert f"（空数据库） → {HEAD_REVISION}" in out
    assert office.revision() == HEAD_REVISION
    [dump] = _dumps(tmp_path)
    assert "-upgrade-empty-" in dump.name and f"升级前的备份：{dump}" in out
    assert (dump.stat().st_mode & 0o777) == 0o600
    assert dump.with_name(dump.name + ".json").is_file()
    assert OWNER_PASSWORD not in out + err
    code, out, _ = _run(capsys, "db", "status", "--db", office.owner_url)
    assert code == 0 and "结构一致，无需升级" in out
    code, out, _ = _run(capsys, "db", "upgrade", "--db", office.owner_url)
    assert code == 0 and "无需升级" in out and len(_dumps(tmp_path)) == 1


def test_an_older_server_is_upgraded_by_its_administrator_after_a_dump(office, capsys, tmp_path,
                                                                       monkeypatch) -> None:  # noqa: ANN001
    _staffed(office)
    _downgrade(office, "0022")
    code, out, _ = _run(capsys, "db", "status", "--db", office.owner_url)
    assert "数据库结构版本：0022" in out and "需要升级" in out
    monkeypatch.setenv("HRSS_USER", "admin")
    monkeypatch.setenv("HRSS_PASSWORD", TEST_PASSWORD)
    backup_to = tmp_path / "before.dump"
    code, out, err = _run(capsys, "db", "upgrade", "--db", office.owner_url, "--backup-to", str(backup_to))
    assert code == 0, err
    assert f"0022 → {HEAD_REVISION}" in out and str(backup_to) in out
    assert office.revision() == HEAD_REVISION
    assert _dumped_revision(backup_to) == "0022"  # the dump was made before the migrations


def test_a_user_who_is_not_the_administrator_is_refused_and_nothing_changes(office, capsys, tmp_path,
                                                                             monkeypatch) -> None:  # noqa: ANN001
    _staffed(office)
    _downgrade(office, "0022")
    made = _dumps(tmp_path)  # the one before the schema was first built
    monkeypatch.setenv("HRSS_USER", "clerk")
    monkeypatch.setenv("HRSS_PASSWORD", TEST_PASSWORD)
    code, out, err = _run(capsys, "db", "upgrade", "--db", office.owner_url)
    assert code == 1 and "只有管理员可以升级数据库结构" in err
    assert office.revision() == "0022" and _dumps(tmp_path) == made
    monkeypatch.setenv("HRSS_USER", "admin")
    monkeypatch.setenv("HRSS_PASSWORD", "not-the-password")
    code, _, err = _run(capsys, "db", "upgrade", "--db", office.owner_url)
    assert code == 1 and "用户名或密码不正确" in err and office.revision() == "0022"
    monkeypatch.delenv("HRSS_USER")
    code, _, err = _run(capsys, "db", "upgrade", "--db", office.owner_url)
    assert code == 1 and "须由管理员登录" in err and office.revision() == "0022"


def test_no_pg_dump_no_upgrade(office, capsys, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    _staffed(office)
    _downgrade(office, "0022")
    made = _dumps(tmp_path)
    monkeypatch.setenv("HRSS_USER", "admin")
    monkeypatch.setenv("HRSS_PASSWORD", TEST_PASSWORD)
    monkeypatch.setattr(pg_tools, "_candidates", lambda tool, major: [])  # a PC without postgresql-client
    code, out, err = _run(capsys, "db", "upgrade", "--db", office.owner_url)
    assert code == 1
    assert "本机没有 PostgreSQL 客户端工具 pg_dump，请安装 postgresql-client" in err and "数据库未升级" in err
    assert office.revision() == "0022" and _dumps(tmp_path) == made


def test_the_owner_password_is_asked_when_the_address_has_none(office, capsys, tmp_path,
                                                              monkeypatch) -> None:  # noqa: ANN001
    from hrss_disputes import cli

    bare = office.owner_url.replace(f":{OWNER_PASSWORD}@", "@")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setattr(cli, "_tty", lambda: False)  # a scheduled job: told where the password goes
    code, _, err = _run(capsys, "db", "upgrade", "--db", bare)
    assert code == 1 and "PGPASSWORD" in err and ".pgpass" in err and office.revision() is None
    monkeypatch.setattr(cli, "_tty", lambda: True)  # at a terminal it is asked, and pg_dump gets it too
    monkeypatch.setattr("getpass.getpass", lambda prompt: OWNER_PASSWORD)
    code, out, err = _run(capsys, "db", "upgrade", "--db", bare)
    assert code == 0, err
    assert office.revision() == HEAD_REVISION and len(_dumps(tmp_path)) == 1
    assert OWNER_PASSWORD not in out + err


def test_the_application_role_works_the_program_but_cannot_touch_the_schema(office) -> None:  # noqa: ANN001
    _staffed(office)
    db = open_database(office.app_url)
    ctx = ServiceContext(db)
    ctx.actor = admin = ctx.call(accounts.authenticate, username="admin", password=TEST_PASSWORD).actor
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)  # registered, accepted, heard
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    version = ctx.call(cases.get_case, case_id=case_id).version
    issued = ctx.call(documents.issue, case_id=case_id, expected_version=version, doc_type="award",
                      issue_date=date(2026, 11, 20),
                      writings={"事实与理由及被申请人答辩": "申请人称被拖欠工资。", "本委查明": "查明张三入职。", "本委认为": "应予支持。"})
    assert issued is not None
    db.dispose()

    app = office.engine(office.app)
    refused = ("ALTER TABLE issued_document DISABLE TRIGGER ALL",
               "ALTER TABLE issued_document DISABLE TRIGGER issued_document_immutable",
               "ALTER TABLE report_submission DISABLE TRIGGER ALL",
               "DROP TRIGGER issued_document_immutable ON issued_document",
               "CREATE TABLE intruder (id integer)",
               "DROP TABLE audit_entry",
               "TRUNCATE audit_entry",
               "ALTER TABLE audit_entry ADD COLUMN x integer",
               "CREATE TEMPORARY TABLE scratch (id integer)")  # roles.sql grants no TEMPORARY
    for statement in refused:
        with app.connect() as conn, pytest.raises(exc.ProgrammingError, match="must be owner|permission denied"):
            conn.execute(text(statement))
    with app.connect() as conn, pytest.raises(exc.DBAPIError, match="immutable"):
        conn.execute(text("UPDATE issued_document SET sha256 = 'x'"))  # the trigger still stands
    with app.connect() as conn:
        owners = conn.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
                                   "AND tableowner = current_user")).scalar()
        assert owners == 0
    app.dispose()


def test_the_application_role_cannot_rewrite_the_audit_trail_or_the_schema_revision(office, capsys) -> None:  # noqa: ANN001
    """The application role has UPDATE and DELETE on every table (roles.sql), but the trail is
    append-only and only the owner moves alembic_version (migration 0025); the program, which
    only ever adds entries, works as that role as before."""
    _staffed(office)
    db = open_database(office.app_url)
    ctx = ServiceContext(db)
    ctx.actor = admin = ctx.call(accounts.authenticate, username="admin", password=TEST_PASSWORD).actor
    ctx.actor = arbitrator = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    db.dispose()

    app = office.engine(office.app)
    with app.connect() as conn:
        entries = conn.execute(text("SELECT count(*) FROM audit_entry")).scalar()
    assert entries > 5
    refused = {  # statement → what the server says
        "UPDATE audit_entry SET after = '{}' WHERE seq = 2": "append-only",
        "UPDATE audit_entry SET seq = seq + 1000": "append-only",
        "DELETE FROM audit_entry WHERE seq = 3": "append-only",
        "DELETE FROM audit_entry": "append-only",
        "DELETE FROM audit_head": "one row",  # the head of the chain: its one row is only ever updated
        "INSERT INTO audit_head (id, seq, hash) VALUES (2, 0, '')": "one row",
        "UPDATE alembic_version SET version_num = '0001'": "only the owner",
        "DELETE FROM alembic_version": "only the owner",
        "INSERT INTO alembic_version VALUES ('9999')": "only the owner",
        "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only": "must be owner",
        "ALTER TABLE alembic_version DISABLE TRIGGER ALL": "must be owner",
        "DROP TRIGGER alembic_version_owner_only ON alembic_version": "must be owner",
        "SET session_replication_role = replica": "permission denied",
    }
    for statement, said in refused.items():
        with app.connect() as conn, pytest.raises(exc.DBAPIError, match=said):
            conn.execute(text(statement))
    with app.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_entry")).scalar() == entries
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
    app.dispose()

    db = open_database(office.app_url)  # the program goes on adding entries as the application role
    ctx = ServiceContext(db)
    ctx.actor = arbitrator
    version = ctx.call(cases.get_case, case_id=case_id).version
    ctx.call(cases.update_case, case_id=case_id, expected_version=version, changes={"summary": "拖欠两个月工资"})
    db.dispose()
    capsys.readouterr()
    code, out, err = _run(capsys, "audit", "verify", "--db", office.app_url)
    assert code == 0, out + err
    assert f"共 {entries + 1} 条记录" in out
    code, out, err = _run(capsys, "db", "upgrade", "--db", office.owner_url)  # the owner still may
    assert code == 0, out + err
    assert office.revision() == HEAD_REVISION


def test_the_application_role_is_told_to_use_the_owners_account_and_no_dump_is_left(office, capsys,  # noqa: ANN001
                                                                                   tmp_path) -> None:
    _staffed(office)
    _downgrade(office, "0022")
    made = _dumps(tmp_path)
    code, out, err = _run(capsys, "db", "upgrade", "--db", office.app_url)
    assert code == 1 and "数据库所有者" in err and office.owner in err and "数据库未升级" in err, err
    assert "为应用账户授权" not in err
    assert office.revision() == "0022" and _dumps(tmp_path) == made


def test_two_upgrades_at_once_upgrade_once_and_dump_once(office, tmp_path) -> None:  # noqa: ANN001
    """The second waits for the first (a lock taken before the dump), reads the revision again
    and says it is up to date: one dump, one upgrade."""
    import os
    import sys

    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    argv = [sys.executable, "-m", "hrss_disputes", "db", "upgrade", "--db", office.owner_url]
    runs = [subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    said = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], said
    outs = [out for out, _err in said]
    assert sum(f"（空数据库） → {HEAD_REVISION}" in out for out in outs) == 1, outs
    assert sum("无需升级" in out for out in outs) == 1, outs
    assert office.revision() == HEAD_REVISION and len(_dumps(tmp_path)) == 1
