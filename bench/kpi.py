"""KPI benchmark (issue 5): the monthly report for a whole city on the 1,000,000-case demo.

    python bench/kpi.py [--db /tmp/hrss_bench_1m.db] [--cases 1000000] [--runs 5] [--month 2026-10]

Times, in-process, the three rates (month and year to date), the whole report JSON and the
report PDF for the top office (every city under it), against hand-written SQL that computes the same three
rates for the same period in one statement per rate, run in the same process. Budgets: report
JSON under 2 s, PDF under 5 s; the KPI queries within 3× of the hand-written SQL.
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from _demo_db import arguments, ensure_demo  # noqa: E402  (a sibling: benchmarks run as scripts)

JSON_BUDGET_S, PDF_BUDGET_S, RATIO_BUDGET = 2.0, 5.0, 3.0
# The same definitions written by hand for the whole database (procedures.md "KPI definitions").
HAND_SQL = {
    "mediation_success": """
        SELECT sum(CASE WHEN (family = 'mediation' AND status = 'agreement')
                          OR (family = 'arbitration' AND status = 'mediation_statement') THEN 1 ELSE 0 END),
               sum(CASE WHEN (family = 'mediation' AND status IN ('agreement', 'no_agreement', 'withdrawn', 'referred'))
                          OR (family = 'arbitration' AND status <> 'not_accepted') THEN 1 ELSE 0 END)
        FROM dispute_case WHERE closed_on BETWEEN :start AND :end""",
    "arbitration_closure": """
        SELECT (SELECT count(*) FROM dispute_case WHERE family = 'arbitration' AND accepted_on IS NOT NULL
                  AND closed_on BETWEEN :start AND :end),
               (SELECT count(*) FROM dispute_case WHERE family = 'arbitration' AND accepted_on <= :end
                  AND (closed_on IS NULL OR closed_on >= :start))""",
    "complaint_closure": """
        SELECT (SELECT count(*) FROM dispute_case WHERE family = 'complaint' AND status IN ('closed', 'revoked')
                  AND closed_on BETWEEN :start AND :end),
               (SELECT count(*) FROM dispute_case WHERE family = 'complaint' AND accepted_on <= :end
                  AND (closed_on IS NULL OR closed_on >= :start))""",
}


def median_s(fn, runs: int) -> tuple[float, object]:  # noqa: ANN001
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> int:
    args = arguments("/tmp/hrss_bench_1m.db", 1_000_000,
                     lambda p: p.add_argument("--month", default="2026-10", help="YYYY-MM"))
    month = args.month
    db = Path(args.db)
    made = ensure_demo(db, args.cases)
    if made is not None:
        print(f"demo database of {args.cases} cases generated in {made:.0f} s")

    from hrss_disputes.db import open_database
    from hrss_disputes.domain.kpi import Period
    from hrss_disputes.services import kpi, offices, report
    from hrss_disputes.services.context import ServiceContext

    ctx = ServiceContext(open_database(str(db)))
    ctx.actor = ctx.call(offices.first_admin)
    year, mon = (int(x) for x in month.split("-"))
    period = Period.month(year, mon)
    office = ctx.actor.office_id

    rates_s, result = median_s(lambda: ctx.call(kpi.office_rates, office_id=office, period=period), args.runs)
    json_s, _ = median_s(lambda: json.dumps(report.as_json(
        ctx.call(report.monthly_report, office_id=office, period=period)), ensure_ascii=False), args.runs)

    from hrss_disputes.documents.kpi_report import render_report

    pdf_s, _ = median_s(lambda: render_report(ctx.call(report.monthly_report, office_id=office, period=period,
                                                       with_trend=True), report.LISTED_MAX), args.runs)

    con = sqlite3.connect(db)
    hand: dict[str, tuple[int, int]] = {}

    def by_hand() -> None:
        for p in (period, period.year_to_date()):
            for key, sql in HAND_SQL.items():
                hand[(key, p.label)] = con.execute(sql, {"start": p.start.isoformat(), "end": p.end.isoformat()}).fetchone()

    hand_s, _ = median_s(by_hand, args.runs)
    con.close()
    for rates in (result.period, result.year_to_date):
        for r in rates:
            n, d = hand[(r.kpi.value, r.period.label)]
            same = (r.numerator, r.denominator) == (n or 0, d or 0)
            print(f"  {r.period.label} {r.label}: {r.numerator}/{r.denominator} = {r.text}"
                  f" (target {r.target}%) {'same as hand-written SQL' if same else f'HAND SQL GIVES {n}/{d}'}")
    ratio = rates_s / hand_s
    print(f"{result.office}, {period.label} and year to date: three KPI queries median {rates_s * 1000:.0f} ms; "
          f"hand-written SQL {hand_s * 1000:.0f} ms; ratio {ratio:.2f}x (target ≤ {RATIO_BUDGET:.0f}x)")
    print(f"monthly report JSON median {json_s * 1000:.0f} ms over {args.runs} runs (budget {JSON_BUDGET_S:.0f} s)")
    print(f"monthly report PDF (with the 12-month trend and the named cases) median {pdf_s * 1000:.0f} ms "
          f"(budget {PDF_BUDGET_S:.0f} s)")
    ok = json_s < JSON_BUDGET_S and pdf_s < PDF_BUDGET_S and ratio <= RATIO_BUDGET
    print("OK" if ok else "OVER BUDGET")
    ctx.db.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
