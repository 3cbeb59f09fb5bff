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
    assert "name_key LIKE" in str(name) and "ESCAPE" in str(name)
    assert list(name.params.values()) == ["100\\%\\_x%"]
