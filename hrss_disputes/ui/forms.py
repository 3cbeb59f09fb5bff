"""Form helpers: a field with its error line underneath, and date/money inputs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #c62828; font-size: 9pt;"
INVALID_PROPERTY = "invalid"


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class FieldErrors:
    """Shows the service's field errors next to the fields that caused them."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def register(self, key: str, widget: QWidget, label: QLabel) -> None:
        """``widget`` (or the inputs inside it): a change there takes the field's message away,
        the message being about what is no longer there (the service says it again if need be)."""
        self._fields[key] = (widget, label)
        for editor, signal in _change_signals(widget):
            getattr(editor, signal).connect(lambda *_, k=key: self.clear(k))

    def clear(self, key: str) -> None:
        """Take one field's message away (the field was changed)."""
        if key in self._fields and self._fields[key][1].text():
            self.show({}, only={key})

    def forget(self, prefix: str) -> None:
        """Drop the fields whose keys start with ``prefix`` (rows of a list laid out anew)."""
        self._fields = {k: v for k, v in self._fields.items() if not k.startswith(prefix)}

    def keys(self) -> list[str]:
        return list(self._fields)

    def show(self, errors: dict[str, str], *, only: set[str] | None = None) -> list[str]:
        """Display ``errors``; returns the messages that have no field here (shown elsewhere)."""
        for key, (widget, label) in self._fields.items():
            if only is not None and key not in only:
                continue
            msg = errors.get(key)
            label.setText(msg or "")
            label.setVisible(bool(msg))
            widget.setProperty(INVALID_PROPERTY, bool(msg))
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        return [m for k, m in errors.items() if k not in self._fields]

    def first_invalid(self, errors: dict[str, str]) -> QWidget | None:
        for key, (widget, _) in self._fields.items():
            if key in errors:
                return widget
        return None

    def reveal_first(self, errors: dict[str, str], *, focus: bool = True,
                     fallback: tuple[QWidget, ...] = ()) -> QWidget | None:
        """Focus the first field with an error and scroll the form to it and its message (a form
        in a scroll area: the message may lie below the fold); ``fallback``: what to show when no
        field here has an error (a list's own message). Returns the field."""
        for key, (widget, label) in self._fields.items():
            if key in errors:
                shown: tuple[QWidget, ...] = (widget, label)
                break
        else:
            widget, shown = (fallback[0] if fallback else None), fallback
        if widget is not None and focus:
            widget.setFocus()
        if shown:
            scroll_into_view(*shown)
        return widget


def _scroll_area(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None and parent.widget().isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


def scroll_into_view(*widgets: QWidget) -> None:
    """Scroll the scroll area holding ``widgets`` (a field, then its message) so that they show,
    the first one above all: now, and again once the layout has placed a message just shown."""
    scroll = _scroll_area(widgets[0]) if widgets else None
    if scroll is None:
        return

    def reveal() -> None:
        inner = scroll.widget()
        if inner is not None and inner.layout() is not None:
            inner.layout().activate()
        for w in reversed(widgets):  # the last first, so that the first is surely in view
            if w.isVisible():
                scroll.ensureWidgetVisible(w, 10, 10)

    reveal()
    QTimer.singleShot(0, scroll, reveal)


# what each kind of input says when the person changes it
_SIGNALS: tuple[tuple[type, str], ...] = (
    (QLineEdit, "textChanged"), (QPlainTextEdit, "textChanged"), (QTextEdit, "textChanged"),
    (QComboBox, "currentIndexChanged"), (QDateEdit, "dateChanged"), (QSpinBox, "valueChanged"),
    (QDoubleSpinBox, "valueChanged"), (QAbstractButton, "toggled"),
)


def _change_signals(widget: QWidget) -> list[tuple[QWidget, str]]:
    """(input, its change signal) of a field: the widget itself, or the inputs of a composite one."""
    for kind, signal in _SIGNALS:
        if isinstance(widget, kind):
            return [(widget, signal)]
    return [(child, signal) for kind, signal in _SIGNALS for child in widget.findChildren(kind)
            if not isinstance(child, QPushButton)]


def field_box(widget: QWidget, errors: FieldErrors, key: str) -> tuple[QWidget, QLabel]:
    """The field with its error line underneath, registered under ``key``: the box to lay out and
    the error line."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(1)
    lay.addWidget(widget)
    label = error_label()
    lay.addWidget(label)
    errors.register(key, widget, label)
    return box, label


def add_field(form: QFormLayout, text: str, widget: QWidget, errors: FieldErrors, key: str) -> QLabel:
    """A form row whose field has an error line underneath."""
    box, label = field_box(widget, errors, key)
    form.addRow(text, box)
    return label


def input_state(root: QWidget) -> list[tuple[str, object]]:
    """What the inputs under ``root`` hold now (texts, choices, dates, ticks, table cells), in
    order: two states differ when something was typed, chosen or added."""
    out: list[tuple[str, object]] = []
    for w in root.findChildren(QWidget):
        if isinstance(w, QLineEdit) and not isinstance(w.parent(), QAbstractSpinBox | QComboBox):
            out.append(("line", w.text()))
        elif isinstance(w, QPlainTextEdit | QTextEdit):
            out.append(("text", w.toPlainText()))
        elif isinstance(w, QComboBox):
            out.append(("choice", (w.currentIndex(), w.currentText())))
        elif isinstance(w, QAbstractSpinBox):  # dates, times, numbers
            out.append(("spin", w.text()))
        elif isinstance(w, QAbstractButton) and w.isCheckable() and not isinstance(w, QPushButton):
            out.append(("tick", w.isChecked()))
        elif isinstance(w, QTableWidget):
            out.append(("table", tuple(
                w.item(r, c).text() if w.item(r, c) else "" for r in range(w.rowCount())
                for c in range(w.columnCount()))))
    return out


def ask_discard(parent: QWidget) -> bool:
    """放弃已填写的内容？ — True when the person chose 放弃 (继续填写 and Esc keep the dialog)."""
    box = QMessageBox(QMessageBox.Icon.Question, "放弃已填写的内容？",
                      "已填写的内容尚未保存，关闭后将不保留。", parent=parent)
    drop = box.addButton("放弃", QMessageBox.ButtonRole.DestructiveRole)
    back = box.addButton("继续填写", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is drop


class DiscardGuard:
    """Mixin for a form dialog (put before QDialog in the bases): Esc, 取消 or the window's close
    with typed content asks 放弃已填写的内容？ first. What the inputs hold is noted when the dialog
    is shown (``guarded_root()``'s inputs; ``mark_clean()`` notes it again after a load or save).
    Only a modal dialog asks (the program runs every form dialog by exec()): one merely shown
    beside a window has nobody waiting on a question."""

    _clean_state: list | None = None

    def guarded_root(self) -> QWidget:
        return self  # type: ignore[return-value]

    def mark_clean(self) -> None:
        self._clean_state = input_state(self.guarded_root())

    def typed(self) -> bool:
        return self._clean_state is not None and input_state(self.guarded_root()) != self._clean_state

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)  # type: ignore[misc]
        if self._clean_state is None:
            self.mark_clean()

    def reject(self) -> None:
        if self.isModal() and self.typed() and not ask_discard(self):  # type: ignore[attr-defined]
            return
        super().reject()  # type: ignore[misc]

    def close_unasked(self) -> None:
        """Close as rejected without asking (the dialog's own work ended it, e.g. decided elsewhere)."""
        super().reject()  # type: ignore[misc]


def date_edit(value: date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate(value) if value else QDate.currentDate())
    return edit


def qdate_to_date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class OptionalDate(QWidget):
    """A date that may be left empty: a checkbox switches the date field on."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(text)
        self.edit = date_edit()
        self.edit.setEnabled(False)
        self.check.toggled.connect(self.edit.setEnabled)
        lay.addWidget(self.check)
        lay.addWidget(self.edit, 1)

    def value(self) -> date | None:
        return qdate_to_date(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(QDate(value))


def money_text(value) -> str:  # noqa: ANN001
    """12000.5 → '12,000.50'; None → ''."""
    if value is None:
        return ""
    return f"{value:,.2f}"


def fmt_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def align_right() -> Qt.AlignmentFlag:
    return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def select_data(combo, value) -> bool:  # noqa: ANN001
    """Select the item whose data equals ``value`` (findData cannot compare Python objects)."""
    for i in range(combo.count()):
        if combo.itemData(i) == value:
            combo.setCurrentIndex(i)
            return True
    return False


def fill_handlers(combo, ctx, office_id, selected, roles=None) -> None:  # noqa: ANN001
    """The office's own staff (of ``roles`` when given) as 承办人 choices, ``selected`` (a user id)
    chosen when among them."""
    from ..services import offices

    combo.clear()
    if office_id is None:
        return
    for u in ctx.call(offices.list_users, office_id=office_id, include_sub_offices=False):
        if roles is not None and u.role not in roles:
            continue
        combo.addItem(f"{u.display_name}（{u.role.label}）", u.id)
    select_data(combo, selected)


def close_row(dialog) -> QHBoxLayout:  # noqa: ANN001
    """A right-aligned 关闭 button; on a form dialog (DiscardGuard) it asks as Esc does before
    typed content is lost."""
    close = QPushButton("关闭")
    close.clicked.connect(dialog.reject if isinstance(dialog, DiscardGuard) else dialog.accept)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(close)
    return row


def dialog_buttons(dialog, on_accept, ok_text: str = "保存", cancel_text: str = "取消"):  # noqa: ANN001, ANN201
    """OK/Cancel with Chinese labels; OK runs ``on_accept`` (which decides whether to close)."""
    from PySide6.QtWidgets import QDialogButtonBox

    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Save).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def show_form_errors(fields: FieldErrors, general: QLabel, errors: dict[str, str]) -> None:
    """Errors at their fields; any without a field go on the general line under the form."""
    rest = fields.show(errors)
    general.setText("\n".join(dict.fromkeys(rest)))
    general.setVisible(bool(rest))
    fields.reveal_first(errors, focus=False, fallback=(general,) if rest else ())  # a scrolling form: into view


def submit(fields: FieldErrors, general: QLabel, call) -> bool:  # noqa: ANN001
    """Run a dialog's service call: field errors at their fields, any other refusal on the
    general line; True when it went through."""
    from ..db import DatabaseError
    from ..services.errors import ServiceError, ValidationFailed

    try:
        call()
    except ValidationFailed as e:
        show_form_errors(fields, general, e.errors)
        return False
    except (ServiceError, DatabaseError) as e:
        show_form_errors(fields, general, {"": str(e)})
        return False
    return True
