"""Foundation benchmark (issue 2): demo generation, start-up to the first page, search keystrokes.

    python bench/startup.py [--db PATH] [--cases 200000] [--runs 5]

Start-up is timed from spawning the process to the child's first painted page (signing in as
``admin`` the moment the login is up, so the password check is inside the time), against a bare
PySide6 window timed the same way in the same run; the ratio is printed beside the absolute
figures. Keystrokes are timed in-process on the real case-list page, typing one character at a
time as a clerk would.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _demo_db import BENCH_PASSWORD, arguments, bench_login, ensure_demo  # noqa: E402  (a sibling: benchmarks run as scripts)


def spawn_until_shown(args: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, text=True, env=env)
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    proc.wait()
    if not line.startswith("shown"):
        raise SystemExit(f"child did not show a window: {line!r} (exit {proc.returncode})")
    return elapsed


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def keystrokes(db_path: str, words: list[str], key: str | None = None) -> list[tuple[str, float]]:
    from PySide6.QtWidgets import QApplication

    from hrss_disputes.db import open_database
    from hrss_disputes.services import offices
    from hrss_disputes.services.context import ServiceContext
    from hrss_disputes.ui.app import make_app
    from hrss_disputes.ui.case_list import CaseListPage

    make_app()
    db = open_database(db_path, key=key)
    ctx = ServiceContext(db)
    ctx.actor = ctx.call(offices.find_actor, username="admin")
    page = CaseListPage(ctx)
    page.resize(1236, 700)
    page.show()
    page.refresh()
    QApplication.processEvents()
    out = []
    started = time.perf_counter()
    page.search.setText(words[0][:1])  # the first search after start reads the index from disk
    QApplication.processEvents()
    out.append(("(启动后首次搜索)", time.perf_counter() - started))
    for word in words:
        page.search.clear()
        QApplication.processEvents()
        for i in range(1, len(word) + 1):
            started = time.perf_counter()
            page.search.setText(word[:i])  # textChanged → query → first page shown
            QApplication.processEvents()
            out.append((word[:i], time.perf_counter() - started))
        counted = time.perf_counter()
        page.model._count_now()  # what the pause after typing costs once
        out.append((f"({word}: 统计件数)", time.perf_counter() - counted))
    db.dispose()
    return out


def search_words(db: Path) -> list[str]:
    """What the keystroke benchmark types: a common and a rare name, an employer, nobody, a number."""
    import sqlite3

    con = sqlite3.connect(db)
    common = con.execute("SELECT applicant_names FROM dispute_case ORDER BY received_on DESC LIMIT 1").fetchone()[0]
    rare = con.execute("SELECT applicant_names FROM dispute_case ORDER BY id LIMIT 1 OFFSET 777").fetchone()[0]
    con.close()
    return [common[:3], rare[:3], "肇庆市鼎盛", "没有这个人", "2025〕第12"]


def main() -> int:
    args = arguments()
    db = Path(args.db)
    if (took := ensure_demo(db, args.cases)) is not None:
        print(f"demo --cases {args.cases}: {took:.1f} s (budget 120 s) {'OK' if took < 120 else 'OVER'}")
    else:
        print(f"using existing {db} (delete it to time the demo generation too)")

    # compiled sources, as installer/setup.sh leaves them, and a warm page cache for both runs
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", str(HERE.parent / "hrss_disputes")],
                   check=True)
    bench_login(db)
    first_page = [str(HERE / "_app_first_page.py"), str(db), BENCH_PASSWORD]
    spawn_until_shown(first_page)
    bare, app = [], []
    for _ in range(args.runs):
        bare.append(spawn_until_shown([str(HERE / "_bare_window.py")]))
        app.append(spawn_until_shown(first_page))
    b, a = median_ms(bare), median_ms(app)
    print(f"bare PySide6 window shown:      median {b:7.0f} ms over {args.runs} runs")
    print(f"app with first page of cases:   median {a:7.0f} ms  (budget 1500 ms) {'OK' if a < 1500 else 'OVER'}")
    print(f"ratio app / bare window:        {a / b:7.2f}x")

    timings = keystrokes(str(db), search_words(db))
    worst = max(t for text, t in timings if not text.startswith("("))
    print("search as you type (each keystroke: query + first page shown; the count follows once typing pauses;")
    print("the first search after start is shown apart: it reads the search index from disk):")
    for text, t in timings:
        print(f"  {text:<12} {t * 1000:6.1f} ms")
    print(f"worst keystroke: {worst * 1000:.1f} ms (budget 100 ms) {'OK' if worst < 0.1 else 'OVER'};"
          f" ratio to bare window start {worst * 1000 / b:.3f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
