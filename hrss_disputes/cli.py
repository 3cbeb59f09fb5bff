"""Command line: the same powers as the window, through the same services.

    hrss-disputes [--db PATH]                      start the program
    hrss-disputes demo --db PATH --cases N [--seed S] [--today YYYY-MM-DD]
    hrss-disputes deadline --start YYYY-MM-DD --days N --kind working|calendar
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from datetime import date
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hrss-disputes", description="劳动人事争议调解仲裁与欠薪投诉案件管理")
    p.add_argument("--db", help="数据库文件路径或 PostgreSQL 地址（默认：用户数据文件夹；也可用环境变量 HRSS_DB）")
    sub = p.add_subparsers(dest="command")
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
    return p


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
        from .db import DatabaseError, open_database
        from .services.clocks import load_calendar

        try:
            db = open_database(target)
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
    from .db import DatabaseError, open_database, resolve_target
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
        db = open_database(target)
        ServiceContext(db).call(demo.load_demo, cases=args.cases, seed=args.seed, today=args.today,
                                progress=progress)
    except (DatabaseError, ServiceError) as e:
        print(f"\n错误：{e}", file=sys.stderr)
        return 1
    print(f"\n已向 {target} 载入 {args.cases} 件演示案件，用时 {time.perf_counter() - started:.1f} 秒。",
          file=sys.stderr)
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
    if not has_display():
        extra = f" --db {shlex.quote(args.db)}" if args.db else ""
        print(NO_DISPLAY.format(program=_program(), args=extra), file=sys.stderr)
        return 2
    from . import preload

    preload.start()
    from .ui.app import run_gui

    return run_gui(args.db)
