"""The case view's 办理 buttons: a short label (the action's name before its parenthesis, the
full name in the tooltip), two columns when they fit the pane's width and one when they do not,
so that no button is cut and the pane never needs a horizontal scroll."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

COLUMNS = 2  # at most


def short_label(label: str) -> str:
    """调解结案（制作仲裁调解书） → 调解结案: what the button says; the tooltip says the rest."""
    return label.split("（", 1)[0] or label


class ActionButtons(QWidget):
    """Buttons laid out again when the width changes (``buttons`` in the order added)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[QPushButton] = []
        self.columns = 0

    def set_buttons(self, buttons: list[QPushButton]) -> None:
        for b in self.buttons:
            self.grid.removeWidget(b)
            b.deleteLater()
        self.buttons = list(buttons)
        for b in self.buttons:
            b.setParent(self)
        widest = max((b.sizeHint().width() for b in self.buttons), default=0)
        self.setMinimumWidth(widest)  # one column: never wider than its widest button
        self.columns = 0
        self._lay_out(self.width())

    def fitting_columns(self, width: int) -> int:
        widest = max((b.sizeHint().width() for b in self.buttons), default=0)
        spacing = max(self.grid.horizontalSpacing(), 0)
        return COLUMNS if widest and COLUMNS * widest + (COLUMNS - 1) * spacing <= width else 1

    def _lay_out(self, width: int) -> None:
        columns = self.fitting_columns(width)
        if columns == self.columns:
            return
        self.columns = columns
        for b in self.buttons:
            self.grid.removeWidget(b)
        for i, b in enumerate(self.buttons):
            self.grid.addWidget(b, i // columns, i % columns)
            b.show()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._lay_out(event.size().width())
