"""The real start-up path on a database, signing in as ``admin`` at the login as soon as it is up;
prints 'shown N' once the first page of cases is painted."""

import sys

from hrss_disputes import preload

preload.start()  # as cli.main does before the window
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from hrss_disputes.ui.app import make_app, start_gui  # noqa: E402

PASSWORD = sys.argv[2]


def sign_in() -> None:
    from hrss_disputes.ui.login import LoginDialog

    dlg = QApplication.activeModalWidget()
    if isinstance(dlg, LoginDialog):
        dlg.username.setText("admin")
        dlg.password.setText(PASSWORD)
        dlg.sign_in()
    else:
        QTimer.singleShot(1, sign_in)


make_app()
QTimer.singleShot(0, sign_in)
window = start_gui(sys.argv[1])
if isinstance(window, int):
    sys.exit(window)
QApplication.processEvents()
print("shown", window.list_page.model.rowCount(), flush=True)
