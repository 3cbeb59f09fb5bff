"""Making a paper: the sections the arbitrator writes (drafted from the claim elements), a live
preview marked 样稿, and 签发, after which the paper is kept as issued."""

from __future__ import annotations

import html
import uuid
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..models.enums import CasePartyRole
from ..services import claims, documents, drafts, papers
from ..services.cases import CaseDetail
from ..services.documents import IssuedView
from ..services.errors import ServiceError, ValidationFailed, VersionConflict
from .forms import FieldErrors, add_field, date_edit, error_label, qdate_to_date, show_form_errors
from .pdf_view import PdfPane

PREVIEW_DELAY_MS = 600  # typing pauses this long before the preview is laid out again
DRAFT_DELAY_MS = 1000  # typing pauses this long before the draft (草稿) is saved


class DocumentDialog(QDialog):
    """``issued`` holds what was issued once the dialog is accepted."""

    def __init__(self, ctx, detail: CaseDetail, doc_type: str, name: str,  # noqa: ANN001
                 corrects: IssuedView | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        from ..documents.template import load

        self.ctx, self.detail, self.doc_type, self.corrects = ctx, detail, doc_type, corrects
        self.template = load(doc_type)  # the caller has checked it parses
        self.issued: list[IssuedView] = []
        self.conflict = False
        what = f"补正《{corrects.label}》" if corrects else f"制作{name}"
        self.setWindowTitle(f"{what} — {detail.case_number or '未编号案件'}")
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        # what is typed is kept as a draft per case, paper and person (草稿): saved a second after
        # the last keystroke and on closing, restored when the paper is opened again
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self._build()
        self._saved = self.values()  # as opened: nothing typed yet
        self.has_draft = False  # a draft of this paper is stored
        self._restore_draft()
        self.refresh_preview()

    def _build(self) -> None:
        lay = QVBoxLayout(self)
        split = QSplitter()
        left = QWidget()
        form_lay = QVBoxLayout(left)
        self.errors = FieldErrors()
        head = QFormLayout()
        self.issue_date = date_edit(date.today())
        self.issue_date.dateChanged.connect(lambda *_: self._changed())
        head.addRow("签发日期：", self.issue_date)
        self.recipient: QLineEdit | None = None
        if "受送达人" in self.template.fields():
            self.recipient = QLineEdit()
            applicants = "、".join(p.party.name for p in self.detail.parties if p.role is CasePartyRole.APPLICANT)
            self.recipient.setPlaceholderText(f"默认：{applicants or '申请人'}")
            self.recipient.textChanged.connect(lambda *_: self._changed())
            head.addRow("受送达人：", self.recipient)
        form_lay.addLayout(head)
        self.draft_note = QLabel()  # 已恢复…保存的草稿 / 草稿已保存
        self.draft_note.setWordWrap(True)
        self.draft_note.setStyleSheet("color: #2e7d32;")
        self.draft_note.hide()
        form_lay.addWidget(self.draft_note)
        self.draft_error = error_label()  # the draft could not be saved: what is typed stays here
        form_lay.addWidget(self.draft_error)
        self.wage_warning = QLabel()  # first: an award's finality rests on the city's minimum wage
        self.wage_warning.setWordWrap(True)
        self.wage_warning.setStyleSheet("color: #c62828;")
        self.wage_warning.hide()  # said for the chosen 签发日期 (_show_wage_warning)
        form_lay.addWidget(self.wage_warning)
        # an award states the tribunal's decision on every item, after a hearing or a decision to
        # decide on the papers: each item is shown, and 签发 waits for what is missing
        self.decisions: QLabel | None = None
        self.not_ready = error_label()
        if "裁决项" in self.template.lists():
            box = QGroupBox("各项请求的裁决结果（在“请求事项”中作出）")
            box_lay = QVBoxLayout(box)
            self.decisions = QLabel()
            self.decisions.setWordWrap(True)
            self.decisions.setTextFormat(Qt.TextFormat.RichText)
            box_lay.addWidget(self.decisions)
            box_lay.addWidget(self.not_ready)
            form_lay.addWidget(box)
        else:  # what stops any paper: issued once already, its date
            form_lay.addWidget(self.not_ready)
        # items whose finality the program cannot determine: the tribunal decides, or none is issued
        self.finality: dict[uuid.UUID, QComboBox] = {}
        self.finality_box: QGroupBox | None = None
        self._form_lay = form_lay
        self._show_undecided(date.today())  # again for each 签发日期 chosen (_show_readiness)
        # drafted from the claim elements and the parties' stances (要素确认: 本委查明 starts 双方确认：…)
        drafts = self.ctx.call(papers.drafted_writings, case_id=self.detail.id) if self.template.writings else {}
        self.writings: dict[str, QPlainTextEdit] = {}
        for section in self.template.writings:
            box = QGroupBox(section)
            box_lay = QVBoxLayout(box)
            edit = QPlainTextEdit(drafts.get(section, ""))
            edit.setPlaceholderText(f"在此填写“{section}”；每段一行")
            edit.setMinimumHeight(110)
            label = error_label()
            edit.textChanged.connect(self._changed)
            key = f"writing:{section}"  # the message was about what is no longer there
            edit.textChanged.connect(lambda k=key: self.errors.show({}, only={k}))
            box_lay.addWidget(edit)
            box_lay.addWidget(label)
            self.errors.register(key, edit, label)
            self.writings[section] = edit
            form_lay.addWidget(box)
        self.blanks = QLabel()
        self.blanks.setWordWrap(True)
        self.blanks.setStyleSheet("color: #8d6e00;")
        form_lay.addWidget(self.blanks)
        self.general = error_label()
        form_lay.addWidget(self.general)
        form_lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)
        scroll.setMinimumWidth(380)
        split.addWidget(scroll)
        self.pane = PdfPane(self)
        split.addWidget(self.pane)
        split.setStretchFactor(1, 1)
        split.setSizes([420, 700])
        lay.addWidget(split, 1)

        buttons = QHBoxLayout()
        note = QLabel("预览为样稿；签发后文书存档，不能修改，如有错误只能补正。")
        note.setStyleSheet("color: #616161;")
        buttons.addWidget(note, 1)
        self.issue_btn = QPushButton("补正签发…" if self.corrects else "签发…")
        self.issue_btn.setDefault(True)
        self.issue_btn.clicked.connect(self.issue)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)  # asks before a draft is discarded
        self.cancel_btn = cancel
        buttons.addWidget(self.issue_btn)
        buttons.addWidget(cancel)
        lay.addLayout(buttons)
        self.resize(1200, 700)

    def values(self) -> dict[str, object]:
        decided = {k: c.currentData() for k, c in self.finality.items() if c.currentData() is not None}
        return {"writings": {k: e.toPlainText() for k, e in self.writings.items()},
                "recipient": self.recipient.text().strip() or None if self.recipient else None,
                "issue_date": qdate_to_date(self.issue_date.date()), "finality": decided or None}

    def _changed(self) -> None:
        self._timer.start()
        self._draft_timer.start()

    def _restore_draft(self) -> None:
        try:
            draft = self.ctx.call(drafts.load_draft, case_id=self.detail.id, doc_type=self.doc_type)
        except (ServiceError, DatabaseError) as e:  # said here; the text stays
            self._show_draft_error(f"未能读取草稿：{e}")
            return
        if draft is None:
            return
        if draft.issue_date is not None:
            self.issue_date.setDate(draft.issue_date)
            self._show_undecided(draft.issue_date)
        if self.recipient is not None:
            self.recipient.setText(draft.recipient or "")
        for section, text in draft.writings.items():
            if section in self.writings:
                self.writings[section].setPlainText(text)
        for claim_id, final in (draft.finality or {}).items():
            if (choice := self.finality.get(claim_id)) is not None:
                choice.setCurrentIndex(choice.findData(final))
        self._draft_timer.stop()  # restoring is not typing
        self._saved, self.has_draft = self.values(), True
        self._restored = f"已恢复 {draft.saved_label} 保存的草稿"
        self.draft_note.setText(self._restored)
        self.draft_note.show()

    def _show_draft_error(self, message: str) -> None:
        self.draft_error.setText(message + "。所填内容仍在本窗口中，请勿关闭，稍后会再试保存。")
        self.draft_error.show()

    def typed(self) -> bool:
        """Whether there is something of the user's to keep: typed since opening, or a stored draft."""
        return self.has_draft or self.values() != self._saved

    def save_draft(self) -> bool:
        """Store what is typed as the user's draft of this paper, when it changed; whether it is
        stored now. A failure is said in the dialog and the text stays in it."""
        self._draft_timer.stop()
        content = self.values()
        if content == self._saved:
            return True
        try:
            view = self.ctx.call(drafts.save_draft, case_id=self.detail.id, doc_type=self.doc_type, **content)
        except (ServiceError, DatabaseError) as e:  # said here; the text stays
            self._show_draft_error(f"草稿未能保存：{e}")
            self._draft_timer.start()  # tried again after a while
            return False
        self._saved, self.has_draft = content, True
        self.draft_error.hide()
        restored = getattr(self, "_restored", "")
        self.draft_note.setText((restored + "；" if restored else "") + f"草稿已于 {view.saved_label} 自动保存")
        self.draft_note.show()
        return True

    def reject(self) -> None:
        """Esc, 取消 or closing: with typed content, asks 放弃草稿？ (keep it and close, discard it,
        or go back); nothing typed is lost without being asked."""
        if not self.typed():
            self._close_rejected()
            return
        if not self.isModal():  # shown beside a window, not run by exec() (the program always runs
            if self.save_draft():  # it modally): nobody waits on a question, so the draft is kept
                self._close_rejected()
            return
        box = QMessageBox(QMessageBox.Icon.Question, "放弃草稿？",
                          f"《{self.template.name}》已填写的内容保存为草稿，下次制作本文书时自动恢复。\n"
                          "放弃草稿将删除所填内容。", parent=self)
        keep = box.addButton("保留草稿并关闭", QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton("放弃草稿", QMessageBox.ButtonRole.DestructiveRole)
        back = box.addButton("返回继续编辑", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(back)
        box.exec()
        if box.clickedButton() is keep:
            if self.save_draft():
                self._close_rejected()
            return
        if box.clickedButton() is drop:
            try:
                self.ctx.call(drafts.discard_draft, case_id=self.detail.id, doc_type=self.doc_type)
            except (ServiceError, DatabaseError) as e:  # said here; the text stays
                self._show_draft_error(f"未能删除草稿：{e}")
                return
            self._close_rejected()

    def _close_rejected(self) -> None:
        self._draft_timer.stop()
        super().reject()

    def done(self, result: int) -> None:
        """Closed (issued, or rejected): a preview still due is not drawn, nor read from the database."""
        self._timer.stop()
        self._draft_timer.stop()
        super().done(result)

    def refresh_preview(self) -> None:
        self._show_readiness()
        try:
            shown = self.ctx.call(documents.preview, case_id=self.detail.id, doc_type=self.doc_type, **self.values())
        except ServiceError as e:
            self.general.setText(str(e))
            self.general.show()
            return
        self.pane.show_pdf(shown.pdfs[0])
        text = "案件中尚无记录、将留空待手写：" + "、".join(shown.blanks) if shown.blanks else ""
        if len(shown.pdfs) > 1:
            text = (text + "\n" if text else "") + "终局与非终局裁决事项不同：签发时分别制作两份裁决书（预览为第一份）。"
        self.blanks.setText(text)
        self.blanks.setVisible(bool(text))

    def _show_readiness(self) -> None:
        """签发 disabled, saying why, while the paper was issued once already (a change is a 补正) or
        its date comes before the step it follows; for an award moreover each item with its
        decision, while one is undecided or no hearing was held (nor a decision to decide on the
        papers) by the issue date."""
        on = qdate_to_date(self.issue_date.date())
        self._show_wage_warning(on)
        self._show_undecided(on)
        why = self.ctx.call(documents.issue_refusal, case_id=self.detail.id, doc_type=self.doc_type, issue_date=on,
                            corrects=self.corrects.id if self.corrects else None)
        problems = [why] if why else []
        if self.decisions is not None:
            ready = self.ctx.call(documents.award_readiness, case_id=self.detail.id, issue_date=on)
            self.decisions.setText("<br>".join(
                f"{i}．{html.escape(label)}：" + (f'<span style="color:#c62828;">{html.escape(text)}</span>'
                                                 if text == "尚未裁决" else html.escape(text))
                for i, label, text in ready.items) or "没有请求事项")
            problems += ready.problems
        message = "\n".join(problems)
        self.not_ready.setText(message)
        self.not_ready.setVisible(bool(message))
        self.issue_btn.setEnabled(not message)
        self.issue_btn.setToolTip(message)

    def _show_undecided(self, on: date) -> None:
        """The award's items whose finality the program cannot determine on the 签发日期 (no minimum
        wage in force then): the tribunal decides each here. Laid out again when the date changes
        which items they are; what was chosen for an item still listed is kept."""
        if "裁决项" not in self.template.lists():
            return
        undecided = self.ctx.call(documents.undecided_finality, case_id=self.detail.id, issue_date=on)
        if [u[0] for u in undecided] == list(self.finality):
            return
        chosen = {k: c.currentData() for k, c in self.finality.items()}
        self.errors.forget("finality:")
        self.finality = {}
        at = self._form_lay.indexOf(self.finality_box) if self.finality_box is not None else 3
        if self.finality_box is not None:
            self._form_lay.removeWidget(self.finality_box)
            self.finality_box.deleteLater()
            self.finality_box = None
        if not undecided:
            return
        box = QGroupBox("终局性待定：由仲裁庭认定（或请管理员录入最低工资标准）")
        box_form = QFormLayout(box)
        for claim_id, label, why in undecided:
            choice = QComboBox()
            choice.addItem("请选择", None)
            choice.addItem("终局裁决", True)
            choice.addItem("非终局裁决", False)
            if chosen.get(claim_id) is not None:
                choice.setCurrentIndex(choice.findData(chosen[claim_id]))
            choice.setToolTip(why)
            choice.currentIndexChanged.connect(lambda *_: self._changed())
            add_field(box_form, label, choice, self.errors, f"finality:{claim_id.hex}")
            self.finality[claim_id] = choice
        self._form_lay.insertWidget(at, box)
        self.finality_box = box

    def _show_wage_warning(self, on: date) -> None:
        """An award's finality rests on the minimum wage in force on its date (the 签发日期 chosen,
        as issue() judges it): a stale figure is said with the date it is taken for."""
        if "裁决项" not in self.template.lists():
            return
        report = self.ctx.call(claims.award_finality, case_id=self.detail.id, today=on, drafting=True)
        self.wage_warning.setText(f"注意：{report.warning}。终局判断依据：{report.basis}" if report.warning else "")
        self.wage_warning.setVisible(bool(report.warning))

    def issue(self) -> None:
        # what 签发 would refuse is said at its fields first; 确定签发 is asked of a paper that can be issued
        args = dict(case_id=self.detail.id, doc_type=self.doc_type, corrects=self.corrects.id if self.corrects else None,
                    **self.values())
        try:
            self.ctx.call(documents.check_issue, **args)
        except ValidationFailed as e:
            show_form_errors(self.errors, self.general, e.errors)
            return
        except ServiceError as e:
            QMessageBox.warning(self, "未能签发", str(e))
            return
        what = f"《{self.template.name}》" + ("的补正版本" if self.corrects else "")
        sure = QMessageBox.question(self, "签发文书", f"签发后{what}将存档，不能再修改；如有错误只能补正。\n确定签发？")
        if sure != QMessageBox.StandardButton.Yes:
            return
        try:
            self.issued = self.ctx.call(
                documents.issue, case_id=self.detail.id, expected_version=self.detail.version,
                doc_type=self.doc_type, corrects=self.corrects.id if self.corrects else None, **self.values())
        except ValidationFailed as e:
            show_form_errors(self.errors, self.general, e.errors)
            return
        except VersionConflict as e:
            QMessageBox.warning(self, "案件已被修改", f"{e}\n请关闭后重新制作。")
            self.conflict = True
            if self.save_draft():  # what was typed is kept for the paper made again
                self._close_rejected()
            return
        except ServiceError as e:
            QMessageBox.warning(self, "未能签发", str(e))
            return
        self._draft_timer.stop()  # issued: its draft is gone (documents.issue)
        self.has_draft = False
        self.accept()

