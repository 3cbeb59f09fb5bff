"""流动仲裁庭: the institute's mobile sittings. The list of sittings; the plan (place, day, the
tribunal and clerk who travel); the cases heard there in time order; cases added by a search
with a default timetable (09:00, then every N minutes, each time editable), all of them booked or
none; the list printed (流动仲裁庭开庭安排表) and the hearing notices issued in one batch (the
开庭日文书 batch, ui.hearing_day_dialog)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..domain import sittings as rules
from ..domain.permissions import Permission, allowed
from ..services import sittings
from ..services.errors import ServiceError, ValidationFailed
from ..services.sittings import CaseChoice, CaseEntry, SittingInput, SittingView
from .forms import (
    DiscardGuard,
    FieldErrors,
    date_edit,
    error_label,
    field_box,
    qdate_to_date,
    select_data,
)
from .hearing_day_dialog import NoticeBatch, print_to, save_to_folder
from .pdf_view import PdfDialog, ask_printer

TRIBUNAL_SEATS = ("首席仲裁员（独任时只选此项）", "仲裁员", "仲裁员")
NONE = "（不选）"
TIMETABLE = "timetable"  # the error line under the sitting's cases: 撤出's reason, a new time
# a case added whose tribunal the sitting forms (组成仲裁庭) and cannot: said under the cases chosen
ADDED_CASE = {"arbitrators": "cases", "clerk": "cases"}


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _item(text: str, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    item.setToolTip(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _field(grid: QGridLayout, row: int, col: int, text: str, widget: QWidget, errors: FieldErrors, key: str) -> None:
    """A labelled input with its error line underneath, in a grid of two columns of fields."""
    grid.addWidget(QLabel(text), row, col * 2, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
    grid.addWidget(field_box(widget, errors, key)[0], row, col * 2 + 1)


class SittingsDialog(DiscardGuard, QDialog):
    def __init__(self, ctx, parent: QWidget | None = None, today: date | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.planner = allowed(ctx.actor.role, Permission.PLAN_SITTINGS)
        self.view: SittingView | None = None
        self.found: list[CaseChoice] = []
        self.batch: NoticeBatch | None = None
        self.errors = FieldErrors()
        self.setWindowTitle("流动仲裁庭：安排、开庭安排表、批量签发开庭通知书")
        lay = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._list_panel())
        split.addWidget(self._detail_panel())
        split.setStretchFactor(1, 1)
        split.setSizes([360, 1000])
        lay.addWidget(split, 1)
        bottom = QHBoxLayout()
        self.status = QLabel()
        self.status.setStyleSheet("color: #1b5e20;")
        bottom.addWidget(self.status, 1)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)  # asks, as Esc does, before a typed plan is lost
        bottom.addWidget(close)
        lay.addLayout(bottom)
        self.resize(1340, 740)
        self._load_choices()
        self.load_list()
        if self.sittings.rowCount():
            self.sittings.selectRow(0)
        else:
            self.new_sitting()

    # ------------------------------------------------------------ layout

    def _list_panel(self) -> QWidget:
        box = QGroupBox("流动仲裁庭安排")
        lay = QVBoxLayout(box)
        self.sittings = _table(["开庭日期", "地点", "案件", "仲裁庭"])
        self.sittings.itemSelectionChanged.connect(self._selected)
        lay.addWidget(self.sittings, 1)
        row = QHBoxLayout()
        self.show_past = QCheckBox("含已过日期的")
        self.show_past.toggled.connect(lambda *_: self.load_list())
        row.addWidget(self.show_past)
        row.addStretch(1)
        self.new_btn = QPushButton("新建安排…")
        self.new_btn.clicked.connect(self.new_sitting)
        self.new_btn.setVisible(self.planner)
        row.addWidget(self.new_btn)
        lay.addLayout(row)
        return box

    def _detail_panel(self) -> QWidget:
        panel = QWidget()
        lay = QVBoxLayout(panel)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self._plan_box())
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self._timetable_box())
        split.addWidget(self._add_box())
        split.setSizes([300, 300])
        lay.addWidget(split, 1)
        return panel

    def _plan_box(self) -> QGroupBox:
        self.plan = QGroupBox("安排")
        grid = QGridLayout(self.plan)
        grid.setVerticalSpacing(2)
        self.place = QComboBox()
        self.sits_on = date_edit(date.today() + timedelta(days=14))
        self.arbitrators = [QComboBox() for _ in TRIBUNAL_SEATS]
        tribunal = QWidget()
        row = QHBoxLayout(tribunal)
        row.setContentsMargins(0, 0, 0, 0)
        for combo, text in zip(self.arbitrators, TRIBUNAL_SEATS, strict=True):
            combo.setToolTip(text)
            combo.setPlaceholderText(text)
            row.addWidget(combo, 1)
        self.clerk = QComboBox()
        self.note = QLineEdit()
        self.note.setPlaceholderText("如：借用镇政府二楼会议室；由镇调解中心通知当事人")
        _field(grid, 0, 0, "流动仲裁庭点", self.place, self.errors, "place")
        _field(grid, 0, 1, "开庭日期", self.sits_on, self.errors, "sits_on")
        grid.addWidget(QLabel("出庭仲裁员"), 1, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        grid.addWidget(field_box(tribunal, self.errors, "arbitrators")[0], 1, 1, 1, 3)
        _field(grid, 2, 0, "书记员", self.clerk, self.errors, "clerk")
        _field(grid, 2, 1, "备注", self.note, self.errors, "note")
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        buttons = QHBoxLayout()
        self.general = error_label()
        buttons.addWidget(self.general, 1)
        self.save_btn = QPushButton("保存安排")
        self.save_btn.clicked.connect(self.save)
        self.save_btn.setVisible(self.planner)
        buttons.addWidget(self.save_btn)
        self.clash_label = QLabel()
        self.clash_label.setWordWrap(True)
        self.clash_label.setStyleSheet("color: #e65100;")
        self.clash_label.hide()
        grid.addWidget(self.clash_label, 3, 0, 1, 4)
        self.sits_on.dateChanged.connect(self._date_changed)
        grid.addLayout(buttons, 4, 0, 1, 4)
        for w in (self.place, self.sits_on, *self.arbitrators, self.clerk, self.note):
            w.setEnabled(self.planner)
        return self.plan

    def _timetable_box(self) -> QGroupBox:
        self.timetable_box = QGroupBox("审理案件（按开庭时间）")
        lay = QVBoxLayout(self.timetable_box)
        self.timetable = _table(["开庭时间", "案号", "当事人", "案由", "状态", "开庭通知书", "提示"])
        for col, w in enumerate((95, 190, 220, 90, 60, 80)):
            self.timetable.setColumnWidth(col, w)
        self.timetable.setWordWrap(True)  # a 提示 longer than its column wraps (rows as tall as they need)
        lay.addWidget(self.timetable, 1)
        self.timetable_error = error_label()
        lay.addWidget(self.timetable_error)
        self.errors.register(TIMETABLE, self.timetable, self.timetable_error)
        row = QHBoxLayout()
        self.summary = QLabel()
        row.addWidget(self.summary, 1)
        self.time_btn = QPushButton("改开庭时间…")
        self.time_btn.setToolTip("将所选案件改到当日另一时间开庭（登记延期开庭并重新确定开庭，须重新送达开庭通知书）")
        self.time_btn.clicked.connect(self.change_time)
        self.time_btn.setVisible(self.planner)
        row.addWidget(self.time_btn)
        self.remove_btn = QPushButton("撤出本庭…")
        self.remove_btn.setToolTip("开庭前将所选案件撤出本次流动仲裁庭（登记延期开庭，须重新确定开庭）")
        self.remove_btn.clicked.connect(self.remove_case)
        self.remove_btn.setVisible(self.planner)
        row.addWidget(self.remove_btn)
        self.print_btn = QPushButton("打印安排表")
        self.print_btn.clicked.connect(self.print_list)
        row.addWidget(self.print_btn)
        self.notices_btn = QPushButton("批量签发开庭通知书")
        menu = QMenu(self.notices_btn)
        menu.addAction("签发并打印…", self.notices_to_printer)
        menu.addAction("签发并保存到文件夹…", self.notices_to_folder)
        self.notices_btn.setMenu(menu)
        row.addWidget(self.notices_btn)
        lay.addLayout(row)
        return self.timetable_box

    def _add_box(self) -> QGroupBox:
        self.add_box = QGroupBox("加入案件（按案号或当事人姓名搜索本院及下属乡镇（街道）可确定开庭的仲裁案件）")
        lay = QVBoxLayout(self.add_box)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("案号中的数字，或申请人、被申请人名称")
        self.search.returnPressed.connect(self.find)
        row.addWidget(self.search, 1)
        self.find_btn = QPushButton("搜索")
        self.find_btn.clicked.connect(self.find)
        row.addWidget(self.find_btn)
        row.addWidget(QLabel("第一案开庭"))
        self.first = QTimeEdit(QTime(9, 0))
        self.first.setDisplayFormat("HH:mm")
        row.addWidget(self.first)
        row.addWidget(QLabel("每案（分钟）"))
        self.step = QSpinBox()
        self.step.setRange(rules.MIN_MINUTES, rules.MAX_MINUTES)
        self.step.setSingleStep(15)
        self.step.setValue(rules.DEFAULT_MINUTES)
        row.addWidget(self.step)
        self.first.timeChanged.connect(lambda *_: self._fill_times())
        self.step.valueChanged.connect(lambda *_: self._fill_times())
        lay.addLayout(row)
        self.results = _table(["加入", "开庭时间", "案号", "当事人", "案由", "状态", "已有安排"])
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                     | QAbstractItemView.EditTrigger.EditKeyPressed
                                     | QAbstractItemView.EditTrigger.SelectedClicked)
        for col, w in enumerate((44, 80, 200, 250, 110, 120)):
            self.results.setColumnWidth(col, w)
        self.results.itemChanged.connect(self._result_changed)
        lay.addWidget(self.results, 1)
        self.add_error = error_label()
        lay.addWidget(self.add_error)
        self.errors.register("cases", self.results, self.add_error)
        row = QHBoxLayout()
        hint = QLabel("勾选的案件按“第一案开庭、每案分钟”排定时间，双击时间可修改；加入即为各案登记“确定开庭”"
                      "（尚未组成仲裁庭的，先由本次出庭仲裁员和书记员组成仲裁庭），全部成功或全部不加入。")
        hint.setStyleSheet("color: #616161;")
        hint.setWordWrap(True)
        row.addWidget(hint, 1)
        self.add_btn = QPushButton("加入安排（确定开庭）")
        self.add_btn.clicked.connect(self.add_cases)
        row.addWidget(self.add_btn)
        lay.addLayout(row)
        self.add_box.setVisible(self.planner)
        return self.add_box

    # ------------------------------------------------------------ loading

    def _call(self, fn, **kwargs):  # noqa: ANN001, ANN202
        """A service call whose refusal is said in a box; None when refused."""
        try:
            return self.ctx.call(fn, **kwargs)
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "流动仲裁庭", str(e))
            return None

    def _load_choices(self) -> None:
        for combo, fn in ((self.place, sittings.places), (self.clerk, sittings.clerks)):
            combo.clear()
            combo.addItem("", None)
            for c in self._call(fn) or []:
                combo.addItem(c.label, c.id)
        for combo in self.arbitrators:
            combo.clear()
            combo.addItem(NONE, None)
            for c in self._call(sittings.arbitrators) or []:
                combo.addItem(c.label, c.id)

    def load_list(self, select: uuid.UUID | None = None) -> None:
        since = None if self.show_past.isChecked() else (self.today or date.today())
        rows = self._call(sittings.list_sittings, since=since) or []
        self.sittings.blockSignals(True)
        self.sittings.setRowCount(len(rows))
        for r, s in enumerate(rows):
            for c, text in enumerate((s.sits_on.isoformat(), s.place_name, str(s.cases), s.tribunal)):
                self.sittings.setItem(r, c, _item(text, s.id))
        for col in range(3):  # the tribunal takes what is left (its names whole on hover)
            self.sittings.resizeColumnToContents(col)
        self.sittings.blockSignals(False)
        if select is not None:
            for r in range(self.sittings.rowCount()):
                if self.sittings.item(r, 0).data(Qt.ItemDataRole.UserRole) == select:
                    self.sittings.selectRow(r)

    def _selected(self) -> None:
        rows = self.sittings.selectionModel().selectedRows()
        if not rows:
            return
        sitting_id = self.sittings.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        view = self._call(sittings.get_sitting, sitting_id=sitting_id)
        if view is not None:
            self.show_sitting(view)

    def _choose(self, combo: QComboBox, value: uuid.UUID | None, label: str) -> None:
        """Select ``value``, adding it when the list (the user's own office's) does not hold it."""
        if value is not None and not select_data(combo, value):
            combo.addItem(label, value)
            select_data(combo, value)
        elif value is None:
            combo.setCurrentIndex(0)

    def show_sitting(self, view: SittingView | None) -> None:
        self.view = view
        self.errors.show({})
        self.general.hide()
        if view is None:
            self.plan.setTitle("新建流动仲裁庭安排")
            self.place.setCurrentIndex(0)
            self.sits_on.setDate(QDate(date.today() + timedelta(days=14)))
            for combo in self.arbitrators:
                combo.setCurrentIndex(0)
            self.clerk.setCurrentIndex(0)
            self.note.clear()
            self.save_btn.setText("新建安排")
        else:
            self.plan.setTitle(f"安排：{view.office_name}　{view.place_name}　{view.sits_on.isoformat()}")
            self._choose(self.place, view.place_id, view.place_name)
            self.sits_on.setDate(QDate(view.sits_on))
            for i, combo in enumerate(self.arbitrators):
                a = view.arbitrators[i] if i < len(view.arbitrators) else None
                self._choose(combo, a.id if a else None, a.label if a else "")
            self._choose(self.clerk, view.clerk.id if view.clerk else None, view.clerk.label if view.clerk else "")
            self.note.setText(view.note)
            self.save_btn.setText("保存修改")
        self._show_notes()
        self._show_cases()
        self.results.setRowCount(0)
        self.found = []
        self.mark_clean()  # Esc asks only about what was typed into the 安排 since it was shown

    def _show_notes(self) -> None:
        """Warned above the buttons: the form's day when it is a rest day (or of a year whose
        holidays are not known), and the saved sitting's people and point booked elsewhere that day."""
        day = qdate_to_date(self.sits_on.date())
        notes = [w] if (w := self._call(sittings.day_warning, day=day)) else []
        if self.view is not None and self.view.sits_on == day and self.view.clashes:
            notes.append("当日另有安排，请核对：" + "；".join(self.view.clashes))
        self.clash_label.setText("注意：" + "\n".join(notes) if notes else "")
        self.clash_label.setVisible(bool(notes))

    def _date_changed(self, _day: QDate) -> None:
        self._show_notes()

    def guarded_root(self) -> QWidget:
        return self.plan

    def _show_cases(self) -> None:
        view = self.view
        cases = view.cases if view else ()
        self.timetable.setRowCount(len(cases))
        for r, c in enumerate(cases):
            for col, text in enumerate((f"{c.time}–{c.ends}", c.case_number, c.parties, c.cause, c.status.label,
                                        "已签发" if c.notice_issued else "未签发", c.tribunal_note)):
                self.timetable.setItem(r, col, _item(text, c.case_id))
                if col == 6 and text:
                    self.timetable.item(r, col).setForeground(Qt.GlobalColor.darkRed)
        self.timetable.resizeRowsToContents()
        has_view = view is not None
        for w in (self.timetable_box, self.add_box):
            w.setEnabled(has_view)
        to_hear = [c for c in cases if c.status.value == "scheduled"]
        self.print_btn.setEnabled(bool(cases))
        self.notices_btn.setEnabled(bool(to_hear))
        self.remove_btn.setEnabled(bool(to_hear))
        self.time_btn.setEnabled(bool(to_hear))
        if not has_view:
            self.summary.setText("保存安排后即可加入案件")
        else:
            issued = sum(1 for c in to_hear if c.notice_issued)
            self.summary.setText(f"共 {len(cases)} 件；{view.tribunal}；书记员 {view.clerk.label if view.clerk else '—'}；"
                                 f"开庭通知书已签发 {issued}/{len(to_hear)}")

    # ------------------------------------------------------------ planning

    def new_sitting(self) -> None:
        self.sittings.clearSelection()
        self.show_sitting(None)

    def _input(self) -> SittingInput:
        ids = [c.currentData() for c in self.arbitrators if c.currentData() is not None]
        return SittingInput(place_id=self.place.currentData(), sits_on=qdate_to_date(self.sits_on.date()),
                            arbitrator_ids=tuple(ids), clerk_id=self.clerk.currentData(), note=self.note.text())

    def _show_errors(self, errors: dict[str, str]) -> None:
        rest = self.errors.show(errors)
        self.general.setText("\n".join(dict.fromkeys(rest)))
        self.general.setVisible(bool(rest))
        if (widget := self.errors.first_invalid(errors)) is not None:
            widget.setFocus()

    def _write(self, fn, remap: dict[str, str] | None = None, **kwargs) -> SittingView | None:  # noqa: ANN001
        """A change of the sitting: its refusals at their fields (``remap``: a service's field shown
        at another of this screen's), the sitting shown again after it."""
        self._show_errors({})
        try:
            view = self.ctx.call(fn, **kwargs)
        except ValidationFailed as e:
            self._show_errors({(remap or {}).get(k, k): m for k, m in e.errors.items()})
            return None
        except (ServiceError, DatabaseError) as e:
            self._show_errors({"": str(e)})
            return None
        self.load_list(select=view.id)
        self.show_sitting(view)
        return view

    def save(self) -> None:
        if self.view is None:
            view = self._write(sittings.plan_sitting, data=self._input(), **self._today())
            if view is not None:
                self.status.setText(f"已新建 {view.sits_on.isoformat()} {view.place_name} 流动仲裁庭安排，请加入案件")
        else:
            view = self._write(sittings.change_sitting, sitting_id=self.view.id, expected_version=self.view.version,
                               data=self._input(), **self._today())
            if view is not None:
                self.status.setText("已保存修改")

    def _today(self) -> dict:
        return {"today": self.today} if self.today else {}

    def find(self) -> None:
        if self.view is None:
            return
        self.found = self._call(sittings.candidates, sitting_id=self.view.id, text=self.search.text()) or []
        self.results.blockSignals(True)
        self.results.setRowCount(len(self.found))
        for r, c in enumerate(self.found):
            check = QTableWidgetItem()
            check.setCheckState(Qt.CheckState.Unchecked)
            if c.booked:  # booked elsewhere: postponed (or taken out of its sitting) first
                check.setFlags(Qt.ItemFlag.ItemIsUserCheckable)
                check.setToolTip(f"{c.booked}，须先延期开庭")
            else:
                check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setData(Qt.ItemDataRole.UserRole, c.case_id)
            self.results.setItem(r, 0, check)
            self.results.setItem(r, 1, QTableWidgetItem(""))
            status = f"{c.status}·未组庭" if c.forms_tribunal else c.status
            for col, text in enumerate((c.case_number, c.parties, c.cause, status, c.booked), start=2):
                self.results.setItem(r, col, _item(text))
            if c.forms_tribunal:
                self.results.item(r, 5).setToolTip("尚未组成仲裁庭：加入时由本次出庭仲裁员和书记员组成仲裁庭（组成仲裁庭）")
        self.results.blockSignals(False)
        if not self.found:
            self.errors.show({"cases": "没有找到可加入的案件（须为本院及下属乡镇（街道）已受理、尚未开庭的仲裁案件）"},
                             only={"cases"})

    def _checked_rows(self) -> list[int]:
        return [r for r in range(self.results.rowCount())
                if self.results.item(r, 0).checkState() == Qt.CheckState.Checked]

    def _result_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self._fill_times()

    def _fill_times(self) -> None:
        """The checked cases' times by the default timetable, after the cases already booked."""
        first = self.first.time().hour() * 60 + self.first.time().minute()
        step = self.step.value()
        booked = [c.starts + c.minutes for c in (self.view.cases if self.view else ()) if c.status.value == "scheduled"]
        start = max([first, *booked])
        checked = self._checked_rows()
        times = dict(zip(checked, rules.default_timetable(len(checked), start, step), strict=True))
        self.results.blockSignals(True)
        for r in range(self.results.rowCount()):
            self.results.item(r, 1).setText(rules.time_text(times[r]) if r in times else "")
        self.results.blockSignals(False)

    def add_cases(self) -> None:
        if self.view is None:
            return
        rows = self._checked_rows()
        entries = [CaseEntry(self.results.item(r, 0).data(Qt.ItemDataRole.UserRole),
                             self.results.item(r, 1).text().strip(), self.step.value()) for r in rows]
        view = self._write(sittings.add_cases, remap=ADDED_CASE, sitting_id=self.view.id,
                           expected_version=self.view.version, entries=entries, **self._today())
        if view is not None:
            self.find()  # what is left to add
            self.status.setText(f"已加入 {len(entries)} 件并登记确定开庭")

    def _chosen_case(self, what: str):  # noqa: ANN202
        """The case chosen in the timetable: (its case, its number), or None (said under the list)."""
        rows = self.timetable.selectionModel().selectedRows()
        if self.view is None or not rows:
            self._show_errors({TIMETABLE: f"请先在上表中选择要{what}的案件"})
            return None
        return self.view.cases[rows[0].row()], self.timetable.item(rows[0].row(), 1).text()

    def remove_case(self) -> None:
        if (chosen := self._chosen_case("撤出")) is None:
            return
        case, number = chosen
        reason, ok = QInputDialog.getText(self, "撤出本庭", f"{number} 撤出本次流动仲裁庭的理由（登记为延期开庭）：")
        if not ok:
            return
        if self._write(sittings.remove_case, {"reason": TIMETABLE}, sitting_id=self.view.id,
                       expected_version=self.view.version, case_id=case.case_id, reason=reason,
                       **self._today()) is not None:
            self.status.setText(f"{number} 已撤出本次流动仲裁庭（已登记延期开庭）")

    def change_time(self) -> None:
        if (chosen := self._chosen_case("改时间")) is None:
            return
        case, number = chosen
        starts, ok = QInputDialog.getText(self, "改开庭时间", f"{number} 的开庭时间（时:分，时长 {case.minutes} 分钟不变）：",
                                          text=case.time)
        if not ok:
            return
        if self._write(sittings.change_time, {"starts": TIMETABLE}, sitting_id=self.view.id,
                       expected_version=self.view.version, case_id=case.case_id, starts=starts,
                       minutes=case.minutes, **self._today()) is not None:
            self.status.setText(f"{number} 改为 {starts.strip()} 开庭（已登记延期开庭并重新确定开庭，请重新签发开庭通知书）")

    # ------------------------------------------------------------ papers

    def print_list(self) -> None:
        if self.view is None:
            return
        pdf = self._call(sittings.list_pdf, sitting_id=self.view.id)
        if pdf is not None:
            PdfDialog([(f"流动仲裁庭开庭安排表（{self.view.place_name} {self.view.sits_on.isoformat()}）", pdf)],
                      "流动仲裁庭开庭安排表", self).exec()

    def notices_to_printer(self) -> None:
        printer = ask_printer(self)
        if printer is not None:
            self.issue_notices(lambda _hearings: print_to(printer), "打印")

    def notices_to_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "保存到文件夹")
        if folder:
            self.issue_notices(lambda hearings: save_to_folder(Path(folder), hearings), "保存")

    def issue_notices(self, sink_for: Callable, verb: str) -> None:
        """The 开庭日文书 batch over this sitting's cases still to be heard: each notice issued where
        not yet issued, then printed or saved; a cancelled batch keeps what it issued."""
        if self.view is None:
            return
        hearings = self._call(sittings.notice_hearings, sitting_id=self.view.id) or []
        if not hearings:
            return
        total = len(hearings)
        progress = QProgressDialog(f"正在签发并{verb}开庭通知书…", "取消", 0, total, self)
        progress.setWindowTitle("开庭通知书")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        self.batch = batch = NoticeBatch(self.ctx, hearings, sink_for(hearings), self)
        failed: list[str] = []
        batch.advanced.connect(lambda done, number: (progress.setValue(done),
                                                     progress.setLabelText(f"已完成 {done}/{total}：{number}")))
        batch.failed.connect(failed.append)
        progress.canceled.connect(batch.cancel)
        batch.finished.connect(progress.close)
        batch.finished.connect(lambda: self._notices_done(verb, total, failed))
        batch.start()

    def _notices_done(self, verb: str, total: int, failed: list[str]) -> None:
        done = self.batch.done if self.batch else 0
        if self.view is not None:
            view = self._call(sittings.get_sitting, sitting_id=self.view.id)
            if view is not None:
                self.show_sitting(view)
        if failed:
            QMessageBox.warning(self, f"未能{verb}", failed[0])
            self.status.setText(f"签发并{verb}了 {done}/{total} 份，其余未完成（已签发的通知书保留）")
        elif done < total:
            self.status.setText(f"已取消：{verb}了 {done}/{total} 份（已签发的通知书保留）")
        else:
            self.status.setText(f"已签发并{verb} {total} 份开庭通知书")
