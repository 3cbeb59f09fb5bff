"""Text longer than its column (issue 20.4): every String(n) column a person's typing reaches
keeps n characters and refuses n+1 at the field, with nothing written; the limits are read from
the models. A flush that still carries a too-long value, on any table, is refused by the guard
before the database sees it (PostgreSQL would refuse it raw, SQLite would keep it)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import String, func, select

from hrss_disputes.models.audit import AuditEntry
from hrss_disputes.models.case import DisputeCase
from hrss_disputes.models.complaint import ComplaintDetail
from hrss_disputes.models.enums import IdDocType, OfficeKind, PartyKind, Role
from hrss_disputes.models.office import AppUser, Office
from hrss_disputes.models.party import Party
from hrss_disputes.models.reference import AverageWage, CalendarDay, MinimumWage
from hrss_disputes.models.tables import metadata
from hrss_disputes.models.tribunal import Arbitrator, HearingPlace
from hrss_disputes.services import (
    accounts,
    case_numbers,
    cases,
    complaints,
    hearings,
    offices,
    parties,
    reference_admin,
    tribunal,
)
from hrss_disputes.services.complaints import ComplaintInput, Informant, ProjectInput, WorkerInput
from hrss_disputes.services.errors import ValidationFailed
from hrss_disputes.services.lengths import LABELS, column_limit, max_length
from hrss_disputes.services.parties import PartyInput
from tests.factories import TEST_PASSWORD, VALID_USCC, arbitration_input, make_user, resident_id

TODAY = date(2026, 11, 21)


def organisation(**typed: str) -> PartyInput:
    return PartyInput(kind=PartyKind.ORGANISATION, **{"name": "肇庆市某某有限公司", **typed})


def passport_holder(**typed: str) -> PartyInput:
    return PartyInput(kind=PartyKind.PERSON, id_doc_type=IdDocType.PASSPORT, **{"name": "约翰", **typed})


def new_party(ctx, admin, data: PartyInput) -> None:  # noqa: ANN001
    ctx.call(parties.create_party, data=data)


def case_with(ctx, admin, respondent: PartyInput | None = None, number: str = "") -> None:  # noqa: ANN001
    data = arbitration_input(admin.office_id, case_number=number)
    if respondent is not None:
        data.respondents = [respondent]
    ctx.call(cases.create_case, data=data)


def inspection_office(ctx, admin) -> uuid.UUID:  # noqa: ANN001
    office = ctx.call(offices.create_office, name="端州区劳动保障监察大队", kind=OfficeKind.INSPECTION,
                      parent_id=admin.office_id, city="肇庆", code="DZJC")
    ctx.actor = make_user(ctx, "zhou", Role.INSPECTOR, office)
    return office


def complaint_with(ctx, *, report: bool = False, informant: Informant | None = None,  # noqa: ANN001
                   project: ProjectInput | None = None, employer: PartyInput | None = None) -> None:
    """A complaint registered by the inspector inspection_office made the acting user."""
    ctx.call(complaints.register_complaint, today=TODAY, data=ComplaintInput(
        office_id=ctx.actor.office_id, received_on=date(2026, 9, 1), kind="report" if report else "complaint",
        informant=informant or Informant(), project=project or ProjectInput(),
        employer=employer or organisation(credit_code=VALID_USCC),
        workers=[WorkerInput(name="梁志强", id_number=resident_id(1), amount_owed="9000")]))


@dataclass(frozen=True)
class Typed:
    """One place a person types text that lands in ``model.column``: ``save`` writes ``text``
    through the service; a refusal names ``field``."""

    model: type
    column: str
    field: str
    save: Callable[..., None]
    letters: str = "字"  # what the text is made of (a username takes letters and digits)
    prepare: Callable[..., object] | None = None  # what must exist first (an inspection unit)

    @property
    def id(self) -> str:
        return f"{self.model.__tablename__}.{self.column}@{self.field}"


TYPED = (
    Typed(Party, "name", "name", lambda c, a, t: new_party(c, a, organisation(name=t))),
    Typed(Party, "address", "address", lambda c, a, t: new_party(c, a, organisation(address=t))),
    Typed(Party, "legal_rep", "legal_rep", lambda c, a, t: new_party(c, a, organisation(legal_rep=t))),
    Typed(Party, "industry", "industry", lambda c, a, t: new_party(c, a, organisation(industry=t))),
    Typed(Party, "id_doc_number", "id_doc_number", lambda c, a, t: new_party(c, a, passport_holder(id_doc_number=t)),
          letters="E"),
    Typed(Party, "legal_rep", "respondents.0.legal_rep",
          lambda c, a, t: case_with(c, a, respondent=organisation(legal_rep=t))),
    Typed(Party, "industry", "respondents.0.industry",
          lambda c, a, t: case_with(c, a, respondent=organisation(industry=t))),
    Typed(DisputeCase, "case_number", "case_number", lambda c, a, t: case_with(c, a, number=t)),
    Typed(ComplaintDetail, "informant_name", "informant.name",
          lambda c, a, t: complaint_with(c, report=True, informant=Informant(name=t)), prepare=inspection_office),
    Typed(ComplaintDetail, "informant_address", "informant.address",
          lambda c, a, t: complaint_with(c, report=True, informant=Informant(address=t)), prepare=inspection_office),
    *(Typed(ComplaintDetail, column, f"project.{key}",
            lambda c, a, t, key=key: complaint_with(c, project=ProjectInput(**{key: t})), prepare=inspection_office)
      for key, column in complaints.PROJECT_COLUMNS.items()),
    Typed(Party, "legal_rep", "employer.legal_rep",
          lambda c, a, t: complaint_with(c, employer=organisation(credit_code=VALID_USCC, legal_rep=t)),
          prepare=inspection_office),
    Typed(Office, "code", "code", lambda c, a, t: c.call(
        offices.create_office, name="端州区仲裁庭", kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=a.office_id, code=t),
        letters="D"),
    Typed(Office, "name", "name", lambda c, a, t: c.call(
        offices.create_office, name=t, kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=a.office_id, code="DZ")),
    Typed(Office, "city", "city", lambda c, a, t: c.call(
        offices.create_office, name="大沙镇", kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=a.office_id, code="DS", city=t)),
    Typed(Office, "case_prefix", "case_prefix", lambda c, a, t: c.call(
        offices.create_office, name="大沙镇", kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=a.office_id, code="DS",
        case_prefix=t)),
    Typed(Office, "case_prefix", "prefix", lambda c, a, t: c.call(
        case_numbers.set_office_numbering, office_id=a.office_id, prefix=t, patterns={})),
    Typed(AppUser, "username", "username", lambda c, a, t: c.call(
        accounts.create_account, username=t, display_name="书记员", role=Role.CLERK, office_id=a.office_id,
        password=TEST_PASSWORD), letters="u"),
    Typed(AppUser, "display_name", "display_name", lambda c, a, t: c.call(
        accounts.create_account, username="clerk2", display_name=t, role=Role.CLERK, office_id=a.office_id,
        password=TEST_PASSWORD)),
    Typed(Arbitrator, "name", "name", lambda c, a, t: c.call(
        tribunal.save_arbitrator, office_id=a.office_id, data=tribunal.ArbitratorInput(t, "part_time"))),
    Typed(Arbitrator, "profession", "profession", lambda c, a, t: c.call(
        tribunal.save_arbitrator, office_id=a.office_id,
        data=tribunal.ArbitratorInput("陈律师", "part_time", profession=t))),
    Typed(HearingPlace, "name", "name", lambda c, a, t: c.call(
        hearings.save_place, office_id=a.office_id, name=t, kind="room", address="")),
    Typed(HearingPlace, "address", "address", lambda c, a, t: c.call(
        hearings.save_place, office_id=a.office_id, name="第一仲裁庭", kind="room", address=t)),
    Typed(CalendarDay, "note", "note", lambda c, a, t: c.call(
        reference_admin.set_calendar_day, day=date(2027, 2, 6), workday=True, note=t, today=TODAY)),
    Typed(MinimumWage, "city", "city", lambda c, a, t: c.call(
        reference_admin.add_minimum_wage, city=t, monthly="2000", effective_from=date(2026, 3, 1), source="粤府函")),
    Typed(MinimumWage, "source", "source", lambda c, a, t: c.call(
        reference_admin.add_minimum_wage, city="测试市", monthly="2000", effective_from=date(2026, 3, 1), source=t)),
    Typed(AverageWage, "region", "region", lambda c, a, t: c.call(
        reference_admin.add_average_wage, region=t, year=2025, annual="90000", source="统计公报")),
    Typed(AverageWage, "source", "source", lambda c, a, t: c.call(
        reference_admin.add_average_wage, region="测试市", year=2025, annual="90000", source=t)),
)


def _written(db, model: type) -> tuple[int, int]:  # noqa: ANN001
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)), s.scalar(select(func.count()).select_from(AuditEntry))


@pytest.mark.parametrize("typed", TYPED, ids=lambda t: t.id)
def test_a_column_keeps_its_length_and_refuses_one_more(typed: Typed, ctx, admin, db) -> None:  # noqa: ANN001
    limit = column_limit(typed.model, typed.column)
    assert limit is not None
    if typed.prepare is not None:
        typed.prepare(ctx, admin)
    before = _written(db, typed.model)
    with pytest.raises(ValidationFailed) as refused:
        typed.save(ctx, admin, typed.letters * (limit + 1))
    assert refused.value.errors == {typed.field: refused.value.errors[typed.field]}
    assert refused.value.errors[typed.field].endswith(f"不能超过 {limit} 个字（现有 {limit + 1} 个字）")
    assert _written(db, typed.model) == before  # nothing half-saved, not even an audit entry
    typed.save(ctx, admin, typed.letters * limit)
    with db.session() as s:
        column = typed.model.__table__.c[typed.column]
        assert s.scalar(select(func.count()).where(column == typed.letters * limit)) == 1


def test_a_party_edited_past_its_column_is_refused_at_the_field(ctx, db) -> None:  # noqa: ANN001
    p = ctx.call(parties.create_party, data=organisation(legal_rep="王五"))
    limit = column_limit(Party, "legal_rep")
    with pytest.raises(ValidationFailed) as refused:
        ctx.call(parties.update_party, party_id=p.id, expected_version=p.version,
                 data=organisation(legal_rep="王" * (limit + 1)))
    assert refused.value.errors == {"legal_rep": f"法定代表人不能超过 {limit} 个字（现有 {limit + 1} 个字）"}
    assert ctx.call(parties.get_party, party_id=p.id).legal_rep == "王五"


def test_a_case_number_edited_past_its_column_is_refused(ctx, admin) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    case = ctx.call(cases.get_case, case_id=case_id)
    limit = column_limit(DisputeCase, "case_number")
    with pytest.raises(ValidationFailed) as refused:
        ctx.call(cases.update_case, case_id=case_id, expected_version=case.version,
                 changes={"case_number": "号" * (limit + 1)})
    assert refused.value.errors == {"case_number": f"案号不能超过 {limit} 个字（现有 {limit + 1} 个字）"}


def test_a_numbering_pattern_whose_numbers_would_not_fit_is_refused(ctx, admin) -> None:  # noqa: ANN001
    limit = column_limit(DisputeCase, "case_number")
    long_pattern = "{代字}" + "劳" * (limit - 10) + "〔{年}〕{序号}号"
    with pytest.raises(ValidationFailed) as refused:
        ctx.call(case_numbers.set_office_numbering, office_id=admin.office_id, prefix="肇",
                 patterns={"案": long_pattern})
    assert f"案号不能超过 {limit} 个字" in refused.value.errors["pattern:案"]


def test_the_forms_read_the_same_limits() -> None:
    assert max_length("party", "legal_rep") == column_limit(Party, "legal_rep") == 50
    assert max_length("dispute_case", "summary") is None  # Text: no column limit


# every labelled column: covered by the table above, checked by a format first (a phone, an ID,
# a choice), or written by the program (tests of their own: numbering patterns, the place text)
FORMAT_CHECKED = {("party", "phone"), ("party", "credit_code"), ("party", "id_doc_type"),
                  ("complaint_detail", "informant_phone"), ("complaint_detail", "informant_id_number"),
                  ("arbitrator", "phone"), ("hearing", "place_text"), ("kpi_target", "profile"),
                  ("number_pattern", "pattern"), ("issued_document", "title"), ("issued_document", "number")}


def test_every_labelled_column_is_tried() -> None:
    tried = {(t.model.__tablename__, t.column) for t in TYPED}
    labelled = {(table, column) for table, columns in LABELS.items() for column in columns}
    assert labelled - FORMAT_CHECKED <= tried


# ------------------------------------------------------------------------------ the guard

LIMITED = [(table, column) for table in metadata.sorted_tables for column in table.columns
           if isinstance(column.type, String) and column.type.length]


def _model_of(table) -> type:  # noqa: ANN001
    from sqlmodel import SQLModel

    return next(m.class_ for m in SQLModel._sa_registry.mappers if m.local_table is table)


def test_the_guard_refuses_a_too_long_value_in_every_limited_column(db) -> None:  # noqa: ANN001
    """A new row carrying text one longer than its column, on every table: refused at flush,
    before the database sees it, naming the column; the table stays as it was."""
    assert len(LIMITED) > 60
    for table, column in LIMITED:
        model = _model_of(table)
        with db.session() as s:
            before = s.scalar(select(func.count()).select_from(table))
            s.add(model(**{column.key: "x" * (column.type.length + 1)}))
            with pytest.raises(ValidationFailed) as refused:
                s.flush()
            label = LABELS.get(table.name, {}).get(column.key, f"{table.name}.{column.key}")
            n = column.type.length
            assert refused.value.errors == {column.key: f"{label}不能超过 {n} 个字（现有 {n + 1} 个字）"}, table.name
            s.rollback()
            assert s.scalar(select(func.count()).select_from(table)) == before


def test_the_guard_reads_a_changed_row_and_lets_an_unchanged_one_pass(ctx, db) -> None:  # noqa: ANN001
    p = ctx.call(parties.create_party, data=organisation(legal_rep="王五"))
    with db.session() as s:
        party = s.get(Party, p.id)
        party.industry = "制造业"  # a change within its column
        s.commit()
        party.legal_rep = "王" * (column_limit(Party, "legal_rep") + 1)
        with pytest.raises(ValidationFailed) as refused:
            s.commit()
        assert list(refused.value.errors) == ["legal_rep"]
        s.rollback()
    assert ctx.call(parties.get_party, party_id=p.id).legal_rep == "王五"
    assert ctx.call(parties.get_party, party_id=p.id).industry == "制造业"


def test_a_chosen_record_is_not_filled_in_past_its_column(ctx, admin) -> None:  # noqa: ANN001
    """A party chosen from the list (existing_id) whose typed details would fill its blanks:
    those are held to the columns too, at the case's field."""
    p = ctx.call(parties.create_party, data=organisation(credit_code=VALID_USCC))
    limit = column_limit(Party, "legal_rep")
    data = arbitration_input(admin.office_id)
    data.respondents = [organisation(credit_code=VALID_USCC, legal_rep="王" * (limit + 1), existing_id=p.id)]
    with pytest.raises(ValidationFailed) as refused:
        ctx.call(cases.create_case, data=data)
    assert refused.value.errors == {
        "respondents.0.legal_rep": f"法定代表人不能超过 {limit} 个字（现有 {limit + 1} 个字）"}
    assert ctx.call(parties.get_party, party_id=p.id).legal_rep is None


# ------------------------------------------------------------ what the program writes itself


def test_a_room_with_the_longest_name_and_address_is_booked(ctx, admin) -> None:  # noqa: ANN001
    """The notice's place is the room's name and （address）: 60 + 200 + 2 characters, kept by
    the hearing's place text (widened in 0023; PostgreSQL refused it at 200)."""
    from hrss_disputes.models.tribunal import Hearing
    from tests.factories import act, register_arbitrators, room

    name = "庭" * column_limit(HearingPlace, "name")
    address = "址" * column_limit(HearingPlace, "address")
    place = room(ctx, admin.office_id, name=name, address=address)
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    act(ctx, case_id, "accept", date(2026, 11, 3))
    tribunal_ids = register_arbitrators(ctx, admin.office_id, "陈立新")
    act(ctx, case_id, "form_tribunal", date(2026, 11, 4), arbitrators=tribunal_ids[0])
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 16), hearing_on=date(2026, 12, 3), starts="09:30",
        minutes=60, place=place.hex)
    with ctx.db.session() as s:
        assert s.scalar(select(Hearing.place_text).where(Hearing.case_id == case_id)) == f"{name}（{address}）"


def test_the_case_list_names_are_cut_to_their_column(ctx, admin) -> None:  # noqa: ANN001
    """Three names of 200 characters do not fit the list's 300: cut, with …, never refused."""
    limit = column_limit(DisputeCase, "applicant_names")
    data = arbitration_input(admin.office_id)
    data.applicants = [PartyInput(name=c * column_limit(Party, "name")) for c in "甲乙丙"]
    case_id = ctx.call(cases.create_case, data=data)
    [row] = [r for r in ctx.call(cases.list_cases, query=cases.CaseQuery()) if r.id == case_id]
    assert len(row.applicant_names) == limit and row.applicant_names.endswith("…")
    assert row.applicant_names.startswith("甲" * 200 + "、")


def test_an_office_named_at_its_longest_sets_its_own_targets(ctx, admin) -> None:  # noqa: ANN001
    """An office's own KPI targets are named by the office (widened in 0023 to its name's 100)."""
    from hrss_disputes.models.reference import KpiTarget
    from hrss_disputes.services import kpi

    name = "院" * column_limit(Office, "name")
    office = ctx.call(offices.create_office, name=name, kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=admin.office_id,
                      code="LONG")
    ctx.call(kpi.set_office_target, office_id=office, year=2026, mediation_success="60",
             arbitration_closure="90", complaint_closure="96")
    with ctx.db.session() as s:
        assert s.scalar(select(KpiTarget.profile).where(KpiTarget.office_id == office)) == name


def test_the_keys_and_kinds_the_program_stores_fit_their_columns() -> None:
    """Step keys (audit action, approval request), event kinds, deadline clocks (a party's clock
    adds ``@`` and 32 hex digits) and every enum stored as text are no longer than their columns."""
    from hrss_disputes.domain.deadlines import CLOCKS
    from hrss_disputes.domain.workflows import WORKFLOWS
    from hrss_disputes.models import enums
    from hrss_disputes.models.approval import ApprovalRequest
    from hrss_disputes.models.case import CaseDeadline, CaseEvent, CaseParty, ClaimItem
    from hrss_disputes.models.tribunal import Hearing, TribunalSeat

    steps = {a.key for actions in WORKFLOWS.values() for a in actions}
    assert max(map(len, steps)) <= column_limit(AuditEntry, "action")
    assert max(map(len, steps)) <= column_limit(ApprovalRequest, "action")
    assert max(len(rule.key) for rule in CLOCKS) + 1 + 32 <= column_limit(CaseDeadline, "clock")
    tables = {t.name: t for t in metadata.sorted_tables}
    assert max(len(t) for t in tables) <= column_limit(AuditEntry, "entity")
    stored = [(enums.EventKind, CaseEvent, "kind"), (enums.CaseStatus, DisputeCase, "status"),
              (enums.CaseFamily, DisputeCase, "family"), (enums.Procedure, DisputeCase, "procedure"),
              (enums.Cause, DisputeCase, "cause"), (enums.IntakeChannel, DisputeCase, "intake_channel"),
              (enums.CasePartyRole, CaseParty, "role"), (enums.ClaimType, ClaimItem, "claim_type"),
              (enums.ClaimDecision, ClaimItem, "decision"), (enums.PartyKind, Party, "kind"),
              (enums.IdDocType, Party, "id_doc_type"), (enums.Sex, Party, "sex"), (enums.Role, AppUser, "role"),
              (enums.OfficeKind, Office, "kind"), (enums.HearingStatus, Hearing, "status"),
              (enums.TribunalSeatKind, TribunalSeat, "seat"), (enums.ArbitratorKind, Arbitrator, "kind"),
              (enums.PlaceKind, HearingPlace, "kind"), (enums.ApprovalStatus, ApprovalRequest, "status")]
    for enum, model, column in stored:
        assert max(len(m.value) for m in enum) <= column_limit(model, column), (enum.__name__, column)
