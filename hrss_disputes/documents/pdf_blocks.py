"""The blocks the program's list-like PDFs share (the KPI report, the 开庭排期表, the 流动仲裁庭开庭安排表):
paragraph styles in the embedded CJK font, a ruled table, and page numbers at the foot."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Paragraph, Table, TableStyle

from .render import FONT

_BASE = ParagraphStyle("r", fontName=FONT, fontSize=10.5, leading=15, wordWrap="CJK")
STYLES = {
    "title": ParagraphStyle("rt", parent=_BASE, fontSize=20, leading=30, alignment=TA_CENTER),
    "sub": ParagraphStyle("rs", parent=_BASE, fontSize=12, leading=20, alignment=TA_CENTER),
    "heading": ParagraphStyle("rh", parent=_BASE, fontSize=13, leading=22, spaceBefore=8),
    "cell": ParagraphStyle("rc", parent=_BASE, alignment=TA_CENTER),
    "cell_left": _BASE,
    "note": ParagraphStyle("rn", parent=_BASE, fontSize=9, leading=13, textColor=colors.HexColor("#555555")),
    "right": ParagraphStyle("rr", parent=_BASE, fontSize=12, leading=20, alignment=TA_RIGHT),
}
STYLES["small"] = ParagraphStyle("rx", parent=STYLES["cell"], fontSize=9, leading=12)
STYLES["small_left"] = ParagraphStyle("rxl", parent=_BASE, fontSize=9, leading=12)
STYLES["red"] = ParagraphStyle("rred", parent=STYLES["cell"], textColor=colors.HexColor("#c62828"))


def para(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def table(rows: list[list[str]], widths: list[float], left: set[int] = frozenset(), header_rows: int = 1,  # type: ignore[assignment]
          extra: list | None = None, small: bool = False, red: set[str] = frozenset()) -> Table:  # type: ignore[assignment]
    """Rows of text ruled in a grid, the header rows shaded and repeated on each page; the columns
    in ``left`` left-aligned, a cell whose text is in ``red`` printed red (a missed target)."""
    def style(r: int, c: int, text: str) -> str:
        if r >= header_rows and c in left:
            return "small_left" if small else "cell_left"
        return "red" if text in red else ("small" if small else "cell")

    body = [[para(x, style(r, c, x)) for c, x in enumerate(row)] for r, row in enumerate(rows)]
    t = Table(body, colWidths=widths, repeatRows=header_rows)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("FONTNAME", (0, 0), (-1, -1), FONT),
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#eeeeee")),
                           *(extra or [])]))
    return t


def build_numbered(doc: BaseDocTemplate, story: list[Flowable], foot: float = 12 * mm) -> None:
    """Build the document with "— n —" centred ``foot`` above the bottom of every page."""
    def decorate(canvas, _doc) -> None:  # noqa: ANN001
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(doc.pagesize[0] / 2, foot, f"— {canvas.getPageNumber()} —")
        canvas.restoreState()

    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
