"""What every benchmark starts from: its arguments and the 200,000-case demo database."""

from __future__ import annotations

import argparse
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
