"""Who received a served paper, and when: the start of every clock the law counts from one
party's receipt (答辩期 LDMAF 30, 开庭通知 LDMAF 35, 起诉 LDMAF 48/50, 申请撤销 LDMAF 49).

A 登记送达 event (EventKind.SERVED) keeps its recipients in its data::

    {"document": "award", "method": "post",
     "recipients": [{"party": "<party id hex>", "name": "张三", "role": "applicant", "on": "2026-03-05"}]}

``on`` is the day that party signed for it (送达回证), or for service by public notice the day
the notice was published; the law counts from thirty days later (民事诉讼法第九十五条).

An event recorded before recipients were kept may hold the recipient as free text (``recipient``):
a text naming the case's parties exactly (one name, or several separated by 、，,;； or 及/和) is
read as served on those parties; a text naming nobody (or no text) is read as served on every party
that day, which is what the clocks assumed then, and the explanation says so.

A paper is received only once it exists: a receipt dated before the step that makes the paper
(MADE_BY: the acceptance for the application copy, LDMAF 30; the schedule for a hearing notice,
LDMAF 35; the award, LDMAF 47–50; the mediation statement, LDMAF 42) is no receipt of it and
starts nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Protocol

PUBLIC_NOTICE_DAYS = 30  # CPL 2023 Art 95: deemed served thirty days after the notice is published
EVERYONE = "*"  # the party key of a receipt recorded without recipients
# the papers a 登记送达 records (送达文书)
DOCUMENTS: tuple[tuple[str, str], ...] = (
    ("application_copy", "仲裁申请书副本"), ("hearing_notice", "开庭通知书"), ("tribunal_notice", "组庭通知书"),
    ("award", "仲裁裁决书"), ("mediation_statement", "仲裁调解书"), ("other", "其他文书"),
)
LEGACY_LINE = "该次送达登记时未记录受送达人，视为当日送达各方当事人"
# the step (event kind value) that makes each paper: a receipt before it is no receipt of that paper
MADE_BY: dict[str, frozenset[str]] = {
    "application_copy": frozenset({"accepted"}),  # LDMAF 30: 受理后将副本送达被申请人
    "tribunal_notice": frozenset({"tribunal_formed"}),  # LDMAF 32
    "hearing_notice": frozenset({"hearing_scheduled"}),  # LDMAF 35
    "award": frozenset({"awarded"}),  # LDMAF 47–50
    "mediation_statement": frozenset({"mediation_statement"}),  # LDMAF 42
}
# an old free-text recipient that says "both sides" names every party on purpose
ALL_PARTIES_WORDS = frozenset({"双方", "各方", "双方当事人", "各方当事人", "全体当事人", "申请人和被申请人",
                               "申请人及被申请人"})
_SEPARATORS = re.compile(r"[、，,;；]+")
# tried in turn only where the whole piece is no party's name: spaces, then 及/和
_WITHIN = (re.compile(r"\s+"), re.compile(r"[及和]"))
_ROLE = re.compile(r"^(?:被申请人|申请人|第三人)[：:]?")


class EventLike(Protocol):
    @property
    def on(self) -> date: ...
    @property
    def data(self) -> Mapping[str, Any]: ...
    @property
    def kind(self) -> Any: ...


@dataclass(frozen=True)
class Receipt:
    party: str  # party id hex, or EVERYONE
    name: str
    role: str
    on: date  # signed for, or the notice published
    public: bool  # 公告送达
    recorded: str = ""  # an old event's free-text recipient this receipt was read from

    @property
    def effective(self) -> date:
        """The day the period counts from: a public notice is deemed served thirty days later."""
        return self.on + timedelta(days=PUBLIC_NOTICE_DAYS) if self.public else self.on


# a party as an old free-text recipient is matched to it: (party id hex, name, role)
PartyRef = tuple[str, str, str]


def match_recipients(text: str, parties: Sequence[PartyRef]) -> list[PartyRef]:
    """The case's parties an old free-text recipient names: each piece (split at 、，,;；, then at
    及/和 or spaces when the whole piece is no name) must equal exactly one party's name; pieces naming
    nobody (an agent, "公司") are left out. Empty when it names no party."""
    by_name: dict[str, list[PartyRef]] = {}
    for p in parties:
        by_name.setdefault(p[1].strip(), []).append(p)

    def one(name: str) -> PartyRef | None:
        name = _ROLE.sub("", name.strip())  # "被申请人：某公司" names 某公司
        found = by_name.get(name, [])
        return found[0] if len(found) == 1 else None

    def named(piece: str, splitters: tuple[re.Pattern[str], ...]) -> list[PartyRef] | None:
        if (p := one(piece)) is not None:
            return [p]
        if not splitters:
            return None
        parts = [x for x in splitters[0].split(piece) if x.strip()]
        if len(parts) < 2:
            return named(piece, splitters[1:])
        found = [named(x, splitters[1:]) for x in parts]
        return [p for f in found for p in f or []] if all(f is not None for f in found) else None

    out: list[PartyRef] = []
    for piece in (x for x in _SEPARATORS.split(text.strip()) if x.strip()):
        out += named(piece, _WITHIN) or []
    return list(dict.fromkeys(out))


def _served(ev: EventLike, document: str | None = None) -> bool:
    return (getattr(ev.kind, "value", ev.kind) == "served"
            and (document is None or ev.data.get("document") == document))


def made_on(events: Iterable[EventLike], document: str) -> date | None:
    """The day the paper ``document`` came to exist (the first step that makes it, MADE_BY);
    date.min for a paper no recorded step makes (其他文书); None while it is not made."""
    makers = MADE_BY.get(document)
    if makers is None:
        return date.min
    return min((ev.on for ev in events if getattr(ev.kind, "value", ev.kind) in makers), default=None)


def as_received(events: Iterable[EventLike], parties: Sequence[PartyRef] = ()) -> list[Any]:
    """The timeline with each 送达 read as who received what: an old free-text recipient naming
    the case's parties becomes those parties' receipts (``recorded`` keeps the text); a receipt
    dated before its paper existed is left out, and a service left with none is dropped."""
    events = list(events)
    made = {doc: made_on(events, doc) for doc in {str(e.data.get("document")) for e in events if _served(e)}}
    out: list[Any] = []
    for ev in events:
        if not _served(ev):
            out.append(ev)
            continue
        since = made.get(str(ev.data.get("document")))
        listed = ev.data.get("recipients") or []
        text = str(ev.data.get("recipient") or "").strip()
        if not listed and text and parties and text not in ALL_PARTIES_WORDS:
            listed = [{"party": k, "name": n, "role": r, "on": ev.on.isoformat(), "recorded": text}
                      for k, n, r in match_recipients(text, parties)]
        if listed:
            kept = [r for r in listed if since is not None
                    and (date.fromisoformat(r["on"]) if r.get("on") else ev.on) >= since]
            if kept and kept == ev.data.get("recipients"):
                out.append(ev)  # as recorded
            elif kept:
                out.append(replace(ev, data={**ev.data, "recipients": kept}))  # type: ignore[type-var]
        elif since is not None and ev.on >= since:
            out.append(ev)
    return out


def event_receipts(ev: EventLike) -> list[Receipt]:
    """The receipts one 送达 event records (an older event naming no party: one receipt for everyone)."""
    public = ev.data.get("method") == "public"
    listed = ev.data.get("recipients") or []
    if not listed:
        return [Receipt(EVERYONE, str(ev.data.get("recipient") or "").strip(), "", ev.on, public)]
    return [Receipt(str(r["party"]), str(r.get("name") or ""), str(r.get("role") or ""),
                    date.fromisoformat(r["on"]) if r.get("on") else ev.on, public, str(r.get("recorded") or ""))
            for r in listed]


def receipts(events: Iterable[EventLike], document: str, parties: Sequence[PartyRef] = ()) -> dict[str, Receipt]:
    """Each party's first receipt of ``document`` (first by effective day), counting only receipts
    once the paper existed (as_received); EVERYONE for a receipt naming no party."""
    return first_receipts(as_received(events, parties), document)


def first_receipts(received: Iterable[EventLike], document: str) -> dict[str, Receipt]:
    """``receipts`` of a timeline already read by as_received."""
    first: dict[str, Receipt] = {}
    for ev in received:
        if not _served(ev, document):
            continue
        for r in event_receipts(ev):
            if r.party not in first or r.effective < first[r.party].effective:
                first[r.party] = r
    return first


def receipt_of(found: Mapping[str, Receipt], party: str) -> Receipt | None:
    """The party's own receipt, or one recorded for everyone, whichever came first."""
    own, anyone = found.get(party), found.get(EVERYONE)
    if own is None or anyone is None:
        return own or anyone
    return own if own.effective <= anyone.effective else anyone


def recipients_text(recipients: Iterable[Mapping[str, Any]]) -> str:
    """Who received the paper when, as the timeline's 说明 says it: "张三 2026-03-05；某公司 2026-03-09"."""
    return "；".join(f"{r.get('name') or ''} {r.get('on') or ''}".strip() for r in recipients)


def receipt_line(r: Receipt, document: str) -> str:
    """One line of a clock's explanation: whose receipt it counts from."""
    what = dict(DOCUMENTS).get(document, document)
    if r.party == EVERYONE:
        if not r.name:
            return f"{r.on.isoformat()} 送达{what}：{LEGACY_LINE}"
        if r.name in ALL_PARTIES_WORDS:
            return f"{r.on.isoformat()} 送达{what}：受送达人：{r.name}，视为当日送达各方当事人"
        return f"{r.on.isoformat()} 送达{what}：受送达人：{r.name}（未能对应当事人），视为当日送达各方当事人"
    how = (f"（公告送达，经过{PUBLIC_NOTICE_DAYS}日即 {r.effective.isoformat()} 视为送达）" if r.public else "")
    recorded = f"（登记的受送达人：{r.recorded}）" if r.recorded else ""
    return f"{r.name} {r.on.isoformat()} 收到{what}{how}{recorded}"
