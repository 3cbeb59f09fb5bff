"""Drafts of papers (草稿): what one person has typed into a paper of a case not yet issued.

Saved as they type (the dialog debounces), replaced each time, restored when they open the paper
again, deleted when the paper is issued (documents.issue, same transaction) or discarded.

Each save is not audited: a draft is a working note, not a record of the case; it changes every
second while someone types and nothing is decided by it. Its first save is (a draft of that paper
was begun, by whom), and so is its end: discarded by its author, or deleted by the issue of the
paper (documents.issue, which may delete other users' drafts: each is named). What is decided
(the issued paper) is audited by documents.issue.

A draft's text is the paper before it is issued, and its author's alone: the author reads it in
full; anyone else who may read the case sees only whose draft of which paper, saved when (as the
issued original is refused to those who may not read papers, services.cases.require_papers).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, select

from ..documents.template import TemplateError, load
from ..models.document import PaperDraft
from ..models.office import AppUser
from ..models.types import utcnow
from . import audit
from .cases import _load_case
from .context import Actor
from .documents import _check_issuer, _template


@dataclass(frozen=True)
class DraftView:
    case_id: uuid.UUID
    doc_type: str
    paper: str  # the paper's name: 仲裁裁决书
    user_id: uuid.UUID
    user: str  # whose draft
    updated_at: datetime  # last saved (UTC)
    writings: dict[str, str]  # {} in another user's draft (who and when only)
    recipient: str | None
    issue_date: date | None
    finality: dict[uuid.UUID, bool] | None
    content_shown: bool = True  # False: another user's draft, its content withheld

    @property
    def saved_label(self) -> str:
        return self.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")


def _paper_name(doc_type: str, template_dir: Path | None = None) -> str:
    try:
        return load(doc_type, template_dir).name
    except TemplateError:
        return f"{doc_type}（模板有误）"


def _row(session: Session, case_id: uuid.UUID, doc_type: str, user_id: uuid.UUID) -> PaperDraft | None:
    return session.exec(select(PaperDraft).where(PaperDraft.case_id == case_id, PaperDraft.doc_type == doc_type,
                                                 PaperDraft.user_id == user_id)).first()


def _view(session: Session, d: PaperDraft, reader: Actor) -> DraftView:
    """The draft as ``reader`` sees it: in full when it is theirs, else whose and when only."""
    who = session.get(AppUser, d.user_id)
    if d.user_id != reader.id:
        return DraftView(case_id=d.case_id, doc_type=d.doc_type, paper=_paper_name(d.doc_type), user_id=d.user_id,
                         user=who.display_name if who else "?", updated_at=d.updated_at, writings={},
                         recipient=None, issue_date=None, finality=None, content_shown=False)
    content = json.loads(d.content)
    on = content.get("issue_date")
    finality = content.get("finality")
    return DraftView(case_id=d.case_id, doc_type=d.doc_type, paper=_paper_name(d.doc_type), user_id=d.user_id,
                     user=who.display_name if who else "?", updated_at=d.updated_at,
                     writings=dict(content.get("writings") or {}), recipient=content.get("recipient"),
                     issue_date=date.fromisoformat(on) if on else None,
                     finality={uuid.UUID(k): bool(v) for k, v in finality.items()} if finality else None)


def save_draft(*, session: Session, user: Actor, case_id: uuid.UUID, doc_type: str,
               writings: dict[str, str] | None = None, recipient: str | None = None,
               issue_date: date | None = None, finality: dict[uuid.UUID, bool] | None = None,
               template_dir: Path | None = None) -> DraftView:
    """Replace the user's draft of ``doc_type`` on the case: only someone who may issue that paper
    on that case drafts it (the office checks of documents.issue)."""
    case = _load_case(session, user, case_id)
    _template(doc_type, template_dir)
    _check_issuer(session, user, case, doc_type)
    content = json.dumps({"writings": writings or {}, "recipient": recipient,
                          "issue_date": issue_date.isoformat() if issue_date else None,
                          "finality": {k.hex: v for k, v in finality.items()} if finality else None},
                         ensure_ascii=False)
    row = _row(session, case.id, doc_type, user.id)
    if row is None:  # begun: audited once (not each save as they type)
        row = PaperDraft(case_id=case.id, doc_type=doc_type, user_id=user.id, content=content)
        session.add(row)
        session.flush()
        audit.record(session, user_id=user.id, entity="paper_draft", entity_id=row.id, case_id=case.id,
                     action="create", after={"case": case.id.hex, "doc_type": doc_type, "user": user.id.hex})
    else:
        row.content, row.updated_at = content, utcnow()
        session.add(row)
    session.commit()
    # a draft is a working note: the window need not lay out the case again for each save
    session.info.pop("committed_change", None)
    return _view(session, row, user)


def load_draft(*, session: Session, user: Actor, case_id: uuid.UUID, doc_type: str) -> DraftView | None:
    """The user's own draft of ``doc_type`` on the case, if any."""
    case = _load_case(session, user, case_id)
    row = _row(session, case.id, doc_type, user.id)
    return _view(session, row, user) if row else None


def discard_draft(*, session: Session, user: Actor, case_id: uuid.UUID, doc_type: str) -> bool:
    """Delete the user's draft (放弃草稿); whether there was one."""
    case = _load_case(session, user, case_id)
    row = _row(session, case.id, doc_type, user.id)
    if row is None:
        return False
    audit.record(session, user_id=user.id, entity="paper_draft", entity_id=row.id, case_id=case.id, action="discard",
                 before={"case": case.id.hex, "doc_type": doc_type, "user": user.id.hex,
                         "updated_at": row.updated_at.isoformat()})
    session.delete(row)
    session.commit()
    return True


def drop_on_issue(session: Session, user: Actor, case_id: uuid.UUID, doc_type: str) -> None:
    """documents.issue: the issued paper replaces every draft of it on the case, whoever's, each
    deletion audited with whose draft it was (no commit here)."""
    for row in session.exec(select(PaperDraft).where(PaperDraft.case_id == case_id, PaperDraft.doc_type == doc_type)):
        audit.record(session, user_id=user.id, entity="paper_draft", entity_id=row.id, case_id=case_id,
                     action="delete", before={"case": case_id.hex, "doc_type": doc_type, "user": row.user_id.hex,
                                              "updated_at": row.updated_at.isoformat()},
                     after={"reason": "签发文书，草稿由已签发的文书取代"})
        session.delete(row)


def list_drafts(*, session: Session, user: Actor, case_id: uuid.UUID) -> list[DraftView]:
    """The case's drafts for its 文书 tab (whose, which paper, when), last saved first: one's own
    in full, another's as whose and when only (its text is not theirs to read)."""
    case = _load_case(session, user, case_id)
    rows = session.exec(select(PaperDraft).where(PaperDraft.case_id == case.id)
                        .order_by(PaperDraft.updated_at.desc())).all()  # type: ignore[attr-defined]
    return [_view(session, r, user) for r in rows]
