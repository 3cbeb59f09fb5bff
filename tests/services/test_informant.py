"""The informant of a report (举报人, 劳动保障监察条例 Art 9) is known to the inspector handling it
and the supervisors of the inspection unit that holds it, nobody else; the handler is changed
only by that unit's supervisor, as its own audited step; a supervisor takes the procedure steps
of the families their office handles only."""

from __future__ import annotations

from datetime import date

import pytest

from hrss_disputes.domain import complaints as cm
from hrss_disputes.domain.permissions import office_refusal
from hrss_disputes.models.enums import CaseFamily, OfficeKind, Role
from hrss_disputes.services import (
    audit_trail,
    case_list,
    cases,
    complaints,
    documents,
    offices,
    workflow,
)
from hrss_disputes.services.cases import CaseQuery
from hrss_disputes.services.complaints import Informant
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed
from tests.factories import act, arbitration_input, make_user
from tests.pdf import text_of
from tests.services.test_complaints import site_complaint

TODAY = date(2026, 11, 21)
SECRET = "陈秘密"


@pytest.fixture
def unit(ctx, admin):  # noqa: ANN001, ANN201
    """An institute (the administrator's office) with its supervisor, and an inspection unit under
    it with two inspectors and its own supervisor; a report handled by the first inspector."""
    office = ctx.call(offices.create_office, name="肇庆市端州区劳动保障监察大队", kind=OfficeKind.INSPECTION,
                      parent_id=admin.office_id, city="肇庆", code="DZJC")
    staff = {name: make_user(ctx, name, role, where) for name, role, where in (
        ("zhou", Role.INSPECTOR, office), ("wu", Role.INSPECTOR, office), ("lead", Role.SUPERVISOR, office),
        ("inst_lead", Role.SUPERVISOR, admin.office_id), ("arb", Role.ARBITRATOR, admin.office_id))}
    ctx.actor = staff["zhou"]
    data = site_complaint(office, workers=0, kind=cm.REPORT, workers_count=30, amount_claimed="300000",
                          informant=Informant(name=SECRET, phone="13912345678", address="端州区某街1号"))
    staff["case"] = ctx.call(complaints.register_complaint, data=data, today=TODAY)
    staff["office"] = office
    return staff


def _informant(ctx, unit, who: str):  # noqa: ANN001, ANN202
    ctx.actor = unit[who]
    return ctx.call(complaints.get_complaint, case_id=unit["case"], today=TODAY).informant


def test_only_the_handler_and_the_units_own_supervisor_read_the_informant(ctx, admin, unit) -> None:  # noqa: ANN001
    assert _informant(ctx, unit, "zhou").name == SECRET
    assert _informant(ctx, unit, "lead").phone == "13912345678"
    for who in ("wu", "inst_lead", "arb"):
        assert _informant(ctx, unit, who) is None, who
    ctx.actor = admin
    assert ctx.call(complaints.get_complaint, case_id=unit["case"], today=TODAY).informant is None


def test_an_ordinary_edit_does_not_change_a_complaints_handler(ctx, unit) -> None:  # noqa: ANN001
    ctx.actor = unit["wu"]
    d = ctx.call(cases.get_case, case_id=unit["case"])
    with pytest.raises(ValidationFailed) as e:
        ctx.call(cases.update_case, case_id=d.id, expected_version=d.version, changes={"handler_id": unit["wu"].id})
    assert "更换承办人" in e.value.errors["handler_id"]
    assert ctx.call(cases.get_case, case_id=d.id).handler_id == unit["zhou"].id
    assert _informant(ctx, unit, "wu") is None
    # the same handler sent back with other changes is no change
    ctx.actor = unit["zhou"]
    d = ctx.call(cases.update_case, case_id=d.id, expected_version=d.version,
                 changes={"handler_id": unit["zhou"].id, "summary": "工地欠薪"})
    assert d.summary == "工地欠薪"


def test_the_units_supervisor_changes_the_handler_as_an_audited_step(ctx, unit) -> None:  # noqa: ANN001
    case_id = unit["case"]
    for who in ("zhou", "wu", "inst_lead"):  # the handler, another inspector, the institute's supervisor
        ctx.actor = unit[who]
        with pytest.raises(PermissionDenied):
            ctx.call(cases.change_handler, case_id=case_id, expected_version=1, handler_id=unit["wu"].id)
    ctx.actor = unit["lead"]
    assert [u.id for u in ctx.call(cases.handler_choices, case_id=case_id)] == [unit["wu"].id, unit["zhou"].id]
    with pytest.raises(ValidationFailed) as e:  # an arbitrator of the institute cannot handle it
        ctx.call(cases.change_handler, case_id=case_id, expected_version=1, handler_id=unit["arb"].id)
    assert "监察员" in e.value.errors["handler_id"]
    d = ctx.call(cases.change_handler, case_id=case_id, expected_version=1, handler_id=unit["wu"].id)
    assert d.handler_id == unit["wu"].id and d.version == 2
    assert "更换承办人：zhou → wu" in d.events[-1].note
    assert _informant(ctx, unit, "wu").name == SECRET
    assert _informant(ctx, unit, "zhou") is None
    ctx.actor = unit["lead"]
    [row] = [r for r in ctx.call(audit_trail.list_entries) if r.action == "更换承办人"]
    assert "承办人" in row.changes and SECRET not in row.before + row.after + row.changes


def test_the_informant_is_in_no_paper_list_search_or_audit_entry(ctx, admin, unit) -> None:  # noqa: ANN001
    case_id = unit["case"]
    ctx.actor = unit["zhou"]
    act(ctx, case_id, "file", date(2026, 9, 2))
    for doc_type, _name in ctx.call(documents.document_types, case_id=case_id):
        try:
            preview = ctx.call(documents.preview, case_id=case_id, doc_type=doc_type, issue_date=TODAY)
        except ValidationFailed:
            continue
        for pdf in preview.pdfs:
            assert SECRET not in text_of(pdf), doc_type
    assert ctx.call(case_list.count_cases, query=CaseQuery(text=SECRET)) == 0
    assert SECRET not in repr(ctx.call(cases.get_case, case_id=case_id))
    for who in ("lead", "inst_lead"):
        ctx.actor = unit[who]
        for row in ctx.call(audit_trail.list_entries):
            assert SECRET not in row.before + row.after + row.changes and "13912345678" not in row.after


def test_a_supervisor_acts_only_on_the_families_their_office_handles(ctx, admin, unit) -> None:  # noqa: ANN001
    ctx.actor = unit["inst_lead"]  # the institute's supervisor: arbitration and mediation, not complaints
    assert ctx.call(workflow.allowed_actions, case_id=unit["case"]) == []
    with pytest.raises(PermissionDenied) as e:
        act(ctx, unit["case"], "file", date(2026, 9, 2))
    assert "不办理欠薪投诉" in str(e.value)
    arbitration = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    assert act(ctx, arbitration, "accept", date(2026, 11, 3)).accepted_on == date(2026, 11, 3)
    ctx.actor = unit["lead"]  # the inspection unit's supervisor: complaints only
    assert "file" in [a.key for a in ctx.call(workflow.allowed_actions, case_id=unit["case"])]
    act(ctx, unit["case"], "file", date(2026, 9, 2))
    ctx.actor = admin  # an arbitration case registered at the unit's desk by mistake
    misplaced = ctx.call(cases.create_case, data=arbitration_input(unit["office"]))
    ctx.actor = unit["lead"]
    assert ctx.call(workflow.allowed_actions, case_id=misplaced) == []
    with pytest.raises(PermissionDenied) as e:
        act(ctx, misplaced, "accept", date(2026, 11, 3))
    assert "仲裁" in str(e.value) and "您的角色是" not in str(e.value)
    assert office_refusal(OfficeKind.INSPECTION, CaseFamily.COMPLAINT) is None
    assert office_refusal(OfficeKind.TOWNSHIP_CENTRE, CaseFamily.ARBITRATION) is not None


def test_a_supervisor_edits_registers_and_issues_only_for_their_offices_families(ctx, admin, unit) -> None:  # noqa: ANN001
    from hrss_disputes.services.complaints import WorkerInput

    ctx.actor = unit["inst_lead"]
    case_id = unit["case"]
    refused = {
        "update_case": lambda: ctx.call(cases.update_case, case_id=case_id, expected_version=1,
                                        changes={"summary": "改"}),
        "set_workers": lambda: ctx.call(complaints.set_workers, case_id=case_id, expected_version=1,
                                        workers=[WorkerInput(name="工人", amount_owed="100")], workers_count=30),
        "review": lambda: ctx.call(complaints.review_complaint, case_id=case_id, expected_version=1,
                                   occurred_on=date(2026, 9, 2), review=cm.Review(True, True, True), today=TODAY),
        "issue": lambda: ctx.call(documents.issue, case_id=case_id, expected_version=1,
                                  doc_type="complaint_acceptance", writings={}, issue_date=TODAY),
        "register": lambda: ctx.call(complaints.register_complaint, data=site_complaint(unit["office"], workers=1),
                                     today=TODAY),
    }
    for name, call in refused.items():
        with pytest.raises(PermissionDenied, match="不办理欠薪投诉"):
            call()
            pytest.fail(name)
    assert not ctx.call(documents.may_issue, case_id=case_id) and not ctx.call(cases.may_edit, case_id=case_id)
    ctx.actor = unit["lead"]
    assert ctx.call(documents.may_issue, case_id=case_id) and ctx.call(cases.may_edit, case_id=case_id)
    ctx.call(cases.update_case, case_id=case_id, expected_version=1, changes={"summary": "工地欠薪"})
    with pytest.raises(PermissionDenied, match="不办理仲裁案件"):
        ctx.call(cases.create_case, data=arbitration_input(unit["office"]))
