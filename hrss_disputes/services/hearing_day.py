"""A hearing day's papers: the cases heard on a day and their hearing notices (开庭通知书), issued
once per scheduled hearing and printed together. The day's hearings are the calendar's bookings
(models.tribunal.Hearing, named Booking here), and the steps scheduled before the calendar."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from ..domain.hearings import time_text
from ..models.case import CaseEvent, DisputeCase
from ..models.document import IssuedDocument
from ..models.enums import EventKind, HearingStatus
from ..models.tribunal import Hearing as Booking
from ..models.tribunal import HearingPlace
from . import documents
from .context import Actor
from .hearings import BOOKABLE
from .offices import visible_office_ids

NOTICE = "hearing_notice"


@dataclass(frozen=True)
class Hearing:
    case_id: uuid.UUID
    case_number: str | None
    parties: str  # 张三 诉 某公司
    place: str
    notice_id: uuid.UUID | None  # the notice already issued for this hearing, if any
    starts: str = ""  # "09:30"; "" for a hearing scheduled before the calendar had times


def hearings_on(*, session: Session, user: Actor, day: date) -> list[Hearing]:
    """Open cases with a hearing on ``day``: those booked on the hearing calendar (services.hearings)
    in time order, then the cases whose latest scheduling step, recorded before the calendar
    existed, names the day (its place as typed), in case-number order."""
    allowed = visible_office_ids(session, user)
    open_ = [s.value for s in BOOKABLE]  # a suspended case's hearing is not held (中止审理 postponed it)
    found: list[tuple[DisputeCase, CaseEvent, str, str]] = []  # case, its scheduling step, place, time
    for case, booking, place, event in session.execute(
            select(DisputeCase, Booking, HearingPlace.name, CaseEvent)
            .join(Booking, Booking.case_id == DisputeCase.id)
            .join(CaseEvent, CaseEvent.id == Booking.event_id)
            .outerjoin(HearingPlace, HearingPlace.id == Booking.place_id)
            .where(Booking.hearing_on == day, Booking.status == HearingStatus.SCHEDULED.value,
                   DisputeCase.status.in_(open_))
            .order_by(Booking.starts, DisputeCase.case_number)):
        found.append((case, event, place or booking.place_text, time_text(booking.starts)))
    booked_cases = set(session.scalars(select(Booking.case_id).where(Booking.status != HearingStatus.CANCELLED.value)))
    needle = json.dumps({"hearing_on": day.isoformat()}, ensure_ascii=False)[1:-1]  # "hearing_on": "…"
    rows = [(case, ev) for case, ev in session.execute(
        select(DisputeCase, CaseEvent).join(CaseEvent, CaseEvent.case_id == DisputeCase.id)
        .where(CaseEvent.kind == EventKind.HEARING_SCHEDULED, CaseEvent.data.contains(needle), CaseEvent.corrected_by.is_(None),
               DisputeCase.status.in_(open_))
        .order_by(DisputeCase.case_number)
    ).all() if case.id not in booked_cases]
    latest: dict[uuid.UUID, uuid.UUID] = {}  # the case's latest scheduling: a later one moved the hearing
    for case_id, event_id in session.execute(
            select(CaseEvent.case_id, CaseEvent.id).where(CaseEvent.case_id.in_([c.id for c, _ in rows]),
                                                          CaseEvent.kind == EventKind.HEARING_SCHEDULED,
                                                          CaseEvent.corrected_by.is_(None))
            .order_by(CaseEvent.occurred_on, CaseEvent.recorded_at)):
        latest[case_id] = event_id
    found += [(case, ev, str(json.loads(ev.data).get("place", "")), "") for case, ev in rows
              if latest.get(case.id) == ev.id]
    found = [f for f in found if allowed is None or f[0].office_id in allowed]
    ids = [case.id for case, *_ in found]
    notices: dict[uuid.UUID, list[tuple[object, uuid.UUID]]] = {}
    for case_id, doc_id, issued_at in session.execute(
            select(IssuedDocument.case_id, IssuedDocument.id, IssuedDocument.issued_at)
            .where(IssuedDocument.case_id.in_(ids), IssuedDocument.doc_type == NOTICE)
            .order_by(IssuedDocument.issued_at.desc())):
        notices.setdefault(case_id, []).append((issued_at, doc_id))
    out = []
    for case, scheduled, place, starts in found:
        notice = next((d for at, d in notices.get(case.id, []) if at >= scheduled.recorded_at), None)
        out.append(Hearing(case.id, case.case_number, f"{case.applicant_names} 诉 {case.respondent_names}",
                           place, notice, starts))
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
