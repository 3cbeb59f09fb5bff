"""Lay a filled template out as an A4 PDF with ReportLab: pure values in, bytes out.

The page follows the government document layout people here know (GB/T 9704): margins 37 / 26
/ 35 / 28 mm, body in 16 pt (三号) with 22 lines a page, the title centred in 22 pt (二号), the
number right-aligned under it, paragraphs indented two characters and broken between any two
Chinese characters, the signatures and the date (in Chinese numerals) at the right with a
dashed ring where the seal goes, and the page number as “— 1 —”. The font is the TrueType one
in resources/fonts, embedded, so the paper prints the same on any machine.
"""

from __future__ import annotations

import io
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib import textsplit as rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as rl_paragraph

from ..paths import font_path
from .paper import BLANK, Paper, fill

FONT = "HrssCJK"
BODY_PT, TITLE_PT, LEADING = 16, 22, 28.9  # 三号, 二号; 22 lines in the 225 mm type area
INDENT = 2 * BODY_PT
HAND_PADDING = 7  # pt above and below a form row written in by hand
_SIGNER_TITLES = {"仲裁庭": "仲裁员", "书记员": "书记员", "调解员": "调解员", "承办人": "承办人", "审批": "审批人"}


# Chinese punctuation that may not begin a line (避头): ReportLab's CJK wrapping lets a character
# from its own list hang in the margin instead, but that list lacks the full-width ，；：？！”》…
CANNOT_START = "，；：？！”’》〉」』】〕）…%"


@cache
def register_font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, str(font_path()), subfontIndex=0))
    # canvases and charts start in this font, never in ReportLab's unembedded Helvetica
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT,
                                  baseFontFor="canvas graphics")
    for module in (rl_textsplit, rl_paragraph):  # one-fragment paragraphs wrap in textsplit, others in paragraph
        module.ALL_CANNOT_START += "".join(ch for ch in CANNOT_START if ch not in module.ALL_CANNOT_START)
    return FONT


class SealRing(Flowable):
    """A dashed ring over the issuer's name and the date, where the seal is pressed."""

    def __init__(self, width: float):
        super().__init__()
        self.width, self.height = width, LEADING / 2

    def draw(self) -> None:
        c = self.canv
        r = 21 * mm
        cx = self.width - 2 * BODY_PT - 5.5 * BODY_PT  # the middle of the date line
        cy = self.height + LEADING * 0.9  # over the last two lines, as a pressed seal sits
        c.saveState()
        c.setStrokeColor(colors.Color(0.72, 0.72, 0.72))
        c.setDash(3, 3)
        c.circle(cx, cy, r)
        c.setFillColor(colors.Color(0.65, 0.65, 0.65))
        c.setFont(FONT, 9)
        c.drawCentredString(cx, cy + r - 13, "（印章）")
        c.restoreState()


@cache
def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=BODY_PT, leading=LEADING, wordWrap="CJK",
                          alignment=TA_JUSTIFY, firstLineIndent=INDENT)
    return {
        "body": base,
        "issuer": ParagraphStyle("issuer", parent=base, fontSize=TITLE_PT, leading=TITLE_PT * 1.6,
                                 alignment=TA_CENTER, firstLineIndent=0),
        "title": ParagraphStyle("title", parent=base, fontSize=TITLE_PT, leading=TITLE_PT * 1.6,
                                alignment=TA_CENTER, firstLineIndent=0),
        "note": ParagraphStyle("note", parent=base, alignment=TA_CENTER, firstLineIndent=0),
        "number": ParagraphStyle("number", parent=base, alignment=TA_RIGHT, firstLineIndent=0),
        "plain": ParagraphStyle("plain", parent=base, firstLineIndent=0),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT, firstLineIndent=0),
        "heading": ParagraphStyle("heading", parent=base),
        "small": ParagraphStyle("small", parent=base, fontSize=12, leading=20),
        "cell": ParagraphStyle("cell", parent=base, fontSize=14, leading=22, firstLineIndent=0,
                               alignment=TA_CENTER),
        "cell_left": ParagraphStyle("cell_left", parent=base, fontSize=14, leading=22, firstLineIndent=0,
                                    alignment=0),
        # the 要素表: a form of several columns in 五号 (10.5 pt)
        "sheet": ParagraphStyle("sheet", parent=base, fontSize=10.5, leading=15, firstLineIndent=0, alignment=0),
        "sheet_head": ParagraphStyle("sheet_head", parent=base, fontSize=10.5, leading=15, firstLineIndent=0,
                                     alignment=TA_CENTER),
        "sheet_facts": ParagraphStyle("sheet_facts", parent=base, fontSize=8, leading=11, firstLineIndent=0,
                                      alignment=0, textColor=colors.Color(0.3, 0.3, 0.3)),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


LEAD_IN_MAX = 40  # characters: a longer line ending in "：" is a paragraph, not a lead-in
KEEP_LINES = 3  # a heading starts a new page unless it and two lines of what follows fit


def _keep(out: list[Flowable], flowable: Flowable, room: float = KEEP_LINES * LEADING) -> None:
    """Append a heading that never ends a page: a page break before it unless ``room`` is left
    (the heading and the start of what follows). A heading right under another (本委查明：then
    双方确认：) widens the first one's room by its line instead. Not keepWithNext: that would carry
    a long paragraph or table whole to the next page and leave the rest of this one empty."""
    if len(out) >= 2 and isinstance(out[-2], CondPageBreak) and getattr(out[-1], "hrss_kept", False):
        out[-2].height += LEADING
    else:
        out.append(CondPageBreak(room))
    flowable.hrss_kept = True  # type: ignore[attr-defined]
    out.append(flowable)


def _body(out: list[Flowable], text: str, st: dict[str, ParagraphStyle]) -> None:
    """Append a body paragraph; a lead-in (双方确认：, 申请人的仲裁请求如下：) on the page of what follows."""
    if text.rstrip().endswith("：") and len(text.strip()) <= LEAD_IN_MAX:
        _keep(out, _p(text, st["body"]))
    else:
        out.append(_p(text, st["body"]))


def _signature(paper: Paper, st: dict[str, ParagraphStyle], kind: str) -> list[Flowable]:
    rows = [s for s in paper.signers.get(kind, ()) if s[1]] or [(_SIGNER_TITLES[kind], BLANK)]
    out: list[Flowable] = [Spacer(1, LEADING)]
    for title, name in rows:
        spaced = "\u3000".join(title) if len(title) <= 3 else title  # 仲　裁　员
        out.append(_p(f"{spaced}\u3000{name}" + "\u3000" * 2, st["right"]))
    return out


UNCHECKED, CHECKED = "□", "■"  # the font has both boxes (☑ it has not)
SHEET_STANCES = ("确认", "有争议")  # ElementStance labels


def _stance_cell(stance: str, st: dict[str, ParagraphStyle]) -> Paragraph:
    """A party's column of one element: the boxes to tick and a line to write on, or the stance
    recorded (要素确认: "确认", or "有争议：what the party says")."""
    if not stance:
        boxes = "\u3000".join(f"{UNCHECKED}{s}" for s in SHEET_STANCES)
        return _p(f"{boxes}\n{BLANK}{BLANK[:3]}", st["sheet"])
    head, _, note = stance.partition("：")
    boxes = "\u3000".join(f"{CHECKED if s == head else UNCHECKED}{s}" for s in SHEET_STANCES)
    return _p(boxes + (f"\n{note}" if note else ""), st["sheet"])


def _element_sheet(paper: Paper, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    """The 要素表: per claim item its heading and a table — the element with the facts it asks
    for, what the case records of it (已知情况), and a column for each party to tick and write."""
    parties = list(paper.sheet_parties) or ["申请人", "被申请人"]
    share = 0.50 / len(parties)
    widths = [width * 0.30, width * 0.20, *([width * share] * len(parties))]
    out: list[Flowable] = []
    for section in paper.sheet:
        out.append(Spacer(1, 6))
        # on the page of its table's head and first rows
        _keep(out, _p(section.heading, st["plain"]), room=LEADING + 120)
        rows: list[list[Flowable | list[Flowable]]] = [
            [_p(x, st["sheet_head"]) for x in ("要素", "已知情况", *(f"{p}意见" for p in parties))]]
        for r in section.rows:
            stances = list(r.stances) + [""] * (len(parties) - len(r.stances))
            rows.append([[_p(r.label, st["sheet"]), _p(r.facts, st["sheet_facts"])], _p(r.known, st["sheet"]),
                         *(_stance_cell(x, st) for x in stances[:len(parties)])])
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                                   ("FONTNAME", (0, 0), (-1, -1), FONT),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
                                   ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        out.append(table)
    if not paper.sheet:
        out.append(_p("（本案尚无请求事项）", st["body"]))
    out.append(Spacer(1, LEADING / 2))
    return out


def _flowables(paper: Paper, width: float) -> list[Flowable]:
    st = _styles()
    t = paper.template
    out: list[Flowable] = [_p(paper.issuer, st["issuer"]), _p(t.title, st["title"])]
    if paper.title_note:
        out.append(_p(paper.title_note, st["note"]))
    out.append(_p(paper.number or "", st["number"]) if paper.number else Spacer(1, 4))
    out.append(Spacer(1, LEADING / 2))
    table_rows: list[list[Paragraph]] = []

    def flush_table() -> None:
        if not table_rows:
            return
        table = Table([list(r) for r in table_rows], colWidths=[width * 0.28, width * 0.72])
        style = [("GRID", (0, 0), (-1, -1), 0.8, colors.black),
                 ("FONTNAME", (0, 0), (-1, -1), FONT),  # the table's own default is Helvetica
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
        for i, row in enumerate(table_rows):  # a row left empty is written in by hand: room for a signature
            if not row[1].text.strip():
                style += [("TOPPADDING", (0, i), (-1, i), HAND_PADDING), ("BOTTOMPADDING", (0, i), (-1, i), HAND_PADDING)]
        table.setStyle(TableStyle(style))
        out.append(table)
        table_rows.clear()

    group_start: int | None = None  # where the signatures, issuer and date before the seal begin
    for b in t.blocks:
        if b.kind != "行":
            flush_table()
        if b.kind in ("署名", "落款", "日期") and group_start is None:
            group_start = len(out)
        elif b.kind not in ("署名", "落款", "日期", "印章"):
            group_start = None
        text = fill(b.text, paper.values)
        if b.kind == "主送":
            out.append(_p(text, st["plain"]))
        elif b.kind == "段落":
            _body(out, text, st)
        elif b.kind == "小标题":
            _keep(out, _p(text, st["heading"]))
        elif b.kind == "附注":
            out.append(_p(text, st["small"]))
        elif b.kind == "当事人":
            out.extend(_p(party, st["body"]) for party in paper.parties)
        elif b.kind == "列表":
            items = paper.lists.get(b.text) or []
            out.extend(_p(f"{i}．{item}", st["body"]) for i, item in enumerate(items, 1))
            if not items:
                out.append(_p("（无）", st["body"]))
        elif b.kind == "填写":
            written = paper.writings.get(b.text, "").strip()
            paragraphs = [x.strip() for x in written.splitlines() if x.strip()] or [BLANK * 3]
            for x in paragraphs:
                _body(out, x, st)
        elif b.kind == "权利告知":
            out.append(_p(paper.rights or BLANK, st["body"]))
        elif b.kind == "要素表":
            out.extend(_element_sheet(paper, st, width))
        elif b.kind == "行":
            label, _, value = text.partition("|")
            table_rows.append([_p(label.strip(), st["cell"]), _p(value.strip(), st["cell_left"])])
        elif b.kind == "署名":
            out.extend(_signature(paper, st, b.text))
        elif b.kind == "落款":
            out.append(Spacer(1, LEADING / 2))
            out.append(_p(text + "\u3000" * 2, st["right"]))
        elif b.kind == "日期":
            out.append(_p(text + "\u3000" * 2, st["right"]))
        elif b.kind == "印章":
            # the ring overlaps the issuer and date: signatures, issuer, date and seal stay on one page
            start = len(out) - 2 if group_start is None else group_start
            tail = out[start:]
            del out[start:]
            out.append(KeepTogether([*tail, SealRing(width)]))
            group_start = None
    flush_table()
    return out


SPECIMEN = "样稿　未签发"  # across every page of a preview: a printed preview is never mistaken for the paper


def render(paper: Paper, specimen: bool = False) -> bytes:
    """The document as PDF bytes; ``specimen`` marks a preview that has not been issued."""
    register_font()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm,
                            bottomMargin=35 * mm, title=paper.template.title, author=paper.issuer,
                            creator="hrss_disputes", invariant=1,
                            initialFontName=FONT)  # else every page names an unembedded Helvetica

    def decorate(canvas, _doc) -> None:  # noqa: ANN001
        canvas.saveState()
        canvas.setFont(FONT, 14)
        canvas.drawCentredString(A4[0] / 2, 20 * mm, f"— {canvas.getPageNumber()} —")
        if specimen:
            canvas.setFillColor(colors.Color(0.6, 0.6, 0.6, alpha=0.35))
            canvas.setFont(FONT, 60)
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, 0, SPECIMEN)
        canvas.restoreState()

    doc.build(_flowables(paper, doc.width), onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()
