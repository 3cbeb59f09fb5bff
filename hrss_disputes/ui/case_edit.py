"""Small dialogs on an open case: edit its details, take a procedural action (claims: claim_dialog)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..domain.deadlines import clock_effects
from ..domain.event_notes import EDITED_FIELD_LABELS
from ..domain.workflows import Action, parties_field
from ..models.enums import CaseFamily, Cause
from ..services import cases, field_sources, workflow
from ..services.cases import CaseDetail
from ..services.errors import ServiceError, ValidationFailed, VersionConflict
from .forms import (
    DiscardGuard,
    FieldErrors,
    add_field,
    date_edit,
    dialog_buttons,
    error_label,
    fill_handlers,
    qdate_to_date,
    select_data,
    show_form_errors,
)
from .hearing_form import booking_defaults, confirm_overlaps
from .length_caps import cap_to_column
from .parties_picker import PartiesPicker, served_parties
from .tribunal_picker import TribunalPicker


class _CaseDialog(DiscardGuard, QDialog):
    """Shared frame: a form, an error line, 保存/取消, and the service call on save."""

    def __init__(self, ctx, detail: CaseDetail, title: str, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.result_detail: CaseDetail | None = None
        self.conflict = False
        self.errors = FieldErrors()
        self.setWindowTitle(f"{title} — {detail.case_number or '未编号案件'}")
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        self.form = QFormLayout()
        lay.addLayout(self.form)
        self.general_error = error_label()
        lay.addWidget(self.general_error)
        lay.addWidget(dialog_buttons(self, self.save))

    def call(self) -> CaseDetail:
        raise NotImplementedError

    def _rebased(self) -> str:
        """After a refused stale save: the case as saved now becomes this form's base (``rebase``
        says what the other person changed); "" when it cannot be read."""
        try:
            fresh = self.ctx.call(cases.get_case, case_id=self.detail.id)
        except (ServiceError, DatabaseError):
            return ""
        said = self.rebase(fresh)
        self.detail = fresh
        return said

    def rebase(self, fresh: CaseDetail) -> str:
        """What the other person changed, for the person to check (a form of the case's own
        fields lists them); the base is taken by ``_rebased``."""
        return ""

    def save(self) -> None:
        try:
            self.result_detail = self.call()
        except ValidationFailed as e:
            show_form_errors(self.errors, self.general_error, e.errors)
            self.adjustSize()  # make room for the messages under their fields
            return
        except VersionConflict as e:
            # keep the dialog and what was typed; the other person's version becomes the base, so
            # that the next 保存, after a look at what they changed, goes through over it
            self.conflict = True
            theirs = self._rebased()
            self.general_error.setText("\n".join(filter(None, [str(e), theirs])))
            self.general_error.show()
            QMessageBox.warning(self, "案件已被他人修改", str(e))
            return
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "未能保存", str(e))
            return
        self.accept()


class CaseEditDialog(_CaseDialog):
    def __init__(self, ctx, detail: CaseDetail, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(ctx, detail, "编辑案件信息", parent)
        d = detail
        self.case_number = QLineEdit(d.case_number or "")
        add_field(self.form, "案号", self.case_number, self.errors, "case_number")
        cap_to_column(self.case_number, "dispute_case", "case_number", label="案号", errors=self.errors, key="case_number")
        self.cause = QComboBox()
        for value, label in Cause.choices():
            self.cause.addItem(label, value)
        self.cause.setCurrentIndex(self.cause.findData(d.cause.value))
        self.form.addRow("案由", self.cause)
        self.handler = QComboBox()
        if d.family is CaseFamily.COMPLAINT:  # the informant follows the handler: 更换承办人, a supervisor's step
            shown = QLabel(f"{d.handler_name or '—'}（更换承办人须由本监察机构领导办理）")
            shown.setStyleSheet("color: #555;")
            self.form.addRow("承办人", shown)
        else:
            fill_handlers(self.handler, ctx, d.office_id, d.handler_id)
            if d.handler_id is not None and not select_data(self.handler, d.handler_id):
                # not among the office's staff (registered above it, moved, disabled): kept unless changed
                self.handler.insertItem(0, f"{d.handler_name or '—'}（现承办人）", d.handler_id)
                self.handler.setCurrentIndex(0)
            self.form.addRow("承办人", self.handler)
        self.workers = QSpinBox()
        self.workers.setRange(1, 100000)
        self.workers.setValue(d.workers_involved)
        self.workers.setSuffix(" 人")
        add_field(self.form, "涉及劳动者", self.workers, self.errors, "workers_involved")
        self.green = QCheckBox("绿色通道")
        self.green.setChecked(d.green_channel)
        self.collective = QCheckBox("集体争议")
        self.collective.setChecked(d.collective)
        self.small = QCheckBox("小额速裁")
        self.small.setChecked(d.small_claims)
        for box in (self.green, self.collective, self.small):
            self.form.addRow("", box)
        self.summary = QPlainTextEdit(d.summary)
        self.summary.setFixedHeight(120)
        add_field(self.form, "摘要", self.summary, self.errors, "summary")

    def _typed(self) -> dict:
        """What the form holds now, field by field."""
        return {
            "case_number": self.case_number.text().strip(), "cause": self.cause.currentData(),
            "handler_id": self.handler.currentData() if self.handler.count() else self.detail.handler_id,
            "workers_involved": self.workers.value(),
            "green_channel": self.green.isChecked(), "collective": self.collective.isChecked(),
            "small_claims": self.small.isChecked(), "summary": self.summary.toPlainText().strip(),
        }

    @staticmethod
    def _stored(d: CaseDetail) -> dict:
        return {
            "case_number": d.case_number or "", "cause": d.cause.value, "handler_id": d.handler_id,
            "workers_involved": d.workers_involved, "green_channel": d.green_channel,
            "collective": d.collective, "small_claims": d.small_claims, "summary": d.summary,
        }

    def changes(self) -> dict:
        old = self._stored(self.detail)
        return {k: v for k, v in self._typed().items() if v != old[k]}

    def _put(self, key: str, value: object) -> None:
        """Show the stored ``value`` of ``key`` in its field."""
        if key == "case_number":
            self.case_number.setText(str(value))
        elif key == "cause":
            self.cause.setCurrentIndex(self.cause.findData(value))
        elif key == "handler_id" and self.handler.count():
            select_data(self.handler, value)
        elif key == "workers_involved":
            self.workers.setValue(int(value))
        elif key in ("green_channel", "collective", "small_claims"):
            {"green_channel": self.green, "collective": self.collective, "small_claims": self.small}[key].setChecked(
                bool(value))
        elif key == "summary":
            self.summary.setPlainText(str(value))

    def rebase(self, fresh: CaseDetail) -> str:
        """The fields the other person changed: taken into the form where this person left them
        alone, this person's own value kept (theirs named) where both changed them."""
        old, theirs, mine = self._stored(self.detail), self._stored(fresh), self._typed()
        names = {"handler_id": (self.detail.handler_name, fresh.handler_name)}
        lines = []
        for key in EDITED_FIELD_LABELS:
            if key not in theirs or theirs[key] == old[key]:
                continue
            shown = _shown(key, theirs[key], names.get(key, (None, None))[1])
            if mine[key] == old[key]:
                self._put(key, theirs[key])
                lines.append(f"· {EDITED_FIELD_LABELS[key]}：已改为“{shown}”（已填入）")
            elif mine[key] != theirs[key]:
                lines.append(f"· {EDITED_FIELD_LABELS[key]}：对方改为“{shown}”，保留您填写的内容")
        if not lines:
            return ""
        return "对方修改的内容：\n" + "\n".join(lines) + "\n再次保存将以表中内容为准。"

    def call(self) -> CaseDetail:
        changes = self.changes()
        if not changes:
            return self.detail
        return self.ctx.call(cases.update_case, case_id=self.detail.id,
                             expected_version=self.detail.version, changes=changes)


def _shown(key: str, value: object, name: str | None) -> str:
    """A stored value as the form shows it."""
    if key == "cause":
        return Cause(value).label
    if key == "handler_id":
        return name or "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


class HandlerDialog(_CaseDialog):
    """更换承办人: the case given to another member of staff (for a complaint, by the supervisor of
    the inspection unit that holds it, to one of its inspectors)."""

    def __init__(self, ctx, detail: CaseDetail, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(ctx, detail, "更换承办人", parent)
        self.form.addRow("现承办人", QLabel(detail.handler_name or "—"))
        self.handler = QComboBox()
        for u in ctx.call(cases.handler_choices, case_id=detail.id):
            self.handler.addItem(f"{u.display_name}（{u.role.label}）", u.id)
        select_data(self.handler, detail.handler_id)
        add_field(self.form, "新承办人", self.handler, self.errors, "handler_id")
        if detail.family is CaseFamily.COMPLAINT:
            note = QLabel("举报人信息随案件交由新承办人查看，原承办人不再可见。更换记入办理经过和审计日志。")
            note.setWordWrap(True)
            note.setStyleSheet("color: #555;")
            self.form.addRow(note)

    def call(self) -> CaseDetail:
        return self.ctx.call(cases.change_handler, case_id=self.detail.id, expected_version=self.detail.version,
                             handler_id=self.handler.currentData())


LABEL_CHARS = 8  # a form label longer than this keeps its （…） note under the field instead


def split_label(text: str) -> tuple[str, str]:
    """'申请延期的当事人（仲裁委员会依职权决定的不选）' → ('申请延期的当事人', '仲裁委员会依职权决定的不选'):
    a long label's trailing note goes under the field so the label column stays narrow."""
    head, sep, tail = text.partition("（")
    if len(text) <= LABEL_CHARS or not sep or not head or not tail.endswith("）"):
        return text, ""
    return head, tail[:-1]


class ActionDialog(_CaseDialog):
    """One action of the case's procedure, asking for exactly the fields the table names."""

    def __init__(self, ctx, detail: CaseDetail, action: Action, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(ctx, detail, action.label, parent)
        self.action = action
        notes = [action.help] if action.help else []
        if effects := clock_effects(action.event, detail.procedure, detail.green_channel):
            notes.append("期限：" + "；".join(effects))
        if notes:
            hint = QLabel("\n".join(notes))
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            # a dialog does not grow for a wrapped label's height by itself: keep the whole hint shown
            hint.setMinimumHeight(hint.heightForWidth(self.minimumWidth() - 24))
            self.form.addRow(hint)
        self.day = date_edit()
        if parties_field(action) is None:  # a 登记送达 is dated by each party's own receipt instead
            add_field(self.form, "办理日期", self.day, self.errors, "occurred_on")
        self.inputs: dict[str, QWidget] = {}
        for f in action.fields:
            widget: QWidget
            if f.type == "parties":
                widget = PartiesPicker(served_parties(detail), qdate_to_date(self.day.date()))
            elif f.type == "tribunal":  # 组成仲裁庭: seat by seat from the institute's register
                widget = TribunalPicker(ctx.call(field_sources.choices, case_id=detail.id, source=f.source),
                                        detail.procedure)
            elif f.type == "date":
                widget = date_edit()
            elif f.type == "time":  # "HH:MM" (开庭时间)
                widget = QTimeEdit()
                widget.setDisplayFormat("HH:mm")
            elif f.type == "int":
                widget = QSpinBox()
                widget.setRange(f.minimum if f.minimum is not None else 0, f.maximum if f.maximum is not None else 999)
            elif f.type == "choice":
                widget = QComboBox()
                widget.addItem("（请选择）", None)
                listed = (ctx.call(field_sources.choices, case_id=detail.id, source=f.source) if f.source
                          else f.choices)  # the case's parties or recorded suits (裁审衔接)
                for value, label in listed:
                    widget.addItem(label, value)
                if f.name == "handler" and detail.handler_id is not None:  # 承办人: the current one until changed
                    select_data(widget, detail.handler_id.hex)
            elif f.type == "bool":
                widget = QCheckBox(f.label)
            elif f.name in ("text", "reason"):
                widget = QPlainTextEdit()
                widget.setFixedHeight(90)
            else:
                widget = QLineEdit()
            self.inputs[f.name] = widget
            if f.type == "bool":
                add_field(self.form, "", widget, self.errors, f.name)
                continue
            label, hint = split_label(f.label)
            error = add_field(self.form, label, widget, self.errors, f.name)
            if hint:  # 申请延期的当事人 with （仲裁委员会依职权决定的不选） under the field, not a cut-off label
                note = QLabel(hint)
                note.setWordWrap(True)
                note.setStyleSheet("color: #555; font-size: 9pt;")
                error.parentWidget().layout().insertWidget(1, note)
        if action.key == "schedule_hearing":  # 09:30 for an hour, until changed
            booking_defaults(self.inputs)

    def values(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for name, w in self.inputs.items():
            if isinstance(w, PartiesPicker | TribunalPicker):
                out[name] = w.value()
            elif isinstance(w, QDateEdit):
                out[name] = qdate_to_date(w.date())
            elif isinstance(w, QTimeEdit):
                out[name] = w.time().toString("HH:mm")
            elif isinstance(w, QSpinBox):
                out[name] = w.value()
            elif isinstance(w, QComboBox):
                out[name] = w.currentData()
            elif isinstance(w, QCheckBox):
                out[name] = w.isChecked()
            elif isinstance(w, QPlainTextEdit):
                out[name] = w.toPlainText()
            elif isinstance(w, QLineEdit):
                out[name] = w.text()
        return out

    def save(self) -> None:
        # 确定开庭: the arbitrator, clerk or place already booked at an overlapping time is named first
        if self.action.key == "schedule_hearing" and not confirm_overlaps(self, self.ctx, self.detail.id, self.values()):
            return
        super().save()

    def call(self) -> CaseDetail:
        return self.ctx.call(workflow.perform_action, case_id=self.detail.id, expected_version=self.detail.version,
                             action=self.action.key, occurred_on=self._occurred_on(), values=self.values())

    def _occurred_on(self) -> date:
        """The 办理日期, or for a 登记送达 the earliest receipt ticked (the service dates it so)."""
        pickers = [w for w in self.inputs.values() if isinstance(w, PartiesPicker)]
        return (pickers[0].earliest() if pickers else None) or qdate_to_date(self.day.date())
