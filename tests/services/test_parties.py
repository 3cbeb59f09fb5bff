"""Parties: create, find again, edit with optimistic locking."""

from __future__ import annotations

import pytest

from hrss_disputes.models.enums import PartyKind
from hrss_disputes.services import parties
from hrss_disputes.services.errors import ValidationFailed, VersionConflict
from hrss_disputes.services.parties import PartyInput
from tests.factories import VALID_ID, VALID_USCC


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
