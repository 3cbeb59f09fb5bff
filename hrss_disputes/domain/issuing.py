"""Which case papers exist once, which step each follows, and which issued ones are current
(review of issue 18, findings 4 and 5). Pure: no database.

A paper that records a decision of the case (受理, 不予受理, the 决定书, the award, the 调解书 …)
is issued once: while one is in force a second original would contradict it, and a written or
calculation error in it is corrected by a 补正 (legal-rules.md §12.2: "Corrections of
clerical/computation errors or omissions → 补正"), a new version linked to the one it corrects.
A notice of a step that may happen again (the hearing moved, the tribunal changed, another
extension, suspension or order) may be issued again: the latest is the current one.

A paper is dated like any step: not after today, not before the case was received, not before
the step it follows (the latest of that step recorded: its paper prints that step's facts), and
a 补正 not before the paper it corrects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..models.enums import EventKind as K
from .validators import validate_past_date

# issued once per case (a change is a 补正); every other type may be issued again, the latest current
ONCE: frozenset[str] = frozenset({
    "acceptance_notice", "refusal_notice", "decision_withdrawal", "decision_deemed_withdrawal",
    "decision_revocation", "mediation_statement", "award",  # arbitration
    "mediation_agreement", "mediation_failed",  # mediation
    "complaint_acceptance", "complaint_refusal", "administrative_decision", "closure_record",  # complaints
})

# the step(s) each paper follows: it is not dated before the latest of them recorded
FOLLOWS: dict[str, tuple[K, ...]] = {
    "acceptance_notice": (K.ACCEPTED,), "response_notice": (K.ACCEPTED,), "refusal_notice": (K.NOT_ACCEPTED,),
    "tribunal_notice": (K.TRIBUNAL_FORMED,), "hearing_notice": (K.HEARING_SCHEDULED,),
    "element_sheet": (K.ACCEPTED,), "hearing_record": (K.HEARING_SCHEDULED,),  # 要素式: the case's sheet, its hearing
    "extension_notice": (K.EXTENDED,), "suspension_notice": (K.SUSPENDED,), "resumption_notice": (K.RESUMED,),
    "decision_withdrawal": (K.WITHDRAWN,), "decision_deemed_withdrawal": (K.DEEMED_WITHDRAWN,),
    "decision_revocation": (K.REVOKED,), "mediation_statement": (K.MEDIATION_STATEMENT,),
    "recusal_decision": (K.RECUSAL_DECIDED,),  # 回避决定书: one per 回避决定, the latest current
    # the award: after the hearing held or the decision to decide on the papers, and after 作出裁决
    "award": (K.HEARING_HELD, K.PAPERS_DECIDED, K.AWARDED),
    "mediation_agreement": (K.AGREEMENT,), "mediation_failed": (K.NO_AGREEMENT,),
    "complaint_acceptance": (K.FILED,), "complaint_refusal": (K.NOT_ACCEPTED,),
    "rectification_order": (K.ORDER_ISSUED,), "administrative_decision": (K.ORDER_ISSUED,),
    "closure_record": (K.CLOSED,),
}

WHAT = "签发日期"


def once_refusal(doc_type: str, title: str, issued: Iterable[date]) -> str | None:
    """Why another original of ``doc_type`` is not issued while ``issued`` (the dates of the
    case's papers of that type) exist; None when it may be."""
    days = sorted(issued)
    if doc_type not in ONCE or not days:
        return None
    return (f"本案已于 {days[0].isoformat()} 签发《{title}》，不能再签发一份；文书中的文字、计算错误或遗漏，"
            "请在已签发的文书中选中该文书，作出补正")


def date_error(doc_type: str, on: date, *, today: date, received_on: date,
               timeline: Sequence[tuple[str, date]], corrects_on: date | None = None) -> str | None:
    """Why a paper of ``doc_type`` cannot be dated ``on``: the checks of any step's date.
    ``timeline``: the case's (event kind, date) pairs; ``corrects_on``: the date of the paper a
    补正 corrects."""
    if msg := validate_past_date(on, today=today, what=WHAT):
        return msg
    if on < received_on:
        return f"{WHAT}不能早于收案日期 {received_on.isoformat()}"
    if corrects_on is not None and on < corrects_on:
        return f"补正的{WHAT}不能早于被补正文书的签发日期 {corrects_on.isoformat()}"
    for kind in FOLLOWS.get(doc_type, ()):
        days = [d for k, d in timeline if k == kind.value]
        if days and on < max(days):
            return f"{WHAT}不能早于“{kind.label}”的日期 {max(days).isoformat()}"
    return None


@dataclass(frozen=True)
class IssuedFact:
    """One issued paper of one type, as the current-paper rule reads it (in the order issued)."""

    id: Any
    supersedes_id: Any | None
    final: bool | None  # an award's part: 终局 True / 非终局 False
    issued_on: date
    recipient: str = ""  # a paper addressed to one 受送达人 (a hearing notice to each party)


def current(papers: Sequence[IssuedFact]) -> list[Any]:
    """The ids of the current papers among ``papers`` (one type, one case, oldest first): the
    newest version of the latest issue, one for each recipient a paper is addressed to, and both
    parts of a split award (issued together: its final part, then its non-final part)."""
    replaced = {p.supersedes_id for p in papers if p.supersedes_id is not None}
    by_id = {p.id: p for p in papers}

    def root(p: IssuedFact) -> IssuedFact:
        while p.supersedes_id is not None and p.supersedes_id in by_id:
            p = by_id[p.supersedes_id]
        return p

    roots = [p for p in papers if p.supersedes_id is None or p.supersedes_id not in by_id]
    latest: dict[str, list[IssuedFact]] = {}
    for r in roots:  # oldest first: a later issue to the same recipient replaces the earlier
        batch = latest.get(r.recipient, [])
        split = (len(batch) == 1 and batch[0].final is True and r.final is False and batch[0].issued_on == r.issued_on)
        latest[r.recipient] = [*batch, r] if split else [r]
    keep = {r.id for batch in latest.values() for r in batch}
    return [p.id for p in papers if p.id not in replaced and root(p).id in keep]
