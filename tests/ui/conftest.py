"""UI fixtures: the main window on a fresh database, and where screenshots go."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hrss_disputes.ui.app import STYLE, install_font

# the PostgreSQL pass runs beside the SQLite one: its screenshots go to a folder of their own
SHOTS = Path(__file__).resolve().parents[2] / "out" / ("screenshots-pg" if os.environ.get("HRSS_TEST_PG") else "screenshots")


@pytest.fixture
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


@pytest.fixture
def app_font(qapp) -> str | None:  # noqa: ANN001
    qapp.setStyleSheet(STYLE)
    return install_font(qapp)


@pytest.fixture(autouse=True)
def _no_stray_modal_handlers():  # noqa: ANN202
    """A modal-dialog handler left waiting by a test (its dialog never came) must not answer the
    next test's dialog."""
    yield
    from tests.ui.modal import forget_waiting

    forget_waiting()


def show_main_window(qtbot, ctx):  # noqa: ANN001, ANN201
    """The main window for ctx.actor at laptop size, shown."""
    from hrss_disputes.ui.main_window import MainWindow

    w = MainWindow(ctx, db_label="test.db")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def show_stats(qtbot, ctx, year: int = 2026, month: int = 10):  # noqa: ANN001, ANN201
    """The main window on its 统计 page (chosen in the navigation, as a person does) for a month."""
    from hrss_disputes.ui.main_window import STATS_TAB

    window = show_main_window(qtbot, ctx)
    window.nav.setCurrentRow(window.nav.count() - 1)  # 统计
    assert window.tabs.currentIndex() == STATS_TAB
    page = window.stats_page
    page.year.setValue(year)
    page.month.setValue(month)
    return window, page


@pytest.fixture
def window(qtbot, ctx, app_font):  # noqa: ANN001, ANN201
    return show_main_window(qtbot, ctx)
