"""Restoring a server database whatever was done to it or where its dump came from (issue 20,
fix round): the application role's own default privileges, a dump made by another owner role,
a connection profile (service:NAME), another session's locks; a dump of another database is
refused unless the administrator says so."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from hrss_disputes.cli import main
from tests.conftest import server_only
from tests.pg_office import OWNER_PASSWORD, create_office_server, drop_office_server
from tests.services.test_pg_backup import _numbers, _register, _run, office  # noqa: F401

pytestmark = server_only

ROWS = {"SELECT", "INSERT", "UPDATE", "DELETE"}


def _app_rights(office) -> dict[str, set[str]]:  # noqa: ANN001, F811
    """Every privilege on a table of the schema, by grantee (roles.sql's: the app role's rows)."""
    engine = office.engine()
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT g.grantee, g.privilege_type FROM information_schema.role_table_grants g "
            "JOIN pg_tables t ON t.tablename = g.table_name AND t.schemaname = g.table_schema "
            "WHERE g.table_schema = 'public' AND g.grantee <> t.tableowner")).all()
        tables = conn.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar()
    engine.dispose()
    rights: dict[str, set[str]] = {}
    for grantee, privilege in rows:
        rights.setdefault(grantee, set()).add(privilege)
    counts = {grantee: sum(1 for g, _ in rows if g == grantee) for grantee in rights}
    assert counts.get(office.app) == tables * len(ROWS)
    return rights


def test_the_application_role_cannot_make_the_backups_unrestorable(office, capsys, tmp_path) -> None:  # noqa: ANN001, F811
    """Any role may change its own default privileges; every dump then holds a DEFAULT ACL
    naming it, which only its members may restore. The restore takes no owners and no grants
    from a dump: the tables are the restoring owner's, the application role's rights come from
    the database's own default privileges (roles.sql), exactly as before."""
    assert _app_rights(office) == {office.app: ROWS}
    app = office.engine(office.app)
    with app.begin() as conn:
        conn.execute(text("ALTER DEFAULT PRIVILEGES GRANT ALL ON TABLES TO public"))
        conn.execute(text("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO public"))
    app.dispose()
    dump = tmp_path / "nightly.dump"
    code, said = _run(capsys, "backup", "--db", office.owner_url, "--out", str(dump))
    assert code == 0, said
    _register(office, "肇劳人仲案字〔2026〕2号")
    code, said = _run(capsys, "restore", "--db", office.owner_url, "--from", str(dump))
    assert code == 0, said
    assert _numbers(office) == ["肇劳人仲案字〔2026〕1号"]
    assert _app_rights(office) == {office.app: ROWS}  # rows only, nobody else
    _register(office, "肇劳人仲案字〔2026〕3号")  # a PC works on as the application role
    assert _numbers(office, office.app) == ["肇劳人仲案字〔2026〕1号", "肇劳人仲案字〔2026〕3号"]


def test_a_dump_made_with_other_role_names_restores(office, capsys, tmp_path) -> None:  # noqa: ANN001, F811
    """A rebuilt server: the office's dump was made where the roles had other names."""
    other = create_office_server()
    try:
        assert main(["db", "upgrade", "--db", other.owner_url]) == 0
        _register(other, "肇劳人仲案字〔2026〕7号", first=True)
        dump = tmp_path / "old-server.dump"
        assert main(["backup", "--db", other.owner_url, "--out", str(dump)]) == 0
    finally:
        drop_office_server(other)  # its roles are gone, as on a rebuilt server
    capsys.readouterr()
    code, said = _run(capsys, "restore", "--db", office.owner_url, "--from", str(dump), "--other-database")
    assert code == 0, said
    assert _numbers(office, office.app) == ["肇劳人仲案字〔2026〕7号"]
    assert _app_rights(office) == {office.app: ROWS}
    assert OWNER_PASSWORD not in said


def test_a_connection_profile_backs_up_and_restores_its_own_database(office, capsys, tmp_path,  # noqa: F811
                                                                      monkeypatch) -> None:  # noqa: ANN001
    """The profile's dbname (and a PGSERVICE in the environment) must not send pg_dump or
    pg_restore anywhere else: the scratch copy is dumped from the scratch database, the checked
    dump restored into the profile's database."""
    from sqlalchemy.engine import make_url

    url = make_url(office.owner_url)
    conf = tmp_path / "pg_service.conf"
    conf.write_text(f"[管理]\nhost={url.host}\nport={url.port}\nuser={office.owner}\ndbname={office.name}\n",
                    encoding="utf-8")
    monkeypatch.setenv("PGSERVICEFILE", str(conf))
    monkeypatch.setenv("PGSERVICE", "管理")
    monkeypatch.setenv("PGPASSWORD", OWNER_PASSWORD)
    dump = tmp_path / "profile.dump"
    code, said = _run(capsys, "backup", "--db", "service:管理", "--out", str(dump))
    assert code == 0, said
    meta = json.loads(dump.with_name(dump.name + ".json").read_text(encoding="utf-8"))
    assert meta["backup_of"] == "service:管理" and meta["database"] == office.name
    _register(office, "肇劳人仲案字〔2026〕2号")
    code, said = _run(capsys, "restore", "--db", "service:管理", "--from", str(dump))
    assert code == 0, said
    assert _numbers(office) == ["肇劳人仲案字〔2026〕1号"]
    kept = next(line.split("另存为 ", 1)[1] for line in said.splitlines() if "被替换的数据库另存为" in line)
    assert Path(kept).name.startswith(f"127.0.0.1-{office.name}-replaced-")  # the server's database, by name


def test_a_restore_meeting_another_sessions_lock_gives_up_and_changes_nothing(office, capsys, tmp_path,  # noqa: F811
                                                                              monkeypatch) -> None:  # noqa: ANN001
    """The dump's own preamble sets lock_timeout = 0 (PGOPTIONS cannot hold it): the restore
    gives up by itself when its locks are not had within the limit, says so in Chinese, and
    the database is as it was."""
    import time

    from hrss_disputes import pg_tools

    dump = tmp_path / "nightly.dump"
    assert main(["backup", "--db", office.owner_url, "--out", str(dump)]) == 0
    _register(office, "肇劳人仲案字〔2026〕2号")
    monkeypatch.setattr(pg_tools, "LOCK_WAIT_SECONDS", 3.0)
    app = office.engine(office.app)
    capsys.readouterr()
    with app.connect() as conn, conn.begin():  # another PC in a long transaction
        conn.execute(text("SELECT count(*) FROM dispute_case"))
        started = time.monotonic()
        code, said = _run(capsys, "restore", "--db", office.owner_url, "--from", str(dump))
        took = time.monotonic() - started
    app.dispose()
    assert code == 1 and "正被其他用户使用" in said and "数据库保持原样" in said, said
    assert took < 60
    assert _numbers(office) == ["肇劳人仲案字〔2026〕1号", "肇劳人仲案字〔2026〕2号"]
    engine = office.engine()
    with engine.connect() as conn:  # no pg_restore left waiting
        waiting = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :d "
                                    "AND application_name LIKE 'pg_restore%'"), {"d": office.name}).scalar()
    engine.dispose()
    assert waiting == 0


def test_a_dump_of_another_database_is_restored_only_when_the_administrator_says_so(office, capsys,  # noqa: F811
                                                                                    tmp_path) -> None:  # noqa: ANN001
    other = create_office_server()
    try:
        assert main(["db", "upgrade", "--db", other.owner_url]) == 0
        _register(other, "肇劳人仲案字〔2026〕9号", first=True)
        dump = tmp_path / "other.dump"
        assert main(["backup", "--db", other.owner_url, "--out", str(dump)]) == 0
        capsys.readouterr()
        code, said = _run(capsys, "restore", "--db", office.owner_url, "--from", str(dump))
        assert code == 1 and other.name in said and "--other-database" in said and "未做任何更改" in said, said
        assert _numbers(office) == ["肇劳人仲案字〔2026〕1号"]
        dump.with_name(dump.name + ".json").unlink()  # no note beside it: its offices are not this database's
        code, said = _run(capsys, "restore", "--db", office.owner_url, "--from", str(dump))
        assert code == 1 and "--other-database" in said and "未做任何更改" in said, said
        assert _numbers(office) == ["肇劳人仲案字〔2026〕1号"]
    finally:
        drop_office_server(other)


def test_what_a_killed_restore_left_is_removed_by_the_next_command(office, capsys, tmp_path) -> None:  # noqa: ANN001, F811
    """A scratch database whose restore is gone (its lock free) and a temporary dump of a
    process that is gone are removed at the next backup, and said; a running restore's scratch
    database (its lock held) is left alone."""
    from hrss_disputes.server_backup import server_backup_dir

    owner = office.engine(office.owner)
    orphan, running = f"{office.name}_check_{'a' * 12}", f"{office.name}_check_{'b' * 12}"
    with owner.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for name in (orphan, running):
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
    holder = owner.connect().execution_options(isolation_level="AUTOCOMMIT")
    holder.execute(text("SELECT pg_advisory_lock(hashtext(:n))"), {"n": running})
    left = server_backup_dir() / f".127.0.0.1-{office.name}.dump.{2**22 + 7}-0123abcd.restoring"
    left.write_bytes(b"PGDMP office data")
    out = tmp_path / "nightly.dump"
    beside = tmp_path / f".nightly.dump.{2**22 + 9}-89abcdef.partial"
    beside.write_bytes(b"PGDMP half")
    capsys.readouterr()
    try:
        code, said = _run(capsys, "backup", "--db", office.owner_url, "--out", str(out))
        assert code == 0, said
        with owner.connect() as conn:
            names = set(conn.execute(text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                                     {"p": f"{office.name}_check_%"}).scalars())
        assert names == {running}
        assert orphan in said and str(left) in said and str(beside) in said
        assert not left.exists() and not beside.exists()
    finally:
        holder.close()
        owner.dispose()


def test_a_backup_never_writes_through_a_link_beside_its_output(office, capsys, tmp_path) -> None:  # noqa: ANN001, F811
    victim = tmp_path / "victim.db"
    victim.write_bytes(b"SQLite format 3\x00 the office's other database")
    out = tmp_path / "x.dump"
    (tmp_path / "x.dump.partial").symlink_to(victim)
    code, said = _run(capsys, "backup", "--db", office.owner_url, "--out", str(out))
    assert code == 0, said
    assert victim.read_bytes() == b"SQLite format 3\x00 the office's other database"
    assert not out.is_symlink() and out.read_bytes().startswith(b"PGDMP")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_restore_entry_is_part_of_the_restored_state(office, capsys, tmp_path) -> None:  # noqa: ANN001, F811
    """Written into the checked copy before it replaces anything: the entry right after the
    backup's head, in the trail the restore brought (a restore killed at its last step
    restores it with everything else, or nothing)."""
    dump = tmp_path / "nightly.dump"
    assert main(["backup", "--db", office.owner_url, "--out", str(dump)]) == 0
    head = json.loads(dump.with_name(dump.name + ".json").read_text(encoding="utf-8"))["audit_head"]["seq"]
    _register(office, "肇劳人仲案字〔2026〕2号")
    capsys.readouterr()
    code, said = _run(capsys, "restore", "--db", office.owner_url, "--from", str(dump))
    assert code == 0, said
    kept = next(line.split("另存为 ", 1)[1] for line in said.splitlines() if "被替换的数据库另存为" in line)
    engine = office.engine()
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT seq, action, after FROM audit_entry WHERE seq > :s ORDER BY seq"),
                            {"s": head}).all()
    engine.dispose()
    assert [(r.seq, r.action) for r in rows] == [(head + 1, "restore")]
    after = rows[0].after if isinstance(rows[0].after, dict) else json.loads(rows[0].after)
    assert after["from"] == str(dump) and after["replaced_kept_at"] == kept and Path(kept).is_file()
    code, said = _run(capsys, "audit", "verify", "--db", office.owner_url)
    assert code == 0, said
