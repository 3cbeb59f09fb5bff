"""Showing, printing and saving PDF papers inside the program (QtPdf, QPrinter)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..outputs import OutputRefused, write_private

PRINT_DPI = 300  # pages are rasterised at most at this resolution: sharp text, quick jobs


def load_pdf(data: bytes, parent: QObject | None = None) -> QPdfDocument:
    """A QPdfDocument reading ``data``; the buffer lives as long as the document."""
    doc = QPdfDocument(parent)
    buffer = QBuffer(doc)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buffer)
    return doc


def page_image(doc: QPdfDocument, page: int, dpi: float) -> QImage:
    """One page on white (QPdfDocument.render gives a transparent image)."""
    points = doc.pagePointSize(page)
    size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, doc.render(page, size))
    painter.end()
    return image


def print_pdfs(printer: QPrinter, pdfs: Iterable[bytes], on_document: Callable[[], bool] | None = None) -> int:
    """Print each PDF's pages in turn on one job; ``on_document`` is called after each and stops
    the job by returning False. Returns the pages printed. Safe off the GUI thread."""
    printer.setFullPage(True)
    painter = QPainter()
    pages = 0
    dpi = min(printer.resolution(), PRINT_DPI)
    try:
        for data in pdfs:
            doc = load_pdf(data)
            for i in range(doc.pageCount()):
                if pages == 0:
                    if not painter.begin(printer):
                        raise OSError("无法开始打印：打印机不可用")
                else:
                    printer.newPage()
                target = printer.pageLayout().fullRectPixels(printer.resolution())
                painter.drawImage(QRect(0, 0, target.width(), target.height()), page_image(doc, i, dpi))
                pages += 1
            if on_document is not None and not on_document():
                break
    finally:
        if painter.isActive():
            painter.end()
    return pages


class PdfPane(QWidget):
    """A scrolling view of one PDF, fitted to the width."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setStyleSheet("background: #808080;")
        lay.addWidget(self.view)
        self.document: QPdfDocument | None = None

    def show_pdf(self, data: bytes) -> None:
        old = self.document
        self.document = load_pdf(data, self)
        self.view.setDocument(self.document)
        if old is not None:
            old.deleteLater()


def ask_printer(parent: QWidget) -> QPrinter | None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印")
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def save_pdf(parent: QWidget, data: bytes, suggested: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, "另存为", suggested, "PDF 文件 (*.pdf)")
    if not path:
        return None
    target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
    try:
        write_private(target, data)
    except OutputRefused as e:
        QMessageBox.warning(parent, "未能保存", str(e))
        return None
    return target


class PdfDialog(QDialog):
    """Issued papers to read, print and save; several (a split award) are chosen from a list."""

    def __init__(self, papers: Sequence[tuple[str, bytes]], title: str, parent: QWidget | None = None,
                 note: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.papers = list(papers)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.choice = QComboBox()
        for label, _ in self.papers:
            self.choice.addItem(label)
        self.choice.setVisible(len(self.papers) > 1)
        self.choice.currentIndexChanged.connect(self._show)
        top.addWidget(self.choice)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        top.addWidget(self.note, 1)
        lay.addLayout(top)
        self.pane = PdfPane(self)
        lay.addWidget(self.pane, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.print_btn = QPushButton("打印…")
        self.print_btn.clicked.connect(self.print_current)
        self.save_btn = QPushButton("另存为…")
        self.save_btn.clicked.connect(self.save_current)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        for b in (self.print_btn, self.save_btn, close):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self.resize(900, 700)
        self._show(0)

    def _show(self, index: int) -> None:
        if 0 <= index < len(self.papers):
            self.pane.show_pdf(self.papers[index][1])

    def current(self) -> tuple[str, bytes]:
        return self.papers[max(self.choice.currentIndex(), 0)]

    def print_current(self) -> None:
        printer = ask_printer(self)
        if printer is None:
            return
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            print_pdfs(printer, [self.current()[1]])
        except OSError as e:
            QMessageBox.warning(self, "未能打印", str(e))
        finally:
            self.unsetCursor()

    def save_current(self) -> None:
        label, data = self.current()
        save_pdf(self, data, f"{label}.pdf")
