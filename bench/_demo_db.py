"""What every benchmark starts from: its arguments and the 200,000-case demo database."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/hrss_bench_200k.db")
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    return parser.parse_args()


def ensure_demo(db: Path, cases: int) -> float | None:
    """Generate the demo database unless it exists; the seconds it took, or None if it existed."""
    if db.exists():
        return None
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "hrss_disputes", "demo", "--db", str(db), "--cases", str(cases),
                    "--seed", "1"], check=True)
    return time.perf_counter() - started
