"""The log file: owner-only, rotating, in the data folder, with ID numbers, phones and secrets
masked; uncaught exceptions in any thread land in it even when there is no stderr."""

from __future__ import annotations

import logging
import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from hrss_disputes import crashlog


@pytest.fixture
def log_file(tmp_path: Path):  # noqa: ANN201
    saved = sys.excepthook, threading.excepthook
    path = crashlog.setup_logging(tmp_path / "logs")
    yield path
    crashlog.shutdown_logging()
    sys.excepthook, threading.excepthook = saved


def test_the_log_lives_in_the_data_folder(monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    from hrss_disputes.db import default_db_path

    assert crashlog.log_dir() == tmp_path / "hrss_disputes" / "logs"
    assert default_db_path().parent == crashlog.log_dir().parent  # beside the default database


def test_masking() -> None:
    text = crashlog.mask("申请人 440783198503120013 电话13812345678 (8 位号 12345678 不变)\n"
                         "PRAGMA key = 'it''s secret' 口令=correct horse battery\npassword: 'hunter2' 后文")
    assert "440783********0013" in text and "138****5678" in text
    for secret in ("198503120", "12345678 (", "secret", "correct", "horse", "battery", "hunter2"):
        assert secret not in text
    assert "12345678 不变" in text and "后文" in text  # short numbers (amounts, dates) stay
    assert crashlog.mask("ATTACH DATABASE 'x.db' AS enc KEY 'pass phrase 123'") == \
        "ATTACH DATABASE 'x.db' AS enc KEY '***'"


def test_records_and_tracebacks_are_masked_and_the_file_is_owner_only(log_file: Path) -> None:
    logging.getLogger("hrss_disputes.test").info("打开 %s 的案件，电话 %s", "44078319850312001X", "13912345678")
    try:
        raise ValueError("passphrase=topsecret id 440783198503120013")
    except ValueError:
        logging.getLogger("hrss_disputes.test").exception("出错了")
    text = log_file.read_text(encoding="utf-8")
    assert "440783********001X" in text and "139****5678" in text and "Traceback" in text
    assert "topsecret" not in text and "198503120" not in text and "12345678" not in text
    if os.name == "posix":
        assert stat.S_IMODE(log_file.stat().st_mode) == 0o600


def test_the_file_rotates(log_file: Path, monkeypatch) -> None:  # noqa: ANN001
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.handlers.RotatingFileHandler))
    monkeypatch.setattr(handler, "maxBytes", 2000)
    for i in range(100):
        logging.getLogger("hrss_disputes").warning("第 %d 行 %s", i, "x" * 50)
    rotated = log_file.with_name(log_file.name + ".1")
    assert rotated.exists() and log_file.stat().st_size <= 2000
    if os.name == "posix":
        assert stat.S_IMODE(log_file.stat().st_mode) == 0o600


def test_uncaught_exceptions_are_logged_without_a_console(log_file: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(sys, "stderr", None)  # a windowed build: no console at all
    seen: list[BaseException] = []
    crashlog.install_hooks(on_crash=seen.append)
    try:
        raise RuntimeError("主线程出错 13812345678")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())

    def boom() -> None:
        raise KeyError("线程出错")

    t = threading.Thread(target=boom, name="daily-backup")
    t.start()
    t.join()
    text = log_file.read_text(encoding="utf-8")
    assert "RuntimeError: 主线程出错 138****5678" in text
    assert "KeyError: '线程出错'" in text and "线程 daily-backup" in text
    assert [type(e) for e in seen] == [RuntimeError, KeyError]
    assert crashlog.describe(seen[0]) == "RuntimeError: 主线程出错 138****5678"
