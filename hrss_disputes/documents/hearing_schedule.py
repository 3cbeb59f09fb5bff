"""The week's hearing schedule for the notice board (开庭排期表): A4 landscape, a row per room or
place (or per arbitrator), a column per day, each hearing as "09:30 案号 申请人诉被申请人"; the
office, the week, who printed it and when. Laid out in the monthly report's style."""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..domain.chinese_text import date_cn
from .pdf_blocks import STYLES, build_numbered, para
from .render import FONT, register_font

if TYPE_CHECKING:  # the week is read by services.hearings; this module only lays it out
    from ..services.hearings import Week

TITLE = "开庭排期表"
WEEKDAYS = "一二三四五六日"
BY_LABEL = {"place": "开庭地点", "arbitrator": "仲裁员"}


def week_span(week: Week) -> str:
    """"2026年11月30日至12月6日"."""
    first, last = week.monday, week.days[-1]
    end = f"{last.month}月{last.day}日" if last.year == first.year else f"{last.year}年{last.month}月{last.day}日"
    return f"{first.year}年{first.month}月{first.day}日至{end}"


def _grid(week: Week, widths: list[float]) -> Table:
    """The week's table: the header of days, then a row per place or arbitrator; a cell lists its
    hearings one a line."""
    header = [BY_LABEL.get(week.by, "")] + [f"{d.month}月{d.day}日<br/>星期{WEEKDAYS[d.weekday()]}" for d in week.days]
    rows = [[Paragraph(h, STYLES["small"]) for h in header]]
    for r in week.rows:
        rows.append([Paragraph(escape(r.label), STYLES["small"])] + [
            Paragraph("<br/>".join(escape(s.text) for s in slots), STYLES["small_left"]) for slots in r.days])
    if not week.rows:
        rows.append([Paragraph("本周没有开庭安排", STYLES["small"])] + [""] * 7)
    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("FONTNAME", (0, 0), (-1, -1), FONT),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"), ("VALIGN", (0, 0), (0, -1), "MIDDLE"),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]))
    return t


def render_schedule(week: Week, made_by: str, made_on: date) -> bytes:
    """The schedule as PDF bytes (one table; long weeks go on to further pages, the header repeated)."""
    register_font()
    buf = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(buf, pagesize=page, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=14 * mm,
                            bottomMargin=16 * mm, title=f"{TITLE}（{week_span(week)}）", author=week.office_name,
                            creator="hrss_disputes", invariant=1, initialFontName=FONT)
    width = doc.width
    # a weekend day without hearings takes half a column: the working days read wider
    shares = [1.0 if i < 5 or any(r.days[i] for r in week.rows) else 0.5 for i in range(7)]
    first = width * 0.12
    table = _grid(week, [first] + [(width - first) * x / sum(shares) for x in shares])
    story = [para(week.office_name, "sub"), para(TITLE, "title"),
             para(f"{week_span(week)}　共 {week.count} 件", "sub"), Spacer(1, 6), table, Spacer(1, 10),
             para(f"制表人：{made_by}　　制表日期：{date_cn(made_on)}", "right")]

    build_numbered(doc, story, foot=9 * mm)
    return buf.getvalue()
