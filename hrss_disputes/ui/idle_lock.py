"""The window locks itself after a while without keyboard or mouse (a laptop left on the
hearing table): the cases are hidden until the same user's password is typed again."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                          QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class IdleWatcher(QObject):
    """Calls ``on_idle`` once the application has had no input for ``minutes``."""

    def __init__(self, minutes: int, on_idle, parent: QObject | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.minutes = minutes
        self.on_idle = on_idle
        self.last_input = time.monotonic()
        self.paused = False
        QApplication.instance().installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(5000)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in INPUT_EVENTS:
            self.last_input = time.monotonic()
        return False

    def idle_seconds(self) -> float:
        return time.monotonic() - self.last_input

    def check(self) -> None:
        if not self.paused and self.idle_seconds() >= self.minutes * 60:
            self.paused = True  # until unlocked
            self.on_idle()

    def resume(self) -> None:
        self.last_input = time.monotonic()
        self.paused = False

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
