"""The real start-up path on a database, signing in as ``admin`` (or the user named third) at the
login as soon as it is up; prints 'shown N' once the first page of cases is painted.

    python bench/_app_first_page.py DB PASSWORD [USERNAME]

DB ``-``: the database named by HRSS_DB (a server URL's password is then in no process list)."""

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from hrss_disputes.ui.app import make_app, start_gui

PASSWORD = sys.argv[2]
USERNAME = sys.argv[3] if len(sys.argv) > 3 else "admin"


def sign_in() -> None:
    from hrss_disputes.ui.login import LoginDialog

    dlg = QApplication.activeModalWidget()
    if isinstance(dlg, LoginDialog):
        dlg.username.setText(USERNAME)
        dlg.password.setText(PASSWORD)
        dlg.sign_in()
    else:
        QTimer.singleShot(1, sign_in)


make_app()
QTimer.singleShot(0, sign_in)
window = start_gui(os.environ["HRSS_DB"] if sys.argv[1] == "-" else sys.argv[1])
if isinstance(window, int):
    sys.exit(window)
QApplication.processEvents()
print("shown", window.list_page.model.rowCount(), flush=True)
