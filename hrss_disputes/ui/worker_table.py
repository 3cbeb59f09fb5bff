"""The worker list of a wage-arrears complaint: typed, or pasted from a spreadsheet."""

from __future__ import annotations

import contextlib
import re
import uuid
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain import validators as v
from ..services.complaints import WorkerInput

COLUMNS = (("name", "姓名"), ("id_number", "身份证号码"), ("phone", "联系电话"), ("amount_owed", "欠薪金额（元）"),
           ("period_from", "欠薪起始日"), ("period_to", "欠薪截止日"))
KEYS = [k for k, _ in COLUMNS]
# header words of a pasted sheet → column (first match wins)
HEADER_WORDS = (("起始", "period_from"), ("开始", "period_from"), ("起", "period_from"), ("截止", "period_to"),
                ("结束", "period_to"), ("止", "period_to"), ("身份证", "id_number"), ("证件", "id_number"),
                ("电话", "phone"), ("手机", "phone"), ("金额", "amount_owed"), ("欠薪", "amount_owed"),
                ("工资", "amount_owed"), ("姓名", "name"), ("名字", "name"))
INVALID_BG = QColor("#ffebee")
DATE_MESSAGE = "日期格式应为 2026-06-01"


def parse_day(text: str) -> date | None:
    """2026-06-01, 2026/6/1, 2026.6.1 or 2026年6月1日; ValueError when it is none of them."""
    t = text.strip()
    if not t:
        return None
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", t)
    if not m:
        raise ValueError(DATE_MESSAGE)
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError("不是有效日期") from None


def parse_pasted(text: str) -> list[dict[str, str]]:
    """Rows copied from Excel/WPS (tab-separated). A first row naming the columns decides where
    each value goes; without one the columns are taken in the table's order."""
    lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]
    rows = [line.split("\t") for line in lines]
    if not rows:
        return []
    order = KEYS
    header = rows[0]
    named = [next((key for word, key in HEADER_WORDS if word in cell), None) for cell in header]
    if sum(k is not None for k in named) >= 2:
        order = [k or "" for k in named]
        rows = rows[1:]
    return [{key: cell.strip() for key, cell in zip(order, row, strict=False) if key} for row in rows]


class WorkerTable(QWidget):
    """Rows of workers; ``changed`` after any edit so the dialog can show the totals."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._ids: list[uuid.UUID | None] = []
        self._filling = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.add_btn = QPushButton("添加一行")
        self.add_btn.clicked.connect(lambda: self.add_rows([{}]))
        self.remove_btn = QPushButton("删除所选行")
        self.remove_btn.clicked.connect(self.remove_selected)
        self.paste_btn = QPushButton("从剪贴板粘贴（Excel）")
        self.paste_btn.setToolTip("在 Excel/WPS 中选中含“姓名、身份证号码、联系电话、欠薪金额、起止日期”的区域复制后点此；"
                                  "首行为表头时按表头对应各列")
        self.paste_btn.clicked.connect(self.paste)
        self.totals = QLabel()
        for w in (self.add_btn, self.remove_btn, self.paste_btn):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.totals)
        lay.addLayout(bar)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([label for _, label in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((90, 170, 120, 110, 100)):
            self.table.setColumnWidth(col, width)
        self.table.itemChanged.connect(self._edited)
        lay.addWidget(self.table)
        self._show_totals()

    # -- content
    def add_rows(self, rows: list[dict[str, str]], ids: list[uuid.UUID | None] | None = None) -> None:
        self._filling = True
        for i, values in enumerate(rows):
            r = self.table.rowCount()
            self.table.insertRow(r)
            self._ids.append(ids[i] if ids else None)
            for c, key in enumerate(KEYS):
                self.table.setItem(r, c, QTableWidgetItem(values.get(key, "")))
        self._filling = False
        self._edited()

    def remove_selected(self) -> None:
        for r in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(r)
            del self._ids[r]
        self._edited()

    def paste(self) -> None:
        rows = parse_pasted(QGuiApplication.clipboard().text())
        # replace the single empty row a new list starts with
        if self.table.rowCount() == 1 and not any(self.cell(0, k) for k in KEYS):
            self.table.removeRow(0)
            del self._ids[0]
        self.add_rows(rows)

    def cell(self, row: int, key: str) -> str:
        item = self.table.item(row, KEYS.index(key))
        return item.text().strip() if item else ""

    def values(self) -> tuple[list[WorkerInput], dict[str, str]]:
        """The typed rows (blank rows left out) and the date errors the table finds itself."""
        out: list[WorkerInput] = []
        errors: dict[str, str] = {}
        for r in range(self.table.rowCount()):
            if not any(self.cell(r, k) for k in KEYS):
                continue
            i = len(out)
            days: dict[str, date | None] = {}
            for key in ("period_from", "period_to"):
                try:
                    days[key] = parse_day(self.cell(r, key))
                except ValueError as e:
                    errors[f"workers.{i}.{key}"] = str(e)
                    days[key] = None
            out.append(WorkerInput(name=self.cell(r, "name"), id_number=self.cell(r, "id_number"),
                                   phone=self.cell(r, "phone"), amount_owed=self.cell(r, "amount_owed"),
                                   id=self._ids[r], **days))
        return out, errors

    def _rows_shown(self) -> list[int]:
        return [r for r in range(self.table.rowCount()) if any(self.cell(r, k) for k in KEYS)]

    # -- feedback
    def show_errors(self, errors: dict[str, str]) -> list[str]:
        """Colour the cells with errors (message as tooltip); returns the messages as lines."""
        lines = []
        self._filling = True
        shown = self._rows_shown()
        for r in range(self.table.rowCount()):
            for c in range(len(KEYS)):
                item = self.table.item(r, c) or QTableWidgetItem("")
                item.setBackground(QColor("white"))
                item.setToolTip("")
                self.table.setItem(r, c, item)
        for i, r in enumerate(shown):
            for c, (key, label) in enumerate(COLUMNS):
                if msg := errors.get(f"workers.{i}.{key}"):
                    item = self.table.item(r, c)
                    item.setBackground(INVALID_BG)
                    item.setToolTip(msg)
                    lines.append(f"第 {r + 1} 行{label}：{msg}")
        self._filling = False
        return lines

    def _edited(self, *_args: object) -> None:
        if self._filling:
            return
        self._show_totals()
        self.changed.emit()

    def named_total(self) -> tuple[int, Decimal]:
        rows = self._rows_shown()
        total = Decimal(0)
        for r in rows:
            with contextlib.suppress(ValueError):
                total += v.parse_money(self.cell(r, "amount_owed")) or 0
        return len(rows), total

    def _show_totals(self) -> None:
        n, total = self.named_total()
        self.totals.setText(f"名单 {n} 人，欠薪合计 {total:,.2f} 元")
