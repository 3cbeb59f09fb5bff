"""Allocating case numbers: one yearly sequence per office and number type, counted up in SQL so
two people issuing at the same moment never get the same number."""

from __future__ import annotations

import uuid

from sqlalchemy import exists, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ..domain import search
from ..domain.case_numbers import CASE_NUMBER_TYPES, DEFAULT_PATTERNS, format_number, pattern_error
from ..models.case import DisputeCase
from ..models.enums import CaseFamily
from ..models.office import Office
from ..models.reference import NumberPattern, NumberSequence
from .errors import ValidationFailed


def next_sequence(session: Session, office_id: uuid.UUID, number_type: str, year: int) -> int:
    """The next number of the sequence, in the caller's transaction (the row stays locked until it ends)."""
    bump = (update(NumberSequence)
            .where(NumberSequence.office_id == office_id, NumberSequence.number_type == number_type,
                   NumberSequence.year == year)
            .values(last=NumberSequence.last + 1).returning(NumberSequence.last))
    value = session.execute(bump).scalar()
    if value is not None:
        return value
    try:  # the year's first number: create the row; if another writer just did, count on theirs
        with session.begin_nested():
            session.execute(insert(NumberSequence).values(office_id=office_id, number_type=number_type,
                                                          year=year, last=1))
        return 1
    except IntegrityError:
        return session.execute(bump).scalar_one()


def pattern_for(session: Session, office_id: uuid.UUID, number_type: str) -> str:
    row = session.get(NumberPattern, (office_id, number_type))
    if row is not None:
        return row.pattern
    if number_type not in DEFAULT_PATTERNS:
        raise ValidationFailed({"number_type": f"没有“{number_type}”字案号的格式"})
    return DEFAULT_PATTERNS[number_type]


def allocate(session: Session, office_id: uuid.UUID, number_type: str, year: int) -> str:
    """A new number, e.g. 肇劳人仲案字〔2026〕89号; committed with the caller's transaction."""
    office = session.get(Office, office_id)
    pattern = pattern_for(session, office_id, number_type)
    if msg := pattern_error(pattern):
        raise ValidationFailed({"pattern": f"本机构的案号格式有误：{msg}"})
    prefix = (office.case_prefix if office and office.case_prefix else "")
    return format_number(pattern, prefix, year, next_sequence(session, office_id, number_type, year))


def allocate_case_number(session: Session, case: DisputeCase, year: int) -> str:
    """Give the case its own number (案 / 调 / 监 by family) at acceptance or its first paper; a
    number someone typed by hand on another case is skipped, never given twice."""
    number_type = CASE_NUMBER_TYPES[CaseFamily(case.family).value]
    while True:
        number = allocate(session, case.office_id, number_type, year)
        taken = session.scalar(select(exists().where(DisputeCase.office_id == case.office_id,
                                                     DisputeCase.case_number == number)))
        if not taken:
            break
    case.case_number = number
    case.number_key, case.number_key_tail = search.number_keys(number)
    return number
