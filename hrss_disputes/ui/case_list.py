"""The case list: a table model paged from SQL, with filters and search-as-you-type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..models.enums import OPEN_STATUSES, PROCEDURES_BY_FAMILY, CaseFamily, CaseStatus
from ..services import case_list, cases
from ..services.cases import CaseQuery, CaseRow
from .forms import OptionalDate, align_right, fmt_date, money_text, select_data

PAGE_SIZE = 200
COUNT_DELAY_MS = 350  # count once typing pauses; the rows themselves follow every keystroke
DEEP_ROWS = 4 * PAGE_SIZE  # scrolled past this, others' changes re-read the page on screen only

# (sort key, header)
COLUMNS: list[tuple[str, str]] = [
    ("case_number", "案号"),
    ("family", "类别"),
    ("procedure", "程序"),
    ("status", "状态"),
    ("applicant_names", "申请人/投诉人"),
    ("respondent_names", "被申请人/用人单位"),
    ("cause", "案由"),
    ("received_on", "收案日期"),
    ("amount_claimed", "请求金额（元）"),
    ("office", "受理机构"),
    ("handler", "承办人"),
]

_CLOSED_FG = QColor("#757575")
_STALE_FG = QColor("#9aa0a6")  # rows kept on screen while the database cannot be read
_PRIORITY_BG = QColor("#fff4e5")


class Flagged(Protocol):
    green_channel: bool
    collective: bool
    supervised: bool
    small_claims: bool


def flags_text(row: Flagged) -> str:
    marks = []
    if row.green_channel:
        marks.append("绿色通道")
    if row.collective:
        marks.append("集体")
    if row.supervised:
        marks.append("挂牌督办")
    if row.small_claims:
        marks.append("小额速裁")
    return "、".join(marks)


class CaseListModel(QAbstractTableModel):
    """Rows come a page at a time from ``fetch``; sorting and filtering reload from SQL. A fetch
    that cannot read the database returns None: the rows last read stay on screen, greyed
    (``stale``), until a read succeeds."""

    loaded = Signal(int)  # total rows matching
    counting = Signal()  # the total is being worked out

    def __init__(self, fetch: Callable[[CaseQuery], list[CaseRow] | None], count: Callable[[CaseQuery], int]):
        super().__init__()
        self._fetch = fetch
        self._count = count
        self._rows: list[CaseRow] = []
        self._total: int | None = 0
        self._more = False
        self._rows_complete = True
        self.stale = False  # the rows shown are the last read, not the query's answer
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._count_now)
        self.query = CaseQuery(limit=PAGE_SIZE)

    # -- loading
    def set_query(self, query: CaseQuery) -> None:
        """Show the first page at once; the total is counted once typing pauses."""
        query = replace(query, offset=0, limit=PAGE_SIZE)
        narrowing = self._narrows(query)
        self.query = query
        if not narrowing and (rows := self._fetch(self.query)) is None:
            self._keep_stale()
            return
        self.beginResetModel()
        if narrowing:
            # Every match of a longer text is among the (complete) matches of the shorter one.
            self._rows = [r for r in self._rows if r.matches(query.text)]
        else:
            self._rows_complete = True
            self.stale = False
            self._rows = rows
        self._more = len(self._rows) == PAGE_SIZE
        self._total = None if self._more else len(self._rows)
        self.endResetModel()
        self._count_or_say_loaded()

    def _count_or_say_loaded(self) -> None:
        """After new rows: count the rest off-screen later when more may follow, else say the total."""
        if self._total is None:
            self._count_timer.start()
            self.counting.emit()
        else:
            self._count_timer.stop()
            self.loaded.emit(self._total)

    def _narrows(self, query: CaseQuery) -> bool:
        """True when ``query`` only lengthens the search text of a query whose rows are all here."""
        old = self.query
        if not self._rows_complete or self._more or self._total is None:
            return False
        if replace(query, text=old.text) != old:
            return False
        return case_list.text_narrows(old.text, query.text)

    def _keep_stale(self) -> None:
        """The database could not be read: the rows shown stay, greyed, are no query's complete
        answer (no narrowing in them) and are not paged on; the total is not counted."""
        self._rows_complete = False
        self._more = False
        self._count_timer.stop()
        if not self.stale:
            self.stale = True
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1),
                                      [Qt.ItemDataRole.ForegroundRole])

    def _count_now(self) -> None:
        self._total = self._count(self.query)
        self.loaded.emit(self._total)

    def reload(self) -> None:
        self.set_query(self.query)

    def reload_from(self, first: int, last: int) -> None:
        """Others changed cases: the rows on screen (``first``..``last``) read again under the
        same query. Near the top (the usual case) the list is read afresh down to the page that
        holds ``last``; scrolled deep into a long list (a million cases), one page is read from
        ``first`` and the rows above it stay as they were until the next full refresh. Either
        way a bounded read, never every row the list has shown; the rows below are read again
        as they are scrolled to."""
        first = max(0, min(first, len(self._rows)))
        keep = first if last >= DEEP_ROWS and not self.stale else 0  # stale rows are all read again
        limit = PAGE_SIZE if keep else max(PAGE_SIZE, -(-(last + 1) // PAGE_SIZE) * PAGE_SIZE)
        page = self._fetch(replace(self.query, offset=keep, limit=limit))
        if page is None:
            self._keep_stale()
            return
        self._rows_complete = not keep  # rows kept above may be behind: no narrowing in them
        # the same cases in the same places (one was edited, a paper issued): the total stands, and
        # a list of a million is not counted again (the count is the slow part of a refresh)
        same = (self._total is not None and [r.id for r in page] == [r.id for r in self._rows[keep:keep + len(page)]]
                and (len(page) == limit or len(self._rows) == keep + len(page)))
        self.beginResetModel()
        self.stale = False
        self._rows = self._rows[:keep] + page
        self._more = len(page) == limit and (not same or self._total > len(self._rows))
        if not same:
            self._total = None if self._more or keep else len(self._rows)
        self.endResetModel()
        self._count_or_say_loaded()

    def row_of(self, case_id) -> int | None:  # noqa: ANN001
        return next((i for i, r in enumerate(self._rows) if r.id == case_id), None)

    @property
    def total(self) -> int | None:
        """Rows matching the query; None until counted."""
        return self._total

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        page = self._fetch(replace(self.query, offset=len(self._rows)))
        if page is None:
            self._keep_stale()
            return
        self._more = len(page) == PAGE_SIZE
        if not page:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def row_at(self, row: int) -> CaseRow:
        return self._rows[row]

    # -- Qt model
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "amount_claimed":
            return align_right()
        if role == Qt.ItemDataRole.ForegroundRole and self.stale:
            return QBrush(_STALE_FG)
        if role == Qt.ItemDataRole.ForegroundRole and row.status not in OPEN_STATUSES:
            return QBrush(_CLOSED_FG)
        if role == Qt.ItemDataRole.BackgroundRole and row.status in OPEN_STATUSES and (
            row.green_channel or row.collective or row.supervised
        ):
            return QBrush(_PRIORITY_BG)
        if role == Qt.ItemDataRole.ToolTipRole:
            flags = flags_text(row)
            return f"{row.case_number or '未编号'}\n{flags}" if flags else None
        return None

    @staticmethod
    def _display(row: CaseRow, key: str) -> str:
        match key:
            case "case_number":
                number = row.case_number or "（未编号）"
                return number + (" ★" if row.green_channel or row.supervised else "")
            case "family":
                return row.family.label
            case "procedure":
                return row.procedure.label
            case "status":
                return row.status.label
            case "cause":
                return row.cause.label
            case "received_on":
                return fmt_date(row.received_on)
            case "amount_claimed":
                return money_text(row.amount_claimed)
            case "office":
                return row.office_name
            case "handler":
                return row.handler_name
            case _:
                return getattr(row, key)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][0]
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self.query.sort and descending == self.query.descending and self._rows:
            return
        self.set_query(replace(self.query, sort=key, descending=descending))


class CaseListPage(QWidget):
    """Filter bar + table + count. Emits ``open_case`` with a case id."""

    open_case = Signal(object)

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.model = CaseListModel(fetch=self._fetch, count=self._count)
        self._family: str | None = None
        self._figure: tuple | None = None  # the KPI figure whose cases are listed (统计 → 案件)
        self._build()
        self.model.loaded.connect(self._show_count)
        self.model.counting.connect(lambda: self.count_label.setText("正在统计件数…"))

    # -- data; a database that cannot be read (locked, gone) keeps the last rows greyed and says why
    def _fetch(self, query: CaseQuery) -> list[CaseRow] | None:
        try:
            return self.ctx.call(cases.list_cases, query=query)
        except DatabaseError as e:
            self._problem(str(e))
            return None

    def _count(self, query: CaseQuery) -> int:
        try:
            return self.ctx.call(cases.count_cases, query=query)
        except DatabaseError as e:
            self._problem(str(e))
            return self.model.rowCount()

    def _problem(self, message: str) -> None:
        QTimer.singleShot(0, lambda: self.count_label.setText(f"⚠ {message}"))

    # -- layout
    def _build(self) -> None:
        from ..services import offices

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 4)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入案号或当事人姓名/单位名称搜索（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        self.procedure = QComboBox()
        self.status = QComboBox()
        self.status.addItem("全部状态", None)
        self.status.addItem("未结案件", "open")
        self.status.addItem("已结案件", "closed")
        for s in CaseStatus:
            self.status.addItem(s.label, s.value)
        self.office = QComboBox()
        self.office.addItem("全部机构", None)
        for o in self.ctx.call(offices.list_offices):
            self.office.addItem("　" * o.depth + o.name, o.id)
        self.office.setMinimumContentsLength(14)
        self.office.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.flags = {
            "mine": QCheckBox("我承办的案件"),  # handler, tribunal member or clerk
            "green_channel": QCheckBox("绿色通道"),
            "collective": QCheckBox("集体争议"),
            "supervised": QCheckBox("挂牌督办"),
            "small_claims": QCheckBox("小额速裁"),
        }
        self.flags["mine"].setToolTip("本人为承办人、仲裁庭成员（仲裁员名册关联本人账号）或书记员的案件")
        self.date_from = OptionalDate("收案自")
        self.date_to = OptionalDate("至")
        grid.addWidget(self.search, 0, 0, 1, 4)
        grid.addWidget(QLabel("程序"), 0, 4)
        grid.addWidget(self.procedure, 0, 5)
        grid.addWidget(QLabel("状态"), 0, 6)
        grid.addWidget(self.status, 0, 7)
        grid.addWidget(QLabel("机构"), 0, 8)
        grid.addWidget(self.office, 0, 9)
        flag_row = QHBoxLayout()
        for box in self.flags.values():
            flag_row.addWidget(box)
            box.toggled.connect(self.refresh)
        flag_row.addSpacing(16)
        flag_row.addWidget(self.date_from)
        flag_row.addWidget(self.date_to)
        flag_row.addStretch(1)
        self.reset_btn = QPushButton("清除筛选")
        self.reset_btn.clicked.connect(self.clear_filters)
        flag_row.addWidget(self.reset_btn)
        grid.addLayout(flag_row, 1, 0, 1, 10)
        grid.setColumnStretch(0, 3)
        lay.addLayout(grid)
        self.figure_bar = QWidget()
        bar = QHBoxLayout(self.figure_bar)
        bar.setContentsMargins(6, 2, 6, 2)
        self.figure_label = QLabel()
        self.figure_label.setStyleSheet("color: #1565c0; font-weight: bold;")
        bar.addWidget(self.figure_label, 1)
        back = QPushButton("显示全部案件")
        back.clicked.connect(self.clear_filters)
        bar.addWidget(back)
        self.figure_bar.setStyleSheet("background: #e3f2fd;")
        self.figure_bar.hide()
        lay.addWidget(self.figure_bar)
        for combo in (self.procedure, self.status, self.office):
            combo.currentIndexChanged.connect(self.refresh)
        for od in (self.date_from, self.date_to):
            od.check.toggled.connect(self.refresh)
            od.edit.dateChanged.connect(self.refresh)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((205, 66, 76, 86, 130, 215, 96, 86, 104, 180, 60)):
            self.table.setColumnWidth(col, width)
        header.setSortIndicator(COLUMNS.index(("received_on", "收案日期")), Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(self._open_index)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            sc = QShortcut(QKeySequence(key), self.table)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(self.open_current)
        lay.addWidget(self.table, 1)
        self.count_label = QLabel()
        lay.addWidget(self.count_label)
        self._fill_procedures()

    def _fill_procedures(self) -> None:
        self.procedure.blockSignals(True)
        self.procedure.clear()
        self.procedure.addItem("全部程序", None)
        families = [CaseFamily(self._family)] if self._family else list(CaseFamily)
        for fam in families:
            for p in PROCEDURES_BY_FAMILY[fam]:
                self.procedure.addItem(p.label, p.value)
        self.procedure.blockSignals(False)

    # -- behaviour
    def set_family(self, family: str | None) -> None:
        self._family = family
        self._figure = None
        self.figure_bar.hide()
        self.table.setColumnHidden(COLUMNS.index(("family", "类别")), family is not None)
        self._fill_procedures()
        self.refresh()

    def current_query(self) -> CaseQuery:
        q = self.model.query
        return CaseQuery(
            text=self.search.text(), family=self._family, procedure=self.procedure.currentData(),
            status=self.status.currentData(), office_id=self.office.currentData(),
            received_from=self.date_from.value(), received_to=self.date_to.value(), figure=self._figure,
            sort=q.sort, descending=q.descending,
            **{k: box.isChecked() for k, box in self.flags.items()},
        )

    def refresh(self) -> None:
        self.model.set_query(self.current_query())

    def refresh_in_place(self) -> None:
        """Others' changes (ui.live_refresh): the rows on screen read again under the same
        filters; the selected case stays selected and the case at the top stays at the top."""
        current = self.table.currentIndex()
        selected = self.model.row_at(current.row()).id if current.isValid() else None
        first = self.table.rowAt(0)
        last = self.table.rowAt(self.table.viewport().height() - 1)
        top = self.model.row_at(first).id if first >= 0 else None
        left = self.table.horizontalScrollBar().value()
        self.model.reload_from(max(first, 0), last if last >= 0 else self.model.rowCount() - 1)
        self.table.horizontalScrollBar().setValue(left)
        if top is not None and (row := self.model.row_of(top)) is not None:
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        if selected is not None and (row := self.model.row_of(selected)) is not None:
            self.table.setCurrentIndex(self.model.index(row, max(current.column(), 0)))  # kept in view

    def clear_filters(self) -> None:
        widgets = [self.search, self.procedure, self.status, self.office, *self.flags.values(),
                   self.date_from.check, self.date_to.check, self.date_from.edit, self.date_to.edit]
        for w in widgets:
            w.blockSignals(True)
        self.search.clear()
        for combo in (self.procedure, self.status, self.office):
            combo.setCurrentIndex(0)
        for box in self.flags.values():
            box.setChecked(False)
        self.date_from.check.setChecked(False)
        self.date_to.check.setChecked(False)
        for w in widgets:
            w.blockSignals(False)
        self._figure = None
        self.figure_bar.hide()
        self.refresh()

    def show_figure(self, figure: tuple, office_id, label: str) -> None:  # noqa: ANN001
        """List the cases behind a KPI figure of an office (the other filters cleared)."""
        self._figure = None
        self.clear_filters()
        self._family = None
        self.office.blockSignals(True)
        select_data(self.office, office_id)
        self.office.blockSignals(False)
        self._figure = figure
        self.figure_label.setText(f"统计明细：{label}")
        self.figure_bar.show()
        self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _show_count(self, total: int) -> None:
        self.count_label.setText(f"共 {total:,} 件" if total else "没有符合条件的案件")

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_case.emit(self.model.row_at(index.row()).id)

    def open_current(self) -> None:
        self._open_index(self.table.currentIndex())
