"""确定开庭 refuses a hearing too soon to notify the parties (LDMAF 35), at the 开庭日期 field,
counted on the office's day kind for the hearing notice."""

from __future__ import annotations

from datetime import date

import pytest

from hrss_disputes.domain.calendar import DayKind
from hrss_disputes.models.enums import EventKind, Role
from hrss_disputes.services import cases, reference_admin
from hrss_disputes.services.errors import ValidationFailed
from tests.factories import act, arbitration_input, make_user

FRIDAY = date(2026, 11, 13)


@pytest.mark.parametrize(
    ("kind", "refused", "allowed"),
    [
        (DayKind.WORKING, [FRIDAY, date(2026, 11, 16), date(2026, 11, 19)], date(2026, 11, 20)),  # weekend not counted
        (DayKind.CALENDAR, [FRIDAY, date(2026, 11, 17)], date(2026, 11, 18)),
    ],
)
def test_a_hearing_too_soon_for_its_notice_is_refused(ctx, admin, kind, refused, allowed) -> None:  # noqa: ANN001
    if kind is not DayKind.WORKING:
        ctx.call(reference_admin.set_clock_setting, clock="hearing_notice", kind=kind, today=date(2026, 11, 21))
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    act(ctx, case_id, "accept", date(2026, 11, 3))
    for hearing in refused:
        with pytest.raises(ValidationFailed) as refusal:
            act(ctx, case_id, "schedule_hearing", FRIDAY, hearing_on=hearing, place="第一仲裁庭")
        assert set(refusal.value.errors) == {"hearing_on"}
        assert f"最早为 {allowed.isoformat()}" in refusal.value.errors["hearing_on"]
    def scheduled() -> list[date]:
        return [e.occurred_on for e in ctx.call(cases.get_case, case_id=case_id).events
                if e.kind is EventKind.HEARING_SCHEDULED]

    assert scheduled() == []  # nothing saved
    act(ctx, case_id, "schedule_hearing", FRIDAY, hearing_on=allowed, place="第一仲裁庭")
    assert scheduled() == [FRIDAY]
