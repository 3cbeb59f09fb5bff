"""Who received a served paper, and when: the start of every clock the law counts from one
party's receipt (答辩期 LDMAF 30, 开庭通知 LDMAF 35, 起诉 LDMAF 48/50, 申请撤销 LDMAF 49).

A 登记送达 event (EventKind.SERVED) keeps its recipients in its data::

    {"document": "award", "method": "post",
     "recipients": [{"party": "<party id hex>", "name": "张三", "role": "applicant", "on": "2026-03-05"}]}

``on`` is the day that party signed for it (送达回证), or for service by public notice the day
the notice was published; the law counts from thirty days later (民事诉讼法第九十五条). An event
recorded before recipients were kept names nobody: it is read as served on every party that day,
which is what the clocks assumed then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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

    @property
    def effective(self) -> date:
        """The day the period counts from: a public notice is deemed served thirty days later."""
        return self.on + timedelta(days=PUBLIC_NOTICE_DAYS) if self.public else self.on


def event_receipts(ev: EventLike) -> list[Receipt]:
    """The receipts one 送达 event records (an older event: one receipt for everyone)."""
    public = ev.data.get("method") == "public"
    listed = ev.data.get("recipients") or []
    if not listed:
        return [Receipt(EVERYONE, str(ev.data.get("recipient") or ""), "", ev.on, public)]
    return [Receipt(str(r["party"]), str(r.get("name") or ""), str(r.get("role") or ""),
                    date.fromisoformat(r["on"]) if r.get("on") else ev.on, public) for r in listed]


def receipts(events: Iterable[EventLike], document: str) -> dict[str, Receipt]:
    """Each party's first receipt of ``document`` (first by effective day); EVERYONE for a receipt
    recorded without recipients."""
    first: dict[str, Receipt] = {}
    for ev in events:
        if getattr(ev.kind, "value", ev.kind) != "served" or ev.data.get("document") != document:
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
        return f"{r.on.isoformat()} 送达{what}：{LEGACY_LINE}"
    how = (f"（公告送达，经过{PUBLIC_NOTICE_DAYS}日即 {r.effective.isoformat()} 视为送达）" if r.public else "")
    return f"{r.name} {r.on.isoformat()} 收到{what}{how}"
