"""Inputs the tests build cases from."""

from __future__ import annotations

from datetime import date

from hrss_disputes.models.enums import PartyKind, Role
from hrss_disputes.services import offices
from hrss_disputes.services.cases import CaseInput, ClaimInput
from hrss_disputes.services.context import Actor, ServiceContext
from hrss_disputes.services.parties import PartyInput

# Valid numbers, computed by hand with the GB 11643 / GB 32100 weights.
VALID_ID = "11010519491231002X"  # the standard's own example
VALID_ID_2 = "440783198808080013"
VALID_USCC = "91350100M000100Y43"


def make_user(ctx: ServiceContext, username: str, role: Role, office_id) -> Actor:  # noqa: ANN001
    uid = ctx.call(offices.create_user, username=username, display_name=username, role=role,
                   office_id=office_id)
    return ctx.call(offices.get_actor, user_id=uid)


def arbitration_input(office_id, **overrides) -> CaseInput:  # noqa: ANN001
    data = CaseInput(
        family="arbitration", procedure="ordinary", office_id=office_id,
        received_on=date(2026, 11, 2),
        applicants=[PartyInput(name="张三", id_doc_number=VALID_ID, phone="13800138000")],
        respondents=[PartyInput(kind=PartyKind.ORGANISATION, name="肇庆市鼎盛建筑工程有限公司",
                                credit_code=VALID_USCC)],
        claims=[ClaimInput(claim_type="wages", amount_claimed="12000.50")],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data
