"""Inputs the tests build cases from."""

from __future__ import annotations

import uuid
from datetime import date

from hrss_disputes.models.enums import PartyKind, Role
from hrss_disputes.services import accounts, offices
from hrss_disputes.services import cases as case_service
from hrss_disputes.services import claims as claim_service
from hrss_disputes.services.cases import CaseInput, ClaimInput
from hrss_disputes.services.context import Actor, ServiceContext
from hrss_disputes.services.parties import PartyInput

# Valid numbers, computed by hand with the GB 11643 / GB 32100 weights.
VALID_ID = "11010519491231002X"  # the standard's own example
VALID_ID_2 = "440783198808080013"
VALID_USCC = "91350100M000100Y43"
VALID_USCC_2 = "91441200MA4W00000R"  # another company (the labour subcontractor of the complaint tests)


TEST_PASSWORD = "Tribunal2026"  # what conftest's administrator and make_user's staff sign in with


def make_user(ctx: ServiceContext, username: str, role: Role, office_id) -> Actor:  # noqa: ANN001
    """A member of staff created by the database's administrator, whoever acts now."""
    admin = ctx.call(offices.first_admin)
    uid = ctx.call(accounts.create_account, user=admin, username=username, display_name=username, role=role,
                   office_id=office_id, password=TEST_PASSWORD)
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


def act(ctx: ServiceContext, case_id, action: str, on: date, **values):  # noqa: ANN001, ANN201
    """Take a workflow action on the case as the acting user."""
    from hrss_disputes.services import cases, workflow

    d = ctx.call(cases.get_case, case_id=case_id)
    if action == "serve" and "recipients" not in values:  # served on every party that day
        values["recipients"] = recipients(ctx, case_id, on)
    if action == "schedule_hearing":  # a place named by its name: the institute's room of that name, at 09:30 for an hour
        values.setdefault("starts", "09:30")
        values.setdefault("minutes", 60)
        if values.get("place") and len(str(values["place"])) != 32:
            values["place"] = room(ctx, d.office_id, str(values["place"])).hex
    if action == "form_tribunal" and isinstance(values.get("arbitrators"), str):  # names: chosen from the register
        values = {**tribunal_values(ctx, d.office_id, values["arbitrators"]), **{
            k: x for k, x in values.items() if k != "arbitrators"}}
    return ctx.call(workflow.perform_action, case_id=case_id, expected_version=d.version, action=action,
                    occurred_on=on, values=values, today=date(2026, 11, 21))


def register_arbitrators(ctx: ServiceContext, office_id, *names: str) -> list[str]:  # noqa: ANN001
    """The register's ids (hex) of these names at the office, each registered as a 兼职仲裁员 by the
    administrator when not yet on it."""
    from hrss_disputes.services import tribunal

    admin = ctx.call(offices.first_admin)
    on_file = {a.name: a.id.hex for a in ctx.call(tribunal.list_arbitrators, user=admin, office_id=office_id)}
    for name in names:
        if name not in on_file:
            on_file[name] = ctx.call(tribunal.save_arbitrator, user=admin, office_id=office_id,
                                     data=tribunal.ArbitratorInput(name, "part_time", profession="律师")).hex
    return [on_file[n] for n in names]


def office_clerk(ctx: ServiceContext, office_id) -> Actor:  # noqa: ANN001
    """The office's first clerk, made when it has none."""
    from hrss_disputes.services import offices as office_service

    for u in ctx.call(office_service.list_users, user=ctx.call(offices.first_admin)):
        if u.role is Role.CLERK and u.office_id == office_id and u.active:
            return ctx.call(offices.get_actor, user_id=u.id)
    return make_user(ctx, f"clerk_{office_id.hex[:8]}", Role.CLERK, office_id)


def tribunal_values(ctx: ServiceContext, office_id, names: str) -> dict:  # noqa: ANN001
    """组成仲裁庭's values for arbitrators named "陈立新、王芳、黄国强" (chief first): registered at the
    office and chosen from its register, with the office's clerk."""
    from hrss_disputes.domain.workflows import split_names

    return {"arbitrators": register_arbitrators(ctx, office_id, *split_names(names)),
            "clerk": office_clerk(ctx, office_id).id.hex}


def room(ctx: ServiceContext, office_id, name: str = "第一仲裁庭", kind: str = "room",  # noqa: ANN001, ANN201
         address: str = "肇庆市端州区信安大道1号") -> uuid.UUID:
    """The hearing place of that name at the office's institute, added by the administrator the
    first time it is asked for."""
    from hrss_disputes.services import hearings

    admin = ctx.call(offices.first_admin)
    for p in ctx.call(hearings.list_places, user=admin):
        if p.name == name:
            return p.id
    return ctx.call(hearings.save_place, user=admin, office_id=office_id, name=name, kind=kind, address=address).id


def recipients(ctx: ServiceContext, case_id, on: date, *names: str) -> list[dict]:  # noqa: ANN001
    """登记送达's 受送达人: the parties named (every party but agents when none is named), each
    receiving on ``on``."""
    from hrss_disputes.models.enums import CasePartyRole
    from hrss_disputes.services import cases

    parties = {cp.party.name: cp.party.id for cp in ctx.call(cases.get_case, case_id=case_id).parties
               if cp.role is not CasePartyRole.AGENT}
    return [{"party": pid, "on": on} for name, pid in parties.items() if not names or name in names]


def act_or_refused(ctx: ServiceContext, case_id, action: str, on: date, refused: str | None, **values) -> None:  # noqa: ANN001
    """Take the action when ``refused`` is None; else check it is refused at its date with that
    text and writes nothing (status, version and timeline as they were)."""
    import pytest

    from hrss_disputes.services import cases
    from hrss_disputes.services.errors import ValidationFailed

    if refused is None:
        act(ctx, case_id, action, on, **values)
        return
    before = ctx.call(cases.get_case, case_id=case_id)
    with pytest.raises(ValidationFailed) as err:
        act(ctx, case_id, action, on, **values)
    # the date's field: 办理日期, or a 登记送达's 受送达人 (each party's own date of receipt)
    assert refused in (err.value.errors.get("occurred_on") or err.value.errors["recipients"]), err.value.errors
    after = ctx.call(cases.get_case, case_id=case_id)
    assert (after.status, after.version, len(after.events)) == (before.status, before.version, len(before.events))


def heard_case(ctx: ServiceContext, office_id, **overrides):  # noqa: ANN001, ANN201
    """An ordinary arbitration case accepted, its tribunal formed and its hearing held, with three
    claims: wages (final-size), economic compensation (over the final line) and overtime."""
    from hrss_disputes.services import cases

    data = arbitration_input(office_id, received_on=date(2026, 10, 8), case_number="肇劳人仲案字〔2026〕88号",
                             claims=[ClaimInput(claim_type="wages", amount_claimed="12000.50",
                                                period_from=date(2026, 7, 1), period_to=date(2026, 9, 30)),
                                     ClaimInput(claim_type="economic_compensation", amount_claimed="36000"),
                                     ClaimInput(claim_type="overtime", amount_claimed="3000")], **overrides)
    case_id = ctx.call(cases.create_case, data=data)
    act(ctx, case_id, "accept", date(2026, 10, 9))
    act(ctx, case_id, "form_tribunal", date(2026, 10, 12), arbitrators="陈立新、王芳、黄国强")
    act(ctx, case_id, "serve", date(2026, 10, 13), document="application_copy", method="post")
    act(ctx, case_id, "schedule_hearing", date(2026, 10, 14), hearing_on=date(2026, 11, 5), place="本委第一仲裁庭")
    act(ctx, case_id, "hold_hearing", date(2026, 11, 5))
    return case_id


def award_amounts(ctx: ServiceContext, case_id, amounts: list[str | None],  # noqa: ANN001
                  reason: str = "申请人未能举证证明该项请求") -> None:
    """Record the tribunal's decision on each claim, in claim order: the amount claimed is 支持,
    a smaller one 部分支持, None 驳回 (with ``reason``)."""
    from decimal import Decimal

    decisions = []
    for claim, amount in zip(ctx.call(case_service.get_case, case_id=case_id).claims, amounts, strict=True):
        if amount is None:
            decisions.append(("rejected", None, reason))
        elif claim.amount_claimed is not None and Decimal(amount) == claim.amount_claimed:
            decisions.append(("supported", amount, ""))
        else:
            decisions.append(("partial", amount, ""))
    decide(ctx, case_id, decisions)


def decide(ctx: ServiceContext, case_id, decisions: list[tuple[str, str | None, str] | None]) -> None:  # noqa: ANN001
    """Record (decision, amount, reason) on each claim in order; None leaves that item undecided."""
    for claim, chosen in zip(ctx.call(case_service.get_case, case_id=case_id).claims, decisions, strict=True):
        if chosen is None:
            continue
        decision, amount, reason = chosen
        d = ctx.call(case_service.get_case, case_id=case_id)
        ctx.call(claim_service.decide_claim, case_id=case_id, expected_version=d.version, claim_id=claim.id,
                 decision=decision, amount=amount, reason=reason)


def claimed_amounts(ctx: ServiceContext, case_id, amounts: list[str]) -> None:  # noqa: ANN001
    """Correct the amount claimed on each claim, in claim order."""
    for claim, amount in zip(ctx.call(case_service.get_case, case_id=case_id).claims, amounts, strict=True):
        d = ctx.call(case_service.get_case, case_id=case_id)
        ctx.call(claim_service.update_claim, case_id=case_id,
                 expected_version=d.version, claim_id=claim.id,
                 claim=ClaimInput(claim_type=claim.claim_type.value, amount_claimed=amount,
                                  period_from=claim.period_from, period_to=claim.period_to))


def resident_id(n: int, born: str = "19850312") -> str:
    """The n-th valid 身份证号码 of a made-up Zhaoqing (441202) worker."""
    from hrss_disputes.domain.validators import id_check_char

    first17 = f"441202{born}{n % 1000:03d}"
    return first17 + id_check_char(first17)


def site_workers(count: int, owed: str = "9000", months: tuple[date, date] = (date(2026, 6, 1), date(2026, 8, 31))):  # noqa: ANN201
    """The workers of a construction site, each owed ``owed`` for the months given."""
    from hrss_disputes.services.complaints import WorkerInput

    return [WorkerInput(name=f"工人{i + 1:02d}", id_number=resident_id(i + 1), phone=f"1380000{i + 1:04d}",
                        amount_owed=owed, period_from=months[0], period_to=months[1]) for i in range(count)]
