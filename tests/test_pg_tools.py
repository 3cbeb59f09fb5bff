"""pg_dump/pg_restore as the administrator meets them without a server: the tool for the
server's version found (or a Chinese sentence saying what to install), what they say on stderr
in Chinese with the password cut out, and the password never on their command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrss_disputes import pg_tools

SECRET = "s3cret-pw"


@pytest.mark.parametrize(("stderr", "said"), [
    ('pg_dump: error: connection to server at "10.0.0.9", port 5432 failed: Connection refused',
     "无法连接数据库服务器"),
    ('pg_dump: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  password authentication '
     'failed for user "hrss_owner"', "服务器拒绝了用户名或密码"),
    ("pg_dump: error: connection to server failed: fe_sendauth: no password supplied", "服务器要求密码"),
    ('pg_dump: error: could not translate host name "srv" to address: Name or service not known',
     "找不到数据库服务器的主机名"),
    ("pg_dump: error: aborting because of server version mismatch\npg_dump: detail: server version: 16.1; "
     "pg_dump version: 15.18", "客户端工具版本低于服务器"),
    ("pg_restore: error: input file does not appear to be a valid archive", "不是 PostgreSQL 的备份文件"),
    ("pg_restore: error: could not read input file: end of file", "不完整或已损坏"),
    ('pg_restore: error: could not execute query: ERROR:  role "hrss_app" does not exist',
     "服务器上没有数据库角色 hrss_app"),
    ('pg_dump: error: connection to server failed: FATAL:  database "hrss" does not exist', "服务器上没有数据库 hrss"),
    ("pg_dump: error: query failed: ERROR:  permission denied for table audit_entry", "无权读写 audit_entry"),
    ("pg_restore: error: could not execute query: ERROR:  canceling statement due to lock timeout",
     "数据库正被其他用户使用"),
    ("pg_restore: error: could not execute query: ERROR:  must be owner of table case_event", "不是这些表的所有者"),
    ("pg_restore: error: could not read from input file: end of file", "备份文件不完整"),
    ('pg_restore: error: could not execute query: ERROR:  must be member of role "atk20_app"\nCommand was: ALTER '
     "DEFAULT PRIVILEGES FOR ROLE atk20_app GRANT ALL ON TABLES TO PUBLIC;", "不是数据库角色 atk20_app 的成员"),
    ("pg_dump: error: Dumping the contents of table \"case_event\" failed: PQgetResult() failed.\npg_dump: detail: "
     "Error message from server: FATAL:  terminating connection due to administrator command", "连接被中断"),
    ("pg_dump: error: query failed: server closed the connection unexpectedly\n\tThis probably means the server "
     "terminated abnormally", "连接被中断"),
    (f"pg_dump: error: something new happened to {SECRET}\npg_dump: detail: more", "pg_dump 报错：pg_dump: error:"),
])
def test_the_tools_complaints_are_said_in_chinese_without_the_password(stderr: str, said: str) -> None:
    sentence = pg_tools._explain("pg_dump", stderr, SECRET)
    assert said in sentence
    assert SECRET not in sentence


def test_a_missing_tool_names_the_package(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(pg_tools, "_candidates", lambda tool, major: [])
    with pytest.raises(pg_tools.ToolError, match="本机没有 PostgreSQL 客户端工具 pg_dump，请安装 postgresql-client"):
        pg_tools.find_tool("pg_dump", 15)


def test_a_tool_older_than_the_server_is_not_used(monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    old = tmp_path / "pg_dump"
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 13.9'\n")
    old.chmod(0o755)
    monkeypatch.setattr(pg_tools, "_candidates", lambda tool, major: [old])
    with pytest.raises(pg_tools.ToolError, match="13 版，低于服务器的 15 版"):
        pg_tools.find_tool("pg_dump", 15)
    assert pg_tools.find_tool("pg_dump", 13) == old


def test_the_password_goes_through_the_environment_only(monkeypatch) -> None:  # noqa: ANN001
    """Where a tool connects is its connection string (libpq's resolved values); nothing of a
    stray environment (PGHOST, PGSERVICE, PGDATABASE) reaches it; the password only as PGPASSWORD."""
    monkeypatch.setenv("PGHOST", "elsewhere")
    monkeypatch.setenv("PGSERVICE", "office")
    monkeypatch.setenv("PGDATABASE", "live")
    where = pg_tools.Server({"host": "srv", "port": "5433", "user": "hrss_owner", "dbname": "hrss"}, SECRET)
    conninfo = where.conninfo("hrss_check_1")
    assert "dbname=hrss_check_1" in conninfo and "host=srv" in conninfo and SECRET not in conninfo
    env = pg_tools.environment(where.password)
    assert env["PGPASSWORD"] == SECRET
    assert not {"PGHOST", "PGSERVICE", "PGDATABASE", "PGUSER", "PGPORT"} & env.keys()
    assert "PGPASSWORD" not in pg_tools.environment(None)


def test_dumps_and_sqlite_files_are_told_apart(tmp_path: Path) -> None:
    dump, sqlite, text = tmp_path / "a.dump", tmp_path / "a.db", tmp_path / "a.txt"
    dump.write_bytes(b"PGDMP\x01\x0f\x00" + bytes(100))
    sqlite.write_bytes(b"SQLite format 3\x00" + bytes(100))
    text.write_text("hello")
    assert pg_tools.is_dump(dump) and not pg_tools.is_dump(sqlite) and not pg_tools.is_dump(text)
    assert pg_tools.is_sqlite_file(sqlite) and not pg_tools.is_sqlite_file(dump)
