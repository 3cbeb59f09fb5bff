"""The case view's 文书 tab: the papers issued on the case, making a new one, and the drafts (草稿)
of papers not yet issued."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..services import documents, drafts
from ..services.cases import CaseDetail
from ..services.documents import IssuedView
from ..services.drafts import DraftView
from ..services.errors import ServiceError
from .pdf_view import PdfDialog

HEADERS = ["文书", "文号", "签发日期", "签发人", "状态", "SHA-256"]
DRAFT_HEADERS = ["草稿", "起草人", "最后保存"]


class DocumentsPanel(QWidget):
    """``issued`` is emitted after a paper is issued (the case changed: event, number, clocks)."""

    issued = Signal()

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.detail: CaseDetail | None = None
        self.rows: list[IssuedView] = []
        self.may_issue = False
        lay = QVBoxLayout(self)
        make = QHBoxLayout()
        self.make_label = QLabel("制作文书：")
        self.types = QComboBox()
        self.types.setMinimumWidth(240)
        self.make_btn = QPushButton("制作…")
        self.make_btn.clicked.connect(self.make)
        for w in (self.make_label, self.types, self.make_btn):
            make.addWidget(w)
        make.addStretch(1)
        lay.addLayout(make)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, w in enumerate((0, 230, 100, 80, 110, 110)):
            if w:
                self.table.setColumnWidth(col, w)
        self.table.cellDoubleClicked.connect(lambda *_: self.open_selected())
        self.table.itemSelectionChanged.connect(self._enable)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.empty = QLabel("本案尚未签发文书。")
        self.empty.setStyleSheet("color: #616161;")
        row.addWidget(self.empty, 1)
        self.open_btn = QPushButton("查看 / 打印…")
        self.open_btn.clicked.connect(self.open_selected)
        self.public_btn = QPushButton("公开版本（脱敏）…")
        self.public_btn.setToolTip("当事人姓名改为“张某”“某公司”，证件号码、电话隐去，住址只保留到区县")
        self.public_btn.clicked.connect(self.open_public)
        self.correct_btn = QPushButton("补正…")
        self.correct_btn.setToolTip("签发的文书不能修改；补正制作新版本，与原文书关联")
        self.correct_btn.clicked.connect(self.correct)
        for b in (self.open_btn, self.public_btn, self.correct_btn):
            row.addWidget(b)
        lay.addLayout(row)
        self._build_drafts(lay)

    def _build_drafts(self, lay: QVBoxLayout) -> None:
        """The papers being drafted on the case (whose, last saved): one's own opens to go on."""
        self.drafts: list[DraftView] = []
        self.drafts_box = QGroupBox("草稿（尚未签发的文书，输入时自动保存）")
        box_lay = QVBoxLayout(self.drafts_box)
        self.draft_table = QTableWidget(0, len(DRAFT_HEADERS))
        self.draft_table.setHorizontalHeaderLabels(DRAFT_HEADERS)
        self.draft_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.draft_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.draft_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.draft_table.verticalHeader().hide()
        self.draft_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.draft_table.setColumnWidth(1, 120)
        self.draft_table.setColumnWidth(2, 150)
        self.draft_table.setMaximumHeight(150)
        self.draft_table.cellDoubleClicked.connect(lambda *_: self.open_draft())
        self.draft_table.itemSelectionChanged.connect(self._enable_draft)
        box_lay.addWidget(self.draft_table)
        row = QHBoxLayout()
        self.draft_why = QLabel()
        self.draft_why.setStyleSheet("color: #616161;")
        row.addWidget(self.draft_why, 1)
        self.draft_btn = QPushButton("继续编辑…")
        self.draft_btn.clicked.connect(self.open_draft)
        row.addWidget(self.draft_btn)
        box_lay.addLayout(row)
        lay.addWidget(self.drafts_box)
        self.drafts_box.hide()

    def _show_drafts(self) -> None:
        if self.detail is None:
            return
        try:
            self.drafts = self.ctx.call(drafts.list_drafts, case_id=self.detail.id)
        except (ServiceError, DatabaseError) as e:
            self.drafts = []
            self.draft_why.setText(f"未能读取草稿：{e}")
        self.draft_table.setRowCount(len(self.drafts))
        for r, d in enumerate(self.drafts):
            for c, text in enumerate((d.paper, d.user, d.saved_label)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, d)
                self.draft_table.setItem(r, c, item)
        self.drafts_box.setVisible(bool(self.drafts))
        self._enable_draft()

    def selected_draft(self) -> DraftView | None:
        items = self.draft_table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _draft_refusal(self, d: DraftView | None) -> str:
        if d is None:
            return "选择一份草稿继续编辑"
        actor = self.ctx.actor
        if actor is None or d.user_id != actor.id:
            return f"这是{d.user}的草稿，只有本人可以继续编辑"
        if not self.may_issue:
            return "您不能制作本案的文书"
        return ""

    def _enable_draft(self) -> None:
        why = self._draft_refusal(self.selected_draft())
        self.draft_btn.setEnabled(not why)
        self.draft_btn.setToolTip(why)
        self.draft_why.setText(why if self.selected_draft() is not None else "")

    def open_draft(self) -> None:
        d = self.selected_draft()
        if d is not None and not self._draft_refusal(d):
            self._open_dialog(d.doc_type, d.paper, None)

    def show_case(self, detail: CaseDetail) -> None:
        first = self.detail is None or self.detail.id != detail.id
        self.detail = detail
        may = self.ctx.call(documents.may_issue, case_id=detail.id)
        for w in (self.make_label, self.types, self.make_btn):
            w.setVisible(may)
        if may and first:
            self.types.clear()
            for key, name in self.ctx.call(documents.document_types, case_id=detail.id):
                self.types.addItem(name, key)
        self.may_issue = may
        self.rows = self.ctx.call(documents.list_issued, case_id=detail.id)
        self.table.setRowCount(len(self.rows))
        for r, d in enumerate(reversed(self.rows)):  # newest first
            state = ("已补正（有新版本）" if d.superseded else "已被取代" if d.replaced
                     else "补正版本" if d.version > 1 else "有效")
            for c, text in enumerate((d.label, d.number or "—", d.issued_on.isoformat(), d.issued_by, state,
                                      d.sha256[:12])):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, d)
                if c == 5:
                    item.setToolTip(f"SHA-256：{d.sha256}")
                if c == 4 and d.replaced:
                    item.setToolTip("之后签发的同类文书取代了本件（如改期后重新签发的开庭通知书），以最新签发的为准")
                if d.superseded or d.replaced:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
        self.empty.setVisible(not self.rows)
        self._enable()
        self._show_drafts()

    def count(self) -> int:
        return len(self.rows)

    def selected(self) -> IssuedView | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _enable(self) -> None:
        d = self.selected()
        self.open_btn.setEnabled(d is not None)
        self.public_btn.setEnabled(d is not None and d.publishable)
        self.correct_btn.setEnabled(d is not None and not d.superseded and not d.replaced and self.may_issue)

    def make(self) -> None:
        key = self.types.currentData()
        if key:
            self._open_dialog(key, self.types.currentText(), None)

    def correct(self) -> None:
        d = self.selected()
        if d is not None:
            self._open_dialog(d.doc_type, d.title, d)

    def _open_dialog(self, doc_type: str, name: str, corrects: IssuedView | None) -> None:
        from ..documents.template import TemplateError, load
        from .document_dialog import DocumentDialog

        try:
            load(doc_type)
        except TemplateError as e:
            QMessageBox.critical(self, "文书模板有误", f"{e}\n\n请改正模板文件后再制作。")
            return
        dlg = DocumentDialog(self.ctx, self.detail, doc_type, name, corrects, self)
        accepted = dlg.exec()
        self._show_drafts()  # kept, discarded or issued
        if dlg.conflict or accepted:
            self.issued.emit()
        if accepted and dlg.issued:
            self.show_papers(dlg.issued, "已签发")

    def show_papers(self, views: list[IssuedView], how: str) -> None:
        try:
            pdfs = [(v.label, self.ctx.call(documents.issued_pdf, document_id=v.id)) for v in views]
        except ServiceError as e:
            QMessageBox.warning(self, "无法打开文书", str(e))
            return
        note = f"{how}：" + "；".join(f"{v.label} {v.number or ''}" for v in views)
        PdfDialog(pdfs, "文书", self, note).exec()

    def open_selected(self) -> None:
        d = self.selected()
        if d is not None:
            self.show_papers([d], f"{d.issued_on.isoformat()} {d.issued_by} 签发")

    def open_public(self) -> None:
        d = self.selected()
        if d is None:
            return
        try:
            pdf = self.ctx.call(documents.anonymised_pdf, document_id=d.id)
        except ServiceError as e:
            QMessageBox.warning(self, "无法制作公开版本", str(e))
            return
        PdfDialog([(f"{d.label}（公开版本）", pdf)], "公开版本", self,
                  "公开版本：当事人信息已脱敏，供文书公开使用。").exec()
