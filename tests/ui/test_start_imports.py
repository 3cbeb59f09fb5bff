"""The window's start imports on one thread. A thread that imported the database layer while
the main thread went on with Qt (issue 20's hrss_disputes.preload) failed about one start in 20:
two threads importing can deadlock on module locks and Python hands one a half-initialised
module ("cannot import name 'base_subprocess' from partially initialized module 'asyncio'", a
pydantic circular import). A real start, every import recorded with its thread, shows that no
other thread imports (and a change that brings such a thread back fails here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Run as its own process (audit hooks cannot be removed, and a start imports for the first time
# only once per process): records (thread, module) for every import statement (builtins.__import__,
# wrapped before PySide6 wraps it in turn) and every module newly loaded (the "import" audit event,
# which importlib.import_module raises too). The start ends at its first dialog (the login or the
# first-start choice), which is refused, after the database was opened.
CHILD = r"""
import builtins, json, sys, threading

events = []

def record(module):
    events.append((threading.current_thread().name, module))

def audit(event, args):
    if event == "import":
        record(args[0])

sys.addaudithook(audit)
real_import = builtins.__import__

def traced_import(name, globals=None, locals=None, fromlist=(), level=0):
    record(("." * level) + name)
    return real_import(name, globals, locals, fromlist, level)

builtins.__import__ = traced_import

from PySide6.QtWidgets import QDialog

def refuse(self):
    record("<first dialog>")
    return QDialog.DialogCode.Rejected

QDialog.exec = refuse

from hrss_disputes.cli import main

code = main(["--db", sys.argv[1]])
builtins.__import__ = real_import
print(json.dumps({"code": code, "events": events}))
"""


def _start(db_target: str, tmp_path: Path) -> tuple[int, list[tuple[str, str]]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", CHILD, db_target], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    said = json.loads(done.stdout.strip().splitlines()[-1])
    return said["code"], [tuple(e) for e in said["events"]]


def test_a_start_imports_on_one_thread_only(db_target, tmp_path) -> None:  # noqa: ANN001
    code, events = _start(db_target, tmp_path)
    assert code == 0  # ended at its first dialog, refused
    modules = [module for _, module in events]
    assert modules[-1] == "<first dialog>"
    others = sorted({(thread, module) for thread, module in events if thread != "MainThread"})
    assert others == [], f"imported beside the window's thread: {others[:20]}"
    # the whole start was recorded: Qt, the database layer, the login's or first start's dialog
    assert {"PySide6.QtWidgets", "sqlalchemy", "sqlmodel", "pydantic", "hrss_disputes.services.offices",
            "hrss_disputes.ui.crash_dialog"} <= set(modules)
