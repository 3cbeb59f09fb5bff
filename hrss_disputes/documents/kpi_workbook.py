"""The monthly report as an Excel workbook with the same tables as the PDF: 三项指标, 近十二个月,
案件情况, 统计数字, 欠薪投诉举报, 裁审衔接, 逾期及督办案件. Numbers are numbers (a rate is a percentage cell, an
amount a number with two decimals, the unit in the item's name), so people can sum and chart
them; "—" stays text where there is no figure."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..domain import court_links
from ..domain.audit_chain import anchor_line
from ..domain.kpi import (
    COUNTS_NOTE,
    MISSED,
    NO_RATE,
    TARGET_NOTE,
    Item,
    complaint_items,
    figure_items,
)
from ..domain.kpi import REPORT_TITLE as TITLE

if TYPE_CHECKING:
    from ..domain.kpi import Rate
    from ..services.report import Report

HEADER = PatternFill("solid", fgColor="EEEEEE")


def _rate_cell(r: Rate) -> float | str:
    return float(r.percent / 100) if r.percent is not None else r.text  # 0.6667, not 0.6667000000000001


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list], widths: list[int], first: bool = False):  # noqa: ANN202
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(header)
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), HEADER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append(row)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    return ws


def _manners(by_manner: dict) -> str:
    return "，".join(f"{k.label}{v}" for k, v in sorted(by_manner.items(), key=lambda x: -x[1]))


def _items(wb: Workbook, title: str, items: list[Item]) -> None:
    """(item, unit, value) as rows "item（unit）" | number: amounts with two decimals."""
    ws = _sheet(wb, title, ["统计项目（单位）", "本期"],
                [[f"{name}（{unit}）", NO_RATE if value is None else value if isinstance(value, int) else float(value)]
                 for name, unit, value in items], [40, 18])
    for (_name, unit, _value), (cell,) in zip(items, ws.iter_rows(min_row=2, min_col=2, max_col=2), strict=True):
        if not isinstance(cell.value, str):
            cell.number_format = "#,##0.00" if unit == "元" else "0.0" if unit == "天" else "#,##0"


def render_workbook(report: Report) -> bytes:
    wb = Workbook()
    rows = []
    for m, y in zip(report.month, report.year_to_date, strict=True):
        for r in (m, y):
            rows.append([r.label, r.period.label, r.numerator, r.denominator, _rate_cell(r),
                         float(r.annual_target) / 100 if r.annual_target is not None else NO_RATE, r.met_text,
                         r.needed_text or None])
    ws = _sheet(wb, "三项指标", ["指标", "期间", "分子", "分母", "比率", "年度目标（高于）", "是否达标", "达标还需"], rows,
                [24, 18, 10, 10, 10, 22, 10, 20], first=True)
    for row in ws.iter_rows(min_row=2):
        for cell in (row[4], row[5]):
            if isinstance(cell.value, float):
                cell.number_format = "0.00%"
        if row[6].value == MISSED:
            row[6].font = Font(color="C62828")
    ws.insert_rows(1, 2)
    ws["A1"] = f"{report.office} {TITLE}"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = f"统计期间：{report.period.label}（含下级机构）；考核目标：{report.profile}；制表人：{report.preparer}；" \
               f"制表日期：{report.made_on.isoformat()}" + (f"；{report.period_note}" if report.period_note else "") \
               + (f"；{report.stamp}" if report.stamp else "")  # 已上报 / 当前数据（未上报）
    ws.cell(ws.max_row + 2, 1, TARGET_NOTE)  # under the table, outside its rows
    ws.cell(ws.max_row + 1, 1, anchor_line(*report.audit_head))
    if report.trend:
        trend = _sheet(wb, "近十二个月", ["月份", *(r.label for r in report.month)],
                       [[m[0].period.label, *(_rate_cell(r) for r in m)] for m in report.trend], [14, 14, 14, 22])
        for row in trend.iter_rows(min_row=2):
            for cell in row[1:]:
                if isinstance(cell.value, float):
                    cell.number_format = "0.00%"
    counts = _sheet(wb, "案件情况", ["类别", "上期未结", "本期受理", "本期结案", "其中", "期末未结", "不予受理等",
                                   "逾期", "挂牌督办"],
                    [[f.family.label, f.carried, f.accepted, f.closed, _manners(f.closed_by_manner), f.open_at_end,
                      f.not_taken_in, f.overdue, f.supervised] for f in report.families],
                    [12, 10, 10, 10, 50, 10, 12, 8, 10])
    counts.cell(counts.max_row + 2, 1, COUNTS_NOTE)
    if report.figures is not None:
        _items(wb, "统计数字", figure_items(report.figures))
    if report.complaints is not None:
        _items(wb, "欠薪投诉举报", complaint_items(report.complaints))
    if report.court_links is not None:  # 裁审衔接: counts as numbers, 件 in the item's name
        _items(wb, "裁审衔接", court_links.items(report.court_links))
        links = wb["裁审衔接"]
        links.cell(links.max_row + 2, 1, court_links.NOTE)
    if report.listed:
        _sheet(wb, "逾期及督办案件", ["案号", "当事人", "承办人", "机构", "期限", "情形"],
               [[c.case_number, c.parties, c.handler, c.office, c.due, c.why] for c in report.listed],
               [28, 44, 10, 30, 12, 16])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
