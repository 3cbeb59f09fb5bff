"""Commands on a server: the three forms of ``--db``, the password never printed nor logged, a
password the server asks for read from PGPASSWORD or typed, and a server's schema left to the
administrator's ``db upgrade``."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

from hrss_disputes import crashlog
from hrss_disputes import db as dbmod
from hrss_disputes.cli import _failed, main
from tests.pg_accounts import SECRET, account_url, address, needs_server, server_account_fixture  # noqa: F401

DEADLINE = ["--start", "2026-01-05", "--days", "3", "--kind", "working"]


def _closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def _no_secret(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text and SECRET.split("@")[0] not in text


def test_help_names_the_three_forms_of_db(capsys) -> None:  # noqa: ANN001
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "postgresql://用户名@服务器:端口/数据库名" in out and "service:名称" in out and ".pgpass" in out
    assert "pg_service.conf" in out and "PGPASSWORD" in out


def test_a_server_that_is_down_is_said_without_the_password(monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("HRSS_PASSWORD", "unused-Password1")
    port = _closed_port()
    target = f"postgresql://app:{SECRET.replace('@', '%40').replace('/', '%2F')}@127.0.0.1:{port}/hrss"
    for argv in (["deadline", "--db", target, *DEADLINE],
                 ["report", "--db", target, "--month", "2026-10", "--user", "admin"]):
        assert main(argv) == 1
        out, err = capsys.readouterr()
        assert f"无法连接数据库服务器 127.0.0.1:{port}：服务器未启动" in err, err
        _no_secret(out, err)


def test_a_missing_profile_names_the_file_looked_in(tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "pg_service.conf"))
    assert main(["deadline", "--db", "service:办公室", *DEADLINE]) == 1
    assert f"连接配置文件 {tmp_path / 'pg_service.conf'} 不存在" in capsys.readouterr().err
    (tmp_path / "pg_service.conf").write_text("[分庭]\nhost=srv\n", encoding="utf-8")
    assert main(["deadline", "--db", "service:办公室", *DEADLINE]) == 1
    assert "没有名为“办公室”的服务器连接配置（其中有：分庭）" in capsys.readouterr().err


def test_no_display_prints_a_command_without_the_password(monkeypatch, capsys) -> None:  # noqa: ANN001
    from hrss_disputes import cli

    monkeypatch.setattr(cli, "has_display", lambda: False)
    assert main(["--db", f"postgresql://app:{SECRET}@srv:5432/hrss"]) == 2
    err = capsys.readouterr().err
    assert "--db postgresql://app@srv:5432/hrss" in err
    _no_secret(err)


def test_a_crash_log_shows_the_command_line_without_the_password(tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    target = f"postgresql+psycopg://app:{SECRET}@srv:5432/hrss"
    monkeypatch.setattr(sys, "argv", ["hrss-disputes", "report", "--db", target, "--month", "2026-10"])
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # the log goes to the data folder's logs/
    try:
        try:
            raise RuntimeError(f"cannot reach {target}")
        except RuntimeError as e:
            assert _failed(e) == 1
        log = crashlog.log_path()
        assert log.is_relative_to(tmp_path)
        written = log.read_text(encoding="utf-8")
    finally:
        crashlog.shutdown_logging()
    assert "启动命令：hrss-disputes report --db postgresql+psycopg://app:***@srv:5432/hrss" in written
    assert "cannot reach postgresql+psycopg://app:***@srv:5432/hrss" in written  # the message and its traceback
    _no_secret(written, *capsys.readouterr())
    # the window's hook: the log, and the traceback echoed on a console, both masked
    monkeypatch.setattr(sys, "stderr", __import__("io").StringIO())
    crashlog._echo(RuntimeError, RuntimeError(target), None)
    assert "app:***@srv" in sys.stderr.getvalue()
    _no_secret(sys.stderr.getvalue())
    assert crashlog.describe(RuntimeError(target)) == "RuntimeError: postgresql+psycopg://app:***@srv:5432/hrss"


def test_demo_names_its_database_without_the_password(db_target: str, capsys) -> None:  # noqa: ANN001
    """On the PostgreSQL pass ``db_target`` is a URL with the test cluster's password in it."""
    assert main(["demo", "--db", db_target, "--cases", "3"]) == 0
    out, err = capsys.readouterr()
    assert f"已向 {dbmod.display_target(db_target)} 载入 3 件演示案件" in err
    password = dbmod.server_url(db_target).password if dbmod.is_url(db_target) else None
    if password:
        assert password not in out and password not in err


@needs_server
def test_demo_on_an_empty_server_database_says_db_upgrade_first(server_account, capsys) -> None:  # noqa: ANN001
    role, database, _ = server_account
    target = account_url(role, database)
    assert main(["demo", "--db", target, "--cases", "3"]) == 1
    out, err = capsys.readouterr()
    assert "服务器上的数据库尚未建立。请由服务器管理员以数据库所有者账户" in err
    assert dbmod.owner_upgrade_command(target) in err
    _no_secret(out, err)


@needs_server
def test_a_password_the_server_asks_for(server_account, tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    from hrss_disputes import cli

    role, database, _ = server_account
    dbmod.upgrade_server(account_url(role, database))
    no_password = account_url(role, database, password=None)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", os.devnull)
    # a scheduled job: no terminal, nothing given
    monkeypatch.setattr(cli, "_tty", lambda: False)
    assert main(["deadline", "--db", no_password, *DEADLINE]) == 1
    err = capsys.readouterr().err
    assert "服务器要求输入数据库账户的密码" in err and "PGPASSWORD" in err and ".pgpass" in err
    # PGPASSWORD (libpq reads it)
    monkeypatch.setenv("PGPASSWORD", SECRET)
    assert main(["deadline", "--db", no_password, *DEADLINE]) == 0
    assert capsys.readouterr().out.startswith("2026-01-08")
    # typed at the terminal
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setattr(cli, "_tty", lambda: True)
    prompts: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or SECRET)
    assert main(["deadline", "--db", no_password, *DEADLINE]) == 0
    assert prompts == [f"数据库服务器密码（{dbmod.display_target(no_password)}）："]
    # a wrong one typed: refused, in Chinese
    monkeypatch.setattr("getpass.getpass", lambda _prompt: "wrong")
    assert main(["deadline", "--db", no_password, *DEADLINE]) == 1
    assert "用户名或密码不正确" in capsys.readouterr().err
    # a profile, its password in PGPASSWORD
    host, port = address()
    (tmp_path / "pg_service.conf").write_text(
        f"[办公室]\nhost={host}\nport={port}\ndbname={database}\nuser={role}\n", encoding="utf-8")
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "pg_service.conf"))
    monkeypatch.setenv("PGPASSWORD", SECRET)
    assert main(["deadline", "--db", "service:办公室", *DEADLINE]) == 0
    _no_secret(*capsys.readouterr())
