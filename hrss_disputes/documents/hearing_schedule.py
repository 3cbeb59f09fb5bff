"""The week's hearing schedule for the notice board (开庭排期表): A4 landscape, a row per room or
place (or per arbitrator), a column per day, each hearing as "09:30–10:30 案号 申请人诉被申请人（地点或
仲裁庭）", a double booking in red; the
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
    from ..services.hearings import Slot, Week

TITLE = "开庭排期表"
WEEKDAYS = "一二三四五六日"
BY_LABEL = {"place": "开庭地点", "arbitrator": "仲裁员"}


def week_span(week: Week) -> str:
    """"2026年11月30日至12月6日"."""
    first, last = week.monday, week.days[-1]
    end = f"{last.month}月{last.day}日" if last.year == first.year else f"{last.year}年{last.month}月{last.day}日"
    return f"{first.year}年{first.month}月{first.day}日至{end}"


PER_ROW = 4  # hearings of one day in one table row: a busier place or arbitrator goes on in further rows
TITLE_MAX = 24  # a long list of parties (a collective case) cut short: the case number names it
OVERLAP_COLOUR = "#c62828"


def _line(slot: Slot, by: str) -> str:
    text = escape(slot.line(by, TITLE_MAX))
    return f'<font color="{OVERLAP_COLOUR}">{text}</font>' if slot.overlap else text


def _grid(week: Week, widths: list[float]) -> Table:
    """The week's table: the header of days (repeated on every page), then a row per place or
    arbitrator; a cell lists its hearings one a line. A row with more than PER_ROW hearings on a
    day goes on in further table rows ("第一仲裁庭（续）"), so that no row is taller than a page
    however busy the week (13 hearings a day in one room, every untried case in one row)."""
    header = [BY_LABEL.get(week.by, "")] + [f"{d.month}月{d.day}日<br/>星期{WEEKDAYS[d.weekday()]}" for d in week.days]
    rows = [[Paragraph(h, STYLES["small"]) for h in header]]
    for r in week.rows:
        for part in range(0, max(1, *(len(s) for s in r.days)), PER_ROW):
            label = r.label if part == 0 else f"{r.label}（续）"
            rows.append([Paragraph(escape(label), STYLES["small"])] + [
                Paragraph("<br/>".join(_line(s, week.by) for s in slots[part:part + PER_ROW]), STYLES["small_left"])
                for slots in r.days])
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
