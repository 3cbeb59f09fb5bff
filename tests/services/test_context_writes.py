"""ServiceContext.on_write: told after a call that committed a change, never after a read or a
refused or failed write (the window refreshes what it shows on it)."""

from __future__ import annotations

import pytest

from hrss_disputes.services import cases, offices
from hrss_disputes.services.cases import CaseQuery
from hrss_disputes.services.errors import ValidationFailed
from tests.factories import arbitration_input


def test_writes_are_told_and_reads_are_not(ctx, admin) -> None:  # noqa: ANN001
    told: list[str] = []
    ctx.on_write.append(lambda: told.append("written"))
    ctx.call(cases.list_cases, query=CaseQuery())
    ctx.call(offices.list_offices)
    assert told == []
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    assert told == ["written"]
    with pytest.raises(ValidationFailed):
        ctx.call(cases.create_case, data=arbitration_input(admin.office_id, applicants=[]))
    ctx.call(cases.get_case, case_id=case_id)
    assert told == ["written"]
    d = ctx.call(cases.get_case, case_id=case_id)
    ctx.call(cases.update_case, case_id=case_id, expected_version=d.version, changes={"summary": "补充事实"})
    assert told == ["written", "written"]
