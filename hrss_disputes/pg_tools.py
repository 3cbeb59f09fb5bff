"""PostgreSQL's own client tools, pg_dump and pg_restore, for a server database.

The tool matching the server's major version is used (Debian keeps each version under
``/usr/lib/postgresql/<N>/bin``; elsewhere PATH, or PostgreSQL's Windows folder). The password
goes to the tool through the environment (PGPASSWORD) or libpq's own .pgpass, never on its
command line, where ``ps`` would show it; the tool never prompts (``--no-password``). What a
tool says on stderr is turned into one Chinese sentence, with the password cut out of it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

PG_DUMP_MAGIC = b"PGDMP"  # the first bytes of a custom-format archive (pg_dump -Fc)
SQLITE_MAGIC = b"SQLite format 3\x00"
LOCK_WAIT_SECONDS = 60.0  # a backup or restore waiting for other users' locks gives up and says so, never hangs
POLL_SECONDS = 0.5


class ToolError(Exception):
    """A pg_dump/pg_restore that did not do its work, explained in Chinese."""


def is_dump(path: Path) -> bool:
    """Whether ``path`` is a custom-format PostgreSQL archive (pg_dump -Fc)."""
    try:
        with path.open("rb") as f:
            return f.read(len(PG_DUMP_MAGIC)) == PG_DUMP_MAGIC
    except OSError:
        return False


def is_sqlite_file(path: Path) -> bool:
    """Whether ``path`` looks like a SQLite database (plain, or an encrypted one: not a dump,
    not text). Used only to refuse a file for the wrong kind of database."""
    from . import cipher

    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError:
        return False
    return head == SQLITE_MAGIC or (bool(head) and not head.startswith(PG_DUMP_MAGIC) and cipher.looks_encrypted(path))


def server_major(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SHOW server_version_num")).scalar()) // 10000


def _candidates(tool: str, major: int) -> list[Path]:
    exe = f"{tool}.exe" if sys.platform == "win32" else tool
    found = [Path(f"/usr/lib/postgresql/{major}/bin") / exe]
    if sys.platform == "win32":
        for base in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMW6432")):
            if base:
                found.append(Path(base) / "PostgreSQL" / str(major) / "bin" / exe)
    if (on_path := shutil.which(tool)) is not None:
        found.append(Path(on_path))
    # a newer tool reads an older server; Debian may have several versions side by side
    found += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{exe}"), reverse=True)
    return found


def _tool_major(path: Path) -> int | None:
    try:
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(m[1]) if m else None


def find_tool(tool: str, major: int) -> Path:
    """The ``pg_dump``/``pg_restore`` able to work with a server of major version ``major``."""
    older = None
    for path in _candidates(tool, major):
        if path.is_file() and os.access(path, os.X_OK):
            version = _tool_major(path)
            if version is not None and version >= major:
                return path
            older = older or (path, version)
    if older is not None:
        raise ToolError(f"本机的 PostgreSQL 客户端工具 {tool} 是 {older[1]} 版，低于服务器的 {major} 版，"
                        f"无法使用；请安装 {major} 版或更新的 postgresql-client")
    raise ToolError(f"本机没有 PostgreSQL 客户端工具 {tool}，请安装 postgresql-client")


# what a tool is told of the connection: libpq's own resolved values for the program's connection
# (a profile's host, port, user and dbname read from the service file, PGHOST… from the
# environment), never the URL's text, so that a profile's dbname or a PGSERVICE cannot send a
# tool to another database; only options every libpq since 10 knows
_PASSED_ON = ("host", "hostaddr", "port", "user", "dbname", "options", "sslmode", "sslrootcert", "sslcert",
              "sslkey", "sslcrl", "sslcompression", "gssencmode", "requirepeer", "krbsrvname", "passfile",
              "connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
              "tcp_user_timeout", "target_session_attrs")


@dataclass(frozen=True)
class Server:
    """Where a tool connects, as libpq resolved it for the program's own connection, and the
    password that connection used (from the URL, PGPASSWORD, .pgpass: it goes to the tool in its
    environment, never on its command line)."""

    params: dict[str, str]
    password: str | None

    def conninfo(self, database: str | None = None, application: str | None = None) -> str:
        """libpq's connection string for ``database`` (default: the connection's own) on this server."""
        from psycopg.conninfo import make_conninfo

        params = dict(self.params)
        if database is not None:
            params["dbname"] = database
        if application is not None:
            params["application_name"] = application
        return make_conninfo(**params)


def server_of(conn) -> Server:  # noqa: ANN001 - a SQLAlchemy Connection on psycopg
    """The resolved parameters of an open connection (see _PASSED_ON)."""
    info = conn.connection.driver_connection.info
    given = info.get_parameters()
    params = {key: str(given[key]) for key in _PASSED_ON if given.get(key)}
    params.update(host=info.host, port=str(info.port), user=info.user, dbname=info.dbname)
    return Server(params, info.password)


def server(engine: Engine) -> Server:
    with engine.connect() as conn:
        return server_of(conn)


def environment(password: str | None) -> dict[str, str]:
    """The environment of a tool: none of libpq's connection variables (the connection string
    says where), the password as PGPASSWORD when the connection had one."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG") or k in (
        "PGSYSCONFDIR", "PGSSLMODE", "PGCONNECT_TIMEOUT")}
    if password is not None:
        env["PGPASSWORD"] = password
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    env["LC_MESSAGES"] = "C"  # the sentences below are matched in English
    env["PGCLIENTENCODING"] = "UTF8"
    return env


def _explain(tool: str, stderr: str, password: str | None) -> str:
    """The tool's complaint as one Chinese sentence (the password cut out, should it appear)."""
    said = stderr if not password else stderr.replace(password, "***")
    low = said.lower()
    rules = (
        ("password authentication failed", "服务器拒绝了用户名或密码"),
        ("no password supplied", "服务器要求密码，但没有提供（请在 .pgpass 中保存或设置 PGPASSWORD）"),
        ("connection refused", "无法连接数据库服务器（服务器未启动，或地址、端口不对）"),
        ("could not translate host name", "找不到数据库服务器的主机名"),
        ("timeout expired", "连接数据库服务器超时"),
        ("server version mismatch", "本机的 PostgreSQL 客户端工具版本低于服务器，请安装与服务器相同或更新版本的 postgresql-client"),
        ("lock timeout", LOCK_GAVE_UP),
        ("could not obtain lock", LOCK_GAVE_UP),
        ("no space left on device", "磁盘空间不足"),
        ("input file does not appear to be a valid archive", "该文件不是 PostgreSQL 的备份文件（pg_dump 自定义格式）"),
        ("input file is too short", "备份文件不完整（被截断）"),
        ("could not read input file", "备份文件不完整或已损坏"),
        ("could not read from input file", "备份文件不完整（被截断）或已损坏"),
        ("terminating connection", "与数据库服务器的连接被中断（服务器管理员结束了该连接，或服务器正在关闭），未完成，请稍后重试"),
        ("server closed the connection unexpectedly", "与数据库服务器的连接被中断（服务器意外关闭了连接），未完成，请稍后重试"),
        ("connection to server was lost", "与数据库服务器的连接被中断，未完成，请检查网络或服务器后重试"),
        ("unexpected end of file", "备份文件不完整（被截断）"),
        ("could not open input file", "无法读取备份文件"),
        ("could not open output file", "无法写入备份文件"),
        ("must be owner of", "当前数据库账户不是这些表的所有者，请用数据库所有者账户运行"),
        ("permission denied to create database", "当前数据库账户没有建立数据库的权限（CREATEDB）"),
    )
    for needle, sentence in rules:
        if needle in low:
            return sentence
    if m := re.search(r'database "([^"]+)" does not exist', said):
        return f"服务器上没有数据库 {m[1]}"
    if m := re.search(r'must be member of role "([^"]+)"', said):
        return (f"当前数据库账户不是数据库角色 {m[1]} 的成员，无法按备份中的设置恢复该角色的对象或权限"
                "（请用本程序的 restore 恢复：它不恢复备份中的所有者和权限）")
    if m := re.search(r'role "([^"]+)" does not exist', said):
        return f"服务器上没有数据库角色 {m[1]}（请先按 README 用 installer/postgresql/roles.sql 建立角色）"
    if m := re.search(r"permission denied for (?:table|relation|sequence|schema) (\S+)", said):
        return f"当前数据库账户无权读写 {m[1]}"
    lines = [line.strip() for line in said.strip().splitlines() if line.strip()]
    first_error = next((line for line in lines if "error:" in line.lower()), lines[-1] if lines else "（无输出）")
    return f"{tool} 报错：{first_error}"


def run(tool: Path, args: list[str], password: str | None = None) -> str:
    """Run a tool (its connection, if any, in ``args``); its stdout, or ToolError with its
    stderr in Chinese."""
    try:
        done = subprocess.run([str(tool), "--no-password", *args], env=environment(password),
                              capture_output=True, text=True, encoding="utf-8", errors="replace")
    except OSError as e:
        raise ToolError(f"无法运行 {tool.name}：{e.strerror}") from e
    if done.returncode != 0:
        raise ToolError(_explain(tool.name, done.stderr, password))
    return done.stdout


def create_exclusive(path: Path) -> None:
    """A new empty owner-only file at ``path``: never one already there, never through a link."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    os.close(fd)


def dump(engine: Engine, out: Path) -> tuple[int, str] | None:
    """``pg_dump -Fc`` of the engine's database into ``out``, a new owner-only file made here
    (create_exclusive); returns the audit chain's head in exactly the dumped state (read in the
    snapshot pg_dump dumps), or None."""
    tool = find_tool("pg_dump", server_major(engine))
    create_exclusive(out)
    with engine.connect() as conn:
        where = server_of(conn)
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar()
            row = None
            if conn.execute(text("SELECT to_regclass('audit_head')")).scalar() is not None:  # the chain exists
                row = conn.execute(text("SELECT seq, hash FROM audit_head WHERE id = 1")).first()
            run(tool, ["--format=custom", f"--snapshot={snapshot}", f"--lock-wait-timeout={int(LOCK_WAIT_SECONDS * 1000)}",
                       f"--file={out}", f"--dbname={where.conninfo()}"], where.password)
    return (row[0], row[1]) if row else None


def check_archive(path: Path, engine: Engine) -> None:
    """The archive's table of contents reads whole (``pg_restore --list``): ToolError if not."""
    tool = find_tool("pg_restore", server_major(engine))
    run(tool, ["--list", str(path)])


LOCK_GAVE_UP = "数据库正被其他用户使用（表被锁定），请让各台电脑先退出本程序后重试"


def restore(engine: Engine, path: Path, clean: bool) -> None:
    """``pg_restore`` of ``path`` into the engine's database, all or nothing (one transaction).
    ``clean`` drops the objects the archive holds first. Nothing of a dump's owners and grants
    is restored (``--no-owner --no-privileges``: no ALTER OWNER, GRANT nor ALTER DEFAULT
    PRIVILEGES, which name roles this server may not have, or that the restoring role is no
    member of — any role may change its own default privileges, and every later dump holds
    them): the objects are the restoring role's (the owner role), and the application role's
    rights come from this database's own default privileges (installer/postgresql/roles.sql).

    A restore waiting on other sessions' locks (a PC in a long transaction) for longer than
    LOCK_WAIT_SECONDS in all is cancelled, and nothing is changed: the archive's own preamble
    sets ``lock_timeout = 0``, so no setting given to pg_restore holds; its session is watched
    (pg_stat_activity, by a name of its own) and cancelled by the same role."""
    import time
    import uuid

    tool = find_tool("pg_restore", server_major(engine))
    with engine.connect() as conn:
        where = server_of(conn)
    name = f"hrss-disputes restore {uuid.uuid4().hex[:12]}"
    args = [str(tool), "--no-password", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
            f"--dbname={where.conninfo(application=name)}"]
    if clean:
        args += ["--clean", "--if-exists"]
    try:
        proc = subprocess.Popen([*args, str(path)], env=environment(where.password), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
    except OSError as e:
        raise ToolError(f"无法运行 {tool.name}：{e.strerror}") from e
    waited, gave_up = 0.0, False
    watch = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        while proc.poll() is None:
            time.sleep(POLL_SECONDS)
            row = watch.execute(text("SELECT pid, wait_event_type FROM pg_stat_activity WHERE application_name = :n"),
                                {"n": name}).first()
            waited += POLL_SECONDS if row is not None and row.wait_event_type == "Lock" else 0.0
            if waited > LOCK_WAIT_SECONDS and not gave_up:
                gave_up = bool(watch.execute(text("SELECT pg_cancel_backend(:p)"), {"p": row.pid}).scalar())
    finally:
        watch.close()
        stderr = proc.communicate()[1]
    if proc.returncode != 0:
        raise ToolError(LOCK_GAVE_UP if gave_up else _explain(tool.name, stderr, where.password))
