"""The party form's lookup (search_parties: as a name is typed, and when an ID number or credit
code leaves its field) on the 200,000-case demo, for the administrator and a township mediator
who sees only their office's people.

    python bench/party_search.py [--db PATH] [--cases 200000] [--runs 5]

Baseline from the same run: fetching one party by its primary key through the same services
layer (session, permission check, view). The lookup is budgeted like a search keystroke (100 ms).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from _demo_db import arguments, ensure_demo, median_call_ms  # noqa: E402  (a sibling: benchmarks run as scripts)


def main() -> int:
    args = arguments()
    db_path = Path(args.db)
    ensure_demo(db_path, args.cases)
    from hrss_disputes.db import open_database
    from hrss_disputes.services import offices, parties
    from hrss_disputes.services.context import ServiceContext

    con = sqlite3.connect(db_path)
    id_number = con.execute("SELECT id_doc_number FROM party WHERE id_doc_number IS NOT NULL LIMIT 1 OFFSET 5000").fetchone()[0]
    credit = con.execute("SELECT credit_code FROM party WHERE credit_code IS NOT NULL LIMIT 1 OFFSET 50").fetchone()[0]
    mediator = con.execute("SELECT username FROM app_user WHERE role = 'mediator' ORDER BY username LIMIT 1").fetchone()[0]
    con.close()
    ctx = ServiceContext(open_database(str(db_path)))
    ctx.actor = ctx.call(offices.find_actor, username="admin")
    some = ctx.call(parties.search_parties, text="张")[0].id
    base = median_call_ms(lambda: ctx.call(parties.get_party, party_id=some), args.runs)
    print(f"baseline, one party by its key: {base:6.2f} ms")
    worst = 0.0
    for user in ("admin", mediator):
        ctx.actor = ctx.call(offices.find_actor, username=user)
        for text in ("张", "张伟", "肇庆市鼎盛", "没有这个人", "abc", id_number, credit):
            ms = median_call_ms(lambda t=text: ctx.call(parties.search_parties, text=t), args.runs)
            worst = max(worst, ms)
            print(f"  {user:<24} {text:<20} {ms:6.2f} ms  {ms / base:6.1f}x baseline")
    print(f"worst lookup {worst:.1f} ms (budget 100 ms) {'OK' if worst < 100 else 'OVER'}")
    ctx.db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
