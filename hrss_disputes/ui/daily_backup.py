"""The day's automatic backup, off the UI thread: a database of hundreds of thousands of cases
takes seconds to copy, and the person at the desk should not wait for it."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from ..db import DatabaseError
from ..services import backups
from ..services.errors import ServiceError


class DailyBackup(QObject):
    done = Signal(str)  # what to show in the status bar (delivered on the UI thread)

    def __init__(self, ctx, parent: QObject | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="daily-backup", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            made = self.ctx.call(backups.daily_backup)
        except (ServiceError, DatabaseError) as e:
            self.done.emit(f"今日自动备份未完成：{e}（管理员可在“文件 → 立即备份数据库”中备份）")
            return
        if made is not None:
            self.done.emit(f"今日自动备份已完成：{made}")
