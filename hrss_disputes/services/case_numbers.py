"""Allocating case numbers: one yearly sequence per office and number type, counted up in SQL so
two people issuing at the same moment never get the same number."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import exists, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ..domain import search
from ..domain.case_numbers import (
    CASE_NUMBER_TYPES,
    DEFAULT_PATTERNS,
    NUMBER_TYPE_LABELS,
    format_number,
    pattern_error,
)
from ..domain.permissions import Permission
from ..models.case import DisputeCase
from ..models.enums import CaseFamily
from ..models.office import Office
from ..models.reference import NumberPattern, NumberSequence
from . import audit
from .access import require
from .context import Actor
from .errors import NotFound, ValidationFailed
from .lengths import column_limit, length_errors, too_long


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


@dataclass(frozen=True)
class PatternRow:
    number_type: str  # 类别字
    label: str  # what it numbers
    pattern: str
    own: bool  # the office's own pattern (else the default)
    next_number: str  # what the next allocation would give this year


def office_patterns(*, session: Session, user: Actor, office_id: uuid.UUID, year: int) -> tuple[str, list[PatternRow]]:
    """The office's 代字 and, per number type, its pattern and next number (nothing allocated)."""
    office = session.get(Office, office_id)
    if office is None:
        raise NotFound("找不到该机构")
    prefix = office.case_prefix or ""
    rows = []
    for number_type in DEFAULT_PATTERNS:
        own = session.get(NumberPattern, (office_id, number_type))
        pattern = own.pattern if own else DEFAULT_PATTERNS[number_type]
        seq = session.get(NumberSequence, (office_id, number_type, year))
        rows.append(PatternRow(number_type, NUMBER_TYPE_LABELS[number_type], pattern, own is not None,
                               format_number(pattern, prefix, year, (seq.last if seq else 0) + 1)))
    return prefix, rows


def set_office_numbering(*, session: Session, user: Actor, office_id: uuid.UUID, prefix: str,
                         patterns: dict[str, str]) -> None:
    """Save the office's 代字 and patterns; a pattern equal to the default is stored as none."""
    require(user, Permission.EDIT_REFERENCE)
    office = session.get(Office, office_id)
    if office is None:
        raise NotFound("找不到该机构")
    errors = {f"pattern:{t}": f"{NUMBER_TYPE_LABELS.get(t, t)}：{msg}" for t, p in patterns.items()
              if (msg := pattern_error(p.strip()) if t in DEFAULT_PATTERNS else "未知的案号类别")}
    errors.update(length_errors(Office, {"case_prefix": prefix.strip()}, fields={"case_prefix": "prefix"},
                                labels={"case_prefix": "代字"}))
    # a number made from the pattern must fit the case's (and the paper's) number column
    widest = column_limit(DisputeCase, "case_number") or 60
    for t, p in patterns.items():
        key = f"pattern:{t}"
        if key in errors or "prefix" in errors:
            continue
        if len(p.strip()) > (limit := column_limit(NumberPattern, "pattern") or 100):
            errors[key] = f"{NUMBER_TYPE_LABELS[t]}：{too_long('案号格式', limit, len(p.strip()))}"
        elif len(sample := format_number(p.strip(), prefix.strip(), 2000, 999_999)) > widest:
            errors[key] = (f"{NUMBER_TYPE_LABELS[t]}：按此格式编出的号（如 {sample}）有 {len(sample)} 个字，"
                           f"案号不能超过 {widest} 个字")
    if errors:
        raise ValidationFailed(errors)
    before = {"prefix": office.case_prefix, **{r.number_type: r.pattern for r in session.scalars(
        select(NumberPattern).where(NumberPattern.office_id == office_id))}}
    office.case_prefix = prefix.strip() or None
    for number_type, pattern in patterns.items():
        own = session.get(NumberPattern, (office_id, number_type))
        if pattern.strip() == DEFAULT_PATTERNS[number_type]:
            if own is not None:
                session.delete(own)
        elif own is None:
            session.add(NumberPattern(office_id=office_id, number_type=number_type, pattern=pattern.strip()))
        else:
            own.pattern = pattern.strip()
    audit.record(session, user_id=user.id, entity="office", entity_id=office_id, action="numbering",
                 before=before, after={"prefix": office.case_prefix, **{t: p.strip() for t, p in patterns.items()}})
    session.commit()
