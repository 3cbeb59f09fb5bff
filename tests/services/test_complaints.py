"""Wage-arrears complaints through the services: intake, review, orders, payments per worker,
the additional compensation, the police transfer's thresholds, the blacklist, the informant."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hrss_disputes.domain import complaints as cm
from hrss_disputes.models.enums import CaseStatus, OfficeKind, PartyKind, Role
from hrss_disputes.services import cases, complaints, deadline_board, offices, workflow
from hrss_disputes.services import reference_admin as ref
from hrss_disputes.services.complaints import ComplaintInput, Informant, ProjectInput, WorkerInput
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed
from hrss_disputes.services.parties import PartyInput
from tests.factories import VALID_USCC_2, act, act_or_refused, make_user, site_workers

TODAY = date(2026, 11, 21)


def site_complaint(office_id, workers: int = 40, **overrides) -> ComplaintInput:  # noqa: ANN001
    data = ComplaintInput(
        office_id=office_id, received_on=date(2026, 9, 1), intake_channel="hotline_12345",
        employer=PartyInput(kind=PartyKind.ORGANISATION, name="肇庆市鼎盛建筑劳务有限公司", credit_code=VALID_USCC_2,
                            address="肇庆市端州区信安大道8号"),
        construction=True,
        project=ProjectInput(name="端州区江滨花园三期", location="肇庆市端州区江滨路", builder="肇庆市江滨置业有限公司",
                             general_contractor="广东华建建设集团有限公司", subcontractor="肇庆市鼎盛建筑劳务有限公司",
                             team_leader="梁志强"),
        workers=site_workers(workers),
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


@pytest.fixture
def inspection(ctx, admin):  # noqa: ANN001, ANN201
    office = ctx.call(offices.create_office, name="肇庆市端州区劳动保障监察大队", kind=OfficeKind.INSPECTION,
                      parent_id=admin.office_id, city="肇庆", code="DZJC")
    for name, role in (("zhou", Role.INSPECTOR), ("wu", Role.INSPECTOR), ("lead", Role.SUPERVISOR)):
        STAFF[name] = make_user(ctx, name, role, office)
    ctx.actor = STAFF["zhou"]
    return office


STAFF: dict = {}


def balances(ctx, case_id):  # noqa: ANN001, ANN201
    view = ctx.call(complaints.get_complaint, case_id=case_id, today=TODAY)
    return view, [w.balance.balance for w in view.accounts.workers]


def test_forty_workers_from_intake_to_closure(ctx, inspection) -> None:  # noqa: ANN001
    case_id = ctx.call(complaints.register_complaint, data=site_complaint(inspection), today=TODAY)
    view, owed = balances(ctx, case_id)
    assert owed == [Decimal("9000.00")] * 40 and view.accounts.total("balance") == Decimal("360000.00")
    ctx.call(complaints.review_complaint, case_id=case_id, expected_version=1, occurred_on=date(2026, 9, 2),
             review=cm.Review(True, True, True), today=TODAY)
    assert ctx.call(cases.get_case, case_id=case_id).status is CaseStatus.FILED
    act(ctx, case_id, "order", date(2026, 9, 10), due_on=date(2026, 9, 25))
    view = ctx.call(complaints.get_complaint, case_id=case_id, today=TODAY)
    first = {w.id.hex: "9000" for w in view.accounts.workers[:25]}
    act(ctx, case_id, "payment", date(2026, 9, 20), payments=first)
    view, owed = balances(ctx, case_id)
    assert owed == [Decimal(0)] * 25 + [Decimal("9000.00")] * 15
    assert view.accounts.total("paid") == Decimal("225000.00")
    assert "payment_order" in on_board(ctx, case_id)  # only part paid: the order stays on the board
    act(ctx, case_id, "order_compensation", date(2026, 9, 28), rate=50, due_on=date(2026, 10, 10))
    view, owed = balances(ctx, case_id)
    assert owed == [Decimal(0)] * 25 + [Decimal("13500.00")] * 15
    rest = {w.id.hex: "13500" for w in view.accounts.workers[25:]}
    act(ctx, case_id, "payment", date(2026, 10, 9), payments=rest)
    view, owed = balances(ctx, case_id)
    assert owed == [Decimal(0)] * 40 and view.accounts.total("paid") == Decimal("427500.00")
    detail = act(ctx, case_id, "close", date(2026, 10, 12), reason="欠薪及加付赔偿金已全部支付")
    assert detail.status is CaseStatus.CLOSED and detail.amount_resolved == Decimal("427500.00")
    assert on_board(ctx, case_id) == set()


def on_board(ctx, case_id, today: date | None = TODAY) -> set[str]:  # noqa: ANN001
    """The clocks of the case on its office's deadline board."""
    board = ctx.call(deadline_board.board, query=deadline_board.BoardQuery(scope=deadline_board.Scope.OFFICE),
                     today=today)
    return {row.clock for row in board.rows if row.case_id == case_id}


def test_a_payment_over_the_balance_is_refused_at_the_worker(ctx, inspection) -> None:  # noqa: ANN001
    case_id = ctx.call(complaints.register_complaint, data=site_complaint(inspection, workers=2), today=TODAY)
    act(ctx, case_id, "file", date(2026, 9, 2))
    w = ctx.call(complaints.get_complaint, case_id=case_id, today=TODAY).accounts.workers[0]
    with pytest.raises(ValidationFailed) as e:
        act(ctx, case_id, "payment", date(2026, 9, 20), payments={w.id.hex: "9000.01"})
    assert "超过工人01尚欠的 9,000.00 元" in e.value.errors[f"payments.{w.id.hex}"]
    assert ctx.call(complaints.get_complaint, case_id=case_id, today=TODAY).accounts.total("paid") == 0


def test_refused_case_goes_to_the_police_and_the_blacklist(ctx, admin, inspection) -> None:  # noqa: ANN001
    inspector = ctx.actor
    case_id = ctx.call(complaints.register_complaint, data=site_complaint(inspection, workers=12), today=TODAY)
    act(ctx, case_id, "file", date(2026, 9, 2))
    act(ctx, case_id, "order", date(2026, 9, 10), due_on=date(2026, 9, 25))
    view = ctx.call(complaints.get_complaint, case_id=case_id, today=TODAY)
    assert view.threshold.reached is None and cm.NOT_CONFIGURED in view.threshold.text
    with pytest.raises(ValidationFailed) as e:
        act(ctx, case_id, "propose_blacklist", date(2026, 9, 30), criteria="threshold")
    assert cm.NOT_CONFIGURED in e.value.errors["criteria"]
    ctx.actor = admin
    with pytest.raises(ValidationFailed) as e:
        ctx.call(ref.set_thresholds, single="4000", group="50000")
    assert "5,000.00 元至 20,000.00 元" in e.value.errors["single"]
    ctx.call(ref.set_thresholds, single="10000", group="50000")
    ctx.actor = inspector
    view = ctx.call(complaints.get_complaint, case_id=case_id, today=TODAY)
    assert view.threshold.reached is True and "12 名劳动者被拖欠共 108,000.00 元，达到" in view.threshold.text
    act(ctx, case_id, "transfer_police", date(2026, 9, 30), police="肇庆市公安局端州分局", reason="经责令仍不支付")
    act(ctx, case_id, "propose_blacklist", date(2026, 9, 30), criteria="threshold", persons="法定代表人 刘某")
    with pytest.raises(PermissionDenied):
        act(ctx, case_id, "blacklist", date(2026, 10, 8))  # a supervisor decides
    ctx.actor = STAFF["lead"]
    act(ctx, case_id, "blacklist", date(2026, 10, 8))
    listing = ctx.call(complaints.get_complaint, case_id=case_id, today=TODAY).listings[0]
    assert (listing.state, listing.removal_due) == ("列入中", date(2029, 10, 8))
    with pytest.raises(ValidationFailed) as e:
        act(ctx, case_id, "remove_blacklist", date(2026, 11, 20), early=True, reason="申请提前移出")
    assert "须已偿还" in e.value.errors["early"]


def test_a_report_keeps_its_informant_from_other_users(ctx, admin, inspection) -> None:  # noqa: ANN001
    data = site_complaint(inspection, workers=0, kind=cm.REPORT, workers_count=30, amount_claimed="300000",
                          informant=Informant(name="陈某某", phone="13912345678"))
    case_id = ctx.call(complaints.register_complaint, data=data, today=TODAY)
    mine = ctx.call(complaints.get_complaint, case_id=case_id, today=TODAY)
    assert mine.informant.name == "陈某某" and not mine.informant_hidden
    ctx.actor = STAFF["wu"]
    other = ctx.call(complaints.get_complaint, case_id=case_id, today=TODAY)
    assert other.informant is None and other.informant_hidden
    assert "陈某某" not in repr(ctx.call(cases.get_case, case_id=case_id))
    ctx.actor = STAFF["lead"]
    assert ctx.call(complaints.get_complaint, case_id=case_id, today=TODAY).informant.phone == "13912345678"


def test_intake_errors_are_given_per_field_and_nothing_is_saved(ctx, inspection) -> None:  # noqa: ANN001
    bad = site_workers(3)
    bad[1].amount_owed = "abc"
    bad[2].id_number = bad[0].id_number
    data = site_complaint(inspection, workers=0, workers_count=2)
    data.workers = bad
    data.project = ProjectInput()
    with pytest.raises(ValidationFailed) as e:
        ctx.call(complaints.register_complaint, data=data, today=TODAY)
    errors = e.value.errors
    assert errors["workers.1.amount_owed"] == "金额应为数字，例如 12000.50"
    assert errors["workers.2.id_number"] == "与第 1 行的身份证号码重复"
    assert errors["workers_count"] == "涉及人数不能少于名单中的 3 人"
    assert errors["project.name"] == "建设领域欠薪请填写工程项目名称"
    assert ctx.call(cases.count_cases, query=cases.CaseQuery()) == 0


def test_names_found_later_join_the_list(ctx, inspection) -> None:  # noqa: ANN001
    data = site_complaint(inspection, workers=2, workers_count=5, amount_claimed="45000")
    case_id = ctx.call(complaints.register_complaint, data=data, today=TODAY)
    view = ctx.call(complaints.get_complaint, case_id=case_id, today=TODAY)
    assert (view.accounts.unnamed_count, view.accounts.unnamed.owed) == (3, Decimal("27000.00"))
    listed = [WorkerInput(name=w.name, amount_owed="9000", id=w.id) for w in view.accounts.workers]
    listed += site_workers(5)[2:]
    ctx.call(complaints.set_workers, case_id=case_id, expected_version=1, workers=listed, today=TODAY)
    view = ctx.call(complaints.get_complaint, case_id=case_id, today=TODAY)
    assert len(view.accounts.workers) == 5 and view.accounts.unnamed_count == 0
    assert view.accounts.total("balance") == Decimal("45000.00")


def test_review_outcomes_take_their_action(ctx, inspection) -> None:  # noqa: ANN001
    case_id = ctx.call(complaints.register_complaint, data=site_complaint(inspection, workers=1), today=TODAY)
    with pytest.raises(ValidationFailed):
        ctx.call(complaints.review_complaint, case_id=case_id, expected_version=1, occurred_on=date(2026, 9, 2),
                 review=cm.Review(True, None, True), today=TODAY)
    detail = ctx.call(complaints.review_complaint, case_id=case_id, expected_version=1, occurred_on=date(2026, 9, 2),
                      review=cm.Review(False, True, True), values={"reason": "违法行为发生于2023年"}, today=TODAY)
    assert detail.status is CaseStatus.NOT_ACCEPTED
    assert ctx.call(complaints.get_complaint, case_id=case_id, today=TODAY).review.within_two_years is False


def test_workflow_offers_the_complaint_actions_that_apply(ctx, inspection) -> None:  # noqa: ANN001
    case_id = ctx.call(complaints.register_complaint, data=site_complaint(inspection, workers=1), today=TODAY)
    act(ctx, case_id, "file", date(2026, 9, 2))
    keys = {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}
    assert {"order", "payment", "inspect", "penalty"} <= keys
    assert not keys & {"order_compensation", "blacklist", "remove_blacklist", "advance_recovered"}


def test_an_employer_typed_twice_is_found_and_merged_keeping_every_case(ctx, inspection) -> None:  # noqa: ANN001
    from hrss_disputes.services import employers

    plain = PartyInput(kind=PartyKind.ORGANISATION, name="肇庆市鼎盛建筑劳务有限公司", address="肇庆市端州区信安大道8号")
    first = ctx.call(complaints.register_complaint, data=site_complaint(inspection, workers=3), today=TODAY)
    second = ctx.call(complaints.register_complaint, data=site_complaint(inspection, workers=2, employer=plain),
                      today=TODAY)
    groups = ctx.call(employers.find_duplicates)
    assert [g.reason for g in groups] == ["名称和地址相同"]
    keep, other = (p.id for p in groups[0].parties)
    act(ctx, second, "file", date(2026, 9, 2))
    w = ctx.call(complaints.get_complaint, case_id=second, today=TODAY).accounts.workers[0]
    act(ctx, second, "payment", date(2026, 9, 5), payments={w.id.hex: "4000"})
    before = ctx.call(employers.employer_page, party_id=keep, today=TODAY)
    merged = ctx.call(employers.merge_employers, keep_id=keep, merge_id=other)
    assert merged.credit_code == VALID_USCC_2 and merged.case_count == 2
    page = ctx.call(employers.employer_page, party_id=keep, today=TODAY)
    assert {c.id for c in page.cases} == {first, second}
    assert page.amount_claimed == Decimal("45000.00") == before.amount_claimed + Decimal("18000.00")
    assert page.amount_resolved == Decimal("4000.00")
    assert ctx.call(employers.find_duplicates) == []
    assert ctx.call(complaints.get_complaint, case_id=second, today=TODAY).employer_name == "肇庆市鼎盛建筑劳务有限公司"


def test_a_third_case_in_twelve_months_warns(ctx, inspection) -> None:  # noqa: ANN001
    from hrss_disputes.services import employers

    employer = site_complaint(inspection).employer
    for _ in range(3):
        ctx.call(complaints.register_complaint, data=site_complaint(inspection, workers=1), today=TODAY)
    warning = ctx.call(employers.warning_for_input, data=employer, today=TODAY)
    assert warning == "注意：肇庆市鼎盛建筑劳务有限公司近12个月内已有 3 件投诉或争议案件"
    assert ctx.call(employers.warning_for_input, data=employer, today=date(2027, 9, 2)) is None


def test_the_monthly_report_carries_the_complaint_figures(ctx, admin, inspection) -> None:  # noqa: ANN001
    from hrss_disputes.domain.kpi import Period
    from hrss_disputes.services import report

    paid = ctx.call(complaints.register_complaint, data=site_complaint(inspection, workers=4), today=TODAY)
    act(ctx, paid, "file", date(2026, 9, 2))
    act(ctx, paid, "order", date(2026, 9, 10), due_on=date(2026, 9, 25))
    ws = ctx.call(complaints.get_complaint, case_id=paid, today=TODAY).accounts.workers
    act(ctx, paid, "payment", date(2026, 9, 20), payments={ws[0].id.hex: "9000", ws[1].id.hex: "5000"})
    act(ctx, paid, "emergency_advance", date(2026, 10, 3), payments={ws[2].id.hex: "3000"})
    act(ctx, paid, "payment", date(2026, 10, 9), payments={ws[1].id.hex: "4000", ws[3].id.hex: "9000"})
    act(ctx, paid, "close", date(2026, 10, 12), reason="已支付，垫付资金待追偿")
    refused = ctx.call(complaints.register_complaint, data=site_complaint(inspection, workers=12), today=TODAY)
    act(ctx, refused, "file", date(2026, 10, 8))
    act(ctx, refused, "order", date(2026, 10, 9), due_on=date(2026, 10, 16))
    act(ctx, refused, "transfer_police", date(2026, 10, 20), police="肇庆市公安局端州分局", reason="拒不支付")
    act(ctx, refused, "propose_blacklist", date(2026, 10, 20), criteria="incident")
    ctx.actor = STAFF["lead"]
    act(ctx, refused, "blacklist", date(2026, 10, 28))
    ctx.call(complaints.register_complaint, data=site_complaint(inspection, workers=1, received_on=date(2026, 10, 30)),
             today=TODAY)
    sept, octo = (ctx.call(report.monthly_report, office_id=inspection, period=Period.month(2026, m),
                           today=TODAY).complaints for m in (9, 10))
    assert (sept.received, sept.filed, sept.accepted, sept.closed) == (2, 1, 1, 0)
    assert (sept.workers_helped, sept.wages_recovered) == (2, Decimal("14000.00"))
    assert (octo.received, octo.filed, octo.closed, octo.revoked) == (1, 1, 1, 0)
    assert (octo.workers_helped, octo.wages_recovered, octo.advances, octo.advanced) == (
        3, Decimal("13000.00"), 1, Decimal("3000.00"))
    assert (octo.police_transfers, octo.blacklistings) == (1, 1)
    data = report.as_json(ctx.call(report.monthly_report, office_id=inspection, period=Period.month(2026, 10),
                                   today=TODAY))
    assert data["complaints"]["wages_recovered"] == "13000.00"


# A complaint's steps follow its timeline too (劳动保障监察条例第十七条: investigation and orders
# follow the filing; 第二十六条: the order before its payment and compensation order).
@pytest.mark.parametrize(("action", "on", "values", "refused"), [
    ("payment", date(2026, 9, 1), {}, "不能早于“立案”的日期 2026-09-02"),
    ("inspect", date(2026, 9, 1), {"place": "工地", "inspectors": "周、吴", "text": "询问班组长"},
     "不能早于“立案”的日期 2026-09-02"),
    ("close", date(2026, 9, 5), {"reason": "已支付"}, "不能早于已记录的“责令限期支付”（2026-09-10）"),
    ("emergency_advance", date(2026, 9, 1), {}, "2026-09-01 时案件状态为“待审查”"),
    # recorded later with its own date, while the case was under investigation: accepted
    ("inspect", date(2026, 9, 5), {"place": "工地", "inspectors": "周、吴", "text": "询问班组长"}, None),
])
def test_complaint_actions_are_not_dated_before_the_step_they_follow(ctx, inspection, action, on, values,  # noqa: ANN001
                                                                     refused) -> None:  # noqa: ANN001
    case_id = ctx.call(complaints.register_complaint, data=site_complaint(inspection, workers=2), today=TODAY)
    ctx.call(complaints.review_complaint, case_id=case_id, expected_version=1, occurred_on=date(2026, 9, 2),
             review=cm.Review(True, True, True), today=TODAY)
    act(ctx, case_id, "order", date(2026, 9, 10), due_on=date(2026, 9, 25))
    act_or_refused(ctx, case_id, action, on, refused, **values)
    if refused is not None:
        assert ctx.call(cases.get_case, case_id=case_id).status is CaseStatus.ORDERED
