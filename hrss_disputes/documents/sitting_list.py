"""The mobile tribunal's list (流动仲裁庭开庭安排表), an A4 PDF in the monthly report's style: the
institute, the place and its address, the day, the tribunal and the clerk, then each case heard
there with its time, case number, parties and cause; who made it and when."""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from ..domain.chinese_text import date_cn
from .pdf_blocks import build_numbered, para, table
from .render import FONT, register_font

if TYPE_CHECKING:  # the sitting is read by services.sittings; this module only lays it out
    from ..services.sittings import SittingView

TITLE = "流动仲裁庭开庭安排表"
WEEKDAYS = "一二三四五六日"


def _heading_rows(view: SittingView) -> list[list[str]]:
    place = view.place_name + (f"（{view.place_address}）" if view.place_address else "")
    rows = [["开庭地点", place],
            ["开庭日期", f"{date_cn(view.sits_on)}（星期{WEEKDAYS[view.sits_on.weekday()]}）"],
            ["仲裁庭", view.tribunal], ["书记员", view.clerk.label if view.clerk else ""]]
    if view.note:
        rows.append(["备注", view.note])
    return rows


def render_sitting_list(view: SittingView, made_by: str, made_on: date) -> bytes:
    """The list as PDF bytes."""
    register_font()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=f"{TITLE}（{view.place_name} {view.sits_on.isoformat()}）",
                            author=view.office_name, creator="hrss_disputes", invariant=1, initialFontName=FONT)
    width = doc.width
    info = table(_heading_rows(view), [width * 0.16, width * 0.84], left={1}, header_rows=0)
    cases = [["序号", "开庭时间", "案号", "申请人", "被申请人", "案由"]]
    for n, c in enumerate(view.cases, 1):
        cases.append([str(n), f"{c.time}–{c.ends}", c.case_number, c.applicants, c.respondents, c.cause])
    w = width / 100
    story = [para(view.office_name, "sub"), para(TITLE, "title"), Spacer(1, 6), info, Spacer(1, 10),
             para(f"审理案件（共 {len(view.cases)} 件）", "heading"),
             table(cases, [w * 7, w * 14, w * 29, w * 15, w * 23, w * 12], left={2, 3, 4}, small=True),
             Spacer(1, 14), para(f"制表人：{made_by}　　制表日期：{date_cn(made_on)}", "right")]

    build_numbered(doc, story)
    return buf.getvalue()
