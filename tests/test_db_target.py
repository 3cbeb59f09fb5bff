"""How a ``--db`` target is told apart, shown and masked: a mistyped server address is refused in
Chinese (never taken as a file), a password never shows whatever characters it holds, an ``@``
in the query is not the host's, and the one place that knows a target's password."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hrss_disputes import crashlog
from hrss_disputes import db as dbmod
from hrss_disputes.cli import main

PW = "S3cret-pw"

MALFORMED = [
    "postgresql:/u:S3cret-pw@h/db",
    "postgresql//u:S3cret-pw@h/db",
    "postgres:u:S3cret-pw@h",
    "POSTGRESQL:/u:S3cret-pw@h/db",
    "Postgres//u:S3cret-pw@h/db",
    "host=srv user=u password=S3cret-pw dbname=db",
    "dbname=db host=srv password='S3cret-pw'",
    "u:S3cret-pw@srv/db",
    "Service:办公室",
    "SERVICE:办公室",
    "service=办公室",
    "mysql:/u:S3cret-pw@h/db",
]

FILES = ["hrss.db", "/tmp/x/hrss.db", r"C:\数据\hrss.db", "C:/data/hrss.db", "D:hrss.db",
         "办公室.db", "./data/a@b.db", "my file.db"]


@pytest.mark.parametrize("target", MALFORMED)
def test_a_mistyped_server_address_is_a_server_address_refused_in_chinese(target: str) -> None:
    assert dbmod.is_url(target)
    with pytest.raises(dbmod.DatabaseError) as refused:
        dbmod.server_url(target)
    message = str(refused.value)
    assert "服务器地址" in message and "postgresql://用户名@服务器:端口/数据库名" in message, message
    assert PW not in message
    assert PW not in dbmod.display_target(target)
    assert PW not in crashlog.mask(f"打开 {target} 失败")


@pytest.mark.parametrize("target", FILES)
def test_a_file_path_stays_a_file(target: str) -> None:
    assert not dbmod.is_url(target)
    assert dbmod.display_target(target) == target


@pytest.mark.parametrize("target", ["postgresql:/atk:S3cret-pw@127.0.0.1:1/x", "host=127.0.0.1 password=S3cret-pw",
                                    "Service:办公室"])
def test_demo_on_a_mistyped_address_creates_nothing(target: str, tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HRSS_PASSWORD", "unused-Password1")
    assert main(["demo", "--db", target]) == 1
    out, err = capsys.readouterr()
    assert "服务器地址" in err, err
    assert PW not in out + err
    assert list(tmp_path.iterdir()) == []


NASTY = ["my secret", "tab\there", "quo'te", 'dou"ble', "at@sign", "a@b c@d", "p:w", "sl/ash", "q?uery",
         "per%40cent", "中文 密 码", "end space "]


@pytest.mark.parametrize("password", NASTY)
def test_masking_hides_a_password_whatever_it_holds(password: str) -> None:
    url = f"postgresql://app:{password}@db.example:5432/hrss?application_name=me@pc"
    line = f"sqlalchemy error for {url} (background on this error)"
    masked = crashlog.mask(line)
    assert password not in masked and password.strip() not in masked, masked
    assert "postgresql://app:***@" in masked
    assert "(background on this error)" in masked
    assert password not in dbmod.display_target(url)


def test_masking_leaves_a_url_without_password_and_a_port_alone() -> None:
    for text in ["postgresql://app@h:5432/db", "postgresql://h:5432/db?x=1", "see http://example.com:80/a"]:
        assert crashlog.mask(text) == text


@pytest.mark.parametrize(("target", "shown"), [
    ("postgresql://u:pw@h/db?application_name=me@pc", "postgresql://u@h/db?application_name=me@pc"),
    ("postgresql://u:p@w@h:5433/db?application_name=a@b", "postgresql://u@h:5433/db?application_name=a@b"),
    ("postgresql://u:pw@h?application_name=me@pc", "postgresql://u@h?application_name=me@pc"),
    ("postgresql://u@h/db?application_name=me@pc", "postgresql://u@h/db?application_name=me@pc"),
])
def test_an_at_sign_in_the_query_is_not_the_host(target: str, shown: str) -> None:
    assert dbmod.display_target(target) == shown
    url = dbmod.server_url(target)
    assert url.host == "h" and url.username == "u"


@pytest.mark.parametrize(("target", "password"), [
    ("postgresql://u:pw@h/db", "pw"),
    ("postgresql://u:p%40w@h/db", "p@w"),
    ("postgresql://u:p@w@h/db?application_name=me@pc", "p@w"),
    ("postgresql://u@h/db?password=qpw", "qpw"),
    ("postgresql://u@h/db?sslmode=disable&password=q%20pw", "q pw"),
    ("postgresql://u@h/db", None),
])
def test_the_password_of_a_target(target: str, password: str | None) -> None:
    assert dbmod.target_password(target) == password
    if password is not None:
        assert password not in dbmod.display_target(target)


def test_the_password_of_a_profile_comes_from_pgpass(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    (tmp_path / "pg_service.conf").write_text("[办公室]\nhost=srv\nport=5433\ndbname=hrss\nuser=app\n", encoding="utf-8")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text("other:*:*:*:no\nsrv:5433:hrss:app:from\\:pgpass\n", encoding="utf-8")
    os.chmod(pgpass, 0o600)
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "pg_service.conf"))
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    assert dbmod.target_password("service:办公室") == "from:pgpass"
    assert dbmod.target_password("postgresql://app@srv:5433/hrss") == "from:pgpass"
    assert dbmod.target_password("postgresql://app@srv:5433/other") is None


def PG_ONLY(test):  # noqa: ANN001, ANN201, N802
    """conftest's server_only marks on a test function."""
    from tests.conftest import server_only

    for mark in server_only:
        test = mark(test)
    return test


def _said(target: str, sql: str = "select 1") -> str:
    from sqlalchemy import text

    try:
        engine, _path = dbmod.make_engine(target)
        try:
            with engine.connect() as conn:
                conn.execute(text(sql))
        finally:
            engine.dispose()
    except dbmod.DatabaseError as e:
        return str(e)
    except Exception as e:  # noqa: BLE001 - a driver error, as a person meets it
        return dbmod.explain(e)
    raise AssertionError("no error")


def _chinese_only(message: str) -> None:
    import re

    assert not re.search(r"[A-Za-z]{4,} [A-Za-z]{3,}", message), message  # no English sentence
    assert "hrss-test-only" not in message


@PG_ONLY
def test_server_errors_are_one_chinese_sentence(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from sqlalchemy.engine import make_url

    from tests.conftest import PG_URL

    base = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "pg_service.conf"))
    said = _said(base + "?options=-c%20statement_timeout%3D1", "select pg_sleep(0.2)")
    assert "时限" in said
    _chinese_only(said)
    said = _said(base.replace(f":{make_url(PG_URL).port}/", ":99999/"))
    assert "端口" in said
    _chinese_only(said)
    said = _said(base + "?sslmode=bogus")
    assert "sslmode" in said and "bogus" in said
    _chinese_only(said)
    said = _said(base + "?service=nothere")
    assert "连接配置" in said and "nothere" in said
    _chinese_only(said)
    (tmp_path / "pg_service.conf").write_text("[分庭]\nhost=srv\n", encoding="utf-8")
    said = _said(base + "?service=nothere")
    assert "没有名为“nothere”的服务器连接配置" in said
    _chinese_only(said)


@PG_ONLY
def test_a_connection_ended_by_the_server_mid_command_is_said_in_chinese() -> None:
    from tests.conftest import PG_URL

    base = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    said = _said(base, "select pg_terminate_backend(pg_backend_pid())")
    assert said == dbmod.SERVER_LOST


@pytest.mark.parametrize("rev", [None, "0001"])
def test_the_schema_message_names_the_owners_address_not_this_pcs(rev: str | None, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    (tmp_path / "pg_service.conf").write_text("[分中心]\nhost=srv.local\nport=5433\ndbname=hrss\nuser=hrss_app\n",
                                              encoding="utf-8")
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "pg_service.conf"))
    for target, address in [("service:分中心", "srv.local:5433/hrss"),
                            (f"postgresql://hrss_app:{PW}@db.example/hrss?sslmode=require", "db.example/hrss")]:
        said = dbmod.server_schema_refusal(rev, target)
        assert said is not None
        assert f"hrss-disputes db upgrade --db postgresql://<所有者账户>@{address}" in said, said
        assert "服务器管理员" in said and "所有者" in said
        assert "service:分中心" not in said and "hrss_app" not in said and PW not in said
