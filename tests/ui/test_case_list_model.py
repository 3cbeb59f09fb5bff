"""The case list model: paging from SQL, sorting, and narrowing while a name is typed."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from hrss_disputes.services import cases
from hrss_disputes.services.cases import CaseQuery, ClaimInput
from hrss_disputes.services.parties import PartyInput
from hrss_disputes.ui import case_list
from hrss_disputes.ui.case_list import CaseListModel
from tests.factories import arbitration_input


def make_model(ctx, calls: list[CaseQuery]) -> CaseListModel:  # noqa: ANN001
    def fetch(q: CaseQuery):  # noqa: ANN202
        calls.append(q)
        return ctx.call(cases.list_cases, query=q)

    return CaseListModel(fetch=fetch, count=lambda q: ctx.call(cases.count_cases, query=q))


def seed(ctx, admin, names: list[str]) -> None:  # noqa: ANN001
    for i, name in enumerate(names):
        ctx.call(cases.create_case, data=arbitration_input(
            admin.office_id, received_on=date(2026, 3, 1) + timedelta(days=i),
            applicants=[PartyInput(name=name)], claims=[ClaimInput(amount_claimed=str(100 + i))],
            case_number=f"肇劳人仲案字〔2026〕第{i + 1}号"))


def test_typing_more_of_a_name_narrows_without_asking_the_database(qtbot, ctx, admin) -> None:  # noqa: ANN001
    seed(ctx, admin, ["黄小梅", "黄小明", "黄大伟", "陈小梅"])
    calls: list[CaseQuery] = []
    model = make_model(ctx, calls)
    model.set_query(CaseQuery(text="黄"))
    assert model.rowCount() == 3 and len(calls) == 1
    model.set_query(CaseQuery(text="黄小"))
    model.set_query(CaseQuery(text="黄小梅"))
    assert [model.row_at(i).search_text.split()[0] for i in range(model.rowCount())] == ["黄小梅"]
    assert len(calls) == 1  # both narrowed in memory
    model.set_query(CaseQuery(text="黄小梅", family="mediation"))  # another filter: ask again
    assert model.rowCount() == 0 and len(calls) == 2
    model.set_query(CaseQuery(text="小梅"))  # not a longer text: ask again
    assert model.rowCount() == 2 and len(calls) == 3
    model.set_query(CaseQuery(text="小梅2"))  # a digit switches to case numbers: ask again
    assert len(calls) == 4


def test_pages_are_fetched_as_the_view_scrolls_and_sorting_reloads(qtbot, ctx, admin, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(case_list, "PAGE_SIZE", 3)
    seed(ctx, admin, [f"工人{i}" for i in range(7)])
    calls: list[CaseQuery] = []
    model = make_model(ctx, calls)
    totals: list[int] = []
    model.loaded.connect(totals.append)
    model.set_query(CaseQuery())
    assert model.rowCount() == 3 and model.canFetchMore()
    qtbot.waitUntil(lambda: totals == [7])  # counted once the (timer) pause is over
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 7 and not model.canFetchMore()
    assert [c.offset for c in calls] == [0, 3, 6]
    model.sort(case_list.COLUMNS.index(("amount_claimed", "请求金额（元）")), Qt.SortOrder.AscendingOrder)
    assert model.query.sort == "amount_claimed"
    assert model.data(model.index(0, 8)) == "100.00"


def test_a_locked_database_keeps_the_last_rows_greyed_with_a_message(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    """Another program holds the file locked, or on a server another session (a restore, an
    upgrade) holds the cases' table: the list gives up after a few seconds and says so, and the
    rows last read stay on screen, greyed, until a read succeeds (刷新 with the server down
    emptied the list)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from hrss_disputes.ui.case_list import CaseListPage

    seed(ctx, admin, ["黄小梅"])
    page = CaseListPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    assert page.model.rowCount() == 1
    ctx.db.engine.dispose()  # the next query opens a new connection, which meets the lock
    holder = create_engine(ctx.db.engine.url, poolclass=NullPool).connect()
    if ctx.db.path is not None:
        holder.exec_driver_sql("PRAGMA locking_mode=EXCLUSIVE")
        holder.exec_driver_sql("BEGIN EXCLUSIVE")
    else:
        holder.execute(text("LOCK TABLE dispute_case IN ACCESS EXCLUSIVE MODE"))
    try:
        page.search.setText("黄")
        qtbot.waitUntil(lambda: "占用" in page.count_label.text(), timeout=25000)  # db.LOCK_WAIT on a server
        assert page.model.rowCount() == 1 and page.model.stale
        assert page.model.data(page.model.index(0, 0), Qt.ItemDataRole.ForegroundRole).color() == case_list._STALE_FG
        page.refresh()  # 刷新 while still locked: the same
        qtbot.waitUntil(lambda: "占用" in page.count_label.text(), timeout=25000)
        assert page.model.rowCount() == 1 and page.model.stale and not page.model.canFetchMore()
    finally:
        holder.rollback()
        holder.close()
    page.search.setText("黄小")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.model.stale)
    assert "占用" not in page.count_label.text()


def test_others_changes_read_the_rows_on_screen_and_count_only_when_they_moved(qtbot, ctx, admin, monkeypatch) -> None:  # noqa: ANN001
    """ui.live_refresh: the list is read again in place with one bounded read; the total is
    counted again only when the cases on screen are no longer the same ones."""
    monkeypatch.setattr(case_list, "PAGE_SIZE", 3)
    monkeypatch.setattr(case_list, "DEEP_ROWS", 6)
    seed(ctx, admin, [f"申请人{i}" for i in range(8)])
    calls: list[CaseQuery] = []
    counts: list[CaseQuery] = []
    model = make_model(ctx, calls)
    model._count = lambda q: (counts.append(q), ctx.call(cases.count_cases, query=q))[1]
    model.set_query(CaseQuery(sort="received_on", descending=True))
    model._count_now()
    model.fetchMore()
    assert model.rowCount() == 6 and model.total == 8 and len(counts) == 1
    top = model.row_at(0)
    d = ctx.call(cases.get_case, case_id=top.id)
    ctx.call(cases.update_case, case_id=top.id, expected_version=d.version, changes={"summary": "改了摘要"})
    calls.clear()
    model.reload_from(0, 4)  # rows 0..4 on screen: read afresh down to the page holding row 4
    assert [(q.offset, q.limit) for q in calls] == [(0, 6)]
    assert model.total == 8 and not model._count_timer.isActive()  # the same cases: not counted again
    assert model.canFetchMore()  # the last two are read as they are scrolled to
    ctx.call(cases.create_case, data=arbitration_input(
        admin.office_id, received_on=date(2026, 4, 1), applicants=[PartyInput(name="新登记的")]))
    model.reload_from(0, 2)
    assert model.row_at(0).search_text.split()[0] == "新登记的" and model.total is None  # counted again
    model._count_now()
    assert model.total == 9
    while model.canFetchMore():
        model.fetchMore()
    calls.clear()
    model.reload_from(7, 8)  # scrolled deep: one page from the top row on screen, the rows above kept
    assert [(q.offset, q.limit) for q in calls] == [(7, 3)]
    assert model.rowCount() == 9
