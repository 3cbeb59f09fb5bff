"""The party names a case row caches for the list and the search box."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlmodel import Session

from ..domain import search
from ..models.case import CaseParty, DisputeCase
from ..models.enums import CasePartyRole
from ..models.party import Party
from .lengths import column_limit


def names_label(names: list[str]) -> str:
    """张三、李四、王五等12人 — the list shows three names at most."""
    if len(names) > 3:
        return "、".join(names[:3]) + f"等{len(names)}人"
    return "、".join(names)


def _fitted(text: str, column: str) -> str:
    """The label cut to its column (three names of 200 characters do not fit 300), with …."""
    limit = column_limit(DisputeCase, column)
    return text if limit is None or len(text) <= limit else text[:limit - 1] + "…"


def refresh_party_names(session: Session, case: DisputeCase) -> None:
    rows = session.execute(
        select(CaseParty.role, Party.name).join(Party, Party.id == CaseParty.party_id)
        .where(CaseParty.case_id == case.id).order_by(CaseParty.position)
    ).all()
    case.applicant_names = _fitted(names_label([n for r, n in rows if r == CasePartyRole.APPLICANT]), "applicant_names")
    case.respondent_names = _fitted(names_label([n for r, n in rows if r == CasePartyRole.RESPONDENT]),
                                    "respondent_names")
    case.search_text = search.normalise(" ".join(n for _, n in rows))[:column_limit(DisputeCase, "search_text")]


def refresh_cases_of_party(session: Session, party_id: uuid.UUID) -> None:
    """After a party's name changed: every case that names it shows and finds the new name."""
    linked = select(CaseParty.case_id).where(CaseParty.party_id == party_id)
    for case in session.scalars(select(DisputeCase).where(DisputeCase.id.in_(linked))):
        refresh_party_names(session, case)
