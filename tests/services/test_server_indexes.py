"""PostgreSQL's own indexes (migration 0024) serve the lookups as the services write them: the
party form's name start, the case search's one-character gram range and case-number key
ranges. (The trigram index for "contains" is not tested here: on a table of three cases the
planner rightly reads the covering index whole; bench/server.py's database shows it used.)
Each statement a service sends is explained with sequential
scans priced out of reach, so a plan that still avoids the index means the statement's form is
one the index cannot answer (a tiny test table would otherwise always be scanned)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from hrss_disputes.models.enums import PartyKind
from hrss_disputes.services import case_list, cases, parties
from hrss_disputes.services.cases import CaseQuery
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.services.parties import PartyInput
from tests.conftest import PG_URL
from tests.factories import arbitration_input

pytestmark = pytest.mark.skipif(not PG_URL, reason="PostgreSQL's own indexes: HRSS_TEST_PG not set")


def _seed(ctx: ServiceContext, office_id) -> None:  # noqa: ANN001
    for i, (worker, firm) in enumerate((("张伟", "肇庆市鼎盛建筑工程有限公司"), ("张丽", "端州区 鼎盛 五金店"),
                                        ("李强", "广宁县宏达物流有限公司"))):
        ctx.call(cases.create_case, data=arbitration_input(
            office_id, received_on=date(2026, 1, 5) + timedelta(days=i),
            applicants=[PartyInput(name=worker)],
            respondents=[PartyInput(kind=PartyKind.ORGANISATION, name=firm)],
            case_number=f"肇劳人仲案字〔2025〕第{120 + i}号"))


def _plans(ctx: ServiceContext, run: Callable[[], object]) -> str:
    """The plans of the SELECTs ``run`` sends, with sequential scans priced out."""
    sent: list[tuple[str, object]] = []

    def grab(conn, cursor, statement, params, context, executemany) -> None:  # noqa: ANN001, ARG001
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, params))

    event.listen(ctx.db.engine, "before_cursor_execute", grab)
    try:
        run()
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", grab)
    with ctx.db.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        return "\n".join(line for statement, params in sent
                         for line in conn.exec_driver_sql("EXPLAIN " + statement, params).scalars())


def test_the_party_lookup_by_a_name_start_reads_its_index(ctx, admin) -> None:  # noqa: ANN001
    _seed(ctx, admin.office_id)
    found = []
    plan = _plans(ctx, lambda: found.extend(ctx.call(parties.search_parties, text="张")))
    assert sorted(p.name for p in found) == ["张丽", "张伟"]
    assert "ix_pg_party_name_key" in plan


def test_a_case_number_search_reads_the_key_indexes(ctx, admin) -> None:  # noqa: ANN001
    _seed(ctx, admin.office_id)
    found = []
    plan = _plans(ctx, lambda: found.extend(ctx.call(cases.list_cases, query=CaseQuery(text="2025〕第12"))))
    assert len(found) == 3
    assert "ix_pg_case_number_key" in plan and "ix_pg_case_number_key_tail" in plan


def test_a_one_character_name_reads_the_gram_range_index(ctx, admin, monkeypatch) -> None:  # noqa: ANN001
    _seed(ctx, admin.office_id)
    monkeypatch.setattr(case_list, "DENSE_SHARE", 2.0)  # never "common": the gram plan
    found = []
    plan = _plans(ctx, lambda: found.extend(ctx.call(cases.list_cases, query=CaseQuery(text="张"))))
    assert {r.applicant_names for r in found} == {"张伟", "张丽"}
    assert "ix_pg_party_gram" in plan
