"""What the encrypted database (SQLCipher) costs against the same database plain, in one run.

    python bench/encrypted.py [--db PATH] [--cases 200000] [--runs 3]

Converts a copy of the 200,000-case demo (the time is printed: an administrator waits for it
once), then times opening the database and the case list's search keystrokes on both files.
The issue sets no budget for encryption; the foundation's keystroke budget (100 ms) applies.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _demo_db import arguments, ensure_demo, median_call_ms  # noqa: E402  (siblings: benchmarks run as scripts)
from startup import keystrokes, search_words  # noqa: E402

KEY = "bench passphrase 2026"


def open_ms(path: Path, key: str | None, runs: int) -> float:
    """Opening as the program does at start: engine, revision check, the first query."""
    from hrss_disputes.db import open_database
    from hrss_disputes.services import offices

    def open_once() -> None:
        db = open_database(str(path), key=key)
        with db.session() as session:
            offices.is_empty(session=session)
        db.dispose()

    return median_call_ms(open_once, runs)


def main() -> int:
    args = arguments()
    plain = Path(args.db)
    ensure_demo(plain, args.cases)
    encrypted = plain.with_name(plain.stem + "_encrypted.db")
    from hrss_disputes import cipher

    if not encrypted.exists():
        started = time.perf_counter()
        cipher.export(plain, None, encrypted, KEY)
        took = time.perf_counter() - started
        print(f"encrypting {plain.stat().st_size / 2**20:.0f} MB (export + check): {took:.1f} s")
    else:
        print(f"using existing {encrypted} (delete it to time the conversion too)")
    p, e = open_ms(plain, None, args.runs), open_ms(encrypted, KEY, args.runs)
    print(f"open plain:      {p:7.1f} ms")
    print(f"open encrypted:  {e:7.1f} ms   ratio {e / p:5.2f}x  (SQLCipher derives the key: PBKDF2, 256,000 rounds)")
    words = search_words(plain)
    worst = {}
    for label, path, key in (("plain", plain, None), ("encrypted", encrypted, KEY)):
        timings = keystrokes(str(path), words, key=key)
        worst[label] = max(t for text, t in timings if not text.startswith("("))
        first = next(t for text, t in timings if text.startswith("(启动后"))
        print(f"{label:<10} worst keystroke {worst[label] * 1000:6.1f} ms, first search after start {first * 1000:6.1f} ms")
    ratio = worst["encrypted"] / worst["plain"]
    verdict = "OK" if worst["encrypted"] < 0.1 else "OVER"
    print(f"worst keystroke encrypted / plain: {ratio:.2f}x (budget 100 ms: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
