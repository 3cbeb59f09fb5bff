"""Command line: the same powers as the window, through the same services.

    hrss-disputes [--db PATH]                      start the program
    hrss-disputes demo --db PATH --cases N [--seed S] [--today YYYY-MM-DD]
    hrss-disputes deadline --start YYYY-MM-DD --days N --kind working|calendar
    hrss-disputes document --db PATH --case CASE_NO --type TYPE --out FILE.pdf [--anonymised]
    hrss-disputes report --db PATH --month YYYY-MM [--office CODE] --format json|pdf|xlsx --out FILE
    hrss-disputes audit verify --db PATH
    hrss-disputes backup --db PATH --out FILE
    hrss-disputes restore --db PATH --from FILE
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
import shlex
import sys
import time
from datetime import date
from pathlib import Path


class _Parser(argparse.ArgumentParser):
    """A parser whose epilog is worked out only when help is shown (starting the window reads no
    templates)."""

    epilog_factory = None

    def format_help(self) -> str:
        if self.epilog_factory is not None:
            self.epilog = self.epilog_factory()
        return super().format_help()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hrss-disputes", description="劳动人事争议调解仲裁与欠薪投诉案件管理")
    p.add_argument("--db", help="数据库文件路径或 PostgreSQL 地址（默认：用户数据文件夹；也可用环境变量 HRSS_DB）")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    d = sub.add_parser("demo", help="向空数据库载入演示数据")
    d.add_argument("--db", dest="sub_db", help="数据库文件路径")
    d.add_argument("--cases", type=int, default=2000, help="案件数量（默认 2000）")
    d.add_argument("--seed", type=int, default=1, help="随机种子：相同种子得到相同数据")
    d.add_argument("--today", type=date.fromisoformat, default=None, help="以该日期为“今天”生成（YYYY-MM-DD）")
    k = sub.add_parser("deadline", help="期间计算器：起算日后 N 个工作日/自然日的届满日")
    k.add_argument("--start", required=True, help="起算日（当日不计入），YYYY-MM-DD")
    k.add_argument("--days", required=True, help="期间天数")
    k.add_argument("--kind", required=True, help="working（工作日）或 calendar（自然日）")
    k.add_argument("--db", dest="sub_db", help="同时采用该数据库中管理员录入的节假日调整")
    o = sub.add_parser("document", help="输出案件文书 PDF：已签发的原件（或公开版本），未签发的输出样稿",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    o.epilog_factory = _document_types
    o.add_argument("--db", dest="sub_db", help="数据库文件路径")
    o.add_argument("--case", required=True, help="案号，如 肇劳人仲案字〔2026〕88号")
    o.add_argument("--type", required=True, dest="doc_type", help="文书类型（见下表）")
    o.add_argument("--out", required=True, type=Path, help="输出的 PDF 文件")
    o.add_argument("--anonymised", action="store_true", help="公开版本：当事人姓名、证件号码、电话、住址脱敏")
    o.add_argument("--user", default=os.environ.get("HRSS_USER"), help="登录用户名（或环境变量 HRSS_USER）")
    r = sub.add_parser("report", help="月度统计报表：调解成功率、仲裁结案率、投诉结案率及支撑数字")
    r.add_argument("--db", dest="sub_db", help="数据库文件路径")
    r.add_argument("--month", help="统计月份 YYYY-MM（同时给出当年累计）")
    r.add_argument("--from", dest="start", help="自定义期间起日 YYYY-MM-DD（与 --to 同用）")
    r.add_argument("--to", dest="end", help="自定义期间止日 YYYY-MM-DD")
    r.add_argument("--office", help="机构代码（含下级机构；默认：最上级机构）")
    r.add_argument("--format", choices=["json", "pdf", "xlsx"], default="json", help="输出格式（pdf、xlsx 须给出 --out）")
    r.add_argument("--out", type=Path, help="输出文件（默认：打印到屏幕）")
    r.add_argument("--user", default=os.environ.get("HRSS_USER"), help="登录用户名（或环境变量 HRSS_USER）")
    a = sub.add_parser("audit", help="审计日志：校验哈希链是否完整、未被篡改")
    a.add_argument("action", choices=["verify"], help="verify：逐条校验审计链")
    a.add_argument("--db", dest="sub_db", help="数据库文件路径")
    b = sub.add_parser("backup", help="备份数据库（SQLite 在线备份，可在程序使用中进行）")
    b.add_argument("--db", dest="sub_db", help="数据库文件路径")
    b.add_argument("--out", required=True, type=Path, help="备份文件")
    rs = sub.add_parser("restore", help="从备份恢复数据库（先校验完整性和审计链，原数据库另存一份）")
    rs.add_argument("--db", dest="sub_db", help="数据库文件路径")
    rs.add_argument("--from", dest="source", required=True, type=Path, help="备份文件")
    e = sub.add_parser("encryption", help="数据库加密（SQLCipher）：on 加密，off 取消加密，change 更改口令；备份一同转换")
    e.add_argument("action", choices=["on", "off", "change"], help="on：加密；off：取消加密；change：更改口令")
    e.add_argument("--db", dest="sub_db", help="数据库文件路径")
    return p


NEW_PASSPHRASE_ENV = "HRSS_NEW_DB_PASSPHRASE"


class NoPassphrase(Exception):
    """The passphrase could not be had (no terminal, no environment variable)."""


def _ask(prompt: str, env: str) -> str:
    """A secret from the environment (scheduled jobs) or typed at the terminal."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise NoPassphrase(f"请设置环境变量 {env}，或在终端中运行以输入{prompt}")
    import getpass

    return getpass.getpass(f"{prompt}：")


def _key_for(path: Path) -> str | None:
    """The passphrase of an encrypted database file (None for a plain one)."""
    from .cipher import PASSPHRASE_ENV, looks_encrypted

    return _ask("数据库口令", PASSPHRASE_ENV) if path.is_file() and looks_encrypted(path) else None


def _open(target: str, **kwargs):  # noqa: ANN003, ANN202
    """open_database for a command: the passphrase asked when the file is encrypted."""
    from .db import DatabaseError, is_url, open_database

    key = None
    if not is_url(target):
        try:
            key = _key_for(Path(target).expanduser().resolve())
        except NoPassphrase as e:
            raise DatabaseError(f"数据库已加密。{e}") from e
    return open_database(target, key=key, **kwargs)


def _acting_context(args: argparse.Namespace):  # noqa: ANN202
    """The command's database and who acts, signed in like at the window: ``--user`` or
    HRSS_USER, the password from HRSS_PASSWORD or asked at the terminal."""
    from .db import resolve_target
    from .services import accounts
    from .services.context import ServiceContext

    username = args.user or (input("用户名：") if sys.stdin.isatty() else "")
    if not username:
        raise accounts.LoginRefused("请用 --user 或环境变量 HRSS_USER 给出登录用户名")
    password = os.environ.get("HRSS_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise accounts.LoginRefused("请设置环境变量 HRSS_PASSWORD，或在终端中运行以输入密码")
        import getpass

        password = getpass.getpass(f"{username} 的密码：")
    ctx = ServiceContext(_open(resolve_target(args.sub_db or args.db)))
    ctx.actor = ctx.call(accounts.authenticate, username=username, password=password).actor
    return ctx


def _file_target(args: argparse.Namespace, must_exist: bool = True) -> Path | int:
    """The local database file the command works on, or the exit status of a refusal."""
    from .db import is_url, resolve_target

    target = resolve_target(args.sub_db or args.db)
    if is_url(target):
        print("该命令只用于本机数据库文件；服务器数据库由服务器管理员备份和校验", file=sys.stderr)
        return 2
    path = Path(target).expanduser().resolve()
    if must_exist and not path.is_file():
        print(f"找不到数据库文件 {path}", file=sys.stderr)
        return 1
    return path


def _audit(args: argparse.Namespace) -> int:
    """0 when the audit chain holds, 1 naming the first broken entry (or why it cannot be read)."""
    from .db import DatabaseError
    from .models.audit import AuditHead
    from .services import audit

    path = _file_target(args)
    if isinstance(path, int):
        return path
    try:
        db = _open(str(path))
        with db.session() as session:
            broken = audit.verify_chain(session)
            head = session.get(AuditHead, 1)
        db.dispose()
    except DatabaseError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    if broken is not None:
        print(f"审计链校验失败：{broken}", file=sys.stderr)
        return 1
    print(f"审计链完整：共 {head.seq if head else 0} 条记录，逐条校验通过。")
    return 0


def _backup(args: argparse.Namespace) -> int:
    """A checked copy; an encrypted database's backup is encrypted with the same passphrase."""
    from .backup import BackupError, make_backup

    path = _file_target(args)
    if isinstance(path, int):
        return path
    try:
        made = make_backup(path, "manual", out=args.out.expanduser().resolve(), key=_key_for(path))
    except (BackupError, NoPassphrase) as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    print(made)
    return 0


def _restore(args: argparse.Namespace) -> int:
    from .backup import BackupError
    from .services.backups import restore_database

    path = _file_target(args, must_exist=False)
    if isinstance(path, int):
        return path
    source = args.source.expanduser().resolve()
    try:
        key = _key_for(path)
        restored = restore_database(path, source, key=key, source_key=_backup_key(source, key))
    except (BackupError, NoPassphrase) as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    print(f"已从 {args.source} 恢复数据库 {path}。")
    if restored.replaced_kept_at:
        print(f"被替换的数据库另存为 {restored.replaced_kept_at}")
    return 0


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
    if isinstance(path, int):
        return path
    if not available():
        print("本机缺少 SQLCipher 组件（sqlcipher3），无法加密数据库", file=sys.stderr)
        return 1
    try:
        old_key = _key_for(path)
        if args.action == "on" and old_key is not None:
            print("数据库已经加密；更改口令请用 change", file=sys.stderr)
            return 2
        if args.action != "on" and old_key is None:
            print("数据库尚未加密", file=sys.stderr)
            return 2
        new_key = None
        if args.action != "off":
            new_key = _ask("新的数据库口令", NEW_PASSPHRASE_ENV)
            again = new_key if NEW_PASSPHRASE_ENV in os.environ else _ask("再次输入新的数据库口令", NEW_PASSPHRASE_ENV)
            if problems := new_passphrase_problems(new_key, again):
                print("；".join(problems.values()), file=sys.stderr)
                return 2
            if new_key == old_key:
                print("新口令与当前口令相同", file=sys.stderr)
                return 2
        done = convert_file(path, old_key, new_key)
    except (NoPassphrase, ServiceError) as e:
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
    """The period asked for, or the reason it cannot be read (in Chinese)."""
    from .domain.kpi import Period

    if args.month and not (args.start or args.end):
        try:
            year, month = (int(x) for x in args.month.split("-"))
            return Period.month(year, month)
        except ValueError:
            return f"统计月份“{args.month}”应写成 YYYY-MM"
    if args.start and args.end and not args.month:
        try:
            start, end = date.fromisoformat(args.start), date.fromisoformat(args.end)
        except ValueError:
            return "期间起止日期应写成 YYYY-MM-DD"
        if end < start:
            return "期间止日不能早于起日"
        return Period(start, end, f"{start.isoformat()}至{end.isoformat()}")
    return "请给出 --month YYYY-MM，或同时给出 --from 与 --to"


def _report(args: argparse.Namespace) -> int:
    import json

    from .db import DatabaseError
    from .services import offices, report
    from .services.errors import ServiceError

    period = _period(args)
    if isinstance(period, str) or (args.format != "json" and not args.out):
        print(period if isinstance(period, str) else f"{args.format.upper()} 报表须用 --out 指定输出文件", file=sys.stderr)
        return 2
    try:
        ctx = _acting_context(args)
        office_id = ctx.call(offices.office_by_code, code=args.office) if args.office else ctx.actor.office_id
        made = ctx.call(report.monthly_report, office_id=office_id, period=period, with_trend=args.format != "json")
    except (DatabaseError, ServiceError) as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    if args.format == "pdf":
        from .documents.kpi_report import render_report

        args.out.write_bytes(render_report(made, report.LISTED_MAX))
    elif args.format == "xlsx":
        from .documents.kpi_workbook import render_workbook

        args.out.write_bytes(render_workbook(made))
    if args.format != "json":
        print(args.out)
        return 0
    text = json.dumps(report.as_json(made), ensure_ascii=False, indent=2)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(args.out)
    else:
        print(text)
    return 0


def _document_types() -> str:
    """The epilog of ``document --help``: every template's key and name."""
    from .documents.template import TemplateError, catalogue

    rows = [f"  {key:<28}" + (f"（模板有误：{t}）" if isinstance(t, TemplateError) else t.name) for key, t in catalogue()]
    return "文书类型 TYPE：\n" + "\n".join(rows)


def _document(args: argparse.Namespace) -> int:
    """The latest issued paper of the type (exact bytes, or its anonymised copy); a 样稿 otherwise."""
    from .db import DatabaseError
    from .services import case_list, documents
    from .services.errors import ServiceError

    try:
        ctx = _acting_context(args)
        case_id = ctx.call(case_list.find_by_number, case_number=args.case)
        issued = [d for d in ctx.call(documents.list_issued, case_id=case_id)
                  if d.doc_type == args.doc_type and not d.superseded]
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
    except (DatabaseError, ServiceError) as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    for i, pdf in enumerate(pdfs):  # a split award: the second document beside the first
        out = args.out if i == 0 else args.out.with_name(f"{args.out.stem}-{i + 1}{args.out.suffix}")
        out.write_bytes(pdf)
        print(out)
    return 0


def _deadline(args: argparse.Namespace) -> int:
    """The clerk's calculator: last day on the first line, the counting after it; 2 on bad input."""
    from .domain.calendar import DayKind, WorkCalendar

    problems = []
    try:
        start = date.fromisoformat(args.start)
    except ValueError:
        problems.append(f"起算日“{args.start}”不是有效日期，应为 YYYY-MM-DD")
    days = int(args.days) if args.days.isdigit() else None
    if days is None or days > 3650:
        problems.append(f"期间天数“{args.days}”应为 0 至 3650 的整数")
    if args.kind not in ("working", "calendar"):
        problems.append(f"日类型“{args.kind}”应为 working（工作日）或 calendar（自然日）")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    calendar = WorkCalendar()
    if target := args.sub_db or args.db:
        from .db import DatabaseError
        from .services.clocks import load_calendar

        try:
            db = _open(target)
            with db.session() as session:
                calendar = load_calendar(session)
            db.dispose()
        except DatabaseError as e:
            print(f"无法打开数据库：{e}", file=sys.stderr)
            return 2
    result = calendar.period_end(start, days, DayKind(args.kind))
    print(result.end.isoformat())
    print("\n".join(result.explain()))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from .db import DatabaseError, resolve_target
    from .services import demo
    from .services.context import ServiceContext
    from .services.errors import ServiceError

    if args.cases < 1:
        print("案件数量至少为 1", file=sys.stderr)
        return 2
    target = resolve_target(args.sub_db or args.db)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"\r已生成 {done}/{total} 件", end="", file=sys.stderr, flush=True)

    try:
        db = _open(target)
        loaded = ServiceContext(db).call(demo.load_demo, cases=args.cases, seed=args.seed, today=args.today,
                                         progress=progress)
    except (DatabaseError, ServiceError) as e:
        print(f"\n错误：{e}", file=sys.stderr)
        return 1
    print(f"\n已向 {target} 载入 {args.cases} 件演示案件，用时 {time.perf_counter() - started:.1f} 秒。",
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "deadline":
        return _deadline(args)
    if args.command == "demo":
        return _demo(args)
    if args.command == "document":
        return _document(args)
    if args.command == "report":
        return _report(args)
    if args.command == "audit":
        return _audit(args)
    if args.command == "backup":
        return _backup(args)
    if args.command == "restore":
        return _restore(args)
    if args.command == "encryption":
        return _encryption(args)
    if not has_display():
        extra = f" --db {shlex.quote(args.db)}" if args.db else ""
        print(NO_DISPLAY.format(program=_program(), args=extra), file=sys.stderr)
        return 2
    from . import preload

    preload.start()
    from .ui.app import run_gui

    return run_gui(args.db)
