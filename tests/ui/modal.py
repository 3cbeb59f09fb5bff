"""Driving modal dialogs from a test: they block in exec(), so the test answers from a timer."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def when_modal(cls: type, handle) -> None:  # noqa: ANN001
    """Run ``handle(dialog)`` once a modal dialog of ``cls`` is up (it blocks in exec())."""

    def poll() -> None:
        dlg = QApplication.activeModalWidget()
        if isinstance(dlg, cls):
            try:
                handle(dlg)
            except BaseException:
                dlg.reject()  # a failed check must fail the test (pytest-qt reports it), not hang in exec()
                raise
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
