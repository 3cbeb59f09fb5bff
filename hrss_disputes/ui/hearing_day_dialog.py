"""A hearing day's notices in one go: the cases heard that day, their 开庭通知书 issued where not yet
issued, printed on one job or saved to a folder, off the window's thread with a cancellable bar."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..outputs import OutputRefused, write_private
from ..services import hearing_day
from ..services.errors import ServiceError
from ..services.hearing_day import Hearing
from .forms import date_edit, qdate_to_date
from .pdf_view import ask_printer, print_pdfs


class NoticeBatch(QThread):
    """Issues (where needed) and hands on each notice; stops between notices when cancelled.
    Every notice is issued in its own transaction, so a cancelled batch keeps what it issued."""

    advanced = Signal(int, str)  # notices done, the case just done
    failed = Signal(str)

    def __init__(self, ctx, hearings: list[Hearing], sink: Callable[[list[bytes], Callable[[], bool]], None],  # noqa: ANN001
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.hearings, self.sink = ctx, hearings, sink
        self.cancelled = False
        self.done = 0

    def cancel(self) -> None:
        self.cancelled = True

    def _notices(self):  # noqa: ANN202
        for h in self.hearings:
            if self.cancelled:
                return
            yield self.ctx.call(hearing_day.notice_pdf, hearing=h)

    def _after_each(self) -> bool:
        self.done += 1
        self.advanced.emit(self.done, self.hearings[self.done - 1].case_number or "")
        return not self.cancelled

    def run(self) -> None:
        try:
            self.sink(self._notices(), self._after_each)
        except (ServiceError, OutputRefused, OSError) as e:
            self.failed.emit(str(e))


def save_to_folder(folder: Path, hearings: list[Hearing]) -> Callable:
    """A sink writing one file per notice, named by case number."""

    def sink(pdfs, after_each: Callable[[], bool]) -> None:  # noqa: ANN001
        for h, pdf in zip(hearings, pdfs, strict=False):
            name = re.sub(r'[\\/:*?"<>|]', "_", h.case_number or str(h.case_id))
            write_private(folder / f"{name} 开庭通知书.pdf", pdf)
            if not after_each():
                return

    return sink


def print_to(printer: QPrinter) -> Callable:
    def sink(pdfs, after_each: Callable[[], bool]) -> None:  # noqa: ANN001
        print_pdfs(printer, pdfs, after_each)

    return sink


class HearingDayDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None, day: date | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.hearings: list[Hearing] = []
        self.batch: NoticeBatch | None = None
        self.setWindowTitle("开庭日文书：批量签发并打印开庭通知书")
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("开庭日期："))
        self.day = date_edit(day or date.today() + timedelta(days=1))
        self.day.dateChanged.connect(lambda *_: self.load())
        top.addWidget(self.day)
        self.summary = QLabel()
        top.addWidget(self.summary, 1)
        lay.addLayout(top)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["案号", "当事人", "开庭时间、地点", "开庭通知书"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, w in ((0, 230), (2, 200), (3, 110)):
            self.table.setColumnWidth(col, w)
        lay.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        note = QLabel("尚未签发的通知书在打印时签发并存档；已签发的按原件打印。")
        note.setStyleSheet("color: #616161;")
        buttons.addWidget(note, 1)
        self.print_btn = QPushButton("签发并打印…")
        self.print_btn.clicked.connect(self.print_all)
        self.save_btn = QPushButton("签发并保存到文件夹…")
        self.save_btn.clicked.connect(self.save_all)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        for b in (self.print_btn, self.save_btn, close):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self.resize(980, 600)
        self.load()

    def load(self) -> None:
        on = qdate_to_date(self.day.date())
        try:
            self.hearings = self.ctx.call(hearing_day.hearings_on, day=on)
        except ServiceError as e:
            QMessageBox.warning(self, "无法查询", str(e))
            self.hearings = []
        self.table.setRowCount(len(self.hearings))
        for r, h in enumerate(self.hearings):
            for c, text in enumerate((h.case_number or "（未编号）", h.parties, f"{h.starts} {h.place}".strip(),
                                      "已签发" if h.notice_id else "未签发")):
                self.table.setItem(r, c, QTableWidgetItem(text))
        issued = sum(1 for h in self.hearings if h.notice_id)
        self.summary.setText(f"{on.isoformat()} 开庭 {len(self.hearings)} 件，通知书已签发 {issued} 份"
                             if self.hearings else f"{on.isoformat()} 没有安排开庭的案件")
        for b in (self.print_btn, self.save_btn):
            b.setEnabled(bool(self.hearings))

    def print_all(self) -> None:
        printer = ask_printer(self)
        if printer is not None:
            self.run(print_to(printer), "打印")

    def save_all(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "保存到文件夹")
        if folder:
            self.run(save_to_folder(Path(folder), self.hearings), "保存")

    def run(self, sink: Callable, verb: str) -> None:
        total = len(self.hearings)
        progress = QProgressDialog(f"正在签发并{verb}开庭通知书…", "取消", 0, total, self)
        progress.setWindowTitle("开庭通知书")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        self.batch = batch = NoticeBatch(self.ctx, self.hearings, sink, self)
        batch.advanced.connect(lambda done, number: (progress.setValue(done),
                                                     progress.setLabelText(f"已完成 {done}/{total}：{number}")))
        batch.failed.connect(lambda msg: QMessageBox.warning(self, f"未能{verb}", msg))
        progress.canceled.connect(batch.cancel)
        batch.finished.connect(progress.close)
        batch.finished.connect(lambda: self._finished(verb, total))
        batch.start()

    def _finished(self, verb: str, total: int) -> None:
        done = self.batch.done if self.batch else 0
        self.load()
        if done < total:
            self.summary.setText(f"已取消：{verb}了 {done}/{total} 份（已签发的通知书保留）")
        else:
            self.summary.setText(f"已签发并{verb} {total} 份开庭通知书")
