"""Issue 20 fix round (attacker 9): a NUL (or another C0 control character) in typed text was
refused on PostgreSQL with the driver's raw message and kept on SQLite. Now it is refused at the
field, in Chinese, on both backends — by the services' checks (services.lengths.length_errors)
and, for any text column a check forgot, by the flush guard; tab and newline stay allowed."""

from __future__ import annotations

import pytest
from sqlalchemy import String, Text, func, select

from hrss_disputes.models.case import DisputeCase
from hrss_disputes.models.tables import metadata
from hrss_disputes.services import cases
from hrss_disputes.services.cases import ClaimInput
from hrss_disputes.services.errors import ValidationFailed
from hrss_disputes.services.parties import PartyInput
from tests.factories import VALID_ID, arbitration_input


def _count(db) -> int:  # noqa: ANN001
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(DisputeCase))


@pytest.mark.parametrize(("over", "field"), [
    ({"summary": "事实\x00理由"}, "summary"),
    ({"claims": [ClaimInput(claim_type="wages", amount_claimed="100", description="a\x00b")]}, "claims.0.description"),
    ({"applicants": [PartyInput(name="张三", id_doc_number=VALID_ID, address="地\x00址")]}, "applicants.0.address"),
    ({"applicants": [PartyInput(name="张\x00三", id_doc_number=VALID_ID)]}, "applicants.0.name"),
    ({"summary": "响铃\x07"}, "summary"),
])
def test_a_control_character_is_refused_at_its_field(over, field, ctx, admin, db) -> None:  # noqa: ANN001
    before = _count(db)
    with pytest.raises(ValidationFailed) as refused:
        ctx.call(cases.create_case, data=arbitration_input(admin.office_id, **over))
    assert field in refused.value.errors, refused.value.errors
    assert "控制字符" in refused.value.errors[field]
    assert _count(db) == before


def test_tab_and_newline_stay_in_a_multi_line_text(ctx, admin) -> None:  # noqa: ANN001
    summary = "一、请求事项\n\t支付工资\r\n二、事实与理由"
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, summary=summary))
    assert ctx.call(cases.get_case, case_id=case_id).summary == summary


TEXT_COLUMNS = [(t, c) for t in metadata.sorted_tables for c in t.columns
                if isinstance(c.type, String | Text) and not c.primary_key and not c.foreign_keys]


def test_the_guard_refuses_a_nul_in_every_text_column(db) -> None:  # noqa: ANN001
    """Whatever service forgot to check: a new row carrying a NUL is refused at flush, naming the
    column, before the database sees it; the table stays as it was."""
    from tests.services.test_column_lengths import _model_of

    assert len(TEXT_COLUMNS) > 80
    for table, column in TEXT_COLUMNS:
        model = _model_of(table)
        with db.session() as s:
            before = s.scalar(select(func.count()).select_from(table))
            s.add(model(**{column.key: "a\x00b"}))
            with pytest.raises(ValidationFailed) as refused:
                s.flush()
            assert list(refused.value.errors) == [column.key], (table.name, refused.value.errors)
            assert "控制字符" in refused.value.errors[column.key]
            s.rollback()
            assert s.scalar(select(func.count()).select_from(table)) == before
