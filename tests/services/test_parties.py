"""Parties: create, find again, edit with optimistic locking."""

from __future__ import annotations

import pytest

from hrss_disputes.models.enums import PartyKind
from hrss_disputes.services import parties
from hrss_disputes.services.errors import ValidationFailed, VersionConflict
from hrss_disputes.services.parties import PartyInput
from tests.factories import VALID_ID, VALID_USCC, resident_id


def test_create_search_and_edit_a_worker(ctx) -> None:  # noqa: ANN001
    p = ctx.call(parties.create_party, data=PartyInput(name="梁志强", id_doc_number=VALID_ID, phone="0758-2223333"))
    assert ctx.call(parties.search_parties, text="梁志")[0].id == p.id
    assert ctx.call(parties.search_parties, text=VALID_ID)[0].id == p.id
    edited = ctx.call(parties.update_party, party_id=p.id, expected_version=p.version,
                      data=PartyInput(name="梁志强", id_doc_number=VALID_ID, phone="13900001111",
                                      migrant_worker=True))
    assert edited.phone == "13900001111" and edited.migrant_worker and edited.version == p.version + 1
    with pytest.raises(VersionConflict):
        ctx.call(parties.update_party, party_id=p.id, expected_version=p.version,
                 data=PartyInput(name="梁志强", id_doc_number=VALID_ID))


def test_the_same_document_cannot_be_registered_twice(ctx) -> None:  # noqa: ANN001
    ctx.call(parties.create_party, data=PartyInput(kind=PartyKind.ORGANISATION, name="某厂", credit_code=VALID_USCC))
    with pytest.raises(ValidationFailed) as err:
        ctx.call(parties.create_party, data=PartyInput(kind=PartyKind.ORGANISATION, name="某厂（重复）",
                                                       credit_code=VALID_USCC.lower()))
    assert "已有相同" in err.value.errors["credit_code"]


def test_edit_refuses_bad_values(ctx) -> None:  # noqa: ANN001
    p = ctx.call(parties.create_party, data=PartyInput(name="梁志强"))
    with pytest.raises(ValidationFailed) as err:
        ctx.call(parties.update_party, party_id=p.id, expected_version=p.version,
                 data=PartyInput(name="梁志强", id_doc_number="123"))
    assert "应为18位" in err.value.errors["id_doc_number"]
    assert ctx.call(parties.get_party, party_id=p.id).id_doc_number is None


def test_renamed_party_is_found_by_its_new_name(ctx, admin) -> None:  # noqa: ANN001
    from hrss_disputes.services import cases
    from hrss_disputes.services.cases import CaseQuery
    from tests.factories import arbitration_input

    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    worker = ctx.call(cases.get_case, case_id=case_id).parties[0].party
    assert ctx.call(cases.count_cases, query=CaseQuery(text="张三")) == 1
    ctx.call(parties.update_party, party_id=worker.id, expected_version=worker.version,
             data=PartyInput(name="张叁丰", id_doc_number=VALID_ID))
    assert ctx.call(cases.count_cases, query=CaseQuery(text="叁丰")) == 1
    assert [r.id for r in ctx.call(cases.list_cases, query=CaseQuery(text="张叁丰"))] == [case_id]
    assert ctx.call(cases.count_cases, query=CaseQuery(text="张三")) == 0
    assert ctx.call(cases.count_cases, query=CaseQuery(text="叁")) == 1  # one character: the case's cache
    assert ctx.call(cases.get_case, case_id=case_id).parties[0].party.name == "张叁丰"
    assert ctx.call(cases.list_cases, query=CaseQuery(text="叁"))[0].applicant_names == "张叁丰"


def test_search_finds_by_name_start_document_or_credit_code(ctx) -> None:  # noqa: ANN001
    """What the party form's lookup finds: a name by its first characters (Latin letters in any
    case, characters beyond the BMP too), an ID number or credit code typed whole, in any case."""
    worker = ctx.call(parties.create_party, data=PartyInput(name="𠮷春花", id_doc_number=VALID_ID))
    firm = ctx.call(parties.create_party, data=PartyInput(kind=PartyKind.ORGANISATION, name="ABC精密五金有限公司",
                                                          credit_code=VALID_USCC))
    ctx.call(parties.create_party, data=PartyInput(name="吉春花"))

    def found(text: str, **kw) -> list:  # noqa: ANN003
        return [p.id for p in ctx.call(parties.search_parties, text=text, **kw)]

    assert found("𠮷") == [worker.id] and found("𠮷春花") == [worker.id]
    assert found(VALID_ID.lower()) == [worker.id]  # a lower-case x at the end of an ID number
    assert found(VALID_USCC.lower()) == [firm.id]
    assert found("abc") == [firm.id] and found("Abc精密") == [firm.id]
    assert found("精密") == []  # the middle of a name is not its start
    assert found("ABC", kind=PartyKind.PERSON.value) == []
    assert found(VALID_ID[:10]) == []  # part of a number finds nothing


def test_search_on_a_server_is_an_escaped_case_insensitive_prefix() -> None:
    """A server's collation does not sort by code point, so its lookup is LIKE 'text%' on the
    folded name (name_key), with the typed text folded the same way."""
    from sqlalchemy.dialects import postgresql

    from hrss_disputes.services.parties import _lookups

    name = _lookups("100%_Ｘ", "postgresql")[0].compile(dialect=postgresql.dialect())
    assert '(CAST(party.name_key AS TEXT) COLLATE "C") LIKE' in str(name) and "ESCAPE" in str(name)  # its index's form
    assert list(name.params.values()) == ["100\\%\\_x%"]


# ---------------------------------------------------------------- issue 17: across office lines


@pytest.fixture
def two_townships(ctx, admin):  # noqa: ANN001, ANN201
    """Two township centres, a mediator each; B knows a worker (name, phone, address) A does not."""
    from hrss_disputes.models.enums import OfficeKind, Role
    from hrss_disputes.services import cases, offices
    from tests.factories import arbitration_input, make_user

    a = ctx.call(offices.create_office, code="TA", name="端州区城东街道劳动争议调解中心",
                 kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=admin.office_id)
    b = ctx.call(offices.create_office, code="TB", name="鼎湖区桂城街道劳动争议调解中心",
                 kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=admin.office_id)
    med_a, med_b = make_user(ctx, "med_a", Role.MEDIATOR, a), make_user(ctx, "med_b", Role.MEDIATOR, b)
    ctx.actor = med_b
    theirs = ctx.call(cases.create_case, data=arbitration_input(
        b, family="mediation", procedure="grassroots",
        applicants=[PartyInput(name="桂城工人", id_doc_number=resident_id(7), phone="13800000007",
                               address="鼎湖区桂城某村5号")]))
    ctx.actor = med_a
    return {"a": a, "b": b, "med_a": med_a, "med_b": med_b, "theirs": theirs}


def _mediation(office, applicant: PartyInput):  # noqa: ANN001, ANN202
    from tests.factories import arbitration_input

    return arbitration_input(office, family="mediation", procedure="grassroots", applicants=[applicant])


def test_a_person_known_only_to_another_office_is_neither_shown_nor_linked(ctx, two_townships) -> None:  # noqa: ANN001
    from hrss_disputes.services import cases
    from hrss_disputes.services.errors import PermissionDenied

    t = two_townships
    typed = PartyInput(name="李四", id_doc_number=resident_id(7), phone="13900000000")
    assert ctx.call(parties.search_parties, text=resident_id(7)) == []
    assert ctx.call(parties.match_party, data=typed) is None  # nothing said about B's record
    mine = ctx.call(cases.create_case, data=_mediation(t["a"], typed))
    [p] = [cp.party for cp in ctx.call(cases.get_case, case_id=mine).parties if cp.role == "applicant"]
    assert (p.name, p.phone, p.address) == ("李四", "13900000000", None)  # what A typed, nothing of B's
    ctx.actor = t["med_b"]
    [q] = [cp.party for cp in ctx.call(cases.get_case, case_id=t["theirs"]).parties if cp.role == "applicant"]
    assert (q.name, q.phone, q.address) == ("桂城工人", "13800000007", "鼎湖区桂城某村5号") and q.id != p.id
    ctx.actor = t["med_a"]
    with pytest.raises(PermissionDenied):  # nor by picking B's record by its id
        ctx.call(cases.create_case, data=_mediation(t["a"], PartyInput(existing_id=q.id)))
    # the next case of A with the same number links A's own record
    again = ctx.call(cases.create_case, data=_mediation(t["a"], typed))
    [r] = [cp.party for cp in ctx.call(cases.get_case, case_id=again).parties if cp.role == "applicant"]
    assert r.id == p.id


def test_a_different_name_or_phone_typed_for_a_known_person_is_asked_about(ctx, admin, db) -> None:  # noqa: ANN001
    from hrss_disputes.services import audit_trail, cases
    from tests.factories import arbitration_input

    first = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))  # 张三, 13800138000
    typed = PartyInput(name="张叁", id_doc_number=VALID_ID, phone="13900001111", address="端州区信安路1号")
    half_typed = PartyInput(name="", id_doc_number=VALID_ID, phone="139")  # the number left first, the rest to come
    assert ctx.call(parties.match_party, data=half_typed).name == "张三"
    match = ctx.call(parties.match_party, data=typed)
    assert match.name == "张三" and match.case_count == 1
    assert [(d.label, d.stored, d.typed) for d in match.conflicts] == [("姓名", "张三", "张叁"),
                                                                    ("联系电话", "13800138000", "13900001111")]
    assert [(d.label, d.typed) for d in match.fill_ins] == [("住址", "端州区信安路1号")]
    with pytest.raises(ValidationFailed) as e:  # never silently dropped
        ctx.call(cases.create_case, data=arbitration_input(admin.office_id, applicants=[typed]))
    assert "已登记的姓名为“张三”" in e.value.errors["applicants.0.name"]
    assert "13800138000" in e.value.errors["applicants.0.phone"]
    kept = PartyInput(**{**typed.__dict__, "update_existing": False})
    second = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, applicants=[kept]))
    p = ctx.call(cases.get_case, case_id=second).parties[0].party
    assert (p.name, p.phone, p.address) == ("张三", "13800138000", "端州区信安路1号")  # the blank filled in
    updated = PartyInput(**{**typed.__dict__, "update_existing": True})
    ctx.call(cases.create_case, data=arbitration_input(admin.office_id, applicants=[updated]))
    p = ctx.call(cases.get_case, case_id=first).parties[0].party
    assert (p.name, p.phone) == ("张叁", "13900001111") and p.version == 3
    changes = [r.changes for r in ctx.call(audit_trail.list_entries) if r.entity == "当事人" and r.action == "修改"]
    assert any("张三 → 张叁" in c for c in changes) and any("住址" in c for c in changes)


def test_a_linked_employer_keeps_the_phone_and_legal_representative_typed(ctx, admin) -> None:  # noqa: ANN001
    from hrss_disputes.services import cases
    from tests.factories import arbitration_input

    first = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))  # no legal rep, no phone
    employer = PartyInput(kind=PartyKind.ORGANISATION, name="肇庆市鼎盛建筑工程有限公司", credit_code=VALID_USCC,
                          phone="0758-2223333", legal_rep="刘建国")
    assert ctx.call(parties.match_party, data=employer).conflicts == ()
    ctx.call(cases.create_case, data=arbitration_input(admin.office_id, respondents=[employer]))
    p = ctx.call(cases.get_case, case_id=first).parties[1].party
    assert (p.phone, p.legal_rep) == ("0758-2223333", "刘建国")


def test_a_worker_typed_differently_from_their_record_is_asked_about_for_every_row_at_once(ctx, admin) -> None:  # noqa: ANN001
    from hrss_disputes.models.enums import OfficeKind, Role
    from hrss_disputes.services import cases, complaints, offices
    from tests.factories import make_user
    from tests.services.test_complaints import site_complaint

    unit = ctx.call(offices.create_office, name="肇庆市端州区劳动保障监察大队", kind=OfficeKind.INSPECTION,
                    parent_id=admin.office_id, city="肇庆", code="DZJC")
    ctx.actor = make_user(ctx, "zhou", Role.INSPECTOR, unit)
    first = ctx.call(complaints.register_complaint, data=site_complaint(unit, workers=3))
    again = site_complaint(unit, workers=3)
    again.workers[0].name, again.workers[2].phone = "工人一", "13700000003"
    with pytest.raises(parties.RecordDiffers) as e:
        ctx.call(complaints.register_complaint, data=again)
    assert set(e.value.errors) == {"workers.0.name", "workers.2.phone"}
    assert "已登记的姓名为“工人01”" in e.value.errors["workers.0.name"]
    for w in again.workers:
        w.update_existing = True
    ctx.call(complaints.register_complaint, data=again)
    names = [w.name for w in ctx.call(complaints.get_complaint, case_id=first).accounts.workers]
    assert names == ["工人一", "工人02", "工人03"]
    assert ctx.call(cases.get_case, case_id=first).parties[2].party.phone == "13700000003"


def test_the_employer_warning_says_nothing_of_a_person_only_another_office_knows(ctx, two_townships) -> None:  # noqa: ANN001
    """A person can be the employer (a team leader, 包工头): their number typed in another office's
    form brings no warning that would name them."""
    from datetime import date

    from hrss_disputes.services import cases, employers
    from tests.factories import arbitration_input

    t = two_townships
    boss = PartyInput(name="包工头梁某", id_doc_number=resident_id(9), phone="13600000009")
    ctx.actor = t["med_b"]
    for n in range(3):
        ctx.call(cases.create_case, data=arbitration_input(
            t["b"], family="mediation", procedure="grassroots", received_on=date(2026, 10, 1 + n),
            applicants=[PartyInput(name=f"桂城工人{n}", id_doc_number=resident_id(20 + n))], respondents=[boss]))
    typed = PartyInput(name="", id_doc_number=resident_id(9))
    assert "包工头梁某" in ctx.call(employers.warning_for_input, data=typed, today=date(2026, 11, 21))
    ctx.actor = t["med_a"]
    assert ctx.call(employers.warning_for_input, data=typed, today=date(2026, 11, 21)) is None


def test_the_employer_page_of_a_person_only_another_office_knows_is_refused(ctx, two_townships) -> None:  # noqa: ANN001
    from hrss_disputes.services import cases, employers
    from hrss_disputes.services.errors import PermissionDenied
    from tests.factories import arbitration_input

    t = two_townships
    ctx.actor = t["med_b"]
    case_id = ctx.call(cases.create_case, data=arbitration_input(
        t["b"], family="mediation", procedure="grassroots",
        respondents=[PartyInput(name="包工头梁某", id_doc_number=resident_id(9), phone="13600000009")]))
    boss = ctx.call(cases.get_case, case_id=case_id).parties[1].party
    assert ctx.call(employers.employer_page, party_id=boss.id).party.phone == "13600000009"
    ctx.actor = t["med_a"]
    with pytest.raises(PermissionDenied):
        ctx.call(employers.employer_page, party_id=boss.id)
