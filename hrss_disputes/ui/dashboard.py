"""统计: the three rates of an office for a month and the year to date against target, coloured by
status, with how many more cases would lift a rate over the line, a 12-month trend, the counts
behind them, and every figure a link to the cases it counts. The monthly report is exported
from here as PDF or Excel, built off the window's thread.

上报: a supervisor submits an ended month (services.report_submissions); a submitted month is
shown as submitted, with the line saying when and by whom, and a panel of what later work has
changed in it (the figure, 上报时 → 现在, the cases and why). The 上报 button is not there for
roles that cannot submit."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt, QThread, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.kpi import COUNTS_NOTE, TARGET_NOTE, Period, Rate
from ..domain.permissions import Permission, allowed
from ..services import kpi, offices, report, report_submissions
from ..services.errors import ServiceError
from ..services.report import Report
from ..services.report_submissions import Difference, Submitted

COLOURS = {True: "#2e7d32", False: "#c62828", None: "#616161"}  # met, missed, no rate / no target
LINE_COLOURS = ("#1565c0", "#2e7d32", "#c62828")


def _link(text: str, on_click: Callable[[], None], tip: str) -> QPushButton:
    b = QPushButton(text)
    b.setFlat(True)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    b.setStyleSheet("QPushButton { color: #1565c0; text-decoration: underline; border: none; padding: 0; }")
    b.setToolTip(tip)
    b.clicked.connect(on_click)
    return b


class ReportBuild(QThread):
    """Works out the report and lays it out (PDF or XLSX) away from the window."""

    built = Signal(bytes)
    failed = Signal(str)

    def __init__(self, ctx, office_id: uuid.UUID, period: Period, fmt: str, parent: QWidget | None = None,  # noqa: ANN001
                 current: bool = False):
        super().__init__(parent)
        self.ctx, self.office_id, self.period, self.fmt = ctx, office_id, period, fmt
        self.current = current  # a submitted period counted again now (当前数据（未上报）)

    def run(self) -> None:
        try:  # a submitted period prints as submitted (已上报), unless the current figures are asked for
            made = self.ctx.call(report_submissions.printable, office_id=self.office_id, period=self.period,
                                 current=self.current)
            if self.fmt == "pdf":
                from ..documents.kpi_report import render_report

                self.built.emit(render_report(made, report.LISTED_MAX))
            else:
                from ..documents.kpi_workbook import render_workbook

                self.built.emit(render_workbook(made))
        except ServiceError as e:
            self.failed.emit(str(e))


class DashboardPage(QWidget):
    """``drill`` asks the main window for the cases behind a figure: (figure, office id, label)."""

    drill = Signal(object, object, str)

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.report: Report | None = None
        self.frozen: Submitted | None = None  # the period's submitted report, if it was submitted
        self.build: ReportBuild | None = None
        self._stale = False  # cases changed while the page was hidden: work out again when shown
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.office = QComboBox()
        for o in ctx.call(offices.list_offices):
            self.office.addItem("\u3000" * o.depth + o.name, o.id)
        self.office.setMinimumWidth(260)
        today = date.today()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.year.setSuffix(" 年")
        self.year.setMaximum(today.year)  # a month not yet begun has no figures (the report refuses it)
        self.month = QSpinBox()
        self.month.setRange(1, today.month)
        self.month.setValue(today.month)
        self.month.setSuffix(" 月")
        self.year.valueChanged.connect(
            lambda y: self.month.setMaximum(today.month if y >= today.year else 12))
        for w in (self.office, self.year, self.month):
            (w.currentIndexChanged if isinstance(w, QComboBox) else w.valueChanged).connect(lambda *_: self.reload())
        top.addWidget(QLabel("机构（含下级）："))
        top.addWidget(self.office)
        top.addWidget(QLabel("统计月份："))
        top.addWidget(self.year)
        top.addWidget(self.month)
        self.profile = QLabel()
        self.profile.setStyleSheet("color: #616161;")
        self.profile.setWordWrap(True)  # the page fits a 1366-pixel laptop screen
        top.addWidget(self.profile, 1)
        self.pdf_btn = QPushButton("导出月报 PDF…")
        self.pdf_btn.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_btn = QPushButton("导出 Excel…")
        self.xlsx_btn.clicked.connect(lambda: self.export("xlsx"))
        self.current_box = QCheckBox("导出当前数据")
        self.current_box.setToolTip("已上报的月份默认导出上报时的数字；勾选后按当前数据重新统计导出，并标明“当前数据（未上报）”")
        self.submit_btn = QPushButton("上报…")
        self.submit_btn.setToolTip("固定本月报表上报：上报后不能撤回或修改，以后的变化只作为差异列出")
        self.submit_btn.clicked.connect(self.submit)
        self.may_submit = allowed(ctx.actor.role, Permission.SUBMIT_REPORT)
        top.addWidget(self.pdf_btn)
        top.addWidget(self.xlsx_btn)
        lay.addLayout(top)
        state = QHBoxLayout()  # 上报: the line saying when and by whom, the export choice, the button
        self.submission = QLabel()  # 已于 … 由 … 上报（审计链 #…）, or a warning that it does not hold
        self.submission.setWordWrap(True)
        state.addWidget(self.submission, 1)
        state.addStretch()
        state.addWidget(self.current_box)
        state.addWidget(self.submit_btn)
        lay.addLayout(state)
        self.diff_box = QWidget()  # a tab beside the trend chart, there when later work changed the month
        diff_lay = QVBoxLayout(self.diff_box)
        diff_lay.setContentsMargins(4, 4, 4, 4)
        note = QLabel("上报的数字不变；下表为上报后的办理使本月数字发生的变化，及进出各数字的案件和原因。")
        note.setStyleSheet("color: #616161;")
        diff_lay.addWidget(note)
        self.diffs = QTableWidget(0, 4)
        self.diffs.setHorizontalHeaderLabels(["项目", "上报时", "现在", "进出的案件及原因"])
        self.diffs.verticalHeader().hide()
        self.diffs.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.diffs.setWordWrap(True)
        self.diffs.horizontalHeader().setStretchLastSection(True)
        for col, w in enumerate((170, 60, 60)):
            self.diffs.setColumnWidth(col, w)
        diff_lay.addWidget(self.diffs)

        cards = QHBoxLayout()
        self.cards: list[QGroupBox] = []
        for _ in range(3):
            box = QGroupBox()
            QVBoxLayout(box)
            self.cards.append(box)
            cards.addWidget(box, 1)
        lay.addLayout(cards)

        bottom = QHBoxLayout()
        self.chart = QChartView()
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        # tall enough to read; no taller, so that a supervisor's window with the 待审批 dock open
        # fits 1366×768 (220 made it 781 px tall)
        self.chart.setMinimumHeight(140)
        self.left_tabs = QTabWidget()
        self.left_tabs.addTab(self.diff_box, "上报后的变化")
        self.left_tabs.addTab(self.chart, "近十二个月走势")
        bottom.addWidget(self.left_tabs, 3)
        self.counts = QTableWidget(0, 7)
        self.counts.setHorizontalHeaderLabels(["类别", "上期未结", "本期受理", "本期结案", "期末未结", "不予受理等",
                                               "逾期"])
        self.counts.verticalHeader().hide()
        self.counts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.counts.setToolTip("双击数字查看其中的案件。" + COUNTS_NOTE)
        self.counts.cellDoubleClicked.connect(self._drill_count)
        for col, w in enumerate((90, 64, 64, 64, 64, 76, 50)):
            self.counts.setColumnWidth(col, w)
        self.people = QTableWidget(0, 4)
        self.people.setHorizontalHeaderLabels(["承办人", "调解成功率", "仲裁结案率", "投诉结案率"])
        self.people.verticalHeader().hide()
        self.people.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.people.setColumnWidth(0, 120)
        side = QTabWidget()
        side.addTab(self.counts, "案件情况")
        side.addTab(self.people, "按承办人（本月）")
        bottom.addWidget(side, 2)
        lay.addLayout(bottom, 1)
        self.reload()

    def period(self) -> Period:
        return Period.month(self.year.value(), self.month.value())

    def invalidate(self) -> None:
        """Cases changed (a write, F5): work the figures out again now if the page is on
        screen, else when it is next shown, so they always agree with the report."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        if self._stale:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        office_id = self.office.currentData()
        if office_id is None:
            return
        self._stale = False
        diffs: list[Difference] = []
        try:
            frozen = self.ctx.call(report_submissions.submitted, office_id=office_id, period=self.period())
            if frozen is not None and frozen.readable:  # as submitted; what changed since, beside it
                made = frozen.report()
                diffs = self.ctx.call(report_submissions.differences, office_id=office_id, period=self.period(),
                                      frozen=frozen)
            else:  # never submitted, or its report cannot be shown as submitted (the warning says so)
                made = self.ctx.call(report.monthly_report, office_id=office_id, period=self.period())
            may_submit = self.may_submit and self.ctx.call(report_submissions.submit_refusal,
                                                           office_id=office_id) is None
            months = made.trend or self.ctx.call(kpi.trend, office_id=office_id, period=self.period())
        except ServiceError as e:
            QMessageBox.warning(self, "无法统计", str(e))
            return
        self.report, self.frozen = made, frozen
        self._fill_submission(frozen, diffs, made, may_submit)
        self.profile.setText(f"考核目标：{made.profile}（年度目标，按1月起累计考核，高于目标为达标；本月比率不考核）"
                             + (f"\n{made.period_note}" if made.period_note else ""))
        self.profile.setToolTip(TARGET_NOTE)
        for box, m, y in zip(self.cards, made.month, made.year_to_date, strict=True):
            self._fill_card(box, m, y, office_id)
        self._fill_chart(months)
        self._fill_counts(made)
        self._fill_people(self.ctx.call(kpi.person_rates, office_id=office_id, period=self.period()))
        for box in self.cards:  # the cards were refilled: their new height, before the tabs below take it
            box.updateGeometry()
        self.layout().activate()

    def _fill_submission(self, frozen: Submitted | None, diffs: list[Difference], made: Report,
                         may_submit: bool) -> None:
        """The 上报 line and button (for who may submit this office's report), and the differences panel."""
        self.submit_btn.setVisible(may_submit and frozen is None and made.ended)
        self.current_box.setVisible(frozen is not None)
        if frozen is None:
            self.current_box.setChecked(False)
        self.submission.setVisible(frozen is not None)
        self.left_tabs.setTabVisible(0, bool(diffs))
        self.left_tabs.setTabText(0, f"上报后的变化（{len(diffs)}）")
        self.left_tabs.setCurrentIndex(0 if diffs else 1)
        if frozen is None:
            return
        if frozen.fault:
            shown = frozen.line if frozen.readable else f"{frozen.line}。以下为当前数据（未上报）"
            self.submission.setText(f"⚠ {frozen.fault}。{shown}")
            self.submission.setStyleSheet("color: #c62828; font-weight: bold;")
        else:
            changed = f"；上报后有 {len(diffs)} 项数字发生变化，见“上报后的变化”" if diffs else "；上报后本月数字没有变化"
            self.submission.setText(f"{frozen.line}。以下为上报时的数字{changed}")
            self.submission.setStyleSheet("color: #1565c0; font-weight: bold;")
        self.diffs.setRowCount(len(diffs))
        for r, d in enumerate(diffs):
            moved = [f"离开：{c.name}　{c.why}" for c in d.left] + [f"进入：{c.name}　{c.why}" for c in d.entered]
            for c, text in enumerate((d.label, _shown(d.before), _shown(d.now), "\n".join(moved) or "—")):
                item = QTableWidgetItem(text)
                if c in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(text)  # a long item or amount reads whole on hover
                self.diffs.setItem(r, c, item)
        for c in (1, 2):  # an amount (请求金额 26,645,000.00) is read whole, never cut
            self.diffs.setColumnWidth(c, max(60, self.diffs.sizeHintForColumn(c) + 8))
        self.diffs.resizeRowsToContents()

    def submit(self) -> None:
        """上报, after a confirmation that says it cannot be undone."""
        office_id, period = self.office.currentData(), self.period()
        office = self.office.currentText().strip("\u3000")
        ask = QMessageBox(QMessageBox.Icon.Warning, "上报月报",
                          f"上报{office}{period.label}的月报？\n\n上报后本月报表即固定，不能撤回，也不能修改或重新上报；"
                          "以后的办理引起的变化只在“上报后的变化”中列出。", parent=self)
        yes = ask.addButton("确认上报", QMessageBox.ButtonRole.AcceptRole)
        ask.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        ask.exec()
        if ask.clickedButton() is not yes:
            return
        try:
            self.ctx.call(report_submissions.submit, office_id=office_id, period=period)
        except ServiceError as e:
            QMessageBox.warning(self, "未能上报", str(e))
        self.reload()

    def _fill_card(self, box: QGroupBox, month: Rate, ytd: Rate, office_id: uuid.UUID) -> None:
        """The year to date, judged against the annual target, large; the month beside it, not judged
        (a month's closure rate holds the cases still open and would always miss a year's target)."""
        lay = box.layout()
        _clear(lay)
        box.setTitle(month.label)
        judged = ytd if ytd.judged or not month.judged else month  # a January month is the year to date
        big = QLabel(judged.text)
        big.setStyleSheet(f"font-size: 26pt; font-weight: bold; color: {COLOURS[judged.met]};")
        target = f"年度目标 >{judged.target}%" if judged.target is not None else "无目标"
        state = QLabel(f"{judged.period.label} · {judged.met_text} · {target}")
        state.setStyleSheet(f"color: {COLOURS[judged.met]};")
        lay.addWidget(big)
        lay.addWidget(state)
        grid = QGridLayout()
        for row, r in enumerate((month, ytd)):
            grid.addWidget(QLabel("本月" if r is month else "累计"), row, 0)
            for col, part, n in ((1, "numerator", r.numerator), (3, "denominator", r.denominator)):
                label = f"{r.label} {kpi.PARTS[part]}（{r.period.label}）"
                grid.addWidget(_link(f"{n:,}", lambda p=part, rr=r, lb=label: self.drill.emit(
                    (rr.kpi.value, p, rr.period.start, rr.period.end), office_id, lb),
                    f"查看{label}的案件" + ("（按当前数据列出，可能与上报的数字不同）"
                                           if self.frozen and self.frozen.readable else "")), row, col)
            grid.addWidget(QLabel("÷"), row, 2)
            rate = QLabel(f"＝ {r.text}" + ("（本月，不考核）" if r is month and not r.judged and r.annual_target
                                            is not None and r.text != "—" else ""))
            rate.setStyleSheet(f"color: {COLOURS[r.met]};")
            rate.setToolTip(r.target_text)
            grid.addWidget(rate, row, 4)
        grid.setColumnStretch(5, 1)
        lay.addLayout(grid)
        if judged.met is False:
            when = "本月" if judged is month else "累计"
            need = QLabel(f"{when}{judged.needed_text}可达标" if judged.needed() else f"{when}已无法达标")
            need.setStyleSheet("color: #8d6e00;")
            lay.addWidget(need)
        formula = QLabel(month.formula)
        formula.setWordWrap(True)
        formula.setStyleSheet("color: #616161; font-size: 9pt;")
        lay.addWidget(formula)
        lay.addStretch(1)

    def _fill_chart(self, months: list[list[Rate]]) -> None:
        chart = QChart()
        chart.setTitle("近十二个月走势")
        chart.setMargins(QMargins(4, 4, 4, 4))
        axis_x = QBarCategoryAxis()
        axis_x.append([f"{m[0].period.start.month}月" for m in months])
        axis_y = QValueAxis()
        axis_y.setRange(0, 100)
        axis_y.setLabelFormat("%d%%")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for i, colour in enumerate(LINE_COLOURS):
            series = QLineSeries()
            series.setName(months[0][i].label if months else "")
            series.setPen(QPen(QColor(colour), 2))
            series.setPointsVisible(True)  # a month without cases has no point: the line skips it
            for x, m in enumerate(months):
                if m[i].percent is not None:
                    series.append(x, float(m[i].percent))
            chart.addSeries(series)
            series.attachAxis(axis_y)
            # QBarCategoryAxis positions points at category indices
            series.attachAxis(axis_x)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setChart(chart)

    def _fill_counts(self, made: Report) -> None:
        self.counts.setRowCount(len(made.families))
        for r, f in enumerate(made.families):
            values = [f.family.label, f.carried, f.accepted, f.closed, f.open_at_end, f.not_taken_in, f.overdue]
            for c, v in enumerate(values):
                item = QTableWidgetItem(f"{v:,}" if isinstance(v, int) else v)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if c in (3, 5):
                    manners = f.closed_by_manner if c == 3 else f.not_taken_in_by_manner
                    item.setToolTip("，".join(f"{k.label}{n}" for k, n in manners.items()) or "无")
                elif c == 6:
                    item.setToolTip(f"制表日（{made.made_on.isoformat()}）仍未结且已过期限的案件")
                self.counts.setItem(r, c, item)

    def _drill_count(self, row: int, col: int) -> None:
        if self.report is None or col == 0 or row >= len(self.report.families):
            return
        family = self.report.families[row].family
        part = ("carried", "accepted", "closed", "open_at_end", "not_taken_in", "overdue")[col - 1]
        p = self.report.period
        self.drill.emit((f"family:{family.value}", part, p.start, p.end, self.report.made_on), self.office.currentData(),
                        f"{family.label} {kpi.COUNT_PARTS[part]}（{p.label}）")

    def _fill_people(self, rows: list[tuple[str, list[Rate]]]) -> None:
        """Each handler's three rates, as n/d = rate; a rate with no cases is left as —."""
        self.people.setRowCount(len(rows))
        for r, (name, rates) in enumerate(rows):
            self.people.setItem(r, 0, QTableWidgetItem(name))
            for c, rate in enumerate(rates, 1):
                text = f"{rate.numerator}/{rate.denominator} = {rate.text}" if rate.denominator else "—"
                item = QTableWidgetItem(text)
                item.setForeground(QColor(COLOURS[rate.met]))
                self.people.setItem(r, c, item)

    def export(self, fmt: str) -> None:
        office_id = self.office.currentData()
        suffix, kind = (".pdf", "PDF 文件 (*.pdf)") if fmt == "pdf" else (".xlsx", "Excel 工作簿 (*.xlsx)")
        period = self.period()
        path, _ = QFileDialog.getSaveFileName(self, "导出月报", f"月报{period.label}{suffix}", kind)
        if path:
            self.export_to(Path(path if path.endswith(suffix) else path + suffix), office_id, period, fmt)

    def export_to(self, path: Path, office_id: uuid.UUID, period: Period, fmt: str) -> None:
        progress = QProgressDialog("正在统计并生成月报…", "取消", 0, 0, self)
        progress.setWindowTitle("导出月报")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        self.build = build = ReportBuild(self.ctx, office_id, period, fmt, self,
                                         current=not self.current_box.isHidden() and self.current_box.isChecked())
        cancelled = []
        progress.canceled.connect(lambda: cancelled.append(True))

        def save(data: bytes) -> None:
            if cancelled:
                return
            from ..outputs import OutputRefused, write_private

            try:
                write_private(path, data)
            except OutputRefused as e:
                QMessageBox.warning(self, "未能保存", str(e))
                return
            self.profile.setText(f"已导出：{path}")

        build.built.connect(save)
        build.failed.connect(lambda msg: QMessageBox.warning(self, "未能生成月报", msg))
        build.finished.connect(progress.close)
        build.start()


def _shown(value: object) -> str:
    """A figure's value in the differences panel."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | dict):
        return "，".join(str(x) for x in value) if isinstance(value, list) else "，".join(
            f"{k}{v}" for k, v in value.items())
    return f"{value:,}" if isinstance(value, int) else str(value)


def _clear(layout) -> None:  # noqa: ANN001
    while layout.count():
        item = layout.takeAt(0)
        if item.widget():
            item.widget().deleteLater()
        elif item.layout():
            _clear(item.layout())
