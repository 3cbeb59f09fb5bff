"""Issuing case papers (签发): numbered, rendered, stored with their SHA-256 and never changed.

A preview renders the same paper marked 样稿 and writes nothing. Issuing allocates the number the
template asks for, renders, stores the PDF with what was printed, records the timeline event
that starts the service clock, and writes the audit entry, all in one transaction. The table's
triggers refuse any later UPDATE or DELETE; a correction (补正) is a new version linked to the
one it corrects. The anonymised copy for publication is laid out again from what was stored.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import exists, select
from sqlmodel import Session

from ..documents.paper import Paper, from_json, to_json
from ..documents.template import FIELDS, Template, TemplateError, catalogue, load
from ..domain import issuing
from ..domain.anonymise import Anonymiser, PrivateFacts
from ..domain.case_numbers import numbers_the_case
from ..domain.finality import ItemFinality
from ..domain.permissions import ISSUE, TRIBUNAL_PAPERS, Permission, allowed
from ..models.case import CaseEvent, DisputeCase
from ..models.document import IssuedDocument
from ..models.enums import CaseFamily, EventKind, PartyKind
from ..models.office import AppUser
from . import audit, claims, hearings, papers
from .access import office_acts_on, require, require_for, require_office_for
from .case_numbers import allocate, allocate_case_number
from .cases import CaseDetail, _bump, _load_case, _refresh_state, paper_detail, require_papers
from .clocks import Clocks, refresh_deadlines
from .context import Actor
from .errors import NotFound, ValidationFailed

PUBLISHABLE = frozenset({"award", "mediation_statement"})  # 文书公开: awards and mediation statements
NUMBER_ON_ISSUE = "（签发时编号）"  # a preview's number when the paper gets its own at issue


@dataclass(frozen=True)
class IssuedView:
    id: uuid.UUID
    doc_type: str
    title: str  # with the award's type: 仲裁裁决书（终局裁决）
    number: str | None
    version: int
    supersedes_id: uuid.UUID | None
    final: bool | None
    issued_on: date
    issued_at: datetime
    issued_by: str
    sha256: str
    superseded: bool  # a correction replaced it
    publishable: bool  # an anonymised copy may be made
    replaced: bool = False  # a later paper of its type replaced it (a hearing notice for a moved hearing)

    @property
    def label(self) -> str:
        return self.title + (f"（第{self.version}版，补正）" if self.version > 1 else "")


def _template(doc_type: str, template_dir: Path | None):  # noqa: ANN202
    try:
        return load(doc_type, template_dir)
    except TemplateError as e:  # refused before anything is numbered or written
        raise ValidationFailed({"template": f"文书模板有误，未制作：{e}"}) from e


def _check_issuer(session: Session, user: Actor, case: DisputeCase, doc_type: str) -> None:
    require_for(user, ISSUE, case.family)
    if doc_type in TRIBUNAL_PAPERS:
        require(user, Permission.ISSUE_TRIBUNAL_PAPERS)
    require_office_for(session, user, case.family)


def _missing_writings(template: Template, writings: dict[str, str]) -> list[str]:
    """The 填写 sections still empty: a paper is not issued with a blank 本委认为."""
    return [w for w in template.writings if not (writings.get(w) or "").strip()]


@dataclass(frozen=True)
class Preview:
    pdfs: list[bytes]  # marked 样稿
    blanks: list[str]  # what the case has no record of yet: printed as a line to write on


def may_issue(*, session: Session, user: Actor, case_id: uuid.UUID) -> bool:
    """Whether the user issues this case's papers (the window shows 制作文书 only then)."""
    family = _load_case(session, user, case_id).family
    return allowed(user.role, ISSUE[CaseFamily(family)]) and office_acts_on(session, user, family) is None


def document_types(*, session: Session, user: Actor, case_id: uuid.UUID,
                   template_dir: Path | None = None) -> list[tuple[str, str]]:
    """(key, name) of every template the case's family issues, broken office templates included
    (choosing one says what is wrong with it)."""
    family = CaseFamily(_load_case(session, user, case_id).family).value
    tribunal = allowed(user.role, Permission.ISSUE_TRIBUNAL_PAPERS)  # a clerk is not offered an award
    return [(key, f"{key}（模板有误）") if isinstance(t, TemplateError) else (key, t.name)
            for key, t in catalogue(template_dir) if isinstance(t, TemplateError)
            or (t.family == family and (tribunal or key not in TRIBUNAL_PAPERS))]


def preview(*, session: Session, user: Actor, case_id: uuid.UUID, doc_type: str,
            writings: dict[str, str] | None = None, recipient: str | None = None,
            issue_date: date | None = None, template_dir: Path | None = None,
            finality: dict[uuid.UUID, bool] | None = None) -> Preview:
    """The paper(s) as they would be issued, marked 样稿; nothing is written."""
    from ..documents.render import render

    template = _template(doc_type, template_dir)
    case = _load_case(session, user, case_id)
    drafted = papers.draft_from(session=session, user=user, case=case, template=template, writings=writings,
                                detail=paper_detail(session, user, case_id), recipient=recipient,
                                issue_date=issue_date, finality=finality)
    kind = template.number_type
    if kind != "无" and (not numbers_the_case(kind, CaseFamily(case.family).value) or not case.case_number):
        drafted = [replace(p, number=NUMBER_ON_ISSUE) for p in drafted]
    numbers = {"案号", "文书编号"}  # given at issue
    blanks = sorted(f for f in template.fields() - numbers if not drafted[0].values.get(f))
    return Preview([render(p, specimen=True) for p in drafted], [FIELDS[f] for f in blanks])


def undetermined_items(session: Session, user: Actor, case_id: uuid.UUID, issue_date: date,
                       finality: dict[uuid.UUID, bool] | None = None) -> list:
    """The award's (claim, finality) pairs whose finality the program cannot determine and the
    tribunal has not decided (never printed as 非终局 by default)."""
    report = claims.award_finality(session=session, user=user, case_id=case_id, today=issue_date, drafting=True)
    return [(c, f) for c, f in report.items if f.final is None and c.id not in (finality or {})]


def undecided_finality(*, session: Session, user: Actor, case_id: uuid.UUID,
                       issue_date: date | None = None) -> list[tuple[uuid.UUID, str, str]]:
    """For the award dialog: (claim id, claim type, reason) of each item the tribunal must decide."""
    _load_case(session, user, case_id)
    return [(c.id, c.claim_type.label, f.reason)
            for c, f in undetermined_items(session, user, case_id, issue_date or date.today())]


def check_issue(*, session: Session, user: Actor, case_id: uuid.UUID, doc_type: str,
                writings: dict[str, str] | None = None, recipient: str | None = None, issue_date: date | None = None,
                corrects: uuid.UUID | None = None, template_dir: Path | None = None,
                finality: dict[uuid.UUID, bool] | None = None) -> None:
    """Raise what ``issue`` would refuse with these values (ValidationFailed at the fields,
    PermissionDenied), writing nothing: the dialog checks before it asks 确定签发."""
    case = _load_case(session, user, case_id)
    _checked_issue(session, user, case, doc_type, writings, recipient, issue_date, corrects, template_dir, finality)


def _checked_issue(session: Session, user: Actor, case: DisputeCase, doc_type: str, writings: dict[str, str] | None,
                   recipient: str | None, issue_date: date | None, corrects: uuid.UUID | None,
                   template_dir: Path | None, finality: dict[uuid.UUID, bool] | None,
                   ) -> tuple[Template, date, IssuedDocument | None, CaseDetail, dict[str, str], list[Paper], bool,
                              dict[str, object]]:
    """Everything ``issue`` checks before it numbers and stores, and what it drafted: (template,
    issue date, the paper corrected, the case's details, the writings, the papers, whether this
    records 作出裁决, the award's data)."""
    case_id = case.id
    template = _template(doc_type, template_dir)
    _check_issuer(session, user, case, doc_type)
    issue_date = issue_date or date.today()
    old = _corrected(session, case, doc_type, corrects) if corrects else None
    _once_and_dated(session, case, doc_type, template.title, issue_date, old)
    detail = paper_detail(session, user, case_id)
    writings = {**papers.case_writing_drafts(session, case, detail), **(writings or {})}
    if blank := _missing_writings(template, writings):
        raise ValidationFailed({f"writing:{w}": f"请填写“{w}”" for w in blank})
    awarding = "裁决项" in template.lists()
    records_award = awarding and not _awarded(session, case)  # 作出裁决 not yet recorded: this records it
    if awarding:
        _award_ready(session, user, case, issue_date, records_award)
    if awarding and (undecided := undetermined_items(session, user, case_id, issue_date, finality)):
        raise ValidationFailed({f"finality:{c.id.hex}": f"“{c.claim_type.label}”{f.reason}：请管理员录入当地该日适用的"
                                "最低工资标准，或由仲裁庭在此认定终局或非终局" for c, f in undecided})
    drafted = papers.draft_from(session=session, user=user, case=case, detail=detail, template=template,
                                writings=writings, recipient=recipient, issue_date=issue_date, finality=finality)
    if old is not None:  # the correction replaces one paper: the one of the same type (终局/非终局)
        drafted = [p for p in drafted if p.final == old.final] or drafted[:1]
    award_data: dict[str, object] = {}
    if records_award:  # the type the paper states (SPC-I Art 18), the amounts the decisions hold
        from .workflow import award_data as derive

        award_data, _ = derive(session, user, case, issue_date, final=any(bool(p.final) for p in drafted),
                               non_final=any(p.final is False for p in drafted))

    return template, issue_date, old, detail, writings, drafted, records_award, award_data


def issue(*, session: Session, user: Actor, case_id: uuid.UUID, expected_version: int, doc_type: str,
          writings: dict[str, str] | None = None, recipient: str | None = None, issue_date: date | None = None,
          corrects: uuid.UUID | None = None, template_dir: Path | None = None,
          finality: dict[uuid.UUID, bool] | None = None) -> list[IssuedView]:
    """Number, render and store the paper(s) of ``doc_type``; an award of mixed items is two.
    An award item whose finality cannot be determined (no minimum wage for the date and place)
    is refused until the figure is entered or the tribunal decides (``finality``)."""
    from ..documents.render import render

    case = _load_case(session, user, case_id)
    template, issue_date, old, detail, writings, drafted, records_award, award_data = _checked_issue(
        session, user, case, doc_type, writings, recipient, issue_date, corrects, template_dir, finality)

    _bump(session, case, expected_version)
    number = _number(session, case, template.number_type, issue_date, old)
    private = json.dumps(_private_facts(detail), ensure_ascii=False)  # the same for each paper
    out = []
    for paper in drafted:
        paper = replace(paper, number=number, values={**paper.values, "案号": case.case_number or "",
                                                      "文书编号": number or ""})
        pdf = render(paper)
        title = paper.template.title + paper.title_note
        doc = IssuedDocument(case_id=case.id, doc_type=doc_type, title=title, number=number,
                             version=old.version + 1 if old else 1, supersedes_id=old.id if old else None,
                             final=paper.final, issued_on=issue_date, issued_by=user.id,
                             sha256=hashlib.sha256(pdf).hexdigest(), pdf=pdf, content=to_json(paper),
                             private=private)
        session.add(doc)
        session.flush()
        note = f"签发《{paper.template.title}》{paper.title_note}" + (f"（补正第{doc.version}版）" if old else "")
        event = CaseEvent(case_id=case.id, kind=EventKind.DOCUMENT_ISSUED, occurred_on=issue_date,
                          user_id=user.id, note=note + (f"，{number}" if number else ""),
                          data=json.dumps({"document": doc_type, "document_id": doc.id.hex, "version": doc.version,
                                           "number": number, "sha256": doc.sha256}, ensure_ascii=False))
        session.add(event)
        audit.record(session, user_id=user.id, entity="issued_document", entity_id=doc.id, case_id=case.id, action="issue",
                     after={"case": case.id.hex, "doc_type": doc_type, "title": title, "number": number,
                            "version": doc.version, "sha256": doc.sha256,
                            "supersedes": old.id.hex if old else None,
                            **({"finality_decided": {k.hex: v for k, v in finality.items()}} if finality else {})})
        out.append(doc)
    session.flush()
    from .drafts import drop_on_issue

    drop_on_issue(session, user, case.id, doc_type)  # the issued paper replaces its drafts (草稿), audited
    awarded: CaseEvent | None = None
    if records_award:
        from .workflow import record_award

        awarded = record_award(session, user, case, issue_date, award_data,
                               "签发仲裁裁决书，" + ("含终局裁决事项" if award_data.get("final") else "非终局裁决"))
    _refresh_state(session, case)
    if awarded is not None and (stopped := hearings.after_step(session, case, awarded)):
        awarded.note = f"{awarded.note}；{stopped}"  # a further hearing still booked: cancelled
    refresh_deadlines(session, case, Clocks.load(session), date.today())
    session.commit()
    return [_view(session, d) for d in out]


def _once_and_dated(session: Session, case: DisputeCase, doc_type: str, title: str, on: date,
                    old: IssuedDocument | None) -> None:
    """A paper issued once is not issued again (a change is a 补正 of it); a paper's date gets the
    checks of any step's date (domain.issuing). Refused at the field, before anything is written."""
    if old is None and (msg := issuing.once_refusal(doc_type, title, session.scalars(select(IssuedDocument.issued_on).where(
            IssuedDocument.case_id == case.id, IssuedDocument.doc_type == doc_type)))):
        raise ValidationFailed({"doc_type": msg})
    timeline = [(str(k), d) for k, d in session.execute(
        select(CaseEvent.kind, CaseEvent.occurred_on).where(CaseEvent.case_id == case.id,
                                                            CaseEvent.corrected_by.is_(None)))]
    if msg := issuing.date_error(doc_type, on, today=date.today(), received_on=case.received_on, timeline=timeline,
                                 corrects_on=old.issued_on if old is not None else None):
        raise ValidationFailed({"issue_date": msg})


def issue_refusal(*, session: Session, user: Actor, case_id: uuid.UUID, doc_type: str, issue_date: date | None = None,
                  corrects: uuid.UUID | None = None, template_dir: Path | None = None) -> str | None:
    """For the document dialog: why the paper cannot be issued on that date (issued once already,
    its date, the paper it corrects), as ``issue`` refuses it; None when nothing stops it."""
    case = _load_case(session, user, case_id)
    try:
        template = _template(doc_type, template_dir)
        old = _corrected(session, case, doc_type, corrects) if corrects else None
        _once_and_dated(session, case, doc_type, template.title, issue_date or date.today(), old)
    except (ValidationFailed, NotFound) as e:
        return "；".join(e.errors.values()) if isinstance(e, ValidationFailed) else str(e)
    return None


def _awarded(session: Session, case: DisputeCase) -> bool:
    return bool(session.scalar(select(exists().where(CaseEvent.case_id == case.id, CaseEvent.kind == EventKind.AWARDED,
                                                     CaseEvent.corrected_by.is_(None)))))


def _award_ready(session: Session, user: Actor, case: DisputeCase, on: date, records_award: bool) -> None:
    """An award is issued after a hearing (or a decision to decide on the papers) and on a decision
    for every claim item, whoever checks (the dialog disables 签发 too); one that records 作出裁决
    is moreover checked as that step is (its state, its date on the timeline, N and 2N)."""
    from .workflow import award_guard, check_award

    errors = check_award(session, user, case, on, date.today()) if records_award else award_guard(session, case, on)
    if errors:
        raise ValidationFailed({("issue_date" if k == "occurred_on" else k): m for k, m in errors.items()})


@dataclass(frozen=True)
class AwardReadiness:
    """For the award dialog: each claim item with its decision, and what still stops 签发."""

    items: tuple[tuple[int, str, str], ...]  # (position, claim, decision as the paper will state it)
    problems: tuple[str, ...]  # empty: the award may be issued


def _with_finality(c: claims.ClaimView, f: ItemFinality) -> str:
    """The decision as the paper states it and the paper it goes on (终局 / 非终局), with why an item
    claimed over the final line is final all the same (issue 18 review 14)."""
    text = papers.decision_text(c)
    if c.decision is None:
        return text
    return f"{text}（{f.label}" + (f"：{f.note}" if f.note else "") + "）"


def award_readiness(*, session: Session, user: Actor, case_id: uuid.UUID,
                    issue_date: date | None = None) -> AwardReadiness:
    from .workflow import award_guard

    case = _load_case(session, user, case_id)
    on = issue_date or date.today()
    report = claims.award_finality(session=session, user=user, case_id=case.id, today=on, drafting=True)
    items = tuple((i, c.claim_type.label, _with_finality(c, f)) for i, (c, f) in enumerate(report.items, 1))
    guard = award_guard(session, case, on)
    problems = [line for message in guard.values() for line in message.splitlines()]
    return AwardReadiness(items, tuple(problems))


def _corrected(session: Session, case: DisputeCase, doc_type: str, doc_id: uuid.UUID) -> IssuedDocument:
    old = session.get(IssuedDocument, doc_id)
    if old is None or old.case_id != case.id or old.doc_type != doc_type:
        raise NotFound("找不到要补正的文书")
    if _superseded(session, old.id):
        raise ValidationFailed({"corrects": "该文书已有补正版本，请对最新版本补正"})
    if old.id not in _current_ids(session, case.id, doc_type):
        raise ValidationFailed({"corrects": "该文书已被之后签发的同类文书取代，请对最新签发的文书补正"})
    return old


def _number(session: Session, case: DisputeCase, number_type: str, on: date,
            old: IssuedDocument | None) -> str | None:
    """The number printed on the paper: the case's own (allocated at its first paper if missing),
    a new document number (受, 不受, 决), or none. A correction keeps the number it corrects."""
    if number_type == "无":
        return None
    if numbers_the_case(number_type, CaseFamily(case.family).value):
        if not case.case_number:
            allocate_case_number(session, case, on.year)
        return case.case_number
    if old is not None and old.number:
        return old.number
    return allocate(session, case.office_id, number_type, on.year)


def _private_facts(detail: CaseDetail) -> list[dict[str, object]]:
    out = []
    for link in detail.parties:
        p = link.party
        out.append({"name": p.name, "organisation": PartyKind(p.kind) is PartyKind.ORGANISATION,
                    "id_number": p.id_doc_number or "", "phone": p.phone or "", "address": p.address or "",
                    "credit_code": p.credit_code or "", "legal_rep": p.legal_rep or ""})
    return out


def current_award_types(session: Session, case_id: uuid.UUID) -> set[bool | None]:
    """The types (终局 True / 非终局 False) of the case's current award papers (not replaced by a
    补正): the type the award document states governs (SPC-I Art 18)."""
    current = _current_ids(session, case_id, "award")
    return set(session.scalars(select(IssuedDocument.final).where(IssuedDocument.id.in_(current)))) if current else set()


def current_award_contents(session: Session, case_id: uuid.UUID) -> list[str]:
    """What the case's current award papers printed (documents.paper JSON), oldest first."""
    current = _current_ids(session, case_id, "award")
    return list(session.scalars(select(IssuedDocument.content).where(IssuedDocument.id.in_(current))
                                .order_by(IssuedDocument.issued_at))) if current else []


def _current_ids(session: Session, case_id: uuid.UUID, doc_type: str) -> list[uuid.UUID]:
    """The case's current papers of ``doc_type`` (domain.issuing.current), oldest first."""
    rows = session.execute(select(IssuedDocument.id, IssuedDocument.supersedes_id, IssuedDocument.final,
                                  IssuedDocument.issued_on, IssuedDocument.content).where(
        IssuedDocument.case_id == case_id, IssuedDocument.doc_type == doc_type).order_by(IssuedDocument.issued_at)).all()
    return issuing.current([issuing.IssuedFact(r.id, r.supersedes_id, r.final, r.issued_on, _addressed_to(r.content))
                            for r in rows])


def _addressed_to(content: str) -> str:
    """The 受送达人 a paper is addressed to, when its template names one ({受送达人}); "" otherwise."""
    paper = from_json(content)
    return str(paper.values.get("受送达人", "")) if "受送达人" in paper.template.fields() else ""


def current_papers(*, session: Session, user: Actor, case_id: uuid.UUID, doc_type: str) -> list[IssuedView]:
    """The case's papers of ``doc_type`` in force, oldest first: the latest issued (to each
    recipient it is addressed to), both parts of a split award, each as last corrected."""
    _load_case(session, user, case_id)
    keep = set(_current_ids(session, case_id, doc_type))
    return [v for v in list_issued(session=session, user=user, case_id=case_id) if v.id in keep]


def _superseded(session: Session, doc_id: uuid.UUID) -> bool:
    return bool(session.scalar(select(exists().where(IssuedDocument.supersedes_id == doc_id))))


def _view(session: Session, d: IssuedDocument) -> IssuedView:
    who = session.get(AppUser, d.issued_by) if d.issued_by else None
    superseded = _superseded(session, d.id)
    return IssuedView(d.id, d.doc_type, d.title, d.number, d.version, d.supersedes_id, d.final, d.issued_on,
                      d.issued_at, who.display_name if who else "", d.sha256, superseded, d.doc_type in PUBLISHABLE,
                      not superseded and d.id not in _current_ids(session, d.case_id, d.doc_type))


def list_issued(*, session: Session, user: Actor, case_id: uuid.UUID) -> list[IssuedView]:
    """The case's issued papers, oldest first (without their PDF bytes)."""
    _load_case(session, user, case_id)
    columns = [c for c in IssuedDocument.__table__.columns if c.name not in ("pdf", "content", "private")]
    rows = session.execute(select(*columns).where(IssuedDocument.case_id == case_id)
                           .order_by(IssuedDocument.issued_at)).all()
    later = set(session.scalars(select(IssuedDocument.supersedes_id).where(
        IssuedDocument.case_id == case_id, IssuedDocument.supersedes_id.is_not(None))))
    names = {u.id: u.display_name for u in session.scalars(
        select(AppUser).where(AppUser.id.in_({r.issued_by for r in rows if r.issued_by})))}
    current = {i for t in {r.doc_type for r in rows} for i in _current_ids(session, case_id, t)}
    return [IssuedView(r.id, r.doc_type, r.title, r.number, r.version, r.supersedes_id, r.final, r.issued_on,
                       r.issued_at, names.get(r.issued_by, ""), r.sha256, r.id in later, r.doc_type in PUBLISHABLE,
                       r.id not in later and r.id not in current)
            for r in rows]


def _document(session: Session, user: Actor, document_id: uuid.UUID) -> IssuedDocument:
    doc = session.get(IssuedDocument, document_id)
    if doc is None:
        raise NotFound("找不到该文书")
    _load_case(session, user, doc.case_id)  # the case's office must be visible to the user
    return doc


def issued_pdf(*, session: Session, user: Actor, document_id: uuid.UUID) -> bytes:
    """The PDF exactly as issued; checked against its stored SHA-256."""
    doc = _document(session, user, document_id)
    require_papers(user, session.get(DisputeCase, doc.case_id).family)
    if hashlib.sha256(doc.pdf).hexdigest() != doc.sha256:
        raise ValidationFailed({"sha256": "文书内容与签发时的校验值不符，可能已被改动"})
    return doc.pdf


def anonymised_pdf(*, session: Session, user: Actor, document_id: uuid.UUID) -> bytes:
    """A copy for publication: parties' names, ID and phone numbers and addresses replaced."""
    from ..documents.render import render

    doc = _document(session, user, document_id)
    if doc.doc_type not in PUBLISHABLE:
        raise ValidationFailed({"doc_type": "只有仲裁裁决书和仲裁调解书可制作公开版本"})
    people = [PrivateFacts(**p) for p in json.loads(doc.private)]
    return render(anonymise(from_json(doc.content), Anonymiser(people)))


def anonymise(paper: Paper, an: Anonymiser) -> Paper:
    """The paper with every text the parties appear in run through the anonymiser; the
    arbitrators, clerk and commission keep their names, as in published awards."""
    keep = {"仲裁委员会", "机构名称", "仲裁员", "书记员", "承办人", "签发日期", "今日", "案号", "文书编号"}
    return replace(
        paper,
        values={k: v if k in keep else an.text(v) for k, v in paper.values.items()},
        lists={k: [an.text(x) for x in v] for k, v in paper.lists.items()},
        parties=[an.text(x) for x in paper.parties],
        writings={k: an.text(v) for k, v in paper.writings.items()},
        title_note=paper.title_note,
    )

