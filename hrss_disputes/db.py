"""Engine, pragmas, the per-user default location, and the upgrade at start-up.

Alembic is imported only when the database is behind the code's schema, so an ordinary start
costs one ``SELECT`` on ``alembic_version``.
"""

from __future__ import annotations

import os
import re
import warnings
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.engine import URL
from sqlmodel import Session

from . import cipher
from .migrations.head import HEAD_REVISION

# Money columns are Numeric(14, 2) quantized on the way in and out; SQLite's float storage is
# exact at that scale, so SQLAlchemy's generic warning about it is noise.
warnings.filterwarnings("ignore", message="Dialect sqlite\\+pysqlite does \\*not\\* support Decimal")


class DatabaseError(Exception):
    """A database problem explained in Chinese for the person at the desk."""


class PassphraseNeeded(DatabaseError):
    """The file is encrypted (it has no SQLite header) and no passphrase was given."""


class WrongPassphrase(DatabaseError):
    """The passphrase given does not open the encrypted file."""


NEEDS_PASSPHRASE = "数据库已加密，请输入数据库口令"
BAD_PASSPHRASE = "数据库口令不正确（或该文件不是本程序的数据库）"


def default_db_path() -> Path:
    """In the per-user data folder (paths.data_dir)."""
    from .paths import data_dir

    return data_dir() / "hrss_disputes.db"


def resolve_target(db: str | None) -> str:
    """``--db`` wins, then ``HRSS_DB``, then the per-user default. A file path, a PostgreSQL URL
    (``postgresql://user@host:port/db``) or a connection profile (``service:NAME``)."""
    return db or os.environ.get("HRSS_DB") or str(default_db_path())


# A connection profile is a service of libpq's service file (pg_service.conf): ``--db
# service:办公室`` connects with the [办公室] section of PGSERVICEFILE, or of the program's own
# pg_service.conf in the per-user data folder; the password comes from libpq's .pgpass
# (PGPASSFILE), PGPASSWORD, or is asked for.
SERVICE_PREFIX = "service:"
SERVICE_FILE = "pg_service.conf"
CONNECT_TIMEOUT = 5  # seconds: a dead server is said, not waited for
_SERVER_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def is_service(target: str) -> bool:
    return target.startswith(SERVICE_PREFIX)


# What looks like a server address but is not a valid one (a mistyped scheme or ``service:``,
# a libpq ``key=value`` string, ``user:password@host``) is a server address refused in Chinese by
# server_url, never a file path: a file would be created (with folders named after the password)
# and the password shown. A drive letter (``C:\``, ``C:/``, ``D:file``) is a file.
_SCHEME_LIKE = re.compile(r"^\s*[A-Za-z][A-Za-z0-9+.-]+:/")
_POSTGRES_LIKE = re.compile(r"(?i)^\s*postgres")
_SERVICE_LIKE = re.compile(r"(?i)^\s*service\s*[:=]")
_CONNINFO = re.compile(r"(?i)(?:^|\s)(?:host|hostaddr|port|dbname|user|password|passfile|service|sslmode|options"
                       r"|application_name|connect_timeout|target_session_attrs)\s*=")
_CREDENTIALS = re.compile(r"^[^/\\@]*:[^/\\]*@")
MALFORMED_SERVER = ("数据库地址 {shown} 看起来是服务器地址，但写法不正确（本程序不会把它当作本机数据库文件）。"
                    "请写成 postgresql://用户名@服务器:端口/数据库名，或 service:名称（连接配置，小写），"
                    "本机数据库请直接给出文件路径。")


def _malformed_server(target: str) -> bool:
    """Whether ``target`` looks like a server address without being one this program reads."""
    if "://" in target or is_service(target):
        return False
    if re.match(r"^[A-Za-z]:[\\/]", target) or (re.match(r"^[A-Za-z]:", target) and "@" not in target):
        return bool(_CONNINFO.search(target))  # a Windows drive
    return bool(_SCHEME_LIKE.match(target) or _POSTGRES_LIKE.match(target) or _SERVICE_LIKE.match(target)
                or _CONNINFO.search(target) or _CREDENTIALS.match(target))


def is_url(target: str) -> bool:
    """Whether ``target`` names a server (a URL or a ``service:NAME`` profile, or something that
    looks like one and is refused by server_url), not a file."""
    return "://" in target or is_service(target) or _malformed_server(target)


is_server = is_url


def _host_at(rest: str) -> int:
    """Where the ``@`` ending a URL's user part is in ``rest`` (after ``://``), or -1: the last
    ``@`` before the query (the first ``?`` after the first ``@``). A password may hold ``@``,
    ``/`` or ``?``; an ``@`` in the query (``?application_name=me@pc``) is not the host's."""
    first = rest.find("@")
    if first < 0:
        return -1
    query = rest.find("?", first)
    return rest.rfind("@", 0, query if query >= 0 else len(rest))


def _split_password(target: str) -> tuple[str, str | None]:
    """The URL without its password, and the password (None when there is none), as written."""
    scheme, sep, rest = target.partition("://")
    at = _host_at(rest)
    if not sep or at < 0:
        return target, None
    user, colon, password = rest[:at].partition(":")
    if not colon:
        return target, None
    return f"{scheme}://{user}@{rest[at + 1:]}", password


def password_in_address(target: str) -> bool:
    """Whether a server URL carries its password (``user:pw@`` or ``?password=``): anyone on the
    PC can read a command line (``ps``), so the window says so and points to .pgpass."""
    if "://" not in target:
        return False
    bare, password = _split_password(target)
    query = bare.partition("://")[2].partition("?")[2]
    return password is not None or any(p.split("=", 1)[0].lower() == "password" for p in query.split("&"))


def display_target(target: str) -> str:
    """The database as people may see it, in the status bar, dialogs, messages and logs: a
    file's path, ``postgresql://user@host:port/db`` (no password, no driver name, no password
    in the query) or ``service:NAME``; a malformed server address masked. Never raises."""
    if _malformed_server(target):
        from .crashlog import mask

        shown = mask(target)
        if _CREDENTIALS.match(shown):  # user:password@host without a scheme
            shown = f"{shown.partition(':')[0]}:***@{shown[_host_at(shown) + 1:]}"
        return shown
    if is_service(target) or "://" not in target:
        return target
    bare, _password = _split_password(target)
    scheme, _sep, rest = bare.partition("://")
    if scheme.lower() in _SERVER_SCHEMES or scheme.lower().startswith("postgresql+"):
        scheme = "postgresql"
    address, _q, query = rest.partition("?")
    kept = [p for p in query.split("&") if p and "password" not in p.split("=", 1)[0].lower()]
    return f"{scheme}://{address}" + ("?" + "&".join(kept) if kept else "")


def _pgpass_password(host: str | None, port: int | None, dbname: str | None, user: str | None) -> str | None:
    """The password libpq would read from PGPASSFILE (or ~/.pgpass, %APPDATA%\\postgresql\\pgpass.conf)."""
    env = os.environ.get("PGPASSFILE")
    if env:
        path = Path(env)
    elif os.name == "nt":
        path = Path(os.environ.get("APPDATA", "")) / "postgresql" / "pgpass.conf"
    else:
        path = Path.home() / ".pgpass"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    wanted = [host or "localhost", str(port or 5432), dbname or user or "", user or ""]
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.replace("\\:", ":").replace("\x00", "\\")
                  for f in re.split(r"(?<!\\):", line.replace("\\\\", "\x00"))]
        if len(fields) < 5:
            continue
        if all(f == "*" or f == w for f, w in zip(fields[:4], wanted, strict=True)):
            return ":".join(fields[4:])
    return None


def target_password(target: str) -> str | None:
    """The password a server target carries, for a tool that takes it apart from the URL (pg_dump
    and pg_restore through PGPASSWORD): ``user:pw@`` in the URL, else ``password=`` in its query,
    else PGPASSWORD, else the matching line of .pgpass for the URL's or the profile's host, port,
    database and user. None when there is none (or the target is not a valid server address)."""
    try:
        url = server_url(target)
    except DatabaseError:
        return None
    if url.password is not None:
        return str(url.password)
    in_query = url.query.get("password")
    if isinstance(in_query, str):
        return in_query
    if os.environ.get("PGPASSWORD"):
        return os.environ["PGPASSWORD"]
    service = url.query.get("service")
    if isinstance(service, str):
        section = service_file().read_text(encoding="utf-8-sig").split(f"[{service}]", 1)[-1].split("\n[", 1)[0]
        in_profile = re.search(r"(?m)^\s*password\s*=\s*(.*?)\s*$", section)
        if in_profile:
            return in_profile.group(1)
    host, port, dbname, user = _where(target)
    return _pgpass_password(host, port, dbname, user)


def service_file() -> Path:
    """Where connection profiles are read: PGSERVICEFILE, else the program's own file in the
    per-user data folder."""
    from .paths import data_dir

    env = os.environ.get("PGSERVICEFILE")
    return Path(env) if env else data_dir() / SERVICE_FILE


def service_names(path: Path) -> list[str]:
    """The services (``[NAME]`` sections) of a pg_service.conf, in order."""
    names = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            names.append(line[1:-1].strip())
    return names


def _service_url(name: str) -> URL:
    """libpq's own ``service=NAME``, checked first so that a missing profile is said in Chinese."""
    path = service_file()
    if not name:
        raise DatabaseError(f"请在 {SERVICE_PREFIX} 后写出连接配置的名称，如 --db {SERVICE_PREFIX}办公室")
    try:
        names = service_names(path)
        bom = path.read_bytes().startswith(b"\xef\xbb\xbf")
    except FileNotFoundError:
        raise DatabaseError(f"找不到服务器连接配置“{name}”：连接配置文件 {path} 不存在。"
                            "请由管理员建立该文件（见 README），或用 --db postgresql://… 直接写出服务器地址。") from None
    except (OSError, UnicodeDecodeError) as e:
        raise DatabaseError(f"无法读取连接配置文件 {path}：{getattr(e, 'strerror', None) or '不是 UTF-8 文本'}") from None
    if name not in names:
        known = "、".join(names) if names else "没有任何连接配置"
        raise DatabaseError(f"连接配置文件 {path} 中没有名为“{name}”的服务器连接配置（其中有：{known}）。")
    if bom:
        raise DatabaseError(f"连接配置文件 {path} 以 BOM 开头，PostgreSQL 无法读取；请另存为“UTF-8（无 BOM）”。")
    os.environ["PGSERVICEFILE"] = str(path)  # libpq (and pg_dump started from here) read it there
    return URL.create("postgresql+psycopg", query={"service": name})


def server_url(target: str, password: str | None = None) -> URL:
    """The SQLAlchemy URL of a server target (a PostgreSQL URL, ``postgresql://`` meaning the
    psycopg driver, or a ``service:NAME`` profile); ``password`` (typed at sign-in) wins over
    one in the URL. DatabaseError for anything else."""
    from sqlalchemy.engine import make_url

    if _malformed_server(target):
        raise DatabaseError(MALFORMED_SERVER.format(shown=display_target(target)))
    if is_service(target):
        url = _service_url(target[len(SERVICE_PREFIX):].strip())
    else:
        bare, in_url = _split_password(target)
        scheme = bare.partition("://")[0].lower()
        if scheme not in _SERVER_SCHEMES:
            if scheme.startswith("postgresql+"):
                raise DatabaseError(f"本机缺少连接该数据库所需的驱动（{scheme.partition('+')[2]}），"
                                    "请写成 postgresql://…（使用 psycopg）")
            raise DatabaseError(f"数据库地址 {display_target(target)} 不是 PostgreSQL 服务器地址（本程序只带 PostgreSQL 的驱动）：请写成 "
                                "postgresql://用户名@服务器:端口/数据库名，本机数据库请直接给出文件路径。")
        rest = bare.partition("://")[2]
        at = _host_at(rest)
        address, _q, query = rest[at + 1:].partition("?")  # an @ in the query is not the user's
        try:
            url = make_url("postgresql+psycopg://" + rest[:at + 1] + address).update_query_string(query)
        except (exc.ArgumentError, ValueError, TypeError):
            raise DatabaseError(f"数据库地址的写法不正确：{display_target(target)}（应为 "
                                "postgresql://用户名@服务器:端口/数据库名）") from None
        if in_url is not None:
            from urllib.parse import unquote

            url = url.set(password=unquote(in_url))
        service = url.query.get("service")
        if service is not None:  # ?service=NAME: the profile is checked as service:NAME is
            _service_url(service if isinstance(service, str) else service[-1])
    return url.set(password=password) if password is not None else url


# a server that stops answering (powered off, network gone) is noticed in tens of seconds, not
# after the TCP retransmission timeout (~15 min): TCP keepalives on an idle connection, and
# tcp_user_timeout on one waiting for its answer; libpq's names, each left to the URL or profile
# when it sets it
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3,
              "tcp_user_timeout": 20_000}


def _connect_args(url: URL) -> dict[str, object]:
    """A connect timeout (unless the URL, the profile or PGCONNECT_TIMEOUT gives one) and the
    dead-server detection of KEEPALIVES (each unless the URL or the profile sets it)."""
    section = ""
    service = url.query.get("service")
    if isinstance(service, str):
        text_ = service_file().read_text(encoding="utf-8-sig")
        section = text_.split(f"[{service}]", 1)[-1].split("\n[", 1)[0]

    def given(name: str) -> bool:
        return name in url.query or re.search(rf"(?m)^\s*{name}\s*=", section) is not None

    args: dict[str, object] = {k: v for k, v in KEEPALIVES.items() if not given(k)}
    if not (given("connect_timeout") or os.environ.get("PGCONNECT_TIMEOUT")):
        args["connect_timeout"] = CONNECT_TIMEOUT
    return args


class ServerPasswordNeeded(DatabaseError):
    """The server asks for a password and none was given (none in the URL, .pgpass or PGPASSWORD)."""


class ServerLoginRefused(DatabaseError):
    """The server refused the account: a wrong password or an unknown user."""


class ServerSchemaNotReady(DatabaseError):
    """The server's schema is missing or older than the program's: only the administrator's
    ``db upgrade`` changes it, never a desktop or an ordinary command."""


NO_SERVER_PASSWORD = "服务器要求输入数据库账户的密码，但没有给出密码。"
SERVER_LOST = "与数据库服务器的连接中断了，刚才的操作没有完成（未保存）。请检查网络或服务器后重试。"


def _quoted(text: str, after: str) -> str | None:
    """The first double-quoted name after ``after`` in a server message."""
    m = re.search(re.escape(after) + r'[^"]*"([^"]*)"', text)
    return m.group(1) if m else None


def _server_at(text: str) -> str:
    """``host:port`` (or the socket) a libpq connection message names, else 服务器."""
    m = re.search(r'connection to server at "([^"]+)"(?: \([^)]*\))?, port (\d+)', text)
    if m:
        return f"{m.group(1)}:{m.group(2)}"
    m = re.search(r'connection to server on socket "([^"]+)"', text)
    return f"（本机套接字 {m.group(1)}）" if m else ""


def _explain_server(error: BaseException) -> tuple[type[DatabaseError], str]:
    """A PostgreSQL (psycopg) error as the class open_database raises and a Chinese sentence.
    Connection failures carry no SQLSTATE, so they are told by libpq's words (English, and
    the server's own in a Chinese-language server for the commonest)."""
    orig = getattr(error, "orig", None) or error
    state = getattr(orig, "sqlstate", None) or ""
    text = str(orig)
    low = text.lower()
    where = _server_at(text)
    at = f" {where}" if where else ""
    if "no password supplied" in low:
        return ServerPasswordNeeded, NO_SERVER_PASSWORD
    if ("password authentication failed" in low or "认证失败" in text or state in ("28P01", "28000")
            or ("role" in low and "does not exist" in low)):
        user = _quoted(text, "user") or _quoted(text, "role") or _quoted(text, "用户")
        who = f"“{user}”" if user else ""
        return ServerLoginRefused, f"数据库服务器拒绝登录：数据库账户{who}的用户名或密码不正确。"
    if "no pg_hba.conf entry" in low:
        return DatabaseError, (f"数据库服务器{at}不允许本机以该账户连接该数据库（服务器的 pg_hba.conf 中没有本机的条目），"
                               "请联系服务器管理员。")
    if state == "3D000" or ("database" in low and "does not exist" in low) or ("数据库" in text and "不存在" in text):
        name = _quoted(text, "database") or _quoted(text, "数据库")
        return DatabaseError, (f"数据库服务器{at + ' ' if at else ''}上没有名为“{name or ''}”的数据库，请检查地址中的数据库名，"
                               "或请服务器管理员建立该数据库。")
    if "failed to resolve host" in low or "could not translate host name" in low:
        host = re.search(r"resolve host '([^']*)'|host name \"([^\"]*)\"", text)
        name = next((g for g in host.groups() if g), "") if host else ""
        return DatabaseError, (f"找不到数据库服务器“{name}”：该名称无法解析。请检查服务器名称，"
                               "或改用服务器的 IP 地址；也请检查本机网络。")
    if "timeout expired" in low or "timed out" in low:
        return DatabaseError, (f"连接数据库服务器{at}超时：服务器没有回应。请检查网络、服务器是否开机，"
                               "以及地址和端口是否正确。")
    if "connection refused" in low or ("socket" in low and "no such file" in low):
        return DatabaseError, (f"无法连接数据库服务器{at}：服务器未启动，或该端口不接受连接。请确认服务器已开机、"
                               "PostgreSQL 正在运行，且地址和端口正确。")
    if state == "53300" or "too many connections" in low or "remaining connection slots" in low:
        return DatabaseError, "数据库服务器的连接数已满，请稍后重试，或请服务器管理员调大连接数。"
    if state == "57P03" or "is starting up" in low or "is shutting down" in low:
        return DatabaseError, "数据库服务器正在启动或关闭，请稍后重试。"
    if "permission denied for database" in low:
        name = _quoted(text, "database")
        return DatabaseError, f"该数据库账户没有连接数据库“{name or ''}”的权限，请联系服务器管理员授权。"
    if state == "42501" or "permission denied" in low or "must be owner" in low:
        m = re.search(r"(?:permission denied for|must be owner of) (table|relation|sequence|schema|view|function)"
                      r' "?([^\s"]+)"?', text)
        kinds = {"table": "数据表", "relation": "数据表", "view": "数据表", "sequence": "序列", "schema": "模式",
                 "function": "函数"}
        what = f"操作{kinds[m.group(1)]} {m.group(2)} " if m else "执行该操作"
        return DatabaseError, (f"数据库账户没有{what}的权限（服务器上的授权不完整），操作未完成。"
                               "请联系服务器管理员按 README 为应用账户授权。")
    if text.startswith("connection failed") or ("connection to server" in low and "failed" in low):
        return DatabaseError, f"无法连接数据库服务器{at}，请检查网络、服务器是否开机，以及地址和端口是否正确。"
    if (state.startswith("08") or state in ("57P01", "57P02") or getattr(error, "connection_invalidated", False)
            or "server closed the connection" in low or "terminating connection" in low
            or "connection is closed" in low or "consuming input failed" in low or "connection is lost" in low
            or "ssl connection has been closed" in low or "lost synchronization" in low):
        return DatabaseError, SERVER_LOST
    if state in ("40001", "40P01"):
        return DatabaseError, "其他用户同时修改了相同的数据，操作未保存，请重试。"
    if state == "55P03" or "lock timeout" in low:
        return DatabaseError, ("数据库正被其他用户或服务器管理员的操作占用（已锁定，如恢复或升级数据库），"
                               "刚才的操作没有完成，请稍后重试。")
    if state == "22001" or "value too long" in low:
        m = re.search(r"varying\((\d+)\)|character\((\d+)\)", text)
        limit = next((g for g in m.groups() if g), None) if m else None
        most = f"（最多 {limit} 个字符）" if limit else ""
        return DatabaseError, f"填写的内容超过了数据库允许的长度{most}，未保存。请缩短后重试。"
    if "invalid connection option" in low:
        return DatabaseError, f"数据库地址（或连接配置）中有 PostgreSQL 不认识的参数 {_quoted(text, 'option') or ''}，请检查后重试。"
    if "invalid port number" in low:
        return DatabaseError, (f"数据库地址（或连接配置）中的端口号“{_quoted(text, 'number') or ''}”不正确，"
                               "应为 1 到 65535 之间的数字（PostgreSQL 通常为 5432）。")
    bad_value = re.search(r'invalid (\w+) value: "([^"]*)"', text)
    if bad_value or re.search(r"invalid \w+ value", low):
        key, value = bad_value.groups() if bad_value else ("", "")
        return DatabaseError, f"数据库地址（或连接配置）中参数 {key} 的值“{value}”不正确，请检查后重试。"
    if "definition of service" in low or ("service file" in low and "not found" in low):
        name = _quoted(text, "service") or ""
        return DatabaseError, f"找不到服务器连接配置“{name}”，请检查连接配置的名称，或请管理员建立该连接配置（见 README）。"
    if state == "57014" or "canceling statement" in low:
        if "statement timeout" in low:
            return DatabaseError, ("数据库服务器取消了刚才的操作：超过了为该连接设定的语句时限（statement_timeout），"
                                   "操作未完成。请检查数据库地址或账户设置中的时限，或请服务器管理员调整。")
        return DatabaseError, "数据库服务器取消了刚才的操作（可能由服务器管理员中止），操作未完成，请重试。"
    if state in ("57P04", "57P05") or state.startswith("57"):
        return DatabaseError, SERVER_LOST
    import logging

    from .crashlog import mask

    logging.getLogger("hrss_disputes").warning("数据库服务器错误（原文）：%s", mask(text))
    return DatabaseError, "数据库服务器报告了一个本程序未能识别的错误，操作未完成（原文已记入日志）。请重试，或请服务器管理员查看日志。"


def _from_server(error: BaseException) -> bool:
    orig = getattr(error, "orig", None) or error
    return type(orig).__module__.split(".")[0] == "psycopg"


def server_error(error: BaseException) -> DatabaseError:
    """A driver error from a server as the DatabaseError (or subclass) open_database raises."""
    kind, message = _explain_server(error)
    return kind(message)


def explain(error: BaseException) -> str:
    """Turn a driver error into a sentence a clerk can act on."""
    if _from_server(error):
        return _explain_server(error)[1]
    msg = str(getattr(error, "orig", None) or error).lower()
    if "database is locked" in msg or "database table is locked" in msg:
        return "数据库正被其他程序占用（已锁定），请关闭其他正在使用该数据库的程序后重试。"
    if "readonly" in msg or "read-only" in msg:
        return "数据库文件是只读的，无法保存。请检查文件权限或换一个可写的位置。"
    if "malformed" in msg:
        return "数据库文件已损坏或不完整，无法读取；请用备份恢复（restore）。"
    if "not a database" in msg or "file is encrypted" in msg:
        return "该文件不是本程序的数据库（或已损坏），请选择正确的数据库文件。"
    if "unable to open" in msg:
        return "无法打开数据库文件，请检查路径和文件夹权限。"
    if "disk" in msg and ("full" in msg or "i/o" in msg):
        return "磁盘已满或读写出错，数据未能保存。"
    return f"数据库错误：{getattr(error, 'orig', None) or error}"


@dataclass
class Database:
    engine: Engine
    path: Path | None  # None for a server URL

    @property
    def key(self) -> str | None:
        """The passphrase of an encrypted (SQLCipher) file; None for a plain file or a server."""
        return key_of(self.engine)

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def dispose(self) -> None:
        self.engine.dispose()


# the passphrase of each encrypted engine, for the file-level work (backups) done beside it
_KEYS: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def key_of(bind: object) -> str | None:
    """The passphrase an engine (a session's bind) opened its encrypted file with; None if plain."""
    return _KEYS.get(getattr(bind, "engine", bind))


def _check_sqlite_file(path: Path, key: str | None) -> bool:
    """Refuse what cannot be opened; True when the file is an encrypted one (and a key was given)."""
    if path.exists():
        if path.is_dir():
            raise DatabaseError(f"{path} 是一个文件夹，不是数据库文件。")
        if not os.access(path, os.R_OK):
            raise DatabaseError(f"没有读取数据库文件 {path} 的权限。")
        with path.open("rb") as f:
            head = f.read(16)
        encrypted = bool(head) and head != cipher.SQLITE_HEADER
        if encrypted:
            if not cipher.looks_encrypted(path):
                raise DatabaseError(f"{path} 不是本程序的数据库（或已损坏），请选择正确的数据库文件。")
            if key is None:
                raise PassphraseNeeded(NEEDS_PASSPHRASE)
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise DatabaseError(
                f"数据库文件 {path} 或其所在文件夹是只读的，无法保存案件。请检查权限或换一个可写的位置。"
            )
        return encrypted
    if cipher.recover(path):  # lost while its checked conversion waited beside it: that is the database
        return _check_sqlite_file(path, key)
    if Path(f"{path}.converting").exists():
        raise DatabaseError(f"数据库文件 {path} 不存在，但旁边有中断的转换留下的 {path.name}.converting，"
                            "它可能是数据的唯一副本；请先检查或交技术人员处理，本程序不会新建空数据库覆盖它。")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Owner-only from the first byte: the file holds ID numbers and wages.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except OSError as e:
        raise DatabaseError(f"无法在 {path.parent} 创建数据库文件：{e.strerror}") from e
    return False


# as SQLite's busy_timeout, but longer: every write waits its turn for the audit chain's head row,
# so ten writers queue behind it; a statement meeting another session's lock gives up and says so
LOCK_WAIT = "10s"


def _server_session(dbapi_conn, _record) -> None:  # noqa: ANN001
    """A server connection's settings: a statement waiting for a lock another session holds (a
    restore, an upgrade, a long transaction) gives up after LOCK_WAIT, said as 占用, instead of
    hanging the window. No JIT: the program's statements read a few thousand rows at most, and a
    planner's high guess (a count over a city's history) had it compile one for 1–1.7 s to run it
    in 0.2 s (the monthly report). Committed: a plain SET is undone by the pool's rollback."""
    with dbapi_conn.cursor() as cur:
        cur.execute(f"SET lock_timeout = '{LOCK_WAIT}'")
        cur.execute("SET jit = off")
    dbapi_conn.commit()


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a killed process loses no commit
    # 64 MB page cache per connection keeps the search indexes of a large office in memory
    # between keystrokes, whatever the operating system does with its file cache.
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def make_engine(target: str, key: str | None = None, password: str | None = None) -> tuple[Engine, Path | None]:
    """The engine for a server (URL or profile) or a file. ``key`` opens an encrypted file; the
    file decides: a plain file is opened plain whatever the key. ``password`` is a server
    password typed at sign-in (kept in memory only). A file on a network share is refused."""
    if is_url(target):
        url = server_url(target, password)
        try:
            engine = create_engine(url, pool_pre_ping=True, connect_args=_connect_args(url))
            event.listen(engine, "connect", _server_session)
            return engine, None
        except ModuleNotFoundError as e:
            raise DatabaseError(f"本机缺少连接该数据库所需的驱动（{e.name}）") from None
        except exc.ArgumentError:
            raise DatabaseError(f"数据库地址的写法不正确：{display_target(target)}") from None
    path = Path(target).expanduser().resolve()
    from .netfs import network_share, refusal

    if (how := network_share(path)) is not None:
        raise DatabaseError(refusal(path, how))
    if not _check_sqlite_file(path, key):
        engine = create_engine(f"sqlite:///{path}")
    else:
        # SQLCipher through SQLAlchemy's pysqlite dialect: its DB-API module (so its errors are
        # wrapped like sqlite3's) and a creator that sets the key before the dialect's first query
        engine = create_engine(f"sqlite:///{path}", module=cipher.dbapi(),
                               creator=lambda: cipher.connect(path, key, check_same_thread=False))
        _KEYS[engine] = key
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine, path


class SchemaTooNew(DatabaseError):
    """The database was made or upgraded by a newer version of the program."""


def schema_refusal(rev: str | None) -> str | None:
    """Why this program must not open a database at schema revision ``rev`` (one Chinese
    sentence), or None when it can (the same revision, an older one it upgrades, or none)."""
    if rev is None or rev == HEAD_REVISION:
        return None
    if rev.isdigit() and int(rev) < int(HEAD_REVISION):
        return None
    return (f"该数据库由更新版本的本程序建立或升级（数据库结构版本 {rev}，本程序只支持到 {HEAD_REVISION}），"
            f"请安装能打开结构版本 {rev} 的新版程序后再打开；本程序没有对它做任何改动。")


def file_revision(path: Path, key: str | None = None) -> str | None:
    """The schema revision of a database file, read without opening it for the program (None
    when it has none or cannot be read: the caller's own open says why)."""
    try:
        con = cipher.connect(path, key, readonly=True)
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except cipher.driver_errors():
        return None
    return row[0] if row else None


def _revision(conn) -> str | None:  # noqa: ANN001
    """The schema revision seen over ``conn`` (None: no schema yet). On PostgreSQL the table is
    looked up first, so a missing one leaves the transaction usable; a role that may not read
    it is said as such, not taken for an empty database."""
    if conn.dialect.name == "postgresql":
        if conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is None:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    try:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except exc.OperationalError as e:
        if "no such table" in str(e):
            return None
        raise


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _revision(conn)


def _migrate(conn) -> None:  # noqa: ANN001
    """Every migration up to the head, on ``conn`` in its transaction."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def upgrade(engine: Engine) -> None:
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            # pysqlite opens a transaction only before DML, so DDL would commit statement by
            # statement: begun here, a failed or killed upgrade rolls back whole
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        _migrate(conn)


UPGRADE_LOCK = 0x68727373  # pg_advisory_xact_lock key: one server upgrade at a time


def _where(target: str) -> tuple[str | None, int | None, str | None, str | None]:
    """host, port, database and user of a server target, a profile's read from its section."""
    url = server_url(target)
    service = url.query.get("service")
    if not isinstance(service, str):
        return url.host, url.port, url.database, url.username
    section = service_file().read_text(encoding="utf-8-sig").split(f"[{service}]", 1)[-1].split("\n[", 1)[0]
    keys = dict(re.findall(r"(?m)^\s*(\w+)\s*=\s*(.*?)\s*$", section))
    port = keys.get("port", "")
    return (url.host or keys.get("host"), url.port or (int(port) if port.isdigit() else None),
            url.database or keys.get("dbname"), url.username or keys.get("user"))


def account_label(target: str) -> str | None:
    """``user@host:port/db`` of a server target (a profile's from its section), no password; None
    when it cannot be told (an unreadable profile, a malformed address)."""
    try:
        host, port, database, user = _where(target)
    except (DatabaseError, OSError, UnicodeDecodeError):
        return None
    server = (host or "本机") + (f":{port}" if port else "")
    return f"{user or '（未指定账户）'}@{server}/{database or user or ''}"


def owner_upgrade_command(target: str) -> str:
    """``db upgrade`` as the server's administrator runs it: with the database owner's address
    (this PC's own --db or profile connects as the application account, which may not change the
    schema), this server's host and database filled in, no password."""
    try:
        host, port, database, _user = _where(target)
    except (DatabaseError, OSError, UnicodeDecodeError):
        host, port, database = None, None, None
    server = (host or "<服务器>") + (f":{port}" if port else "")
    return f"hrss-disputes db upgrade --db postgresql://<所有者账户>@{server}/{database or '<数据库>'}"


def server_schema_refusal(rev: str | None, target: str) -> str | None:
    """Why a desktop or an ordinary command must not use a server database at ``rev`` (only
    the administrator's ``db upgrade`` changes a server's schema), or None when it may."""
    if rev == HEAD_REVISION or schema_refusal(rev) is not None:
        return None
    command = owner_upgrade_command(target)
    who = (f"请由服务器管理员以数据库所有者账户（不是本机连接所用的应用账户）运行：{command}"
           "（升级前会自动用 pg_dump 备份）。")
    if rev is None:
        return f"服务器上的数据库尚未建立。{who}"
    return (f"服务器上的数据库结构版本为 {rev}，本程序需要 {HEAD_REVISION}：须先升级服务器上的数据库"
            f"（本程序不会自行升级服务器上的数据库）。{who}")


def upgrade_server(target: str, password: str | None = None) -> tuple[str | None, str]:
    """Bring a server's schema to the program's: the administrator's ``db upgrade`` calls it
    (after its pg_dump), with the owner role. Every migration runs in one transaction
    (PostgreSQL's DDL is transactional: a failure leaves the old schema whole), under an
    advisory lock so that two upgrades never run at once. Returns (old revision, new
    revision); SchemaTooNew for a database of a newer program (nothing changed)."""
    if not is_url(target):
        raise DatabaseError("upgrade_server 只用于服务器上的数据库；本机数据库文件在打开时升级")
    engine, _ = make_engine(target, password=password)
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
            old = _revision(conn)
            if (why := schema_refusal(old)) is not None:
                raise SchemaTooNew(why)
            if old != HEAD_REVISION:
                _migrate(conn)
        return old, HEAD_REVISION
    except DatabaseError:
        raise
    except exc.SQLAlchemyError as e:
        raise server_error(e) from e
    finally:
        engine.dispose()


def open_database(target: str, on_upgrade: Callable[[str | None], None] | None = None,
                  backup_first: bool = True, key: str | None = None, password: str | None = None) -> Database:
    """Open (creating if needed) and upgrade the database; raise DatabaseError with Chinese text.

    A server (URL or ``service:NAME``) is never created nor upgraded here: a missing or older
    schema is ServerSchemaNotReady (the administrator runs ``db upgrade``), a password it asks
    for and was not given ServerPasswordNeeded, a refused one ServerLoginRefused; ``password``
    is one typed at sign-in.

    ``on_upgrade`` is told the old revision before a backup and upgrade start, so a window can
    say why the start takes longer this once. ``backup_first=False`` is for a throwaway copy
    (a backup being checked before a restore): it is not copied aside again. ``key`` is the
    passphrase of an encrypted file (PassphraseNeeded without one, WrongPassphrase if it fails)."""
    try:
        engine, path = make_engine(target, key, password=password)
        key = key_of(engine)
        try:
            rev = current_revision(engine)
        except exc.DatabaseError as e:
            engine.dispose()
            if key is not None and "not a database" in str(e.orig):
                raise WrongPassphrase(BAD_PASSPHRASE) from e
            if path is None:
                raise server_error(e) from e
            raise
        if path is None and (why := server_schema_refusal(rev, target)) is not None:
            engine.dispose()
            raise ServerSchemaNotReady(why)
        if rev != HEAD_REVISION:
            if (why := schema_refusal(rev)) is not None:  # before any backup or write
                engine.dispose()
                raise SchemaTooNew(why)
            if on_upgrade is not None and rev is not None:
                on_upgrade(rev)
            if path is not None and rev is not None and backup_first:
                from .backup import BackupError, make_backup

                try:
                    make_backup(path, f"upgrade-{rev}", key=key)
                except BackupError as e:  # never migrate what could not be copied aside first
                    raise DatabaseError(f"{e}；数据库未升级。") from e
            upgrade(engine)
    except DatabaseError:
        raise
    except exc.SQLAlchemyError as e:
        raise (server_error(e) if _from_server(e) else DatabaseError(explain(e))) from e
    except cipher.driver_errors() as e:
        raise DatabaseError(explain(e)) from e
    if path is not None:
        from .outputs import protect

        protect(path)
    return Database(engine=engine, path=path)
