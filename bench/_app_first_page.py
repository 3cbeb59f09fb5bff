"""The real start-up path on a database; prints 'shown N' once the first page of cases is painted."""

import sys

from hrss_disputes import preload

preload.start()  # as cli.main does before the window
from hrss_disputes.ui.app import start_gui  # noqa: E402

window = start_gui(sys.argv[1])
if isinstance(window, int):
    sys.exit(window)
from PySide6.QtWidgets import QApplication  # noqa: E402

QApplication.processEvents()
print("shown", window.list_page.model.rowCount(), flush=True)
