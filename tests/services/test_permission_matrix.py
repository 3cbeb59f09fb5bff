"""The whole permission table, role by role, through the services; and one township's staff
kept out of another township's cases through every service that reads or changes a case."""

from __future__ import annotations

import itertools
import uuid
from datetime import date

import pytest

from hrss_disputes.db import open_database
from hrss_disputes.domain import complaints as cm
from hrss_disputes.domain.kpi import Period
from hrss_disputes.domain.permissions import TABLE, Permission
from hrss_disputes.domain.workflows import WORKFLOWS, find_action
from hrss_disputes.models.enums import (
    PROCEDURES_BY_FAMILY,
    CaseFamily,
    OfficeKind,
    PartyKind,
    Procedure,
    Role,
)
from hrss_disputes.services import (
    accounts,
    audit_trail,
    backups,
    case_list,
    cases,
    claims,
    complaints,
    documents,
    element_positions,
    employers,
    kpi,
    limitation,
    offices,
    parties,
    reference_admin,
    report_submissions,
    setup,
    sittings,
    workflow,
)
from hrss_disputes.services import tribunal as tribunal_service
from hrss_disputes.services.cases import CaseQuery, ClaimInput
from hrss_disputes.services.complaints import Informant
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.services.errors import PermissionDenied, ServiceError
from hrss_disputes.services.parties import PartyInput
from hrss_disputes.services.sittings import SittingInput
from tests.factories import TEST_PASSWORD, VALID_ID, arbitration_input, resident_id
from tests.services.test_complaints import site_complaint

TODAY = date(2026, 11, 21)


class World:
    """One database: a commission with one user of every role, an inspection unit under it with
    one user of every role too, and a mediation and an arbitration case at the commission and a
    complaint at the unit (a report, handled by another inspector of the unit)."""

    def __init__(self, path: str):
        self.ctx = ServiceContext(open_database(path))
        ctx = self.ctx
        ctx.actor = ctx.call(setup.first_start, office_name="肇庆市劳动人事争议仲裁委员会",
                             office_kind=OfficeKind.COMMISSION, city="肇庆", admin_name="李明", password=TEST_PASSWORD)
        self.root = ctx.actor.office_id
        self.users = {Role.ADMIN: ctx.actor}
        for role in Role:
            if role is not Role.ADMIN:
                uid = ctx.call(accounts.create_account, username=role.value, display_name=role.label, role=role,
                               office_id=self.root, password=TEST_PASSWORD)
                self.users[role] = ctx.call(offices.get_actor, user_id=uid)
        self.unit = ctx.call(offices.create_office, code="JC", name="肇庆市劳动保障监察支队",
                             kind=OfficeKind.INSPECTION, parent_id=self.root)
        self.unit_users = {}  # the informant is the unit's business (LSIR Art 9), not the commission's
        for role in Role:
            uid = ctx.call(accounts.create_account, username=f"jc_{role.value}", display_name=role.label, role=role,
                           office_id=self.unit, password=TEST_PASSWORD)
            self.unit_users[role] = ctx.call(offices.get_actor, user_id=uid)
        handler = ctx.call(accounts.create_account, username="handler", display_name="承办监察员", role=Role.INSPECTOR,
                           office_id=self.unit, password=TEST_PASSWORD)
        ctx.actor = self.users[Role.SUPERVISOR]
        self.mediation = ctx.call(cases.create_case, data=arbitration_input(self.root, family="mediation",
                                                                            procedure="grassroots"))
        self.arbitration = ctx.call(cases.create_case, data=arbitration_input(self.root))
        report = site_complaint(self.unit, workers=2, kind=cm.REPORT, informant=Informant(name="陈某某", phone="13912345678"))
        ctx.actor = ctx.call(offices.get_actor, user_id=handler)
        self.complaint = ctx.call(complaints.register_complaint, data=report, today=TODAY)
        self.counter = itertools.count(1)

    def as_(self, role: Role, *, unit: bool = False):  # noqa: ANN201
        self.ctx.actor = (self.unit_users if unit else self.users)[role]
        return self.ctx

    def version(self, case_id: uuid.UUID) -> int:
        ctx = ServiceContext(self.ctx.db, self.users[Role.SUPERVISOR])
        return ctx.call(cases.get_case, case_id=case_id).version

    def employer(self) -> uuid.UUID:
        n = next(self.counter)
        ctx = ServiceContext(self.ctx.db, self.users[Role.SUPERVISOR])
        return ctx.call(parties.create_party, data=PartyInput(kind=PartyKind.ORGANISATION, name=f"肇庆市重复测试{n}号有限公司")).id


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:  # noqa: ANN001
    w = World(str(tmp_path_factory.mktemp("matrix") / "matrix.db"))
    yield w
    w.ctx.db.dispose()


def _edit(w: World, case_id: uuid.UUID):  # noqa: ANN202
    return lambda ctx: ctx.call(cases.update_case, case_id=case_id, expected_version=w.version(case_id),
                                changes={"summary": f"修改{next(w.counter)}"})


def _issue(w: World, case_id: uuid.UUID, doc_type: str):  # noqa: ANN202
    # a refusal of the role comes first; an allowed role may still hear that a section is blank
    return lambda ctx: ctx.call(documents.issue, case_id=case_id, expected_version=w.version(case_id),
                                doc_type=doc_type, writings={}, issue_date=TODAY)


def _register(w: World, family: str, procedure: str):  # noqa: ANN202
    return lambda ctx: ctx.call(cases.create_case, data=arbitration_input(w.root, family=family, procedure=procedure))


def _sees_id(w: World):  # noqa: ANN202
    def probe(ctx):  # noqa: ANN001, ANN202
        number = next(p.party.id_doc_number for p in ctx.call(cases.get_case, case_id=w.arbitration).parties
                      if p.party.id_doc_number)
        if number != VALID_ID:
            raise PermissionDenied("masked")
    return probe


def _sees_informant(w: World):  # noqa: ANN202
    def probe(ctx):  # noqa: ANN001, ANN202
        if ctx.call(complaints.get_complaint, case_id=w.complaint, today=TODAY).informant is None:
            raise PermissionDenied("hidden")
    return probe


def _merge(w: World):  # noqa: ANN202
    return lambda ctx: ctx.call(employers.merge_employers, keep_id=w.employer(), merge_id=w.employer())


PROBES = {
    Permission.READ_CASES: lambda w: lambda ctx: ctx.call(cases.get_case, case_id=w.arbitration),
    Permission.REGISTER_MEDIATION: lambda w: _register(w, "mediation", "grassroots"),
    Permission.REGISTER_ARBITRATION: lambda w: _register(w, "arbitration", "ordinary"),
    Permission.REGISTER_COMPLAINT: lambda w: lambda ctx: ctx.call(
        complaints.register_complaint, data=site_complaint(w.unit, workers=1), today=TODAY),
    Permission.EDIT_MEDIATION: lambda w: _edit(w, w.mediation),
    Permission.EDIT_ARBITRATION: lambda w: _edit(w, w.arbitration),
    Permission.EDIT_COMPLAINT: lambda w: _edit(w, w.complaint),
    Permission.ISSUE_MEDIATION_PAPERS: lambda w: _issue(w, w.mediation, "mediation_agreement"),
    Permission.ISSUE_ARBITRATION_PAPERS: lambda w: _issue(w, w.arbitration, "acceptance_notice"),
    Permission.ISSUE_TRIBUNAL_PAPERS: lambda w: _issue(w, w.arbitration, "award"),
    Permission.ISSUE_COMPLAINT_PAPERS: lambda w: _issue(w, w.complaint, "administrative_decision"),
    Permission.SEE_ID_NUMBERS: _sees_id,
    Permission.SEE_INFORMANT: _sees_informant,
    Permission.MERGE_EMPLOYERS: _merge,
    Permission.READ_REPORTS: lambda w: lambda ctx: ctx.call(kpi.office_rates, office_id=w.root,
                                                            period=Period.month(2026, 10)),
    # a month not yet ended: past the permission check it is refused for its date, nothing written
    Permission.SUBMIT_REPORT: lambda w: lambda ctx: ctx.call(report_submissions.submit, office_id=w.root,
                                                             period=Period.month(2026, 12), today=TODAY),
    Permission.SET_TARGETS: lambda w: lambda ctx: ctx.call(kpi.set_settled_withdrawals_mediated, value=False),
    Permission.EDIT_REFERENCE: lambda w: lambda ctx: ctx.call(reference_admin.set_thresholds, single="", group=""),
    Permission.KEEP_ARBITRATORS: lambda w: lambda ctx: ctx.call(
        tribunal_service.save_arbitrator, office_id=w.root,
        data=tribunal_service.ArbitratorInput(f"兼职仲裁员{next(w.counter)}", "part_time", profession="律师")),
    Permission.MANAGE_OFFICES: lambda w: lambda ctx: ctx.call(
        offices.create_office, code=f"T{next(w.counter)}", name="端州区城东街道劳动争议调解中心",
        kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=w.root),
    Permission.MANAGE_USERS: lambda w: lambda ctx: ctx.call(
        accounts.create_account, username=f"u{next(w.counter)}", display_name="新同事", role=Role.MEDIATOR,
        office_id=w.root, password=TEST_PASSWORD),
    Permission.READ_AUDIT: lambda w: lambda ctx: ctx.call(audit_trail.list_entries),
    Permission.BACKUP: lambda w: lambda ctx: ctx.call(backups.backup_now),
    # past the permission check an empty plan is refused at its fields, nothing written
    Permission.PLAN_SITTINGS: lambda w: lambda ctx: ctx.call(sittings.plan_sitting,
                                                             data=SittingInput(place_id=None, sits_on=None)),
    Permission.RECORD_ELEMENTS: lambda w: lambda ctx: ctx.call(
        element_positions.record_positions, case_id=w.arbitration, expected_version=w.version(w.arbitration),
        positions=[]),
}


# complaints are the inspection unit's: its own staff are probed for these (a supervisor acts for
# the families their office handles; the commission's are refused by office, not by role)
AT_THE_UNIT = {Permission.REGISTER_COMPLAINT, Permission.EDIT_COMPLAINT, Permission.ISSUE_COMPLAINT_PAPERS,
               Permission.SEE_INFORMANT}


def test_every_permission_has_a_probe() -> None:
    assert set(PROBES) == set(Permission) == set(TABLE)


@pytest.mark.parametrize(("permission", "role"), list(itertools.product(Permission, Role)),
                         ids=lambda x: x.value)
def test_each_role_is_allowed_or_refused_as_the_table_says(world: World, permission: Permission, role: Role) -> None:
    probe = PROBES[permission](world)
    ctx = world.as_(role, unit=permission in AT_THE_UNIT)
    if role in TABLE[permission]:
        try:
            probe(ctx)
        except PermissionDenied as e:  # pragma: no cover - the failure message says which
            pytest.fail(f"{role.label} refused {permission.label}: {e}")
        except ServiceError:
            pass  # allowed through the permission check; refused for what was (not) filled in
    else:
        with pytest.raises(PermissionDenied):
            probe(ctx)


def _first_steps() -> list[tuple[Procedure, str]]:
    """Every procedure's actions that start from a newly received case."""
    from hrss_disputes.models.enums import CaseStatus

    return [(proc, a.key) for proc, actions in WORKFLOWS.items() for a in actions
            if CaseStatus.RECEIVED in a.from_states]


@pytest.mark.parametrize(("procedure", "action"), _first_steps(), ids=str)
def test_procedure_steps_follow_their_tables_roles(world: World, procedure: Procedure, action: str) -> None:
    found = find_action(procedure, action)
    family = next(f for f, procs in PROCEDURES_BY_FAMILY.items() if procedure in procs)
    world.as_(Role.INSPECTOR if family is CaseFamily.COMPLAINT else Role.SUPERVISOR)
    case_id = world.ctx.call(cases.create_case, data=arbitration_input(
        world.root, family=family.value, procedure=procedure.value, collective=procedure is Procedure.COLLECTIVE,
        workers_involved=12 if procedure is Procedure.COLLECTIVE else 1))
    for role in Role:
        ctx = world.as_(role)

        def call(ctx: ServiceContext = ctx) -> None:  # a stale version: nothing is written either way
            ctx.call(workflow.perform_action, case_id=case_id, expected_version=0, action=action,
                     occurred_on=date(2026, 11, 3), values={}, today=TODAY)

        if role in found.roles:
            try:
                call()
            except PermissionDenied as e:
                assert "您的角色是" not in str(e), f"{role.label}: {e}"
            except ServiceError:
                pass
        else:
            with pytest.raises(PermissionDenied, match="您的角色是"):
                call()


# ---------------------------------------------------------------- one township, another's cases


@pytest.fixture
def townships(ctx, admin):  # noqa: ANN001, ANN201
    a = ctx.call(offices.create_office, code="TA", name="端州区城东街道劳动争议调解中心",
                 kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=admin.office_id)
    b = ctx.call(offices.create_office, code="TB", name="鼎湖区桂城街道劳动争议调解中心",
                 kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=admin.office_id)
    users = {}
    for office, name in ((a, "med_a"), (b, "med_b")):
        uid = ctx.call(accounts.create_account, username=name, display_name=name, role=Role.MEDIATOR,
                       office_id=office, password=TEST_PASSWORD)
        users[name] = ctx.call(offices.get_actor, user_id=uid)
    ctx.actor = users["med_b"]
    theirs = ctx.call(cases.create_case, data=arbitration_input(
        b, family="mediation", procedure="grassroots", case_number="鼎调字〔2026〕1号",
        applicants=[PartyInput(name="桂城工人", id_doc_number=resident_id(7), phone="13800000007")]))
    ctx.actor = users["med_a"]
    return a, b, theirs


def test_a_township_cannot_read_or_change_another_townships_cases(ctx, townships) -> None:  # noqa: ANN001
    a, b, theirs = townships
    worker = ServiceContext(ctx.db, ctx.call(offices.find_actor, username="med_b")).call(
        cases.get_case, case_id=theirs).parties[0].party.id
    version = 1
    refused = {
        "get_case": lambda: ctx.call(cases.get_case, case_id=theirs),
        "update_case": lambda: ctx.call(cases.update_case, case_id=theirs, expected_version=version,
                                        changes={"summary": "改"}),
        "perform_action": lambda: ctx.call(workflow.perform_action, case_id=theirs, expected_version=version,
                                           action="accept", occurred_on=date(2026, 11, 3), today=TODAY),
        "allowed_actions": lambda: ctx.call(workflow.allowed_actions, case_id=theirs),
        "add_claim": lambda: ctx.call(claims.add_claim, case_id=theirs, expected_version=version,
                                      claim=ClaimInput(claim_type="wages", amount_claimed="100")),
        "case_limitation": lambda: ctx.call(limitation.case_limitation, case_id=theirs),
        "list_issued": lambda: ctx.call(documents.list_issued, case_id=theirs),
        "preview": lambda: ctx.call(documents.preview, case_id=theirs, doc_type="mediation_agreement"),
        "issue": lambda: ctx.call(documents.issue, case_id=theirs, expected_version=version,
                                  doc_type="mediation_agreement"),
        "find_by_number": lambda: ctx.call(case_list.find_by_number, case_number="鼎调字〔2026〕1号"),
        "get_party": lambda: ctx.call(parties.get_party, party_id=worker),
        "update_party": lambda: ctx.call(parties.update_party, party_id=worker, expected_version=1,
                                         data=PartyInput(name="改名")),
        "office_rates": lambda: ctx.call(kpi.office_rates, office_id=b,
                                         period=Period.month(2026, 11)),
    }
    for name, call in refused.items():
        with pytest.raises((PermissionDenied, ServiceError)) as e:
            call()
        assert isinstance(e.value, PermissionDenied) or "找不到" in str(e.value), name
    assert ctx.call(case_list.count_cases, query=CaseQuery()) == 0  # their case is not in my list
    assert ctx.call(parties.search_parties, text="桂城工人") == []
    assert ctx.call(parties.search_parties, text=resident_id(7)) == []
