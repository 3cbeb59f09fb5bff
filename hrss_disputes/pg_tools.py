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
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL

PG_DUMP_MAGIC = b"PGDMP"  # the first bytes of a custom-format archive (pg_dump -Fc)
SQLITE_MAGIC = b"SQLite format 3\x00"
LOCK_TIMEOUT = "60s"  # a restore waiting for other users' locks gives up and says so, never hangs


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


_QUERY_ENV = {"service": "PGSERVICE", "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT",
              "connect_timeout": "PGCONNECT_TIMEOUT", "host": "PGHOST", "port": "PGPORT",
              "user": "PGUSER", "dbname": "PGDATABASE", "passfile": "PGPASSFILE",
              "application_name": "PGAPPNAME"}


def environment(url: URL, database: str | None = None) -> dict[str, str]:
    """The libpq environment for a tool: where to connect, and the password (if the URL has one)
    as PGPASSWORD; otherwise libpq reads .pgpass (PGPASSFILE) or a service file by itself."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG") or k in (
        "PGSERVICEFILE", "PGPASSFILE", "PGSYSCONFDIR", "PGSSLMODE", "PGCONNECT_TIMEOUT", "PGPASSWORD")}
    for key, value in url.query.items():
        if key in _QUERY_ENV:
            env[_QUERY_ENV[key]] = value if isinstance(value, str) else value[-1]
    if url.host:
        env["PGHOST"] = url.host
    if url.port:
        env["PGPORT"] = str(url.port)
    if url.username:
        env["PGUSER"] = url.username
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    if database or url.database:
        env["PGDATABASE"] = database or url.database
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    env["PGOPTIONS"] = f"-c lock_timeout={LOCK_TIMEOUT}"
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
        ("lock timeout", "数据库正被其他用户使用（表被锁定），请让各台电脑先退出本程序后重试"),
        ("could not obtain lock", "数据库正被其他用户使用（表被锁定），请让各台电脑先退出本程序后重试"),
        ("no space left on device", "磁盘空间不足"),
        ("input file does not appear to be a valid archive", "该文件不是 PostgreSQL 的备份文件（pg_dump 自定义格式）"),
        ("input file is too short", "备份文件不完整（被截断）"),
        ("could not read input file", "备份文件不完整或已损坏"),
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
    if m := re.search(r'role "([^"]+)" does not exist', said):
        return f"服务器上没有数据库角色 {m[1]}（请先按 README 用 installer/postgresql/roles.sql 建立角色）"
    if m := re.search(r"permission denied for (?:table|relation|sequence|schema) (\S+)", said):
        return f"当前数据库账户无权读写 {m[1]}"
    lines = [line.strip() for line in said.strip().splitlines() if line.strip()]
    first_error = next((line for line in lines if "error:" in line.lower()), lines[-1] if lines else "（无输出）")
    return f"{tool} 报错：{first_error}"


def run(tool: Path, url: URL, args: list[str], database: str | None = None) -> str:
    """Run a tool against the server ``url`` names (``database`` instead of the URL's); its
    stdout, or ToolError with its stderr in Chinese."""
    try:
        done = subprocess.run([str(tool), "--no-password", *args], env=environment(url, database),
                              capture_output=True, text=True, encoding="utf-8", errors="replace")
    except OSError as e:
        raise ToolError(f"无法运行 {tool.name}：{e.strerror}") from e
    if done.returncode != 0:
        raise ToolError(_explain(tool.name, done.stderr, None if url.password is None else str(url.password)))
    return done.stdout


def dump(engine: Engine, out: Path) -> tuple[int, str] | None:
    """``pg_dump -Fc`` of the engine's database into a new owner-only ``out``; returns the audit
    chain's head in exactly the dumped state (read in the snapshot pg_dump dumps), or None."""
    tool = find_tool("pg_dump", server_major(engine))
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # owner-only from the first byte
    os.close(fd)
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar()
            row = None
            if conn.execute(text("SELECT to_regclass('audit_head')")).scalar() is not None:  # the chain exists
                row = conn.execute(text("SELECT seq, hash FROM audit_head WHERE id = 1")).first()
            run(tool, engine.url, ["--format=custom", f"--snapshot={snapshot}", f"--file={out}"])
    return (row[0], row[1]) if row else None


def check_archive(path: Path, engine: Engine) -> None:
    """The archive's table of contents reads whole (``pg_restore --list``): ToolError if not."""
    tool = find_tool("pg_restore", server_major(engine))
    run(tool, engine.url, ["--list", str(path)])


def restore(engine: Engine, path: Path, database: str, clean: bool) -> None:
    """``pg_restore`` of ``path`` into ``database`` on the engine's server, all or nothing (one
    transaction). ``clean`` drops the objects the archive holds first; objects are owned by the
    role restoring (the owner role), the archive's grants to the application role are kept."""
    tool = find_tool("pg_restore", server_major(engine))
    args = ["--single-transaction", "--exit-on-error", "--no-owner", f"--dbname={database}"]
    if clean:
        args += ["--clean", "--if-exists"]
    run(tool, engine.url, [*args, str(path)], database=database)
