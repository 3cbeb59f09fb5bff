"""The monthly report supervisors print, as an A4 PDF in the papers' style: title, office and
period, the three rates month and year to date against target, a 12-month trend chart, the
counts by family and manner of closing, the overdue and supervised cases, preparer and date."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table

from ..domain import court_links
from ..domain.audit_chain import anchor_line
from ..domain.chinese_text import date_cn
from ..domain.kpi import COUNTS_NOTE, MISSED, TARGET_NOTE, complaint_rows, figure_rows
from ..domain.kpi import REPORT_TITLE as TITLE
from .pdf_blocks import STYLES, build_numbered, para, table
from .render import FONT, register_font

if TYPE_CHECKING:  # the figures are worked out by services.report; this module only lays them out
    from ..services.report import Report

LINE_COLOURS = (colors.HexColor("#1565c0"), colors.HexColor("#2e7d32"), colors.HexColor("#c62828"))
STYLES["missed"] = ParagraphStyle("rm", parent=STYLES["cell"], textColor=colors.HexColor("#c62828"))
STYLES["stamp"] = ParagraphStyle("rst", parent=STYLES["cell"], textColor=colors.HexColor("#1565c0"))  # 已上报
WARNED = "警告："  # a submitted report that does not hold (services.report_submissions): printed red
STYLES["warned"] = ParagraphStyle("rwn", parent=STYLES["cell"], textColor=colors.HexColor("#c62828"))  # 警告：不可信
_p = para


def _table(rows: list[list[str]], widths: list[float], left: set[int] = frozenset(), header_rows: int = 1,
           extra: list | None = None, small: bool = False) -> Table:  # type: ignore[assignment]
    return table(rows, widths, left, header_rows, extra, small, red={MISSED})


def _rates_table(report: Report, width: float) -> Table:
    rows = [["指标", "期间", "分子", "分母", "比率", "年度目标", "是否达标", "达标还需"]]
    for m, y in zip(report.month, report.year_to_date, strict=True):
        for r, when in ((m, "本月"), (y, "累计")):
            target = f">{r.annual_target}%" if r.annual_target is not None else "—"
            rows.append([r.label, when, str(r.numerator), str(r.denominator), r.text, target, r.met_text, r.needed_text])
    spans = [("SPAN", (0, i), (0, i + 1)) for i in range(1, len(rows), 2)]
    w = width / 100
    return _table(rows, [w * 21, w * 8, w * 9, w * 9, w * 11, w * 10, w * 12, w * 20], extra=spans)


def _trend(report: Report, width: float) -> Drawing:
    height = 62 * mm
    d = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 30, 28, width - 160, height - 45
    series = [[float(m[i].percent) if m[i].percent is not None else None for m in report.trend] for i in range(3)]
    drawn = [i for i, s in enumerate(series) if sum(x is not None for x in s) >= 2]  # a line needs two points
    chart.data = [series[i] for i in drawn] or [[0.0] * len(report.trend)]
    chart.categoryAxis.categoryNames = [f"{m[0].period.start.month}月" for m in report.trend]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.joinedLines = 1
    for n, i in enumerate(drawn):
        chart.lines[n].strokeColor = LINE_COLOURS[i]
        chart.lines[n].strokeWidth = 1.6
    if not drawn:
        chart.lines[0].strokeColor = colors.white
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 120, height - 20
    legend.fontName, legend.fontSize = FONT, 8.5
    legend.colorNamePairs = [(LINE_COLOURS[i], report.month[i].label) for i in drawn] or [(colors.white, "（各月均无数据）")]
    d.add(legend)
    d.add(String(30, 8, "近十二个月各月比率（分母为零的月份不画点）", fontName=FONT, fontSize=8,
                 fillColor=colors.HexColor("#555555")))
    return d


def _manners(by_manner: dict) -> str:
    return "，".join(f"{k.label}{v}" for k, v in sorted(by_manner.items(), key=lambda x: -x[1]))


def _counts_table(report: Report, width: float) -> Table:
    rows = [["类别", "上期未结", "本期受理", "本期结案", "其中", "期末未结", "不予受理等", "逾期", "挂牌督办"]]
    for f in report.families:
        rows.append([f.family.label, str(f.carried), str(f.accepted), str(f.closed), _manners(f.closed_by_manner) or "—",
                     str(f.open_at_end), str(f.not_taken_in), str(f.overdue), str(f.supervised)])
    w = width / 100
    return _table(rows, [w * 14, w * 9, w * 9, w * 9, w * 23, w * 9, w * 10, w * 8, w * 9], left={4})


def _listed_table(report: Report, width: float) -> Table:
    rows = [["案号", "当事人", "承办人", "机构", "期限", "情形"]]
    rows += [[c.case_number, c.parties, c.handler or "—", c.office, c.due.isoformat() if c.due else "—", c.why]
             for c in report.listed]
    w = width / 100
    return _table(rows, [w * 21, w * 32, w * 9, w * 18, w * 12, w * 8], left={0, 1, 3}, small=True)


def render_report(report: Report, listed_max: int) -> bytes:
    """The report as PDF bytes."""
    register_font()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=22 * mm,
                            bottomMargin=22 * mm, title=f"{TITLE}（{report.period.label}）", author=report.office,
                            creator="hrss_disputes", invariant=1, initialFontName=FONT)
    width = doc.width
    story = [_p(report.office, "sub"), _p(TITLE, "title"),
             _p(f"统计期间：{report.period.label}（{report.period.start.isoformat()}至{report.period.end.isoformat()}），"
                f"含下级机构；考核目标：{report.profile}", "sub"),
             *([_p(report.period_note, "missed")] if report.period_note else []),
             *([_p(report.stamp, "warned" if report.stamp.startswith(WARNED) else "stamp")] if report.stamp else []), Spacer(1, 6),
             _p("一、三项考核指标", "heading"), _rates_table(report, width),
             _p(TARGET_NOTE + "；".join(f"{r.label}＝{r.formula}" for r in report.month)
                + "。" + "；".join(report.month[0].options) + "。", "note")]
    if report.trend:
        story += [_p("二、近十二个月走势", "heading"), _trend(report, width)]
    story += [_p("三、案件情况", "heading"), _counts_table(report, width), _p(COUNTS_NOTE, "note")]
    if rows := figure_rows(report.figures):
        story += [Spacer(1, 6), _table([["统计项目", "本期"], *rows], [width * 0.4, width * 0.6], left={1})]
    if rows := complaint_rows(report.complaints):
        story += [Spacer(1, 6), _p("欠薪投诉举报", "sub"),
                  _table([["统计项目", "本期"], *rows], [width * 0.4, width * 0.6], left={1})]
    if report.court_links is not None:  # 裁审衔接 (LDMAF 47–51)
        story += [Spacer(1, 6), KeepTogether([
            _p("裁审衔接", "sub"),
            _table([["统计项目", "本期", "依据"], *court_links.rows(report.court_links)],
                   [width * 0.36, width * 0.14, width * 0.5], left={2}),
            _p(court_links.NOTE + "。", "note")])]
    if report.listed:
        more = f"（列出前 {listed_max} 件）" if len(report.listed) >= listed_max else ""
        story += [_p(f"四、逾期及挂牌督办案件{more}", "heading"), _listed_table(report, width)]
    story += [Spacer(1, 16), _p(f"制表人：{report.preparer}　　制表日期：{date_cn(report.made_on)}", "right"),
              Spacer(1, 10), _p(anchor_line(*report.audit_head), "note")]

    build_numbered(doc, story)
    return buf.getvalue()
