"""Command line: the same powers as the window, through the same services.

    hrss-disputes [--db PATH]                      start the program
    hrss-disputes demo --db PATH --cases N [--seed S] [--today YYYY-MM-DD]
    hrss-disputes deadline --start YYYY-MM-DD --days N --kind working|calendar
    hrss-disputes document --db PATH --case CASE_NO --type TYPE --out FILE.pdf [--anonymised]
    hrss-disputes report --db PATH --month YYYY-MM [--office CODE] --format json|pdf|xlsx --out FILE
    hrss-disputes audit verify --db PATH
    hrss-disputes backup --db PATH --out FILE
    hrss-disputes restore --db PATH --from FILE
    hrss-disputes db status|upgrade --db PATH|URL [--backup-to FILE]
    hrss-disputes encryption on|off|change --db PATH

``document`` and ``report`` sign in: ``--user`` / HRSS_USER and the password from HRSS_PASSWORD
(scheduled reports) or asked at the terminal. ``audit``, ``backup``, ``restore`` and
``encryption`` work on the file itself (owner-only on disk), so that a damaged database can
still be checked and restored. An encrypted database's passphrase comes from HRSS_DB_PASSPHRASE
or is asked at the terminal; a new one from HRSS_NEW_DB_PASSPHRASE or asked twice.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
import time
from datetime import date
from pathlib import Path

# Argparse's own words, in Chinese: the people who run these commands read Chinese, and a
# message half in English reads like a crash.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "expected one argument": "须跟一个值",
    "expected at most one argument": "最多跟一个值",
    "expected at least one argument": "至少跟一个值",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "该选项不带值：%r",
    "one of the arguments %s is required": "须给出以下参数之一：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有命令 %(parser_name)r（可用的命令：%(choices)s）",
}


def _zh(message: str) -> str:
    return _ARGPARSE_ZH.get(message, message)


argparse._ = _zh  # argparse looks its gettext up at call time: its messages come out in Chinese


class _Parser(argparse.ArgumentParser):
    """Chinese errors (status 2), and an epilog worked out only when help is shown (starting the
    window reads no templates)."""

    epilog_factory = None

    def format_help(self) -> str:
        if self.epilog_factory is not None:
            self.epilog = self.epilog_factory()
        return super().format_help()

    def error(self, message: str) -> None:  # noqa: D102
        self.exit(2, f"{self.prog}：错误：{message}\n（用 {self.prog} --help 查看用法）\n")


# the oldest and newest years the program accepts in dates typed on the command line
FIRST_YEAR, LAST_YEAR = 1990, 2100
DEMO_MAX_CASES = 2_000_000


def _count(text: str) -> int:
    """``--cases``: a whole number of cases the demo can make in reasonable time."""
    if not re.fullmatch(r"[0-9]{1,9}", text) or not 1 <= int(text) <= DEMO_MAX_CASES:
        raise argparse.ArgumentTypeError(f"案件数量“{text}”应为 1 至 {DEMO_MAX_CASES} 的整数")
    return int(text)


def _seed(text: str) -> int:
    if not re.fullmatch(r"-?[0-9]{1,18}", text):
        raise argparse.ArgumentTypeError(f"随机种子“{text}”应为整数")
    return int(text)


def _day(text: str) -> date:
    """A date written YYYY-MM-DD in the years the program works with."""
    day = _parse_day(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"日期“{text}”应为 {FIRST_YEAR}—{LAST_YEAR} 年间的 YYYY-MM-DD")
    return day


def _format(text: str) -> str:
    if text not in ("json", "pdf", "xlsx"):
        raise argparse.ArgumentTypeError(f"报表格式“{text}”应为 json、pdf 或 xlsx")
    return text


def _parse_day(text: str) -> date | None:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


DB_HELP = ("数据库：本机数据库文件的路径；办公室服务器的地址 postgresql://用户名@服务器:端口/数据库名"
           "（密码不写在地址里：存入 .pgpass、设置 PGPASSWORD，或连接时输入）；或服务器连接配置 service:名称"
           "（PGSERVICEFILE 或用户数据文件夹中 pg_service.conf 的 [名称] 一节）")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="hrss-disputes", description="劳动人事争议调解仲裁与欠薪投诉案件管理")
    p.add_argument("--db", help=DB_HELP + "（默认：用户数据文件夹中的 hrss_disputes.db；也可用环境变量 HRSS_DB）")
    sub = p.add_subparsers(dest="command", parser_class=_Parser, title="命令", metavar="命令")
    d = sub.add_parser("demo", help="向空数据库载入演示数据")
    d.add_argument("--db", dest="sub_db", help=DB_HELP)
    d.add_argument("--cases", type=_count, default=2000, help=f"案件数量（默认 2000，最多 {DEMO_MAX_CASES}）")
    d.add_argument("--seed", type=_seed, default=1, help="随机种子：相同种子得到相同数据")
    d.add_argument("--today", type=_day, default=None, help="以该日期为“今天”生成（YYYY-MM-DD）")
    k = sub.add_parser("deadline", help="期间计算器：起算日后 N 个工作日/自然日的届满日")
    k.add_argument("--start", required=True, help="起算日（当日不计入），YYYY-MM-DD")
    k.add_argument("--days", required=True, help="期间天数")
    k.add_argument("--kind", required=True, help="working（工作日）或 calendar（自然日）")
    k.add_argument("--db", dest="sub_db", help="同时采用该数据库中管理员录入的节假日调整")
    o = sub.add_parser("document", help="输出案件文书 PDF：已签发的原件（或公开版本），未签发的输出样稿",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    o.epilog_factory = _document_types
    o.add_argument("--db", dest="sub_db", help=DB_HELP)
    o.add_argument("--case", required=True, help="案号，如 肇劳人仲案字〔2026〕88号")
    o.add_argument("--type", required=True, dest="doc_type", help="文书类型（见下表）")
    o.add_argument("--out", required=True, type=Path, help="输出的 PDF 文件")
    o.add_argument("--anonymised", action="store_true", help="公开版本：当事人姓名、证件号码、电话、住址脱敏")
    o.add_argument("--user", default=os.environ.get("HRSS_USER"), help="登录用户名（或环境变量 HRSS_USER）")
    r = sub.add_parser("report", help="月度统计报表：调解成功率、仲裁结案率、投诉结案率及支撑数字")
    r.add_argument("--db", dest="sub_db", help=DB_HELP)
    r.add_argument("--month", help="统计月份 YYYY-MM（同时给出当年累计）")
    r.add_argument("--from", dest="start", help="自定义期间起日 YYYY-MM-DD（与 --to 同用）")
    r.add_argument("--to", dest="end", help="自定义期间止日 YYYY-MM-DD")
    r.add_argument("--office", help="机构代码（含下级机构；默认：最上级机构）")
    r.add_argument("--format", type=_format, default="json", help="输出格式 json、pdf 或 xlsx（pdf、xlsx 须给出 --out）")
    r.add_argument("--out", type=Path, help="输出文件（默认：打印到屏幕）")
    r.add_argument("--user", default=os.environ.get("HRSS_USER"), help="登录用户名（或环境变量 HRSS_USER）")
    r.add_argument("--submit", action="store_true",
                   help="上报：固定该期报表（领导；期满后，每期一次，不能撤回），然后输出上报的报表")
    r.add_argument("--current", action="store_true",
                   help="已上报的期间按当前数据重新统计输出（标明“当前数据（未上报）”）；默认输出上报时的数字及其后的变化")
    a = sub.add_parser("audit", help="审计日志：校验哈希链是否完整、未被篡改")
    a.add_argument("action", choices=["verify"], help="verify：逐条校验审计链")
    a.add_argument("--db", dest="sub_db", help="数据库文件路径或服务器数据库地址")
    a.add_argument("--against", help="较早的备份文件，或较早记下的链头“序号:哈希”：证明那时的审计链原样保留在今天的链中")
    b = sub.add_parser("backup", help="备份数据库（本机文件：SQLite 在线备份；服务器：pg_dump），可在程序使用中进行")
    b.add_argument("--db", dest="sub_db", help="数据库文件路径或服务器数据库地址")
    b.add_argument("--out", required=True, type=Path, help="备份文件")
    rs = sub.add_parser("restore", help="从备份恢复数据库（先校验完整性和审计链，原数据库另存一份）")
    rs.add_argument("--db", dest="sub_db", help="数据库文件路径或服务器数据库地址")
    rs.add_argument("--from", dest="source", required=True, type=Path, help="备份文件")
    rs.add_argument("--other-database", action="store_true",
                    help="服务器：确认要用另一个数据库的备份替换本数据库（默认拒绝恢复别的数据库的备份）")
    g = sub.add_parser("db", help="数据库结构：status 查看结构版本，upgrade 升级（管理员；先备份再升级）")
    g.add_argument("action", choices=["status", "upgrade"],
                   help="status：数据库与本程序的结构版本；upgrade：先备份（服务器用 pg_dump），再升级到本程序的结构")
    g.add_argument("--db", dest="sub_db", help="数据库文件路径或服务器数据库地址（服务器请用数据库所有者账户）")
    g.add_argument("--backup-to", type=Path, metavar="FILE", help="升级前的备份写到该文件（默认：用户数据文件夹的 backups）")
    g.add_argument("--user", default=os.environ.get("HRSS_USER"), help="管理员的登录用户名（或环境变量 HRSS_USER）")
    e = sub.add_parser("encryption", help="数据库加密（SQLCipher）：on 加密，off 取消加密，change 更改口令；备份一同转换")
    e.add_argument("action", choices=["on", "off", "change"], help="on：加密；off：取消加密；change：更改口令")
    e.add_argument("--db", dest="sub_db", help=DB_HELP)
    return p


NEW_PASSPHRASE_ENV = "HRSS_NEW_DB_PASSPHRASE"


class NoPassphrase(Exception):
    """The passphrase could not be had (no terminal, no environment variable)."""


class Refused(Exception):
    """Bad input on the command line: the message is said and the command exits with 2."""


NOT_UTF8 = "含有无法识别的字符（不是 UTF-8 编码的文字），请检查输入法或终端的编码设置"


def _tty() -> bool:
    """Whether a person can type at this command (stdin may be closed: None)."""
    return sys.stdin is not None and sys.stdin.isatty()


def _readable(text: str) -> bool:
    """Whether ``text`` came in as UTF-8 (Python keeps other bytes as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _ask(prompt: str, env: str) -> str:
    """A secret from the environment (scheduled jobs) or typed at the terminal."""
    value = os.environ.get(env)
    if value is None:
        if not _tty():
            raise NoPassphrase(f"请设置环境变量 {env}，或在终端中运行以输入{prompt}")
        import getpass

        try:
            value = getpass.getpass(f"{prompt}：")
        except UnicodeDecodeError as e:
            raise NoPassphrase(f"输入的{prompt}{NOT_UTF8}") from e
        except EOFError as e:
            raise NoPassphrase(f"没有输入{prompt}") from e
    if not _readable(value):
        raise NoPassphrase(f"{prompt}（{env}）{NOT_UTF8}")
    return value


def _key_for(path: Path) -> str | None:
    """The passphrase of an encrypted database file (None for a plain one)."""
    from .cipher import PASSPHRASE_ENV, looks_encrypted

    return _ask("数据库口令", PASSPHRASE_ENV) if path.is_file() and looks_encrypted(path) else None


def _open(target: str, create: bool = False, **kwargs):  # noqa: ANN003, ANN202
    """open_database for a command: the passphrase asked when the file is encrypted. Only
    ``demo`` creates a database; every other command refuses a file that is not there (a typo
    must not leave an empty database behind)."""
    from .db import DatabaseError, is_url, open_database
    from .services.encryption import tidy_at_start

    key = None
    if target.lower().startswith("sqlite:"):
        raise DatabaseError("本机数据库请直接给出文件路径（不带 sqlite:// 前缀）")
    if not is_url(target):
        path = Path(target).expanduser().resolve()
        if not create and not path.exists():
            raise DatabaseError(f"找不到数据库文件 {path}")
        if path.exists() and not path.is_file():
            raise DatabaseError(f"{path} 不是普通文件，不是本程序的数据库")
        if not create and path.stat().st_size == 0:
            raise DatabaseError(f"{path} 是空文件，不是本程序的数据库（新数据库由 demo 命令或程序窗口首次启动建立）")
        try:
            key = _key_for(path)
        except NoPassphrase as e:
            raise DatabaseError(f"数据库已加密。{e}") from e
        db = tidy_at_start(open_database(target, key=key, **kwargs))
    else:
        db = _open_server(target, **kwargs)
    _OPENED.append(db)
    return db


def _open_server(target: str, **kwargs):  # noqa: ANN003, ANN202
    """open_database on a server: a password the server asks for and was not given (none in the
    URL, .pgpass or PGPASSWORD) is asked at the terminal; without a terminal the command says
    where to put it. The schema is never upgraded here (the administrator's ``db upgrade``)."""
    from .db import DatabaseError, ServerPasswordNeeded, display_target, open_database

    try:
        return open_database(target, **kwargs)
    except ServerPasswordNeeded as e:
        try:
            password = _ask(f"数据库服务器密码（{display_target(target)}）", "PGPASSWORD")
        except NoPassphrase as why:
            raise DatabaseError(f"{e}{why}；也可把密码存入 PostgreSQL 的密码文件 .pgpass（见 README）") from None
    return open_database(target, password=password, **kwargs)


_OPENED: list = []  # the databases this command opened: closed when it ends (main's finally)


def _acting_context(args: argparse.Namespace):  # noqa: ANN202
    """The command's database and who acts, signed in like at the window: ``--user`` or
    HRSS_USER, the password from HRSS_PASSWORD or asked at the terminal."""
    from .db import resolve_target
    from .services import accounts
    from .services.context import ServiceContext

    username = args.user
    if not username and _tty():
        try:
            username = input("用户名：")
        except (EOFError, UnicodeDecodeError):
            username = ""
    if not username:
        raise accounts.LoginRefused("请用 --user 或环境变量 HRSS_USER 给出登录用户名")
    if not _readable(username):
        raise accounts.LoginRefused(f"登录用户名{NOT_UTF8}")
    try:
        password = _ask(f"{username} 的密码", "HRSS_PASSWORD")
    except NoPassphrase as e:
        raise accounts.LoginRefused(str(e)) from e
    ctx = ServiceContext(_open(resolve_target(args.sub_db or args.db)))
    # at a terminal a password the administrator set is changed here and now, as at the window;
    # a scheduled job (no terminal) is refused and told to change it first
    at_terminal = _tty()
    signed_in = ctx.call(accounts.authenticate, username=username, password=password,
                         changes_password_now=at_terminal)
    ctx.actor = signed_in.actor
    if signed_in.must_change_password:
        _change_set_password(ctx, password)
    return ctx


def _change_set_password(ctx, old: str) -> None:  # noqa: ANN001
    """The new password typed twice at the terminal, checked by the same rules as the window's."""
    from .services import accounts
    from .services.errors import ValidationFailed

    print(f"用户 {ctx.actor.username} 的密码由管理员设置，须先修改后才能继续。", file=sys.stderr)
    try:
        new = _ask("新密码", "HRSS_NEW_PASSWORD")
        again = new if "HRSS_NEW_PASSWORD" in os.environ else _ask("再次输入新密码", "HRSS_NEW_PASSWORD")
    except NoPassphrase as e:
        raise accounts.LoginRefused(str(e)) from e
    if new != again:
        raise accounts.LoginRefused("两次输入的新密码不一致，密码未修改")
    try:
        ctx.call(accounts.change_password, old_password=old, new_password=new)
    except ValidationFailed as e:
        raise accounts.LoginRefused(f"新密码未被接受：{e}") from e
    print("密码已修改。", file=sys.stderr)


def _file_target(args: argparse.Namespace, must_exist: bool = True) -> Path:
    """The local database file the command works on (Refused for a server URL or no file)."""
    from .db import is_url, resolve_target

    target = resolve_target(args.sub_db or args.db)
    if is_url(target):
        raise Refused("该命令只用于本机数据库文件，不用于服务器数据库")
    path = Path(target).expanduser().resolve()
    if path.is_dir():
        raise Refused(f"{path} 是一个文件夹，不是数据库文件")
    if must_exist and not path.is_file():
        from .db import DatabaseError

        raise DatabaseError(f"找不到数据库文件 {path}")
    return path


def _database_file(args: argparse.Namespace) -> Path | None:
    """The local database file the command names (None for a server URL): never an output."""
    from .db import is_url, resolve_target

    target = resolve_target(args.sub_db or args.db)
    return None if is_url(target) else Path(target).expanduser().resolve()


def _check_out(args: argparse.Namespace, *paths: Path) -> None:
    """Refuse output files (``--out`` and what is written beside it) before any work is done."""
    from .outputs import OutputRefused, check

    try:
        check(paths, _database_file(args))
    except OutputRefused as e:
        raise Refused(str(e)) from e


def _write(path: Path, data: bytes, args: argparse.Namespace) -> None:
    from .outputs import OutputRefused, write_private

    try:
        write_private(path, data, _database_file(args))
    except OutputRefused as e:
        raise Refused(str(e)) from e


def _audit(args: argparse.Namespace) -> int:
    """0 when the database, its audit chain and its issued papers hold (and, with ``--against``,
    an older chain is a prefix of this one); 1 naming the first fault. A file is read as a file
    (read-only); a server database over its connection (reading only)."""
    from .db import is_url, resolve_target

    target = resolve_target(args.sub_db or args.db)
    if is_url(target):
        from .verify import verify_engine

        with _server_errors():
            report = verify_engine(_server_engine(target), against=args.against)
    else:
        from .verify import verify_file

        path = _file_target(args)
        key = _key_for(path)
        against = args.against
        against_key = None
        if against is not None and Path(against).is_file():
            against_key = _backup_key(Path(against).resolve(), key)
        report = verify_file(path, key=key, against=against, against_key=against_key)
    for line in report.lines:
        print(line)
    if report.fault is not None:
        print(f"审计校验失败：{report.fault}", file=sys.stderr)
        return 1
    return 0


def _backup(args: argparse.Namespace) -> int:
    """A checked copy: a file's with SQLite's backup API (an encrypted database's backup is
    encrypted with the same passphrase), a server database's with pg_dump (custom format)."""
    from .backup import BackupError, is_metadata, make_backup, metadata_path
    from .db import is_url, resolve_target

    target = resolve_target(args.sub_db or args.db)
    on_server = is_url(target)
    if not on_server:
        path = _file_target(args)
        key = _key_for(path)
        _refuse_newer(path, key)
    out = Path(os.path.abspath(args.out))
    _check_out(args, out, metadata_path(out))
    if os.path.lexists(meta := metadata_path(out)) and not is_metadata(meta):  # only --out was named
        raise Refused(f"{meta} 已存在且不是备份说明：备份会在 --out 旁写入该文件，本命令不覆盖未指定的文件；"
                      "请换一个 --out 文件名或先移走该文件")
    try:
        if on_server:
            from .server_backup import make_server_backup

            with _server_errors():
                engine = _checked_server(target, out.parent)
                made = make_server_backup(engine, "manual", out=out)
        else:
            made = make_backup(path, "manual", out=out, key=key)
    except BackupError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    print(made)
    print(f"备份说明（含审计链头，可供日后 audit verify --against 核对）：{metadata_path(made)}", file=sys.stderr)
    return 0


def _restore(args: argparse.Namespace) -> int:
    from .backup import BackupError
    from .db import is_url, resolve_target
    from .pg_tools import is_dump
    from .services.backups import restore_database

    target = resolve_target(args.sub_db or args.db)
    source = args.source.expanduser().resolve()
    if is_url(target):
        return _restore_server(target, source, args.source, args.other_database)
    path = _file_target(args, must_exist=False)
    if source == path:
        raise Refused("备份文件与数据库是同一个文件")
    if is_dump(source):
        raise Refused(f"{source.name} 是服务器数据库（PostgreSQL）的备份，不能恢复到本机数据库文件；"
                      "请用 restore --db 服务器地址 恢复到服务器。未做任何更改。")
    try:
        key = _key_for(path)
        if path.is_file():
            _refuse_newer(path, key)
        restored = restore_database(path, source, key=key, source_key=_backup_key(source, key))
    except BackupError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    print(f"已从 {args.source} 恢复数据库 {path}。")
    if restored.replaced_kept_at:
        print(f"被替换的数据库另存为 {restored.replaced_kept_at}")
    return 0


def _restore_server(target: str, source: Path, named: Path, other_database: bool = False) -> int:
    """Replace a server database with a pg_dump backup once a copy of it passed its checks in a
    scratch database; the replaced database is dumped aside first. A dump of another database
    only with ``--other-database``."""
    from .backup import BackupError
    from .db import display_target
    from .pg_tools import is_dump, is_sqlite_file
    from .services.backups import restore_server_database

    if source.is_file() and not is_dump(source) and is_sqlite_file(source):
        raise Refused(f"{source.name} 是本机数据库文件（SQLite）或其备份，不能恢复到服务器数据库（PostgreSQL）；"
                      "服务器数据库只能用 backup --db 服务器地址 做的备份恢复。未做任何更改。")
    with _server_errors():
        engine = _checked_server(target)
        try:
            restored = restore_server_database(engine, source, other_database=other_database)
        except BackupError as e:
            print(f"错误：{e}", file=sys.stderr)
            return 1
    print(f"已从 {named} 恢复服务器数据库 {display_target(target)}。")
    if restored.replaced_kept_at:
        print(f"被替换的数据库另存为 {restored.replaced_kept_at}")
    return 0


def _checked_server(target: str, outputs: Path | None = None):  # noqa: ANN202
    """The server for backup and restore: connected, a newer schema refused, and what a killed
    earlier run left tidied."""
    engine = _server_engine(target)
    _refuse_newer_server(engine)
    _tidy_server(engine, outputs)
    return engine


def _tidy_server(engine, outputs: Path | None = None) -> None:  # noqa: ANN001
    """What an earlier backup or restore killed midway left (a scratch database on the server,
    temporary dumps) removed, and said."""
    from .server_backup import tidy

    for line in tidy(engine, outputs):
        print(line, file=sys.stderr)


def _server_engine(target: str):  # noqa: ANN202
    """A server database for the administrator's commands (backup, restore, audit, db): connected
    as the address says, its schema neither checked nor upgraded; closed when the command ends.
    A password the server asks for and was not given (none in the URL, .pgpass or PGPASSWORD)
    is asked at the terminal, as for every other command; pg_dump/pg_restore get it through
    their environment."""
    from sqlalchemy import exc

    from .db import DatabaseError, ServerPasswordNeeded, display_target, make_engine, server_error

    engine, _ = make_engine(target)
    try:
        with engine.connect():
            pass
    except exc.SQLAlchemyError as e:
        engine.dispose()
        why = server_error(e)
        if not isinstance(why, ServerPasswordNeeded):
            raise why from None
        try:
            password = _ask(f"数据库服务器密码（{display_target(target)}）", "PGPASSWORD")
        except NoPassphrase as no:
            raise DatabaseError(f"{why}{no}；也可把密码存入 PostgreSQL 的密码文件 .pgpass（见 README）") from None
        engine, _ = make_engine(target, password=password)
    _OPENED.append(engine)
    return engine


class _server_errors:  # noqa: N801 - used as a with-statement
    """A driver error on a server as the Chinese sentence db.explain makes of it."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, tb) -> bool:  # noqa: ANN001
        from sqlalchemy import exc

        from .db import server_error

        if isinstance(error, exc.SQLAlchemyError):
            raise server_error(error) from error
        return False


def _refuse_newer_server(engine) -> str | None:  # noqa: ANN001
    """A server database from a newer program: its sentence, and nothing done to it; else its revision."""
    from .db import SchemaTooNew, current_revision, schema_refusal

    rev = current_revision(engine)
    if (why := schema_refusal(rev)) is not None:
        raise SchemaTooNew(why)
    return rev


def _db(args: argparse.Namespace) -> int:
    """``db status``: the database's schema revision against this program's. ``db upgrade``: an
    administrator's (signed in when the database has users already), a backup first (pg_dump on
    a server, refusing to upgrade if it fails), then the migrations; old → new is printed."""
    from .db import is_url, resolve_target

    target = resolve_target(args.sub_db or args.db)
    if is_url(target):
        with _server_errors():
            return (_db_status if args.action == "status" else _db_upgrade_server)(args, target)
    return (_db_status if args.action == "status" else _db_upgrade_file)(args, target)


def _db_status(args: argparse.Namespace, target: str) -> int:
    from .db import file_revision, is_url, schema_refusal
    from .migrations.head import HEAD_REVISION

    if is_url(target):
        from .db import current_revision, display_target

        rev = current_revision(_server_engine(target))
        print(f"服务器数据库：{display_target(target)}")
    else:
        path = _file_target(args)
        rev = file_revision(path, _key_for(path))
        print(f"数据库文件：{path}")
    print(f"数据库结构版本：{rev or '（尚未建立）'}")
    print(f"本程序的结构版本：{HEAD_REVISION}")
    if rev == HEAD_REVISION:
        print("结构一致，无需升级。")
    elif (why := schema_refusal(rev)) is not None:
        print(why)
    elif is_url(target):
        from .db import owner_upgrade_command

        print(f"需要升级：请由服务器管理员以数据库所有者账户运行 {owner_upgrade_command(target)}（升级前自动用 pg_dump 备份）")
    else:
        print("需要升级：运行 hrss-disputes db upgrade --db …，或用本程序打开一次（升级前自动备份）")
    return 0


def _upgrade_signin(engine, args: argparse.Namespace) -> None:  # noqa: ANN001
    """When the database has users already, the command is signed in (``--user``/HRSS_USER and
    HRSS_PASSWORD or the terminal) as an administrator; an empty database has nobody yet. Read
    with plain SQL: the schema may be older than the program's models."""
    from sqlalchemy import exc, text

    from .models.enums import Role
    from .services.accounts import LoginRefused, check_password
    from .services.errors import PermissionDenied

    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT username, password_hash, role, active FROM app_user "
                                     "WHERE password_hash IS NOT NULL")).all()
    except exc.DBAPIError as e:
        said = str(e.orig).lower()
        if not any(w in said for w in ("no such table", "no such column", "does not exist")):
            raise
        rows = []
    if not rows:
        return
    username = args.user
    if not username and _tty():
        try:
            username = input("管理员用户名：")
        except (EOFError, UnicodeDecodeError):
            username = ""
    if not username:
        raise LoginRefused("升级数据库结构须由管理员登录：请用 --user 或环境变量 HRSS_USER 给出用户名")
    if not _readable(username):
        raise LoginRefused(f"登录用户名{NOT_UTF8}")
    try:
        password = _ask(f"{username} 的密码", "HRSS_PASSWORD")
    except NoPassphrase as e:
        raise LoginRefused(str(e)) from e
    row = next((r for r in rows if r.username == username.strip()), None)
    if row is None or not row.active or not check_password(password, row.password_hash):
        raise LoginRefused("用户名或密码不正确")
    if row.role != Role.ADMIN.value:
        raise PermissionDenied("只有管理员可以升级数据库结构；数据库未做任何更改")


def _not_the_owner(engine) -> str | None:  # noqa: ANN001
    """Why the connected account may not upgrade the server's schema (it is not the database's
    owner nor a member of it: the application role's address), or None."""
    from sqlalchemy import text

    from .pg_tools import server

    with engine.connect() as conn:
        row = conn.execute(text("SELECT current_user AS who, current_database() AS db, pg_get_userbyid(datdba) AS owner, "
                                "pg_has_role(current_user, datdba, 'MEMBER') AS member "
                                "FROM pg_database WHERE datname = current_database()")).one()
    if row.member:
        return None
    where = server(engine).params
    return (f"升级数据库结构须用数据库所有者账户运行：当前账户 {row.who} 不是数据库 {row.db} 的所有者（所有者账户是 {row.owner}）。"
            f"请由服务器管理员运行 hrss-disputes db upgrade --db postgresql://{row.owner}@{where.get('host')}:"
            f"{where.get('port')}/{row.db}")


# held by ``db upgrade`` from before its dump to the end of its upgrade: a second one waits, then
# finds the schema up to date (the migrations' own transaction lock is db.UPGRADE_LOCK)
UPGRADE_COMMAND_LOCK = 0x68727374


def _db_upgrade_server(args: argparse.Namespace, target: str) -> int:
    """The owner's account only; one upgrade at a time (the second reads the revision again
    after the first and finds nothing to do); the dump of an upgrade that did not run is
    deleted (or, when it was asked for with --backup-to, named)."""
    from sqlalchemy import text

    from .backup import BackupError, metadata_path
    from .db import DatabaseError, display_target, upgrade_server
    from .migrations.head import HEAD_REVISION
    from .server_backup import make_server_backup

    out = Path(os.path.abspath(args.backup_to)) if args.backup_to else None
    if out is not None:
        _check_out(args, out, metadata_path(out))
    engine = _server_engine(target)
    rev = _refuse_newer_server(engine)
    if rev == HEAD_REVISION:
        print(f"服务器数据库 {display_target(target)} 已是本程序的结构（版本 {rev}），无需升级。")
        return 0
    if (why := _not_the_owner(engine)) is not None:
        print(f"错误：{why}。数据库未升级，未做任何更改。", file=sys.stderr)
        return 1
    _tidy_server(engine, out.parent if out is not None else None)
    _upgrade_signin(engine, args)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as held:
        held.execute(text("SELECT pg_advisory_lock(:k)"), {"k": UPGRADE_COMMAND_LOCK})
        try:
            rev = _refuse_newer_server(engine)  # again: another upgrade may have run meanwhile
            if rev == HEAD_REVISION:
                print(f"服务器数据库 {display_target(target)} 已是本程序的结构（版本 {rev}），无需升级。")
                return 0
            try:
                made = make_server_backup(engine, f"upgrade-{rev or 'empty'}", out=out)
            except BackupError as e:
                print(f"错误：{e}；数据库未升级。", file=sys.stderr)
                return 1
            try:
                upgrade_server(target, password=engine.url.password)
            except DatabaseError as e:
                if out is None:
                    made.unlink(missing_ok=True)
                    metadata_path(made).unlink(missing_ok=True)
                    kept = "升级前所做的备份已删除"
                else:
                    kept = f"升级前所做的备份在 {made}"
                print(f"错误：{str(e).rstrip('。')}。数据库未升级（{kept}）。", file=sys.stderr)
                return 1
        finally:
            held.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": UPGRADE_COMMAND_LOCK})
    print(f"服务器数据库 {display_target(target)} 的结构已{'升级' if rev else '建立'}：{rev or '（空数据库）'} → {HEAD_REVISION}")
    print(f"升级前的备份：{made}")
    return 0


def _db_upgrade_file(args: argparse.Namespace, target: str) -> int:
    """A database file: what the start does (a backup beside it, then the migrations)."""
    from .backup import BackupError, list_backups, make_backup, metadata_path
    from .db import file_revision, make_engine
    from .migrations.head import HEAD_REVISION

    path = _file_target(args)
    key = _key_for(path)
    _refuse_newer(path, key)
    rev = file_revision(path, key)
    if rev == HEAD_REVISION:
        print(f"数据库 {path} 已是本程序的结构（版本 {rev}），无需升级。")
        return 0
    out = Path(os.path.abspath(args.backup_to)) if args.backup_to else None
    if out is not None:
        _check_out(args, out, metadata_path(out))
    engine, _ = make_engine(str(path), key)
    try:
        _upgrade_signin(engine, args)
    finally:
        engine.dispose()
    made = None
    if out is not None and rev is not None:
        try:
            made = make_backup(path, f"upgrade-{rev}", out=out, key=key)
        except BackupError as e:
            print(f"错误：{e}；数据库未升级。", file=sys.stderr)
            return 1
    _open(str(path), backup_first=made is None)
    if made is None and rev is not None:
        made = next((f for f, label, _when in list_backups(path) if label == f"upgrade-{rev}"), None)
    print(f"数据库 {path} 的结构已升级：{rev or '（空数据库）'} → {HEAD_REVISION}")
    if made is not None:
        print(f"升级前的备份：{made}")
    return 0


def _refuse_newer(path: Path, key: str | None) -> None:
    """A database from a newer program: its sentence, and nothing done to it."""
    from .db import SchemaTooNew, file_revision, schema_refusal

    if (why := schema_refusal(file_revision(path, key))) is not None:
        raise SchemaTooNew(why)


def _backup_key(source: Path, db_key: str | None) -> str | None:
    """An encrypted backup's passphrase: the database's when it opens the backup (made under the
    same passphrase), otherwise asked for (HRSS_BACKUP_PASSPHRASE or the terminal)."""
    from .cipher import key_opens, looks_encrypted

    if not (source.is_file() and looks_encrypted(source)):
        return None
    if db_key is not None and key_opens(source, db_key):
        return db_key
    return _ask("备份文件的口令", "HRSS_BACKUP_PASSPHRASE")


def _encryption(args: argparse.Namespace) -> int:
    """Encrypt, decrypt or re-key the database file and its backups (file-level, no sign-in)."""
    from .cipher import available
    from .services.encryption import convert_file, new_passphrase_problems
    from .services.errors import ServiceError

    path = _file_target(args)
    if not available():
        print("本机缺少 SQLCipher 组件（sqlcipher3），无法加密数据库", file=sys.stderr)
        return 1
    old_key = _key_for(path)
    if args.action == "on" and old_key is not None:
        raise Refused("数据库已经加密；更改口令请用 change")
    if args.action != "on" and old_key is None:
        raise Refused("数据库尚未加密")
    new_key = None
    if args.action != "off":
        new_key = _ask("新的数据库口令", NEW_PASSPHRASE_ENV)
        again = new_key if NEW_PASSPHRASE_ENV in os.environ else _ask("再次输入新的数据库口令", NEW_PASSPHRASE_ENV)
        if problems := new_passphrase_problems(new_key, again):
            raise Refused("；".join(problems.values()))
        if new_key == old_key:
            raise Refused("新口令与当前口令相同")
    try:
        done = convert_file(path, old_key, new_key)
    except ServiceError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    done.db.dispose()
    converted, left = done.backups_converted, done.backups_left
    said = {"on": "数据库已加密", "off": "数据库已取消加密", "change": "数据库口令已更改"}[args.action]
    print(f"{said}：{path}（备份一同转换 {converted} 个）")
    for f in left:
        print(f"未转换（使用其他口令或无法读取）：{f}", file=sys.stderr)
    return 0


def _period(args: argparse.Namespace):  # noqa: ANN202
    """The period asked for (Refused, in Chinese, when it cannot be read)."""
    from .domain.kpi import Period

    if args.month and not (args.start or args.end):
        m = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", args.month)
        if not m or not FIRST_YEAR <= int(m[1]) <= LAST_YEAR or not 1 <= int(m[2]) <= 12:
            raise Refused(f"统计月份“{args.month}”应写成 YYYY-MM（{FIRST_YEAR}—{LAST_YEAR} 年）")
        return Period.month(int(m[1]), int(m[2]))
    if args.start and args.end and not args.month:
        start, end = _parse_day(args.start), _parse_day(args.end)
        if start is None or end is None:
            raise Refused(f"期间起止日期应写成 YYYY-MM-DD（{FIRST_YEAR}—{LAST_YEAR} 年）")
        if end < start:
            raise Refused("期间止日不能早于起日")
        return Period(start, end, f"{start.isoformat()}至{end.isoformat()}")
    raise Refused("请给出 --month YYYY-MM，或同时给出 --from 与 --to")


def _report(args: argparse.Namespace) -> int:
    import json

    from .services import offices, report, report_submissions

    period = _period(args)
    if args.format != "json" and not args.out:
        raise Refused(f"{args.format.upper()} 报表须用 --out 指定输出文件")
    if args.out:
        _check_out(args, args.out)
    if args.submit and args.current:
        raise Refused("--submit 与 --current 不能同时使用：上报的是当时统计的数字")
    ctx = _acting_context(args)
    office_id = ctx.call(offices.office_by_code, code=args.office) if args.office else ctx.actor.office_id
    if args.submit:
        done = ctx.call(report_submissions.submit, office_id=office_id, period=period)
        print(f"{done.office}{period.label}的报表{done.line}", file=sys.stderr)
    frozen = ctx.call(report_submissions.submitted, office_id=office_id, period=period)

    def warned() -> int:  # a submission that does not hold: said, and exit 1 unless the current figures were asked
        if frozen is None or frozen.fault is None:
            return 0
        print(f"警告：{frozen.office}{period.label}的上报报表不可信：{frozen.fault}", file=sys.stderr)
        return 0 if args.current else 1

    if args.format == "json":  # a submitted period: as submitted, with the differences since
        text = json.dumps(ctx.call(report_submissions.report_json, office_id=office_id, period=period,
                                   current=args.current), ensure_ascii=False, indent=2)
        if not args.out:
            print(text)
            return warned()
        _write(args.out, text.encode("utf-8"), args)
        print(args.out)
        return warned()
    made = ctx.call(report_submissions.printable, office_id=office_id, period=period, current=args.current)
    if args.format == "pdf":
        from .documents.kpi_report import render_report

        data = render_report(made, report.LISTED_MAX)
    else:
        from .documents.kpi_workbook import render_workbook

        data = render_workbook(made)
    _write(args.out, data, args)
    print(args.out)
    return warned()


def _document_types() -> str:
    """The epilog of ``document --help``: every template's key and name."""
    from .documents.template import TemplateError, catalogue

    rows = [f"  {key:<28}" + (f"（模板有误：{t}）" if isinstance(t, TemplateError) else t.name) for key, t in catalogue()]
    return "文书类型 TYPE：\n" + "\n".join(rows)


def _document(args: argparse.Namespace) -> int:
    """The current issued paper(s) of the type (exact bytes, or their anonymised copies): the latest
    issued (to each recipient it is addressed to), both parts of a split award; a 样稿 otherwise.
    The second paper goes to FILE-2 beside FILE, and so on: every file is checked before any is
    written, and one beside FILE that exists already is not written over (only FILE was named)."""
    from .services import case_list, documents

    _check_out(args, args.out)  # before any work; the files beside it once their number is known
    ctx = _acting_context(args)
    case_id = ctx.call(case_list.find_by_number, case_number=args.case)
    issued = ctx.call(documents.current_papers, case_id=case_id, doc_type=args.doc_type)
    if args.anonymised:
        if not issued:
            print(f"该案尚未签发“{args.doc_type}”，不能制作公开版本", file=sys.stderr)
            return 1
        pdfs = [ctx.call(documents.anonymised_pdf, document_id=d.id) for d in issued]
    elif issued:
        pdfs = [ctx.call(documents.issued_pdf, document_id=d.id) for d in issued]
    else:
        pdfs = ctx.call(documents.preview, case_id=case_id, doc_type=args.doc_type).pdfs
        print("该文书尚未签发，输出的是样稿", file=sys.stderr)
    outs = [args.out if i == 0 else args.out.with_name(f"{args.out.stem}-{i + 1}{args.out.suffix}")
            for i in range(len(pdfs))]
    _check_out(args, *outs)
    if taken := [str(o) for o in outs[1:] if os.path.lexists(o)]:
        raise Refused(f"{'、'.join(taken)} 已存在：本命令只覆盖 --out 指定的文件，不覆盖其旁边的其他文件；"
                      f"本案该文书有 {len(outs)} 份，请换一个 --out 文件名或先移走上述文件")
    for out, pdf in zip(outs, pdfs, strict=True):
        _write(out, pdf, args)
        print(out)
    return 0


def _deadline(args: argparse.Namespace) -> int:
    """The clerk's calculator: last day on the first line, the counting after it; 2 on bad input."""
    from .domain.calendar import DayKind, WorkCalendar

    problems = []
    start = _parse_day(args.start)
    if start is None:
        problems.append(f"起算日“{args.start}”不是有效日期，应为 {FIRST_YEAR}—{LAST_YEAR} 年间的 YYYY-MM-DD")
    days = int(args.days) if re.fullmatch(r"[0-9]{1,4}", args.days) else None
    if days is None or days > 3650:
        problems.append(f"期间天数“{args.days}”应为 0 至 3650 的整数")
    if args.kind not in ("working", "calendar"):
        problems.append(f"日类型“{args.kind}”应为 working（工作日）或 calendar（自然日）")
    if problems:
        raise Refused("\n".join(problems))
    calendar = WorkCalendar()
    if target := args.sub_db or args.db:
        from .services.clocks import load_calendar

        db = _open(target)
        with db.session() as session:
            calendar = load_calendar(session)
        db.dispose()
    result = calendar.period_end(start, days, DayKind(args.kind))
    print(result.end.isoformat())
    print("\n".join(result.explain()))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from .db import display_target, resolve_target
    from .services import demo
    from .services.context import ServiceContext

    target = resolve_target(args.sub_db or args.db)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"\r已生成 {done}/{total} 件", end="", file=sys.stderr, flush=True)

    db = _open(target, create=True)
    loaded = ServiceContext(db).call(demo.load_demo, cases=args.cases, seed=args.seed, today=args.today,
                                     progress=progress)
    print(f"\n已向 {display_target(target)} 载入 {args.cases} 件演示案件，用时 {time.perf_counter() - started:.1f} 秒。",
          file=sys.stderr)
    print("演示用户及密码（每个角色一个密码）：")
    print(f"{'用户名':<28}{'角色':<6}{'密码':<18}姓名 / 所属机构")
    for login in loaded.logins:
        print(f"{login.username:<30}{login.role.label:<6}{login.password:<20}{login.display_name} / {login.office}")
    return 0


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


NO_DISPLAY = """没有检测到图形显示环境（DISPLAY / WAYLAND_DISPLAY 均未设置），无法打开窗口。
No display found. On a machine without a screen, run the program under a virtual display:

    xvfb-run -a {program}{args}

(xvfb-run 由 Debian 软件包 xvfb 提供：apt-get install xvfb)"""


def _program() -> str:
    """How this program was started, so the printed command can be pasted as it is."""
    launcher = Path(sys.argv[0])
    if launcher.name == "hrss-disputes":
        return shlex.quote(str(launcher))
    return f"{shlex.quote(sys.executable)} -m hrss_disputes"


COMMANDS = {"deadline": _deadline, "demo": _demo, "document": _document, "report": _report, "audit": _audit,
            "backup": _backup, "restore": _restore, "encryption": _encryption, "db": _db}


def main(argv: list[str] | None = None) -> int:
    """Run a command; whatever goes wrong is said in Chinese, never as a traceback."""
    for stream in (sys.stdout, sys.stderr):  # a C locale must not turn Chinese into a crash
        if stream is not None and hasattr(stream, "reconfigure") and (stream.encoding or "").lower() not in (
                "utf-8", "utf8", "gb18030", "gbk"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print("\n已取消", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of our output went away (… | head)
        return 1
    except BaseException as e:  # noqa: BLE001 - the last word: a sentence and the log, not a traceback
        return _failed(e)
    finally:
        while _OPENED:  # every connection closed: nothing of the command's is left in the WAL
            _OPENED.pop().dispose()


def _failed(error: BaseException) -> int:
    """Say why a command stopped: expected refusals in their own words, anything else as an
    internal error whose details go to the log file."""
    from .crashlog import hide_url_passwords
    from .db import DatabaseError
    from .services.errors import ServiceError

    if isinstance(error, Refused):
        print(f"错误：{hide_url_passwords(str(error))}", file=sys.stderr)
        return 2
    if isinstance(error, DatabaseError | ServiceError | NoPassphrase):
        print(f"错误：{hide_url_passwords(str(error))}", file=sys.stderr)
        return 1
    if isinstance(error, OSError):
        from .outputs import os_reason

        where = f"{error.filename}：" if error.filename else ""
        print(f"错误：{where}{os_reason(error)}", file=sys.stderr)
        return 1
    from . import crashlog

    where = crashlog.setup_logging()
    crashlog.log_crash(type(error), error, error.__traceback__, where="命令行")
    print(f"程序内部错误（{type(error).__name__}），命令未完成。详细信息已写入日志：{where}", file=sys.stderr)
    return 1


def _main(argv: list[str]) -> int:
    for i, arg in enumerate(argv, 1):
        if not _readable(arg):
            raise Refused(f"第 {i} 个参数{NOT_UTF8}")
    args = _parser().parse_args(argv)
    if args.command in COMMANDS:
        return COMMANDS[args.command](args)
    if not has_display():
        from .db import display_target

        extra = f" --db {shlex.quote(display_target(args.db))}" if args.db else ""
        print(NO_DISPLAY.format(program=_program(), args=extra), file=sys.stderr)
        return 2
    from .ui.app import run_gui  # one thread imports everything: see ui.app.run_gui

    return run_gui(args.db)
