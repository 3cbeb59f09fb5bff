"""The workflow form's field messages (review of issue 18, finding 12): a blank drop-down says
请选择, a blank text says 请填写."""

from __future__ import annotations

from datetime import date

import pytest

from hrss_disputes.domain.workflows import check_fields, find_action
from hrss_disputes.models.enums import Procedure

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(("procedure", "action", "field", "message"), [
    (Procedure.ORDINARY, "serve", "document", "请选择送达文书"),
    (Procedure.ORDINARY, "serve", "method", "请选择送达方式"),
    (Procedure.ORDINARY, "form_tribunal", "arbitrators", "请选择仲裁庭组成人员（三人仲裁庭首席在前，或独任仲裁员）"),
])
def test_a_blank_field_is_asked_for_by_its_kind(procedure, action, field, message) -> None:  # noqa: ANN001
    found = find_action(procedure, action)
    assert found is not None
    assert check_fields(found, {}, today=TODAY)[field] == message
