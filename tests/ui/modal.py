"""Driving modal dialogs from a test: they block in exec(), so the test answers from a timer."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

_generation = [0]  # raised at each test's end: a handler whose dialog never came stops polling


def forget_waiting() -> None:
    """Stop every handler still waiting, so that none answers a later test's dialog."""
    _generation[0] += 1


def when_modal(cls: type, handle) -> None:  # noqa: ANN001
    """Run ``handle(dialog)`` once a modal dialog of ``cls`` is up (it blocks in exec()), within
    the test that asked."""
    generation = _generation[0]

    def poll() -> None:
        if generation != _generation[0]:
            return
        dlg = QApplication.activeModalWidget()
        if isinstance(dlg, cls):
            try:
                handle(dlg)
            except BaseException:
                # a failed check must fail the test (pytest-qt reports it), not hang in exec() (nor in
                # the 放弃已填写的内容？ question of a form dialog)
                getattr(dlg, "close_unasked", dlg.reject)()
                raise
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
