"""The window while the database is slow or gone: the poll for others' changes runs off the
window's thread, so a server that stops answering mid-statement never freezes the window; the
status bar says the connection is down and an action meanwhile is refused at once (it would hang
the window's thread), and when the server answers again the line goes and the screen is read
again. A database upgraded past this program's schema under an open window is
said there too, and every action is refused with that sentence."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from sqlalchemy import text
from sqlalchemy.engine import make_url

from hrss_disputes.db import DatabaseError, open_database
from hrss_disputes.services import cases
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.ui import live_refresh
from tests.conftest import PG_URL
from tests.factories import arbitration_input
from tests.ui.conftest import show_main_window

SHOTS20 = Path("/tmp/shots20")


class PausableProxy:
    """A TCP proxy in front of the server whose relaying can be paused: the connections stay
    open (the kernel still takes the bytes) but nothing is answered — a server stopped with
    SIGSTOP, or hung, as the window meets it."""

    def __init__(self, port: int):
        self.target = port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.relaying = threading.Event()
        self.relaying.set()
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, name="proxy-accept", daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            self.sockets += [client, server]
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(src, dst), name="proxy-pipe", daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                self.relaying.wait()
                dst.sendall(data)
        for sock in (src, dst):
            with contextlib.suppress(OSError):
                sock.close()

    def pause(self) -> None:
        self.relaying.clear()

    def resume(self) -> None:
        self.relaying.set()

    def close(self) -> None:
        self.resume()
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.close()


@pytest.mark.skipif(not PG_URL, reason="needs the PostgreSQL test cluster (HRSS_TEST_PG)")
def test_a_server_that_stops_answering_never_freezes_the_window(qtbot, ctx, admin, db_target, app_font,
                                                                monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(live_refresh, "SLOW_MS", 1500)
    url = make_url(db_target)
    proxy = PausableProxy(url.port)
    proxied = open_database(url.set(port=proxy.port).render_as_string(hide_password=False))
    try:
        window = show_main_window(qtbot, ServiceContext(proxied, actor=admin))
        shown = window.list_page.model.rowCount()
        beats: list[float] = []
        heartbeat = QTimer()
        heartbeat.setInterval(50)
        heartbeat.timeout.connect(lambda: beats.append(time.monotonic()))
        heartbeat.start()

        proxy.pause()
        started = time.monotonic()
        window.live.poll_soon()  # the timer's poll: its statement now gets no answer
        qtbot.waitUntil(lambda: window.live.banner.isVisible(), timeout=10_000)
        qtbot.wait(1000)
        assert window.live._reading is not None  # the read still hangs in its thread ...
        during = [b for b in beats if b > started]
        # ... and the window runs: its 50 ms heartbeat beats on (a blocked window would not beat at
        # all; the margin is for a loaded machine)
        assert len(during) >= 10 and max(b - a for a, b in zip(during, during[1:], strict=False)) < 3.0
        assert window.live.banner.text() == live_refresh.AWAY_SERVER
        window.grab().save(str(SHOTS20 / "server_away_banner.png"))

        clicked = time.monotonic()  # an action now is refused at once, not after the server's silence
        with pytest.raises(DatabaseError, match="与数据库服务器的连接中断，操作没有进行"):
            window.ctx.call(cases.count_cases, query=cases.CaseQuery())
        assert time.monotonic() - clicked < 0.5

        ctx.call(cases.create_case, data=arbitration_input(admin.office_id))  # another PC writes meanwhile
        proxy.resume()
        qtbot.waitUntil(lambda: not window.live.banner.isVisible(), timeout=10_000)
        qtbot.waitUntil(lambda: window.list_page.model.rowCount() == shown + 1, timeout=10_000)
        heartbeat.stop()
        assert window.ctx.call(cases.count_cases, query=cases.CaseQuery()) == shown + 1  # actions work again
        window.close()
    finally:
        proxy.close()
        proxied.dispose()


def test_a_schema_upgraded_under_the_window_stops_its_actions(qtbot, ctx, admin, db, app_font) -> None:  # noqa: ANN001
    window = show_main_window(qtbot, ctx)
    with db.engine.begin() as conn:  # the administrator upgrades the database with a newer program
        conn.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    assert not window.live.poll()
    sentence = live_refresh.upgraded_sentence("0999", server=db.path is None)
    assert "结构版本 0999" in sentence and "请关闭本程序并安装新版本" in sentence
    assert window.live.banner.isVisible() and sentence in window.live.banner.text()
    window.grab().save(str(SHOTS20 / "schema_upgraded_banner.png"))
    with pytest.raises(DatabaseError, match="请关闭本程序并安装新版本"):
        ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
