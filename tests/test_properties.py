"""Arbitrary input, from Hypothesis, into the validators and the case services: the answer is
always a clear refusal (Chinese, at a field) or a valid save; no exception escapes, and a
refused save leaves nothing behind."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrss_disputes.db import open_database
from hrss_disputes.domain import validators as v
from hrss_disputes.models.enums import CaseFamily, Cause, ClaimType, OfficeKind, Procedure, Role
from hrss_disputes.services import accounts, cases, claims, offices, setup
from hrss_disputes.services.cases import CaseInput, ClaimInput
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.services.errors import ServiceError, ValidationFailed
from hrss_disputes.services.parties import PartyInput
from tests.factories import TEST_PASSWORD, VALID_ID, VALID_USCC

TEXT = st.text(max_size=60)
# what people paste: digits, Chinese, full-width forms, spaces, control characters, huge numbers
TYPED = st.one_of(TEXT, st.from_regex(r"[0-9Xx\-\s，,.。０-９]{0,25}", fullmatch=True),
                  st.sampled_from(["", " ", VALID_ID, VALID_USCC, "1e309", "NaN", "-0", "9" * 40, "１２３",
                                   "12,000.50", "¥300", "\x00", "人民币五千元"]))
DATES = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


@given(TYPED)
def test_text_validators_answer_with_a_message_or_nothing(value: str) -> None:
    for check in (v.validate_resident_id, v.validate_credit_code, v.validate_phone, v.validate_name,
                  v.validate_money):
        result = check(value)
        assert result is None or (isinstance(result, str) and result)


@given(TYPED)
def test_money_is_decimal_with_two_places_or_a_refusal(value: str) -> None:
    if v.validate_money(value) is None:
        parsed = v.parse_money(value)
        assert parsed is None or (isinstance(parsed, Decimal) and parsed == parsed.quantize(Decimal("0.01")))


@given(DATES, DATES)
def test_date_validators_never_raise(a, b) -> None:  # noqa: ANN001
    assert v.validate_past_date(a, today=date(2026, 11, 21)) in (None,) or isinstance(
        v.validate_past_date(a, today=date(2026, 11, 21)), str)
    assert v.validate_date_order(a, b) is None or isinstance(v.validate_date_order(a, b), str)


class Desk:
    """One database for the whole property run (Hypothesis calls a test hundreds of times)."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.path = Path(self.folder.name) / "props.db"
        self.ctx = ServiceContext(open_database(str(self.path)))
        self.ctx.actor = self.ctx.call(setup.first_start, office_name="肇庆市劳动人事争议仲裁院",
                                       office_kind=OfficeKind.INSTITUTE, city="肇庆", admin_name="李明",
                                       password=TEST_PASSWORD)
        uid = self.ctx.call(accounts.create_account, username="clerk", display_name="书记员", role=Role.CLERK,
                            office_id=self.ctx.actor.office_id, password=TEST_PASSWORD)
        self.admin = self.ctx.actor
        self.ctx.actor = self.ctx.call(offices.get_actor, user_id=uid)

    def counts(self) -> tuple[int, ...]:
        con = sqlite3.connect(self.path)
        out = tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("dispute_case", "party", "claim_item", "case_event", "audit_entry"))
        con.close()
        return out


@pytest.fixture(scope="module")
def desk():  # noqa: ANN201
    d = Desk()
    yield d
    d.ctx.db.dispose()
    d.folder.cleanup()


PARTY = st.builds(PartyInput, kind=st.sampled_from(["person", "organisation", "robot"]), name=TYPED, phone=TYPED,
                  address=st.text(max_size=400), id_doc_number=TYPED, credit_code=TYPED, birth_date=DATES,
                  sex=st.sampled_from([None, "male", "female", "其他"]))
CLAIM = st.builds(ClaimInput, claim_type=st.sampled_from([*ClaimType, "bonus"]), amount_claimed=TYPED,
                  description=TEXT, period_from=DATES, period_to=DATES, amount_resolved=st.one_of(st.none(), TYPED))
FAMILIES = st.sampled_from([*CaseFamily, "lawsuit"])
PROCEDURES = st.sampled_from([*Procedure, "mystery"])

SLOW = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])


@SLOW
@given(family=FAMILIES, procedure=PROCEDURES, received=DATES, applicants=st.lists(PARTY, max_size=3),
       respondents=st.lists(PARTY, max_size=2), claim_list=st.lists(CLAIM, max_size=3), number=TYPED,
       workers=st.integers(-5, 100_000), cause=st.sampled_from([*Cause, "unknown"]), summary=TEXT)
def test_registering_a_case_saves_or_refuses_cleanly(desk, family, procedure, received, applicants, respondents,  # noqa: ANN001
                                                      claim_list, number, workers, cause, summary) -> None:
    before = desk.counts()
    data = CaseInput(family=family, procedure=procedure, office_id=desk.ctx.actor.office_id, received_on=received,
                     cause=cause, applicants=applicants, respondents=respondents, claims=claim_list,
                     case_number=number, workers_involved=workers, summary=summary)
    try:
        case_id = desk.ctx.call(cases.create_case, data=data)
    except ValidationFailed as e:
        assert e.errors and all(isinstance(m, str) and m for m in e.errors.values())
        assert desk.counts() == before  # nothing half-saved
        return
    except ServiceError as e:  # a refusal of another kind (e.g. complaints are the inspectors'), in Chinese
        assert str(e)
        assert desk.counts() == before
        return
    saved = desk.ctx.call(cases.get_case, case_id=case_id)
    assert saved.received_on == received and saved.amount_claimed >= 0


@SLOW
@given(claim=CLAIM, changes=st.fixed_dictionaries({}, optional={
    "case_number": TYPED, "summary": TEXT, "workers_involved": st.integers(-5, 100_000),
    "collective": st.booleans(), "green_channel": st.booleans()}))
def test_editing_a_case_and_its_claims_saves_or_refuses_cleanly(desk, claim, changes) -> None:  # noqa: ANN001
    if not hasattr(desk, "case_id"):
        desk.case_id = desk.ctx.call(cases.create_case, data=CaseInput(
            family="arbitration", procedure="ordinary", office_id=desk.ctx.actor.office_id,
            received_on=date(2026, 11, 2), applicants=[PartyInput(name="张三")],
            respondents=[PartyInput(kind="organisation", name="肇庆市某某有限公司")],
            claims=[ClaimInput(amount_claimed="100")]))
    for call in (
        lambda version: desk.ctx.call(claims.add_claim, case_id=desk.case_id, expected_version=version, claim=claim),
        lambda version: desk.ctx.call(cases.update_case, case_id=desk.case_id, expected_version=version,
                                      changes=changes),
    ):
        before = desk.counts()
        version = desk.ctx.call(cases.get_case, case_id=desk.case_id).version
        try:
            call(version)
        except ServiceError as e:
            assert str(e)
            assert desk.counts() == before
            assert desk.ctx.call(cases.get_case, case_id=desk.case_id).version == version


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(username=TYPED, password=TYPED)
def test_signing_in_with_anything_is_a_refusal_not_a_crash(desk, username, password) -> None:  # noqa: ANN001
    try:
        desk.ctx.call(accounts.authenticate, username=username, password=password)
    except accounts.LoginRefused as e:
        assert str(e)
