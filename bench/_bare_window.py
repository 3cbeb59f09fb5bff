"""Baseline: a bare PySide6 window, shown; prints 'shown' once painted."""

import sys

from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1366, 768)
w.show()
app.processEvents()
print("shown", flush=True)
