"""Case papers benchmark (issue 4): the award drafted and rendered, and a hearing day of 500 notices.

    python bench/documents.py [--notices 500] [--runs 20]

Budgets: an award (drafted from the case and rendered) under 150 ms; 500 hearing notices issued
(numbered, rendered, stored with their hash, timeline and clocks written) under 30 s. The
baseline, in the same run: a bare ReportLab page with the same embedded font and the same amount
of text, no case, no template. Works on its own fresh database in a temporary folder.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the test factories build the cases

AWARD_BUDGET_S, BATCH_BUDGET_S = 0.150, 30.0
TODAY = date(2026, 11, 21)


def bare_page(text: str) -> bytes:
    """The baseline: one A4 page of plain paragraphs in the same embedded CJK font."""

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from hrss_disputes.documents.render import FONT, register_font

    register_font()
    style = ParagraphStyle("bare", fontName=FONT, fontSize=16, leading=28, wordWrap="CJK")
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, initialFontName=FONT).build(
        [Paragraph(line, style) for line in text.splitlines() if line.strip()])
    return buf.getvalue()


def median_s(fn, runs: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notices", type=int, default=500)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    from pypdf import PdfReader

    from hrss_disputes.db import open_database
    from hrss_disputes.documents.render import render
    from hrss_disputes.models.enums import OfficeKind, Role
    from hrss_disputes.services import cases, hearing_day, papers, setup
    from hrss_disputes.services.context import ServiceContext
    from hrss_disputes.services.parties import PartyInput
    from tests.factories import act, arbitration_input, award_amounts, heard_case, make_user

    folder = Path(tempfile.mkdtemp(prefix="hrss_bench_docs_"))
    ctx = ServiceContext(open_database(str(folder / "bench.db")))
    ctx.actor = ctx.call(setup.first_start, office_name="肇庆市劳动人事争议仲裁院", office_kind=OfficeKind.INSTITUTE,
                         city="肇庆", admin_name="李明")
    office = ctx.actor.office_id
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, office)

    case_id = heard_case(ctx, office)
    award_amounts(ctx, case_id, ["12000.50", "15000", None])
    writings = {"事实与理由及被申请人答辩": "申请人称被申请人拖欠2026年7月至9月工资，被申请人未答辩。" * 3,
                "本委查明": "申请人于2024年3月入职被申请人处，月工资4,000元。" * 6,
                "本委认为": "用人单位应当按时足额支付劳动报酬。" * 6}

    def award() -> bytes:
        [paper] = ctx.call(papers.draft, case_id=case_id, doc_type="award", writings=writings, issue_date=TODAY)
        return render(paper)

    pdf = award()  # the first call registers the font and builds the styles
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    bare_page(text)
    award_s = median_s(award, args.runs)
    bare_s = median_s(lambda: bare_page(text), args.runs)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"award ({pages} pages, drafted from the case and rendered): median {award_s * 1000:.1f} ms over "
          f"{args.runs} runs; bare ReportLab pages of the same text and font {bare_s * 1000:.1f} ms; "
          f"ratio {award_s / bare_s:.2f}x")

    started = time.perf_counter()
    day = date(2026, 11, 26)
    for i in range(args.notices):
        cid = ctx.call(cases.create_case, data=arbitration_input(office, applicants=[PartyInput(name=f"劳动者{i}")]))
        act(ctx, cid, "accept", date(2026, 11, 3))
        act(ctx, cid, "form_tribunal", date(2026, 11, 5), arbitrators="陈立新")
        act(ctx, cid, "schedule_hearing", date(2026, 11, 10), hearing_on=day, place=f"第{i % 6 + 1}仲裁庭")
    print(f"({args.notices} cases with a hearing on {day} set up in {time.perf_counter() - started:.1f} s)")

    hearings = ctx.call(hearing_day.hearings_on, day=day)
    started = time.perf_counter()
    for h in hearings:
        ctx.call(hearing_day.notice_pdf, hearing=h, issue_date=TODAY)
    batch_s = time.perf_counter() - started
    [notice] = ctx.call(papers.draft, case_id=hearings[0].case_id, doc_type="hearing_notice", issue_date=TODAY)
    notice_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render(notice))).pages)
    bare_notice_s = median_s(lambda: bare_page(notice_text), args.runs)
    print(f"{len(hearings)} hearing notices issued (numbered, rendered, stored, timeline and clocks): "
          f"{batch_s:.1f} s, {batch_s / len(hearings) * 1000:.1f} ms each; bare ReportLab page of the same text "
          f"{bare_notice_s * 1000:.1f} ms; ratio {batch_s / len(hearings) / bare_notice_s:.2f}x")
    ok = award_s < AWARD_BUDGET_S and batch_s < BATCH_BUDGET_S
    print(f"award {award_s * 1000:.0f} ms (budget {AWARD_BUDGET_S * 1000:.0f} ms), "
          f"batch {batch_s:.1f} s (budget {BATCH_BUDGET_S:.0f} s): {'OK' if ok else 'OVER BUDGET'}")
    ctx.db.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
