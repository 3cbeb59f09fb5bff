"""Import the database layer on a second core while Qt starts up.

SQLAlchemy, SQLModel and the services take a few hundred milliseconds to import, mostly disk
reads and module set-up; overlapping them with Qt's start shortens the time to the first page.

The main thread must not import any of those modules while the preload thread is still at it:
PySide6 hooks every import to look at the new module's source, and for pydantic that look
imports another pydantic module. Two threads importing pydantic can then wait on each other's
module locks; Python breaks the deadlock by handing one of them a half-initialised module and
the start fails with an ImportError (seen about once in 30 starts). So the window waits here,
after its own Qt set-up, before it touches the database.
"""

from __future__ import annotations

import threading

_thread: threading.Thread | None = None


def start() -> None:
    global _thread
    if _thread is None:

        def work() -> None:
            from .services import case_list, offices  # noqa: F401

        _thread = threading.Thread(target=work, name="preload", daemon=True)
        _thread.start()


def wait() -> None:
    """Return once the preload thread (if any was started) has finished importing."""
    if _thread is not None:
        _thread.join()
