"""Case services on a fresh database per test: register, refuse bad input, edit, list."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from hrss_disputes.models.audit import AuditEntry
from hrss_disputes.models.case import CaseEvent, CaseParty, ClaimItem, DisputeCase
from hrss_disputes.models.enums import CaseStatus, EventKind, OfficeKind, PartyKind, Role
from hrss_disputes.models.party import Party
from hrss_disputes.services import case_list, cases, claims, offices, workflow
from hrss_disputes.services.cases import CaseQuery, ClaimInput
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed, VersionConflict
from hrss_disputes.services.parties import PartyInput
from tests.factories import VALID_ID, VALID_ID_2, VALID_USCC, arbitration_input, make_user


def row_counts(ctx) -> dict[str, int]:  # noqa: ANN001
    with ctx.db.session() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m))
                for m in (DisputeCase, Party, CaseParty, ClaimItem, CaseEvent, AuditEntry)}


def test_create_case_writes_case_parties_claims_event_and_audit(ctx, admin) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    d = ctx.call(cases.get_case, case_id=case_id)
    assert d.status is CaseStatus.RECEIVED
    assert d.amount_claimed == Decimal("12000.50")
    assert [cp.party.name for cp in d.parties] == ["张三", "肇庆市鼎盛建筑工程有限公司"]
    worker = d.parties[0].party
    assert worker.sex == "female" and worker.birth_date == date(1949, 12, 31)  # read from the ID
    assert [e.kind for e in d.events] == [EventKind.RECEIVED]
    assert d.events[0].user_name == "李明"
    assert d.handler_name == "李明"
    with ctx.db.session() as s:
        entities = s.scalars(select(AuditEntry.entity)).all()
    assert "dispute_case" in entities and entities.count("party") == 2


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"applicants": [PartyInput(name="张三", id_doc_number="110105194912310021")]},
         "applicants.0.id_doc_number", "校验位"),
        ({"respondents": [PartyInput(kind=PartyKind.ORGANISATION, name="某公司", credit_code="91350100M000100Y44")]},
         "respondents.0.credit_code", "校验位"),
        ({"claims": [ClaimInput(amount_claimed="-5")]}, "claims.0.amount_claimed", "不能为负数"),
        ({"claims": [ClaimInput(amount_claimed="100", period_from=date(2026, 5, 1), period_to=date(2026, 4, 1))]},
         "claims.0.period_to", "不能早于开始日期"),
        ({"received_on": date.today() + timedelta(days=1)}, "received_on", "不能晚于今天"),
        ({"applicants": [PartyInput(name="张三", phone="138001")]}, "applicants.0.phone", "手机号码"),
        ({"applicants": [PartyInput(name=" ")]}, "applicants.0.name", "请填写姓名"),
        ({"procedure": "grassroots"}, "procedure", "不能选择"),
        ({"collective": True, "workers_involved": 9}, "workers_involved", "10人以上"),
        ({"supervised": True}, "supervised", "只能由领导设定"),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_written(ctx, admin, change, field, message) -> None:  # noqa: ANN001
    before = row_counts(ctx)
    with pytest.raises(ValidationFailed) as err:
        ctx.call(cases.create_case, data=arbitration_input(admin.office_id, **change))
    assert message in err.value.errors[field]
    assert row_counts(ctx) == before


def test_employer_without_credit_code_is_saved_with_a_warning(ctx, admin) -> None:  # noqa: ANN001
    data = arbitration_input(admin.office_id, respondents=[
        PartyInput(kind=PartyKind.ORGANISATION, name="张记大排档（个体工商户）")])
    d = ctx.call(cases.get_case, case_id=ctx.call(cases.create_case, data=data))
    assert d.parties[1].party.warnings == ("未填写统一社会信用代码",)


def test_same_worker_and_employer_are_one_party_record_across_cases(ctx, admin) -> None:  # noqa: ANN001
    ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    ctx.call(cases.create_case, data=arbitration_input(
        admin.office_id, family="mediation", procedure="prefiling",
        applicants=[PartyInput(name="张三", id_doc_number=VALID_ID.lower())]))
    with ctx.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Party)) == 2
    worker = ctx.call(cases.list_cases, query=CaseQuery())[0]
    d = ctx.call(cases.get_case, case_id=worker.id)
    from hrss_disputes.services import parties

    assert ctx.call(parties.get_party, party_id=d.parties[0].party.id).case_count == 2
    found = ctx.call(cases.list_cases, query=CaseQuery(party_id=d.parties[0].party.id))
    assert len(found) == 2


def test_case_number_unique_per_office(ctx, admin) -> None:  # noqa: ANN001
    ctx.call(cases.create_case, data=arbitration_input(admin.office_id, case_number="肇劳人仲案字〔2026〕第1号"))
    with pytest.raises(ValidationFailed) as err:
        ctx.call(cases.create_case, data=arbitration_input(admin.office_id, case_number="肇劳人仲案字〔2026〕第1号"))
    assert "已被本机构使用" in err.value.errors["case_number"]


def test_edit_with_stale_version_is_refused_naming_who_changed_it(ctx, admin) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    d = ctx.call(cases.get_case, case_id=case_id)
    other = make_user(ctx, "wang", Role.ARBITRATOR, admin.office_id)
    from hrss_disputes.services.context import ServiceContext

    ServiceContext(ctx.db, other).call(cases.update_case, case_id=case_id, expected_version=d.version,
                                       changes={"summary": "王先补充的摘要"})
    with pytest.raises(VersionConflict, match="wang 于"):
        ctx.call(cases.update_case, case_id=case_id, expected_version=d.version,
                 changes={"summary": "我的摘要"})
    assert ctx.call(cases.get_case, case_id=case_id).summary == "王先补充的摘要"


def test_add_claim_and_events_update_amounts_status_and_timeline(ctx, admin) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    d = ctx.call(cases.get_case, case_id=case_id)
    d = ctx.call(claims.add_claim, case_id=case_id, expected_version=d.version,
                 claim=ClaimInput(claim_type="overtime", amount_claimed="3000"))
    assert d.amount_claimed == Decimal("15000.50")
    clerk = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    ctx.actor = clerk
    d = ctx.call(workflow.perform_action, case_id=case_id, expected_version=d.version, action="accept",
                 occurred_on=date(2026, 11, 3), today=date(2026, 11, 21))
    assert d.status is CaseStatus.ACCEPTED and d.accepted_on == date(2026, 11, 3)
    with pytest.raises(ValidationFailed) as err:
        ctx.call(workflow.perform_action, case_id=case_id, expected_version=d.version, action="note",
                 occurred_on=date(2026, 11, 1), values={"text": "早于收案"}, today=date(2026, 11, 21))
    assert "不能早于收案日期" in err.value.errors["occurred_on"]
    with pytest.raises(ValidationFailed) as err:
        ctx.call(workflow.perform_action, case_id=case_id, expected_version=d.version, action="note",
                 occurred_on=date(2026, 11, 5), values={"text": " "}, today=date(2026, 11, 21))
    assert err.value.errors["text"] == "请填写备注内容"
    kinds = [e.kind for e in ctx.call(cases.get_case, case_id=case_id).events]
    assert kinds == [EventKind.RECEIVED, EventKind.ACCEPTED, EventKind.CLAIM_ADDED]


def _seed_list(ctx, admin) -> None:  # noqa: ANN001
    names = ["张三", "李四", "王五", "赵六", "陈七"]
    for i, name in enumerate(names):
        ctx.call(cases.create_case, data=arbitration_input(
            admin.office_id, received_on=date(2026, 1, 1) + timedelta(days=i),
            applicants=[PartyInput(name=name)], green_channel=i % 2 == 0,
            claims=[ClaimInput(amount_claimed=str(1000 * (5 - i)))], case_number=f"肇劳人仲案字〔2026〕第{i + 1}号",
        ))


def test_list_filters_sorts_and_pages_in_sql(ctx, admin) -> None:  # noqa: ANN001
    _seed_list(ctx, admin)
    rows = ctx.call(cases.list_cases, query=CaseQuery())
    assert [r.applicant_names for r in rows] == ["陈七", "赵六", "王五", "李四", "张三"]  # newest first
    rows = ctx.call(cases.list_cases, query=CaseQuery(sort="amount_claimed", descending=False))
    assert [r.amount_claimed for r in rows] == [Decimal(x) for x in (1000, 2000, 3000, 4000, 5000)]
    page2 = ctx.call(cases.list_cases, query=CaseQuery(sort="received_on", descending=False, offset=2, limit=2))
    assert [r.applicant_names for r in page2] == ["王五", "赵六"]
    assert [r.applicant_names for r in ctx.call(cases.list_cases, query=CaseQuery(text="王"))] == ["王五"]
    assert len(ctx.call(cases.list_cases, query=CaseQuery(text="第3号"))) == 1
    assert ctx.call(cases.count_cases, query=CaseQuery(green_channel=True)) == 3
    assert ctx.call(cases.count_cases, query=CaseQuery(received_from=date(2026, 1, 2),
                                                       received_to=date(2026, 1, 3))) == 2
    assert ctx.call(cases.count_cases, query=CaseQuery(family="complaint")) == 0
    assert ctx.call(cases.count_cases, query=CaseQuery(status="open")) == 5
    assert ctx.call(cases.count_cases, query=CaseQuery(text="100%")) == 0  # LIKE wildcards are literal


@pytest.mark.parametrize(
    ("sort", "share"),
    [("received_on", 1.0), ("amount_claimed", 0.0001), ("amount_claimed", 2.0), ("handler", 1.0)],
)
def test_search_plans_give_the_same_answers(ctx, admin, monkeypatch, sort, share) -> None:  # noqa: ANN001
    """Covering-index page, sorted walk and id set: each plan returns what the plain query does."""
    _seed_list(ctx, admin)
    monkeypatch.setattr(case_list, "DENSE_SHARE", share)
    ids = [r.id for r in ctx.call(cases.list_cases, query=CaseQuery(sort="received_on", descending=False))]
    by = {r.id: r for r in ctx.call(cases.list_cases, query=CaseQuery(limit=100))}

    def page(**kw) -> list:  # noqa: ANN003
        return [r.id for r in ctx.call(cases.list_cases, query=CaseQuery(sort=sort, **kw))]

    def expected(keep, descending=True) -> list:  # noqa: ANN001
        key = {"received_on": lambda i: (by[i].received_on, i), "amount_claimed": lambda i: (by[i].amount_claimed, i),
               "handler": lambda i: (by[i].handler_name, i)}[sort]
        return sorted((i for i in ids if keep(by[i])), key=key, reverse=descending)

    assert page(text="肇庆") == expected(lambda r: True)
    assert page(text="六") == expected(lambda r: r.applicant_names == "赵六")  # one character, ending a name
    assert page(text="赵") == expected(lambda r: r.applicant_names == "赵六")  # beginning it
    assert page(text="没") == []
    assert page(text="肇庆", descending=False, offset=1, limit=2) == expected(lambda r: True, False)[1:3]
    assert page(text="王") == expected(lambda r: r.applicant_names == "王五")
    assert page(text="第3号") == expected(lambda r: r.case_number.endswith("第3号"))
    assert page(text="2026-2") == expected(lambda r: r.case_number.endswith("第2号"))
    assert page(text="2026〕", family="arbitration") == expected(lambda r: True)
    assert page(text="2025") == []
    assert page(text="肇庆", family="arbitration", office_id=admin.office_id,
                received_from=date(2026, 1, 2), received_to=date(2026, 1, 4)) == expected(
        lambda r: date(2026, 1, 2) <= r.received_on <= date(2026, 1, 4))
    assert page(text="肇庆", family="complaint") == []
    assert page(text="肇庆", green_channel=True) == expected(lambda r: r.green_channel)
    assert ctx.call(cases.count_cases, query=CaseQuery(text="肇庆", green_channel=True)) == 3


def test_a_township_user_sees_only_its_own_office_subtree(ctx, admin) -> None:  # noqa: ANN001
    t1 = ctx.call(offices.create_office, code="T1", name="城东街道调解中心", kind=OfficeKind.TOWNSHIP_CENTRE,
                  parent_id=admin.office_id)
    t2 = ctx.call(offices.create_office, code="T2", name="桂城街道调解中心", kind=OfficeKind.TOWNSHIP_CENTRE,
                  parent_id=admin.office_id)
    m1 = make_user(ctx, "m1", Role.MEDIATOR, t1)
    from hrss_disputes.services.context import ServiceContext

    c1 = ServiceContext(ctx.db, m1)
    own = c1.call(cases.create_case, data=arbitration_input(t1, family="mediation", procedure="grassroots"))
    other = ctx.call(cases.create_case, data=arbitration_input(t2, family="mediation", procedure="grassroots"))
    assert [r.id for r in c1.call(cases.list_cases, query=CaseQuery())] == [own]
    assert c1.call(cases.count_cases, query=CaseQuery(office_id=t2)) == 0
    with pytest.raises(PermissionDenied):
        c1.call(cases.get_case, case_id=other)
    with pytest.raises(PermissionDenied):
        c1.call(cases.update_case, case_id=other, expected_version=1, changes={"summary": "x"})
    errors = c1.call(cases.validate_new_case, data=arbitration_input(t2, family="mediation", procedure="grassroots"))
    assert "无权" in errors["office_id"]
    assert ctx.call(cases.count_cases, query=CaseQuery()) == 2  # the institute sees both


def test_validate_new_case_writes_nothing(ctx, admin) -> None:  # noqa: ANN001
    before = row_counts(ctx)
    assert ctx.call(cases.validate_new_case, data=arbitration_input(admin.office_id)) == {}
    assert row_counts(ctx) == before


def test_second_worker_document_number(ctx, admin) -> None:  # noqa: ANN001
    data = arbitration_input(admin.office_id, applicants=[PartyInput(name="梁生", id_doc_number=VALID_ID_2)],
                             respondents=[PartyInput(kind=PartyKind.ORGANISATION, name="某厂", credit_code=VALID_USCC)])
    d = ctx.call(cases.get_case, case_id=ctx.call(cases.create_case, data=data))
    assert d.parties[0].party.sex == "male"


def test_search_is_an_escaped_like_on_other_databases() -> None:
    from unittest.mock import Mock

    from sqlalchemy.dialects import postgresql

    session = Mock()
    session.get_bind.return_value.dialect.name = "postgresql"
    compiled = case_list._contains(session, DisputeCase.search_text, "100%_x").compile(dialect=postgresql.dialect())
    assert "LIKE" in str(compiled) and "ESCAPE" in str(compiled)
    assert list(compiled.params.values()) == ["%100\\%\\_x%"]
