"""Deadline board benchmark (issue 3): the board opening on the 200,000-case demo database.

    python bench/deadline_board.py [--db PATH] [--cases 200000] [--runs 5]

Times, in-process, the board page built and shown (service query + rows on screen) for the
provincial leader (every office's deadlines) and for the busiest arbitrator (own cases), against a
plain SQL query of the same rows (same joins, no grouping or ordering) in the same run. A database
from before the deadline cache existed is brought up to date first, and that is timed too.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _demo_db import arguments, ensure_demo  # noqa: E402  (a sibling: benchmarks run as scripts)

BUDGET_S = 1.0
PLAIN = """
SELECT d.case_id, d.clock, d.due_on, d.confirmed, c.case_number, c.procedure, c.status, c.applicant_names,
       c.respondent_names, u.display_name, o.name, c.green_channel, c.collective, c.supervised, c.small_claims
FROM case_deadline d JOIN dispute_case c ON c.id = d.case_id JOIN office o ON o.id = c.office_id
LEFT JOIN app_user u ON u.id = c.handler_id {where} LIMIT {limit}
"""


def timed(fn) -> float:  # noqa: ANN001
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def open_board(ctx) -> tuple[int, int]:  # noqa: ANN001
    """Build and show the board page as the main window does; returns (rows shown, total)."""
    from PySide6.QtWidgets import QApplication

    from hrss_disputes.ui.deadline_board import DeadlineBoardPage

    page = DeadlineBoardPage(ctx)
    page.resize(1236, 700)
    page.show()
    QApplication.processEvents()
    found = len(page.model.rows), page.board.total
    page.close()
    page.deleteLater()
    return found


def measure(ctx, con: sqlite3.Connection, plain_sql: str, params: tuple, runs: int) -> float:  # noqa: ANN001
    """Print the board's timings for ctx.actor beside the plain query's; returns the worst board time."""
    con.execute(plain_sql, params).fetchall()  # warm both alike
    plain = [timed(lambda: con.execute(plain_sql, params).fetchall()) for _ in range(runs)]
    shown, found = [], (0, 0)
    for _ in range(runs):
        started = time.perf_counter()
        found = open_board(ctx)
        shown.append(time.perf_counter() - started)
    p, s = statistics.median(plain) * 1000, statistics.median(shown) * 1000
    print(f"{ctx.actor.label}: {found[1]} deadlines, {found[0]} rows shown")
    print(f"  board page opened:    median {s:7.1f} ms, worst {max(shown) * 1000:7.1f} ms over {runs} runs")
    print(f"  plain SQL, same rows: median {p:7.1f} ms; ratio {s / p:6.2f}x")
    return max(shown)


def main() -> int:
    args = arguments()
    db_path = Path(args.db)
    ensure_demo(db_path, args.cases)

    from hrss_disputes.db import open_database
    from hrss_disputes.services import clocks, offices
    from hrss_disputes.services.context import ServiceContext
    from hrss_disputes.ui.app import make_app

    make_app()
    db = open_database(str(db_path))
    ctx = ServiceContext(db)
    if not ctx.call(clocks.cache_is_current):
        took = {}
        took["s"] = timed(lambda: took.setdefault("n", ctx.call(clocks.rebuild_cache)))
        print(f"deadline cache rebuilt for {took['n']} open cases: {took['s']:.1f} s (once, after an upgrade)")

    con = sqlite3.connect(db_path)
    cases, deadlines = con.execute("SELECT (SELECT count(*) FROM dispute_case), count(*) FROM case_deadline").fetchone()
    busiest = con.execute(
        "SELECT u.username, count(*) FROM case_deadline d JOIN dispute_case c ON c.id = d.case_id "
        "JOIN app_user u ON u.id = c.handler_id WHERE u.role = 'arbitrator' GROUP BY u.id ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    print(f"{cases} cases, {deadlines} open office deadlines")

    worst = 0.0
    for username, where in (("gd_leader", ""), (busiest[0], "WHERE u.username = ?")):
        ctx.actor = ctx.call(offices.find_actor, username=username)
        worst = max(worst, measure(ctx, con, PLAIN.format(where=where, limit=1000),
                                   (username,) if where else (), args.runs))
    con.close()
    db.dispose()
    print(f"worst board opening {worst * 1000:.0f} ms (budget {BUDGET_S * 1000:.0f} ms)"
          f" {'OK' if worst < BUDGET_S else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
