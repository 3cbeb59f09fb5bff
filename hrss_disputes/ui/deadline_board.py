"""The deadline board (待办期限): open office deadlines, overdue first, priority cases first."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..models.enums import PROCEDURES_BY_FAMILY, Role
from ..services import deadline_board as board_service
from ..services import offices
from ..services.deadline_board import Board, BoardQuery, BoardRow, Bucket, Scope
from .case_list import flags_text
from .forms import fmt_date

WIDEST_CASE_NUMBER = "肇劳人仲案字〔2026〕第1234号"  # the 案号 column is wide enough for it
MINE_HINT = "本人为承办人、仲裁庭成员（仲裁员名册关联本人账号）或书记员的案件"
COLUMNS = ["状态", "最后期限", "剩余", "期限", "案号", "程序", "申请人/投诉人", "被申请人/用人单位", "承办人", "标记"]
BUCKET_COLORS = {Bucket.OVERDUE: QColor("#c62828"), Bucket.TODAY: QColor("#ef6c00"),
                 Bucket.PAUSED: QColor("#6a1b9a")}
_PRIORITY_BG = QColor("#fff4e5")
_WEEKDAYS = "一二三四五六日"


def remaining_text(due: date | None, today: date) -> str:
    if due is None:
        return "中止中"
    days = (due - today).days
    if days < 0:
        return f"逾期 {-days} 天"
    return "今天" if days == 0 else f"还有 {days} 天"


class BoardModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[BoardRow] = []
        self.today = date.today()

    def show(self, rows: list[BoardRow], today: date) -> None:
        self.beginResetModel()
        self.rows, self.today = rows, today
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.ForegroundRole and col in (0, 1, 2) and row.bucket in BUCKET_COLORS:
            return QBrush(BUCKET_COLORS[row.bucket])
        if role == Qt.ItemDataRole.BackgroundRole and row.priority:
            return QBrush(_PRIORITY_BG)
        if role == Qt.ItemDataRole.ToolTipRole and col in (3, 4, 6, 7):  # long names read whole on hover
            return self._display(row, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == 1 and not row.confirmed:
            return "该日期超出已知的节假日安排，按周末推算，待管理员录入新一年安排后确认"
        return None

    def _display(self, row: BoardRow, col: int) -> str:
        match col:
            case 0:
                return row.bucket.label
            case 1:
                if row.due_on is None:
                    return "—"
                text = f"{fmt_date(row.due_on)}（周{_WEEKDAYS[row.due_on.weekday()]}）"
                return text + ("（未确认）" if not row.confirmed else "")
            case 2:
                return remaining_text(row.due_on, self.today)
            case 3:
                return row.label
            case 4:
                return row.case_number or "（未编号）"
            case 5:
                return row.procedure.label
            case 6:
                return row.applicant_names
            case 7:
                return row.respondent_names
            case 8:
                return row.handler_name
            case _:
                return flags_text(row)


class DeadlineBoardPage(QWidget):
    """Filters on top, the counts per group, the rows; a row opens its case at that deadline."""

    open_case = Signal(object, str)  # case id, clock key

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.board: Board | None = None
        self._stale = True  # read from the database when next shown
        self._build()
        self.reset_for_user()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.scope = QComboBox()
        self.scope.addItem("我承办的案件", Scope.MINE)
        self.scope.setItemData(0, MINE_HINT, Qt.ItemDataRole.ToolTipRole)
        self.scope.addItem("本机构全部案件", Scope.OFFICE)
        self.procedure = QComboBox()
        self.procedure.addItem("全部程序", None)
        for procs in PROCEDURES_BY_FAMILY.values():
            for p in procs:
                self.procedure.addItem(p.label, p)
        self.handler = QComboBox()
        self.bucket = QComboBox()
        self.bucket.addItem("全部期限", None)
        for b in Bucket:
            self.bucket.addItem(b.label, b)
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.refresh)
        for label, widget in (("范围", self.scope), ("程序", self.procedure), ("承办人", self.handler),
                              ("显示", self.bucket)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(refresh)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.model = BoardModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        # 期限 is wide: a clock counted per party carries the party's name (开庭通知送达期限（某公司）);
        # 最后期限 and 案号 are read whole (the case number tells the rows apart): sized by the font
        fm = self.table.fontMetrics()
        due = fm.horizontalAdvance("2027-01-01（周五）（未确认）") + 20
        number = fm.horizontalAdvance(WIDEST_CASE_NUMBER) + 20
        for col, width in enumerate((64, due, 80, 270, number, 70, 100, 160, 60)):
            self.table.setColumnWidth(col, width)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.doubleClicked.connect(self._open_index)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda: self._open_index(self.table.currentIndex()))
        layout.addWidget(self.table, 1)
        self.footer = QLabel()
        self.footer.setStyleSheet("color: #616161")
        layout.addWidget(self.footer)
        for combo in (self.scope, self.procedure, self.handler, self.bucket):
            combo.currentIndexChanged.connect(self.invalidate)

    def reset_for_user(self) -> None:
        """The acting user changed: their default scope, the staff they may pick."""
        actor = self.ctx.actor
        for combo in (self.scope, self.handler):
            combo.blockSignals(True)
        self.scope.setCurrentIndex(self.scope.findData(board_service.default_scope(actor)))
        self.handler.clear()
        self.handler.addItem("全部承办人", None)
        try:
            users = self.ctx.call(offices.list_users)
        except DatabaseError:
            users = []
        for u in users:
            if u.role is not Role.ADMIN:
                self.handler.addItem(f"{u.display_name}（{u.role.label}）", u.id)
        for combo in (self.scope, self.handler):
            combo.blockSignals(False)
        self.invalidate()

    def invalidate(self) -> None:
        """Cases changed: read again now if the board is on screen, else when it is next shown."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def query(self) -> BoardQuery:
        return BoardQuery(scope=self.scope.currentData(), procedure=self.procedure.currentData(),
                          handler_id=self.handler.currentData(), bucket=self.bucket.currentData())

    def refresh(self) -> None:
        """Read the board again; the selected deadline stays selected and the list where it was
        (a change saved here or elsewhere, ui.live_refresh, does not throw the reader back to the top)."""
        today = date.today()
        self._stale = False
        try:
            self.board = self.ctx.call(board_service.board, query=self.query(), today=today)
        except DatabaseError as e:
            self.summary.setText(f"<span style='color:#c62828'>无法读取期限：{e}</span>")
            return
        current = self.table.currentIndex()
        picked = self.model.rows[current.row()] if current.isValid() else None
        top = self.table.verticalScrollBar().value()
        self.model.show(self.board.rows, today)
        self.table.verticalScrollBar().setValue(top)
        if picked is not None:
            row = next((i for i, r in enumerate(self.model.rows)
                        if (r.case_id, r.clock) == (picked.case_id, picked.clock)), None)
            if row is not None:
                self.table.setCurrentIndex(self.model.index(row, current.column()))
        self.summary.setText(self._summary(self.board))
        self.footer.setText(
            f"共 {self.board.total} 项，仅显示前 {len(self.board.rows)} 项，请用上方条件缩小范围。"
            if self.board.truncated else "双击一行打开案件的期限页。")

    @staticmethod
    def _summary(board: Board) -> str:
        if not board.total:
            return "没有未完成的期限。"
        parts = []
        for b in Bucket:
            n = board.counts.get(b, 0)
            color = BUCKET_COLORS[b].name() if b in BUCKET_COLORS and n else "#212121"
            parts.append(f"<span style='color:{color}'>{b.label} <b>{n}</b></span>")
        return "　".join(parts)

    def _open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.rows[index.row()]
        self.open_case.emit(row.case_id, row.clock)
