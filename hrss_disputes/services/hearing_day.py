"""A hearing day's papers: the cases heard on a day and their hearing notices (开庭通知书), issued
once per scheduled hearing and printed together."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from ..models.case import CaseEvent, DisputeCase
from ..models.document import IssuedDocument
from ..models.enums import OPEN_STATUSES, EventKind
from . import documents
from .context import Actor
from .offices import visible_office_ids

NOTICE = "hearing_notice"


@dataclass(frozen=True)
class Hearing:
    case_id: uuid.UUID
    case_number: str | None
    parties: str  # 张三 诉 某公司
    place: str
    notice_id: uuid.UUID | None  # the notice already issued for this hearing, if any


def hearings_on(*, session: Session, user: Actor, day: date) -> list[Hearing]:
    """Open cases whose latest scheduled hearing is on ``day``, in case-number order."""
    allowed = visible_office_ids(session, user)
    needle = json.dumps({"hearing_on": day.isoformat()}, ensure_ascii=False)[1:-1]  # "hearing_on": "…"
    rows = session.execute(
        select(DisputeCase, CaseEvent).join(CaseEvent, CaseEvent.case_id == DisputeCase.id)
        .where(CaseEvent.kind == EventKind.HEARING_SCHEDULED, CaseEvent.data.contains(needle),
               DisputeCase.status.in_([s.value for s in OPEN_STATUSES]))
        .order_by(DisputeCase.case_number)
    ).all()
    rows = [(case, ev) for case, ev in rows if allowed is None or case.office_id in allowed]
    ids = [case.id for case, _ in rows]
    latest: dict[uuid.UUID, uuid.UUID] = {}  # the case's latest scheduling: a later one moved the hearing
    for case_id, event_id in session.execute(
            select(CaseEvent.case_id, CaseEvent.id).where(CaseEvent.case_id.in_(ids),
                                                          CaseEvent.kind == EventKind.HEARING_SCHEDULED)
            .order_by(CaseEvent.occurred_on, CaseEvent.recorded_at)):
        latest[case_id] = event_id
    notices: dict[uuid.UUID, list[tuple[object, uuid.UUID]]] = {}
    for case_id, doc_id, issued_at in session.execute(
            select(IssuedDocument.case_id, IssuedDocument.id, IssuedDocument.issued_at)
            .where(IssuedDocument.case_id.in_(ids), IssuedDocument.doc_type == NOTICE)
            .order_by(IssuedDocument.issued_at.desc())):
        notices.setdefault(case_id, []).append((issued_at, doc_id))
    out = []
    for case, scheduled in rows:
        if latest.get(case.id) != scheduled.id:
            continue
        notice = next((d for at, d in notices.get(case.id, []) if at >= scheduled.recorded_at), None)
        out.append(Hearing(case.id, case.case_number, f"{case.applicant_names} 诉 {case.respondent_names}",
                           json.loads(scheduled.data).get("place", ""), notice))
    return out


def notice_pdf(*, session: Session, user: Actor, hearing: Hearing, issue_date: date | None = None) -> bytes:
    """The hearing's notice: the one already issued, else issued now (in its own transaction)."""
    if hearing.notice_id is not None:
        return documents.issued_pdf(session=session, user=user, document_id=hearing.notice_id)
    case = session.get(DisputeCase, hearing.case_id)
    [issued] = documents.issue(session=session, user=user, case_id=hearing.case_id,
                               expected_version=case.version if case else 0, doc_type=NOTICE,
                               issue_date=issue_date)
    return documents.issued_pdf(session=session, user=user, document_id=issued.id)
