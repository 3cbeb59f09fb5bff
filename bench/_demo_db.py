"""What every benchmark starts from: its arguments and the 200,000-case demo database."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def arguments(db: str = "/tmp/hrss_bench_200k.db", cases: int = 200_000,
              extra: Callable[[argparse.ArgumentParser], None] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=db)
    parser.add_argument("--cases", type=int, default=cases)
    parser.add_argument("--runs", type=int, default=5)
    if extra is not None:
        extra(parser)
    return parser.parse_args()


def ensure_demo(db: Path, cases: int) -> float | None:
    """Generate the demo database unless it exists; the seconds it took, or None if it existed."""
    if db.exists():
        return None
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "hrss_disputes", "demo", "--db", str(db), "--cases", str(cases),
                    "--seed", "1"], check=True)
    return time.perf_counter() - started


BENCH_PASSWORD = "Bench2026pw"  # the administrator's password while benchmarks run (demo passwords are random)


def bench_login(db: str | Path, others: tuple[str, ...] = ()) -> None:
    """Let the benchmarks sign in as ``admin`` and as each of ``others`` with BENCH_PASSWORD,
    through the services a person would use: the first password of a database from before
    sign-ins, else the administrator's reset; another user, reset by the administrator, then
    changes it at their first sign-in as the program asks. ``db``: a file or a server URL."""
    from hrss_disputes.db import open_database
    from hrss_disputes.services import accounts, offices
    from hrss_disputes.services.context import ServiceContext

    database = open_database(str(db))
    ctx = ServiceContext(database)
    admin = ctx.call(offices.find_actor, username="admin")
    if ctx.call(accounts.admins_without_password):
        ctx.call(accounts.set_first_password, user_id=admin.id, password=BENCH_PASSWORD)
    else:
        ctx.call(accounts.reset_password, user=admin, user_id=admin.id, new_password=BENCH_PASSWORD)
    for username in others:
        person = ctx.call(offices.find_actor, username=username)
        ctx.call(accounts.reset_password, user=admin, user_id=person.id, new_password=BENCH_PASSWORD + "r")
        ctx.call(accounts.change_password, user=person, old_password=BENCH_PASSWORD + "r",
                 new_password=BENCH_PASSWORD)
    database.dispose()


def median_call_ms(fn: Callable[[], object], runs: int) -> float:
    """The median wall time of ``fn`` over ``runs`` calls, after one warming call (which reads
    the pages it needs from disk)."""
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000
