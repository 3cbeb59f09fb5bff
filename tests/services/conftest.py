"""Fixtures of the service tests beyond the shared ones."""

from __future__ import annotations

import pytest

from hrss_disputes.db import Database
from hrss_disputes.models.enums import Role
from hrss_disputes.services import cases
from tests.factories import arbitration_input, make_user


@pytest.fixture
def three_cases(ctx, admin, db) -> Database:  # noqa: ANN001
    """The database with a clerk and three arbitration cases (the applicant's ID number in each);
    the context acts as the administrator again afterwards."""
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    for n in range(3):
        ctx.call(cases.create_case, data=arbitration_input(admin.office_id, case_number=f"肇劳人仲案字〔2026〕{n + 1}号"))
    ctx.actor = admin
    return db
