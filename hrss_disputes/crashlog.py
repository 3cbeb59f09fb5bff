"""The log file and the crash hooks shared by the window and the command line.

Everything goes to one rotating, owner-only file in the per-user data folder
(``<data folder>/logs/hrss_disputes.log``), never only to stderr: a windowed build on Windows
has no console. A filter masks ID numbers and phone numbers and drops what follows a password,
passphrase or SQLCipher key, in the message and in the traceback alike.

Light on purpose (standard library only): the command line and the window call it first.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import threading
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from .paths import data_dir

LOG_NAME = "hrss_disputes.log"
MAX_BYTES = 1_000_000
BACKUPS = 4
FORMAT = "%(asctime)s %(levelname)s [%(process)d %(threadName)s] %(name)s: %(message)s"

log = logging.getLogger("hrss_disputes")

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<![0-9A-Za-z])(\d{3})\d{4}(\d{4})(?![0-9A-Za-z])")
# PRAGMA key = '…', PRAGMA rekey = "…", ATTACH … KEY '…' (quotes doubled inside a literal)
_SQL_KEY = re.compile(r"(?i)\b((?:re)?key\s*(?:=\s*)?)('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")")
# password=…, passphrase: …, 密码：…, 口令=…: a quoted value, else the rest of the line (a
# passphrase may be a sentence)
_SECRET = re.compile(r"(?i)((?:pass(?:word|phrase|wd)?|pwd|secret|密码|口令)['\"]?\s*[=:：]\s*)"
                     r"('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\n]+)")
# the password of a URL (postgresql://user:PASSWORD@host/db), mistyped ones too (postgresql:/…,
# postgresql//…, postgres:user:…@): from ``user:`` up to the last @ before the host, whatever the
# password holds (spaces, tabs, quotes, @, / or ?): the first @, then any further @-ended pieces
# without a ? (an @ in the query stays). ``host:5432/`` is a port, not a password; ``:***@`` is
# masked already.
_URL_PASSWORD = re.compile(r"(?i)\b((?:[a-z][a-z0-9+.-]*:/{1,2}|postgres[a-z0-9+.-]*(?::/{0,2}|/{1,2}))[^\s:/@'\"]*)"
                           r":(?!\d+(?:[/?\s'\",;)]|$)|\*\*\*@)[^@\n]*@(?:[^@?\n]*@)*")
# user:password@host written without a scheme (a mistyped --db)
_BARE_CREDENTIALS = re.compile(r"(?<![\w/:.@-])([\w.-]+):[^\s@/:]+@(?=[\w\[])")


def hide_url_passwords(text: str) -> str:
    """``text`` with the password of every URL in it replaced by ***."""
    return _BARE_CREDENTIALS.sub(r"\1:***@", _URL_PASSWORD.sub(r"\1:***@", text))


def mask(text: str) -> str:
    """``text`` with ID numbers (18 digits) and phone numbers (11 digits) masked, and any
    password (a URL's too), passphrase or database key replaced by ***."""
    text = hide_url_passwords(text)
    text = _SQL_KEY.sub(r"\1'***'", text)
    text = _SECRET.sub(r"\1***", text)
    text = _ID_NUMBER.sub(r"\1********\2", text)
    return _PHONE.sub(r"\1****\2", text)


class MaskFilter(logging.Filter):
    """Renders the record's message and traceback once, masked, so no handler sees the raw text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            text = f"{record.msg!r} {record.args!r}"
        if record.exc_info and record.exc_info[0] is not None:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        elif record.exc_text:
            text += "\n" + record.exc_text
        if record.stack_info:
            text += "\n" + record.stack_info
        record.msg, record.args = mask(text), ()
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


class _OwnerOnlyFileHandler(RotatingFileHandler):
    """Every file it opens (the log and each new one after a rotation) is readable by its owner only."""

    def _open(self):  # noqa: ANN202
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with contextlib.suppress(OSError):
            os.chmod(self.baseFilename, 0o600)  # a file made before by another program
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)  # noqa: SIM115


_handler: RotatingFileHandler | None = None


def log_dir() -> Path:
    return data_dir() / "logs"


def log_path() -> Path:
    """The log file in use, or where it will be."""
    return Path(_handler.baseFilename) if _handler is not None else log_dir() / LOG_NAME


def setup_logging(folder: Path | None = None) -> Path:
    """Log (INFO and up, the program's own and its libraries') to the rotating file in ``folder``
    (default: the data folder's logs/); returns the file. Calling it again changes nothing, or
    moves the log to another ``folder``. A folder that cannot be written leaves logging as it was."""
    global _handler
    path = (folder or log_dir()) / LOG_NAME
    if _handler is not None and Path(_handler.baseFilename) == path.resolve():
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = _OwnerOnlyFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return path
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(MaskFilter())
    root = logging.getLogger()
    shutdown_logging()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    logging.captureWarnings(True)
    _handler = handler
    return path


def enable_fatal_log(folder: Path | None = None) -> None:
    """A crash Python cannot catch (a fault inside Qt or a driver) leaves its stack in
    logs/fatal.log (owner-only) instead of a console the windowed build lacks."""
    import faulthandler

    path = (folder or log_dir()) / "fatal.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError:
        return
    global _fatal_file
    _fatal_file = open(fd, "a", encoding="utf-8")  # noqa: SIM115  kept open for the process's life
    faulthandler.enable(_fatal_file)


_fatal_file = None


def shutdown_logging() -> None:
    """Close the log file (tests; a second setup_logging() elsewhere)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


def describe(exc: BaseException) -> str:
    """One masked line for a person: the error's type and message."""
    return mask(f"{type(exc).__name__}: {exc}")[:500]


def command_line(argv: list[str] | None = None) -> str:
    """How the program was started (``sys.argv``), masked: a ``--db`` URL's password never shows."""
    import shlex

    return mask(" ".join(shlex.quote(arg) for arg in (sys.argv if argv is None else argv)))


def log_crash(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
              where: str = "") -> None:
    log.critical("未处理的异常%s；启动命令：%s", f"（{where}）" if where else "", command_line(),
                 exc_info=(exc_type, exc, tb))
    if _handler is not None:
        _handler.flush()


def _echo(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """The traceback on stderr when there is one (a console), masked like the log; a windowed
    build has none."""
    if sys.stderr is None:
        return
    import traceback

    with contextlib.suppress(Exception):  # a closed or broken stderr
        sys.stderr.write(mask("".join(traceback.format_exception(exc_type, exc, tb))))
        sys.stderr.flush()


def install_hooks(on_crash: Callable[[BaseException], None] | None = None,
                  expected: tuple[type[BaseException], ...] = (),
                  said: tuple[type[BaseException], ...] = (),
                  on_said: Callable[[BaseException], None] | None = None) -> None:
    """Log every uncaught exception (main thread and other threads) to the log file, echo it on
    stderr if there is one, then call ``on_crash`` (the window's dialog; it must not raise).
    An ``expected`` one is no fault (the window deals with it elsewhere): one line, no dialog.
    A ``said`` one is no fault either but the person must hear it (a database server gone: its
    Chinese sentence): a warning in the log, then ``on_said``."""

    def handled(exc: BaseException) -> bool:
        if isinstance(exc, expected):
            log.info("操作未进行：%s", describe(exc))
            return True
        if isinstance(exc, said):
            log.warning("操作未完成：%s", mask(str(exc)))
            if on_said is not None:
                try:
                    on_said(exc)
                except Exception:
                    log.exception("错误提示本身出错")
            return True
        return False

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            _echo(exc_type, exc, tb)
            return
        if handled(exc):
            return
        log_crash(exc_type, exc, tb)
        _echo(exc_type, exc, tb)
        if on_crash is not None:
            try:
                on_crash(exc)
            except Exception:
                log.exception("崩溃提示本身出错")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        if handled(args.exc_value):
            return
        name = args.thread.name if args.thread is not None else "?"
        log_crash(args.exc_type, args.exc_value, args.exc_traceback, where=f"线程 {name}")
        _echo(args.exc_type, args.exc_value, args.exc_traceback)
        if on_crash is not None:
            try:
                on_crash(args.exc_value)
            except Exception:
                log.exception("崩溃提示本身出错")

    sys.excepthook = hook
    threading.excepthook = thread_hook
