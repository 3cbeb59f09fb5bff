"""Inputs that hold no more than their column keeps (issue 20.4): the limit is the table's own
(services.lengths.max_length); typing stops there, saying so at the field, and a paste that would
go past it is refused whole, with the message at the field, rather than cut short where nobody
sees it — in a line edit and in an editable combo box alike."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QComboBox, QLineEdit

from ..services.lengths import max_length, too_long
from .forms import FieldErrors


class _PasteGuard(QObject):
    """Refuses a paste (Ctrl+V, Shift+Insert, the context menu's 粘贴) that would make the text
    longer than the limit, and says so at the field."""

    def __init__(self, edit: QLineEdit, limit: int, label: str, errors: FieldErrors, key: str):
        super().__init__(edit)
        self.edit, self.limit, self.label, self.errors, self.key = edit, limit, label, errors, key

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.KeyPress and event.matches(QKeySequence.StandardKey.Paste):
            return self._refused()
        if event.type() == QEvent.Type.ContextMenu:
            menu = self.edit.createStandardContextMenu()
            for action in menu.actions():
                if action.objectName() == "edit-paste":
                    action.triggered.disconnect()
                    action.triggered.connect(self.paste)
            menu.exec(event.globalPos())
            menu.deleteLater()
            return True
        return False

    def paste(self) -> None:
        if not self._refused():
            self.edit.paste()

    def typed_past(self) -> None:
        """A key typed at the limit (QLineEdit.inputRejected): said at the field, not swallowed unseen."""
        if len(self.edit.text()) >= self.limit:
            self.errors.show({self.key: f"{self.label}不能超过 {self.limit} 个字，多出的字未录入"}, only={self.key})

    def _refused(self) -> bool:
        pasted = QGuiApplication.clipboard().text()
        n = len(self.edit.text()) - len(self.edit.selectedText()) + len(pasted)
        if n <= self.limit:
            return False
        self.errors.show({self.key: too_long(self.label, self.limit, n).replace("（现有", "（粘贴后有")
                          + "，未粘贴"}, only={self.key})
        return True


def cap_to_column(widget: QLineEdit | QComboBox, table: str, column: str, *, label: str,
                  errors: FieldErrors, key: str) -> int | None:
    """Let ``widget`` (a line edit, or an editable combo box's) hold at most what ``table.column``
    keeps; a refused paste is said at the field ``key`` of ``errors``. Returns the limit."""
    edit = widget.lineEdit() if isinstance(widget, QComboBox) else widget
    limit = max_length(table, column)
    if edit is None or limit is None:
        return limit
    # text already there (a value saved before limits were checked, on SQLite) is shown whole, not
    # cut where nobody sees it: the service asks for it to be shortened when it is saved
    edit.setMaxLength(max(limit, len(edit.text())))
    guard = _PasteGuard(edit, limit, label, errors, key)
    edit.installEventFilter(guard)
    if isinstance(widget, QComboBox):  # an editable combo keeps the focus: Ctrl+V reaches it, not its line edit
        widget.installEventFilter(guard)
        edit.textChanged.connect(lambda *_: errors.clear(key))  # the combo's own signal is its index
    edit.inputRejected.connect(guard.typed_past)
    return limit
