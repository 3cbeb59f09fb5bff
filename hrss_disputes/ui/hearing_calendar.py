"""开庭排期: one week of hearings, by room or place or by arbitrator (rows) and day (columns), each
hearing as "09:30–10:30 案号 申请人诉被申请人（地点或仲裁庭）", a double booking marked red;
a double-click opens its case. Limited to the cases of the
user's office and those below it (services.hearings.week), printed as the 开庭排期表 for the
notice board (A4 landscape PDF)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..domain.hearings import span_text
from ..models.enums import HearingStatus
from ..services import hearings
from ..services.errors import ServiceError
from ..services.hearings import BY_ARBITRATOR, BY_PLACE, Slot, Week

WEEKDAYS = "一二三四五六日"
HELD_COLOUR = QColor("#616161")  # a hearing already held this week: grey
TODAY_COLOUR = QColor("#fff8e1")
OVERLAP_COLOUR = QColor("#ffcdd2")  # overlaps another hearing of the row: red


def week_title(week: Week) -> str:
    last = week.days[-1]
    return (f"{week.monday.year}年{week.monday.month}月{week.monday.day}日 — {last.month}月{last.day}日"
            f"（共 {week.count} 件开庭）")


class HearingCalendar(QDialog):
    """The week's hearings; ``open_case`` asks the main window to open a case."""

    open_case = Signal(object)

    def __init__(self, ctx, parent: QWidget | None = None, day: date | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.day = day or date.today()
        self.week: Week | None = None
        self.cells: dict[tuple[int, int], Slot] = {}
        self.setWindowTitle("开庭排期")
        self.resize(1280, 680)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.prev_btn = QPushButton("◀ 上一周")
        self.prev_btn.clicked.connect(lambda: self.go(-7))
        self.this_btn = QPushButton("本周")
        self.this_btn.clicked.connect(self.this_week)
        self.next_btn = QPushButton("下一周 ▶")
        self.next_btn.clicked.connect(lambda: self.go(7))
        for b in (self.prev_btn, self.this_btn, self.next_btn):
            top.addWidget(b)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold; margin-left: 12px;")
        top.addWidget(self.title, 1)
        self.by_place = QRadioButton("按开庭地点")
        self.by_arbitrator = QRadioButton("按仲裁员")
        self.by_place.setChecked(True)
        group = QButtonGroup(self)
        for b in (self.by_place, self.by_arbitrator):
            group.addButton(b)
            top.addWidget(b)
        self.by_place.toggled.connect(lambda *_: self.reload())
        self.print_btn = QPushButton("打印开庭排期表…")
        self.print_btn.setToolTip("本周排期生成 PDF（A4 横向），可打印张贴或另存")
        self.print_btn.clicked.connect(self.print_week)
        top.addWidget(self.print_btn)
        lay.addLayout(top)
        self.table = QTableWidget(0, 8)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(0, 150)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        lay.addWidget(self.table, 1)
        hint = QLabel("双击一条开庭安排打开该案件。只列本机构及下级机构的案件；已开庭的显示为灰色，已延期的不再列出；"
                      "标有【重叠】（红色）的与同一地点或同一仲裁员当日的另一安排时间重叠。")
        hint.setStyleSheet("color: #555;")
        lay.addWidget(hint)
        self.reload()

    @property
    def by(self) -> str:
        return BY_ARBITRATOR if self.by_arbitrator.isChecked() else BY_PLACE

    def go(self, days: int) -> None:
        self.day += timedelta(days=days)
        self.reload()

    def this_week(self) -> None:
        self.day = date.today()
        self.reload()

    def reload(self) -> None:
        try:
            self.week = self.ctx.call(hearings.week, day=self.day, by=self.by)
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "未能读取开庭排期", str(e))
            return
        self.title.setText(week_title(self.week))
        self._fill(self.week)

    def _fill(self, week: Week) -> None:
        """A row per place or arbitrator and per hearing of its busiest day: one hearing a cell, so
        that a double-click opens exactly that case."""
        self.table.clearSpans()
        self.cells = {}
        today = date.today()
        labels = ["开庭地点" if week.by == BY_PLACE else "仲裁员"]
        labels += [f"{d.month}-{d.day:02d} 星期{WEEKDAYS[d.weekday()]}" + ("（今天）" if d == today else "")
                   for d in week.days]
        self.table.setHorizontalHeaderLabels(labels)
        self.table.setRowCount(sum(max(1, *(len(s) for s in r.days)) for r in week.rows))
        row = 0
        for r in week.rows:
            height = max(1, *(len(s) for s in r.days))
            label = QTableWidgetItem(r.label)
            label.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, 0, label)
            if height > 1:
                self.table.setSpan(row, 0, height, 1)
            for col, slots in enumerate(r.days, 1):
                for i in range(height):
                    item = QTableWidgetItem()
                    if week.days[col - 1] == today:
                        item.setBackground(TODAY_COLOUR)
                    if i < len(slots):
                        s = slots[i]
                        item.setText(s.line(week.by))
                        tip = [s.text, f"{span_text(s.starts, s.minutes)} {s.place_name}"]
                        if s.overlap:  # a double booking of the place or the arbitrator
                            item.setBackground(OVERLAP_COLOUR)
                            tip.insert(0, "与本行同日的另一开庭安排时间重叠")
                        if s.arbitrators:
                            tip.append("仲裁庭：" + "、".join(s.arbitrators))
                        tip.append(s.status.label)
                        item.setToolTip("\n".join(tip))
                        if s.status is HearingStatus.HELD:
                            item.setForeground(HELD_COLOUR)
                        self.cells[(row + i, col)] = s
                    self.table.setItem(row + i, col, item)
            row += height
        self.table.resizeRowsToContents()

    def changeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().changeEvent(event)
        # back from a case opened from here (a hearing booked, held or postponed meanwhile): read again
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.week is not None:
            self.reload()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self.table.resizeRowsToContents()  # wrapped to the columns' new width

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        self.table.resizeRowsToContents()

    def slot_at(self, row: int, col: int) -> Slot | None:
        return self.cells.get((row, col))

    def _double_clicked(self, row: int, col: int) -> None:
        if (slot := self.slot_at(row, col)) is not None:
            self.open_case.emit(slot.case_id)

    def print_week(self) -> None:
        from .pdf_view import PdfDialog

        try:
            pdf = self.ctx.call(hearings.week_pdf, day=self.day, by=self.by)
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "未能生成开庭排期表", str(e))
            return
        assert self.week is not None
        PdfDialog([("开庭排期表", pdf)], f"开庭排期表 {self.week.monday.isoformat()}", self).exec()
