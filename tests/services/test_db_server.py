"""Connecting: a target shown without its password, connection profiles (libpq's service
file), server errors said in Chinese, a server's schema never upgraded on open, and a SQLite
file on a network share refused."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from hrss_disputes import db as dbmod
from hrss_disputes import netfs
from hrss_disputes.db import (
    DatabaseError,
    SchemaTooNew,
    ServerLoginRefused,
    ServerPasswordNeeded,
    ServerSchemaNotReady,
    display_target,
    explain,
    open_database,
    server_url,
    upgrade_server,
)
from hrss_disputes.migrations.head import HEAD_REVISION
from tests.pg_accounts import (  # noqa: F401
    SECRET,
    account_url,
    address,
    needs_server,
    server_account_fixture,
    superuser,
)


@pytest.mark.parametrize(("target", "shown"), [
    ("office.db", "office.db"),
    ("/home/li/数据/office.db", "/home/li/数据/office.db"),
    (f"postgresql+psycopg://app:{SECRET}@srv:5432/hrss", "postgresql://app@srv:5432/hrss"),
    (f"postgresql://app:{SECRET}@srv/hrss", "postgresql://app@srv/hrss"),
    (f"postgres://app:{SECRET}@10.0.0.5:5433/hrss", "postgresql://app@10.0.0.5:5433/hrss"),
    ("postgresql://app@srv/hrss", "postgresql://app@srv/hrss"),
    (f"postgresql://app@srv/hrss?sslmode=require&password={SECRET}", "postgresql://app@srv/hrss?sslmode=require"),
    (f"postgresql://app:{SECRET}@[::1]:5432/hrss", "postgresql://app@[::1]:5432/hrss"),
    ("service:办公室", "service:办公室"),
    (f"postgresql://app:{SECRET}@srv:notaport/hrss", "postgresql://app@srv:notaport/hrss"),
])
def test_a_target_is_shown_without_its_password(target: str, shown: str) -> None:
    assert display_target(target) == shown
    assert display_target(shown) == shown  # shown twice is shown the same: safe to apply anywhere
    for part in (SECRET, SECRET.split("@")[0], "x/y"):
        assert part not in display_target(target)


def test_a_server_url_takes_the_psycopg_driver_and_keeps_the_password_out_of_sight() -> None:
    url = server_url(f"postgresql://app:{SECRET.replace('@', '%40')}@srv:5432/hrss")
    assert url.drivername == "postgresql+psycopg" and url.password == SECRET and url.host == "srv"
    url = server_url(f"postgresql://app:{SECRET}@srv:5432/hrss")  # an unencoded @ in the password
    assert url.host == "srv" and url.password == SECRET
    assert SECRET not in str(url) and SECRET not in repr(url)
    assert server_url("postgresql://app@srv/hrss", password="typed").password == "typed"
    assert server_url(f"postgresql://app:{SECRET}@srv/hrss", password="typed").password == "typed"
    for bad, said in [("mysql://u:pw@h/db", "PostgreSQL"), ("postgresql+psycopg2://u@h/db", "驱动"),
                      (f"postgresql://u:{SECRET}@h:abc/db", "写法不正确")]:
        with pytest.raises(DatabaseError, match=said) as refused:
            server_url(bad)
        assert SECRET not in str(refused.value) and "pw" not in str(refused.value)


def _service_file(tmp_path: Path, monkeypatch, body: str) -> Path:  # noqa: ANN001
    path = tmp_path / "pg_service.conf"
    path.write_text(body, encoding="utf-8")
    monkeypatch.setenv("PGSERVICEFILE", str(path))
    return path


def test_a_profile_is_a_service_of_the_service_file(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    _service_file(tmp_path, monkeypatch, "[办公室]\nhost=srv\nport=5432\ndbname=hrss\nuser=app\n\n[备用]\nhost=b\n")
    url = server_url("service:办公室")
    assert url.drivername == "postgresql+psycopg" and dict(url.query) == {"service": "办公室"}
    assert dbmod._connect_args(url) == {"connect_timeout": dbmod.CONNECT_TIMEOUT, **dbmod.KEEPALIVES}
    with pytest.raises(DatabaseError, match="没有名为“总部”.*办公室、备用"):
        server_url("service:总部")


def test_the_programs_own_service_file_when_pgservicefile_is_not_set(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv("PGSERVICEFILE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    own = dbmod.service_file()
    assert own == tmp_path / "hrss_disputes" / "pg_service.conf"
    with pytest.raises(DatabaseError, match=f"连接配置文件 {own} 不存在"):
        server_url("service:办公室")
    own.parent.mkdir(parents=True)
    own.write_text("[办公室]\nhost=srv\n", encoding="utf-8")
    server_url("service:办公室")
    assert os.environ["PGSERVICEFILE"] == str(own)  # libpq (and pg_dump started from here) read it there


def test_a_profile_file_libpq_cannot_read_is_said(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    path = _service_file(tmp_path, monkeypatch, "")
    path.write_bytes(b"\xef\xbb\xbf[office]\nhost=srv\n")
    with pytest.raises(DatabaseError, match="BOM"):
        server_url("service:office")
    with pytest.raises(DatabaseError, match="名称"):
        server_url("service:")


def test_a_connect_timeout_unless_one_is_given(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv("PGCONNECT_TIMEOUT", raising=False)

    def timeout(target: str) -> object:
        return dbmod._connect_args(server_url(target)).get("connect_timeout")

    assert timeout("postgresql://u@h/db") == 5
    assert timeout("postgresql://u@h/db?connect_timeout=20") is None
    _service_file(tmp_path, monkeypatch, "[slow]\nhost=h\nconnect_timeout = 30\n[fast]\nhost=h\n")
    assert timeout("service:slow") is None
    assert timeout("service:fast") == 5
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "12")
    assert timeout("postgresql://u@h/db") is None


def test_a_dead_server_is_noticed_in_seconds_unless_the_address_says_otherwise(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """TCP keepalives and tcp_user_timeout on every server connection: a powered-off server or a
    cut network ends a waiting statement in about 20 s, not after TCP's ~15 minutes."""
    args = dbmod._connect_args(server_url("postgresql://u@h/db"))
    assert args["keepalives"] == 1 and args["keepalives_idle"] <= 10 and args["keepalives_count"] <= 3
    assert 10_000 <= args["tcp_user_timeout"] <= 20_000
    assert "tcp_user_timeout" not in dbmod._connect_args(server_url("postgresql://u@h/db?tcp_user_timeout=60000"))
    _service_file(tmp_path, monkeypatch, "[lan]\nhost=h\nkeepalives_idle=30\n")
    lan = dbmod._connect_args(server_url("service:lan"))
    assert "keepalives_idle" not in lan and lan["tcp_user_timeout"] == 20_000


@needs_server
def test_a_server_connection_carries_the_dead_server_detection(db_target: str) -> None:
    engine, _ = dbmod.make_engine(db_target)
    try:
        with engine.connect() as conn:
            given = conn.connection.dbapi_connection.info.get_parameters()
    finally:
        engine.dispose()
    assert given["keepalives"] == "1" and given["tcp_user_timeout"] == "20000"


# libpq's words (connection failures carry no SQLSTATE) and the server's (with one), as psycopg
# raises them; the server may speak Chinese
SERVER_SAYS = [
    (psycopg.OperationalError('connection failed: connection to server at "10.0.0.5", port 5432 failed: '
                              'FATAL:  password authentication failed for user "app"'), ServerLoginRefused, "“app”"),
    (psycopg.OperationalError('connection failed: connection to server at "10.0.0.5", port 5432 failed: '
                              '致命错误:  用户 "app" Password 认证失败'), ServerLoginRefused, "用户名或密码不正确"),
    (psycopg.OperationalError('connection failed: connection to server at "10.0.0.5", port 5432 failed: '
                              'fe_sendauth: no password supplied'), ServerPasswordNeeded, "没有给出密码"),
    (psycopg.OperationalError('connection failed: connection to server at "10.0.0.5", port 5432 failed: '
                              'FATAL:  database "hrss" does not exist'), DatabaseError, "10.0.0.5:5432 上没有名为“hrss”"),
    (psycopg.OperationalError('connection failed: connection to server at "10.0.0.5", port 1 failed: '
                              'Connection refused\n\tIs the server running on that host and accepting TCP/IP '
                              'connections?'), DatabaseError, "10.0.0.5:1：服务器未启动"),
    (psycopg.OperationalError("failed to resolve host 'srv.office': [Errno -2] Name or service not known"),
     DatabaseError, "找不到数据库服务器“srv.office”"),
    (psycopg.OperationalError('connection failed: connection to server at "10.0.0.5", port 5432 failed: '
                              'timeout expired'), DatabaseError, "超时"),
    (psycopg.OperationalError('connection failed: connection to server at "10.0.0.5", port 5432 failed: '
                              'FATAL:  no pg_hba.conf entry for host "10.0.0.9", user "app", database "hrss", '
                              'no encryption'), DatabaseError, "pg_hba.conf"),
    (psycopg.OperationalError('connection failed: connection to server at "10.0.0.5", port 5432 failed: '
                              'FATAL:  permission denied for database "hrss"'), DatabaseError, "没有连接数据库“hrss”"),
    (psycopg.errors.InsufficientPrivilege("permission denied for table dispute_case"), DatabaseError,
     "没有操作数据表 dispute_case 的权限"),
    (psycopg.errors.InsufficientPrivilege("must be owner of table issued_document"), DatabaseError,
     "数据表 issued_document"),
    (psycopg.errors.AdminShutdown("terminating connection due to administrator command"), DatabaseError, "连接中断"),
    (psycopg.OperationalError("consuming input failed: server closed the connection unexpectedly"),
     DatabaseError, "连接中断"),
    (psycopg.errors.TooManyConnections("sorry, too many clients already"), DatabaseError, "连接数已满"),
    (psycopg.errors.StringDataRightTruncation("value too long for type character varying(20)"), DatabaseError,
     "最多 20 个字符"),
    (psycopg.ProgrammingError('invalid connection option "foo"'), DatabaseError, "不认识的参数 foo"),
    (psycopg.OperationalError('connection is bad: invalid sslmode value: "bogus"'), DatabaseError,
     "参数 sslmode 的值“bogus”不正确"),
    (psycopg.errors.SerializationFailure("could not serialize access due to concurrent update"), DatabaseError,
     "同时修改"),
]


@pytest.mark.parametrize(("error", "kind", "said"), SERVER_SAYS)
def test_a_server_error_is_said_in_chinese(error: Exception, kind: type, said: str) -> None:
    wrapped = DBAPIError(None, None, error)
    assert said in explain(wrapped)
    raised = dbmod.server_error(wrapped)
    assert type(raised) is kind and said in str(raised)


def test_sqlite_errors_keep_their_own_words() -> None:
    import sqlite3

    assert "锁定" in explain(DBAPIError(None, None, sqlite3.OperationalError("database is locked")))


# --- a SQLite file on a network share -----------------------------------------------------

MOUNTINFO = r"""22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
40 27 0:50 / /mnt/office rw,relatime - cifs //srv/share rw,vers=3.1.1
41 27 0:51 / /mnt/nfs\040home rw,relatime - nfs4 srv:/home rw
42 40 0:52 / /mnt/office/local rw,relatime - ext4 /dev/vdb rw
43 27 0:53 / /home/li/remote rw,nosuid - fuse.sshfs li@srv:/data rw
44 27 0:54 / /media/usb rw - vfat /dev/sdb1 rw
"""


@pytest.mark.parametrize(("path", "fstype", "network"), [
    ("/home/li/office.db", "ext4", False),
    ("/mnt/office/hrss/office.db", "cifs", True),
    ("/mnt/office", "cifs", True),
    ("/mnt/officeX/a.db", "ext4", False),  # a name that only begins like a mount point
    ("/mnt/office/local/a.db", "ext4", False),  # a local disk mounted inside the share
    ("/mnt/nfs home/a.db", "nfs4", True),  # mountinfo's \040 is a space
    ("/home/li/remote/x/a.db", "fuse.sshfs", True),
    ("/media/usb/a.db", "vfat", False),
])
def test_the_file_system_under_a_path(path: str, fstype: str, network: bool) -> None:
    mounts = netfs.parse_mountinfo(MOUNTINFO)
    assert netfs.fstype_of(Path(path), mounts) == fstype
    assert netfs.is_network_type(fstype) is network


@pytest.mark.parametrize(("path", "drive", "how"), [
    (r"\\srv\share\office.db", 3, "网络路径"),
    (r"\\?\UNC\srv\share\office.db", 3, "网络路径"),
    (r"Z:\hrss\office.db", 4, "网络驱动器"),
    (r"\\?\Z:\hrss\office.db", 4, "网络驱动器"),
    (r"C:\Users\li\office.db", 3, None),
    (r"\\.\C:\office.db", 3, None),
])
def test_a_network_path_on_windows(path: str, drive: int, how: str | None) -> None:
    assert netfs.windows_network(path, lambda _root: drive) == how


def test_a_sqlite_file_on_a_network_share_is_refused(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    share = tmp_path / "share"
    share.mkdir()
    fake = netfs.parse_mountinfo(MOUNTINFO) + [(str(share), "smb3")]
    monkeypatch.setattr(netfs, "_linux_mounts", lambda: tuple(fake))
    with pytest.raises(DatabaseError, match="网络共享文件夹.*smb3.*PostgreSQL 服务器，见 README"):
        open_database(str(share / "office.db"))
    assert list(share.iterdir()) == []  # nothing made on the share
    open_database(str(tmp_path / "local.db")).dispose()  # beside it, on the local disk: opened


def test_the_mount_table_is_read_once(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    netfs._linux_mounts.cache_clear()
    reads = []
    real_open = open

    def counting_open(file, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if str(file) == "/proc/self/mountinfo":
            reads.append(file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", counting_open)
    for name in ("a.db", "b.db", "c.db"):
        assert netfs.network_share(tmp_path / name) is None
    assert len(reads) == (1 if netfs.sys.platform.startswith("linux") else 0)


# --- against the real cluster ---------------------------------------------------------------

@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers (a server hung, a firewall that drops)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def _closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


@needs_server
def test_the_real_servers_refusals_in_chinese(server_account, silent_port, monkeypatch) -> None:  # noqa: ANN001
    import time

    role, database, rightless = server_account
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", os.devnull)
    monkeypatch.setattr(dbmod, "CONNECT_TIMEOUT", 1)
    cases = [
        (account_url(role, database, port=_closed_port()), DatabaseError, "服务器未启动"),
        (account_url(role, database, password="wrong-" + SECRET), ServerLoginRefused, "用户名或密码不正确"),
        (account_url("a_nobody_" + uuid.uuid4().hex[:6], database), ServerLoginRefused, "用户名或密码不正确"),
        (account_url(role, database, password=None), ServerPasswordNeeded, "没有给出密码"),
        (account_url(role, "a_missing_" + uuid.uuid4().hex[:6]), DatabaseError, "上没有名为"),
        (account_url(role, database, host="a-no-such-host.invalid"), DatabaseError, "找不到数据库服务器“a-no-such-host.invalid”"),
        (account_url(role, database, port=silent_port), DatabaseError, "超时"),
        (account_url(rightless, database), ServerSchemaNotReady, "尚未建立"),
    ]
    for target, kind, said in cases:
        started = time.monotonic()
        with pytest.raises(DatabaseError) as refused:
            open_database(target).dispose()
        message = str(refused.value)
        assert type(refused.value) is kind and said in message, (display_target(target), message)
        assert SECRET not in message and SECRET.split("@")[0] not in message
        assert time.monotonic() - started < 10  # a dead server is said, not waited for


@needs_server
def test_a_role_without_rights_is_told_which_table(server_account) -> None:  # noqa: ANN001
    role, database, rightless = server_account
    upgrade_server(account_url(role, database))
    with pytest.raises(DatabaseError, match="没有操作数据表 alembic_version 的权限"):
        open_database(account_url(rightless, database)).dispose()


@needs_server
def test_the_connection_lost_mid_work_and_a_value_too_long(server_account) -> None:  # noqa: ANN001
    role, database, _ = server_account
    engine, _ = dbmod.make_engine(account_url(role, database))
    su = superuser()
    with engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        with su.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        with pytest.raises(DBAPIError) as lost:
            conn.execute(text("SELECT 1"))
    assert explain(lost.value) == dbmod.SERVER_LOST
    with engine.connect() as conn:  # the next piece of work reconnects (pool_pre_ping)
        assert conn.execute(text("SELECT 2")).scalar() == 2
        conn.execute(text("CREATE TEMP TABLE a_short (v varchar(4))"))
        with pytest.raises(DBAPIError) as long_value:
            conn.execute(text("INSERT INTO a_short VALUES ('四个字以上')"))
    assert "最多 4 个字符" in explain(long_value.value)
    engine.dispose()
    su.dispose()


@needs_server
def test_a_servers_schema_is_upgraded_only_by_upgrade_server(server_account) -> None:  # noqa: ANN001
    role, database, _ = server_account
    target = account_url(role, database)
    with pytest.raises(ServerSchemaNotReady) as empty:
        open_database(target)
    assert str(empty.value) == ("服务器上的数据库尚未建立。请由服务器管理员以数据库所有者账户（不是本机连接所用的应用账户）运行："
                                f"{dbmod.owner_upgrade_command(target)}（升级前会自动用 pg_dump 备份）。")
    assert "postgresql://<所有者账户>@" in str(empty.value)
    assert SECRET not in str(empty.value)

    real_migrate = dbmod._migrate

    def migrate_then_fail(conn) -> None:  # noqa: ANN001
        real_migrate(conn)
        raise RuntimeError("killed after the last migration")

    dbmod._migrate = migrate_then_fail
    try:
        with pytest.raises(RuntimeError):
            upgrade_server(target)
    finally:
        dbmod._migrate = real_migrate
    check = create_engine(server_url(target))
    with check.connect() as conn:  # one transaction: nothing of the failed upgrade is left
        assert conn.execute(text("SELECT to_regclass('dispute_case')")).scalar() is None
    assert upgrade_server(target) == (None, HEAD_REVISION)
    assert upgrade_server(target) == (HEAD_REVISION, HEAD_REVISION)  # nothing to do
    open_database(target).dispose()

    # an older schema: the desktop refuses and names both revisions; upgrade_server brings it up
    older = f"{int(HEAD_REVISION) - 1:04d}"
    with check.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": older})
    with pytest.raises(ServerSchemaNotReady, match=f"结构版本为 {older}，本程序需要 {HEAD_REVISION}.*db upgrade"):
        open_database(target)
    # a newer one: SchemaTooNew, from the desktop and from upgrade_server alike, nothing changed
    with check.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaTooNew):
        open_database(target)
    with pytest.raises(SchemaTooNew):
        upgrade_server(target)
    with check.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"
    check.dispose()


@needs_server
def test_an_older_server_schema_is_migrated_by_upgrade_server(server_account) -> None:  # noqa: ANN001
    from alembic import command
    from alembic.config import Config

    role, database, _ = server_account
    target = account_url(role, database)
    older = f"{int(HEAD_REVISION) - 1:04d}"
    engine = create_engine(server_url(target))
    with engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(Path(dbmod.__file__).parent / "migrations"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, older)
    engine.dispose()
    with pytest.raises(ServerSchemaNotReady, match=older):
        open_database(target)
    assert upgrade_server(target) == (older, HEAD_REVISION)
    open_database(target).dispose()


@needs_server
def test_a_profile_with_its_password_in_pgpass_or_typed(server_account, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    role, database, _ = server_account
    host, port = address()
    upgrade_server(account_url(role, database))
    _service_file(tmp_path, monkeypatch, f"[办公室]\nhost={host}\nport={port}\ndbname={database}\nuser={role}\n")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", os.devnull)
    with pytest.raises(ServerPasswordNeeded):
        open_database("service:办公室")
    with pytest.raises(ServerLoginRefused):
        open_database("service:办公室", password="wrong")
    opened = open_database("service:办公室", password=SECRET)
    with opened.session() as session:
        assert session.execute(text("SELECT current_user")).scalar() == role
    opened.dispose()
    pgpass = tmp_path / "pgpass"
    escaped = SECRET.replace("\\", "\\\\").replace(":", "\\:")
    pgpass.write_text(f"{host}:{port}:{database}:{role}:{escaped}\n", encoding="utf-8")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    open_database("service:办公室").dispose()
