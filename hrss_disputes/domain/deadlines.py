"""Statutory deadlines computed from a case's timeline (procedures.md "Days and deadlines").

Every clock is a rule declared as data below: which event starts it, how many days of which
kind, which events restart it (Rules2017 46), whether suspension (中止) pauses it, how much an
approved extension may add, and which events meet it. ``compute`` folds a timeline into the
deadlines; it is pure, so the case view, the deadline board and the tests see the same dates.

A day kind marked ⚠ in legal-rules.md §8.1 is only the default: the office's setting
``deadline.kind.<clock>`` overrides it (``kinds`` argument); so does ``deadline.days.<clock>``
for the number of days of a clock whose period is ⚠ (arbitral review; ``days`` argument).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from ..models.enums import CaseStatus, EventKind, Procedure
from . import receipts as rc
from .calendar import DayKind, PeriodEnd, WorkCalendar
from .finality import recorded_types
from .status import TimelineFact, derive_state


class Owner(StrEnum):
    OFFICE = "office"  # the staff's duty: can be overdue, shown on the deadline board
    PARTY = "party"  # a party's period (defence, suing): shown in the case view, never "overdue"


class State(StrEnum):
    RUNNING = "running"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    PAUSED = "paused"  # suspended: no last day until resumed
    MET = "met"
    ENDED = "ended"  # a party's period that has run out

    @property
    def label(self) -> str:
        return {"running": "进行中", "due_today": "今日届满", "overdue": "已逾期", "paused": "中止计算",
                "met": "已完成", "ended": "已届满"}[self.value]


@dataclass(frozen=True)
class Ev:
    """One timeline event as the deadline rules read it."""

    kind: EventKind
    on: date
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    """An event that starts, restarts or meets a clock; ``document`` narrows 送达 events, ``flag``
    to events whose data has it set (a payment that settled everything)."""

    kind: EventKind
    document: str | None = None
    flag: str | None = None

    def __call__(self, ev: Ev) -> bool:
        return (ev.kind is self.kind and (self.document is None or ev.data.get("document") == self.document)
                and (self.flag is None or bool(ev.data.get(self.flag))))


ARBITRATION = frozenset({Procedure.ORDINARY, Procedure.SIMPLIFIED, Procedure.COLLECTIVE})
MEDIATION = frozenset({Procedure.GRASSROOTS, Procedure.PREFILING})

_AWARD_STOPS = (Match(EventKind.AWARDED), Match(EventKind.MEDIATION_STATEMENT), Match(EventKind.WITHDRAWN),
                Match(EventKind.DEEMED_WITHDRAWN), Match(EventKind.REVOKED), Match(EventKind.NOT_ACCEPTED))
_RESTARTS = (Match(EventKind.PARTY_ADDED), Match(EventKind.CLAIMS_CHANGED), Match(EventKind.COUNTERCLAIM),
             Match(EventKind.TRANSFERRED_IN))


@dataclass(frozen=True)
class ClockRule:
    key: str
    label: str
    days: int
    kind: DayKind  # default day kind
    procedures: frozenset[Procedure]
    starts: tuple[Match, ...]
    stops: tuple[Match, ...] = ()
    restarts: tuple[Match, ...] = ()  # a later one starts the period again from its date
    pauses: bool = False  # 中止 … 恢复 is not counted
    max_extension: int | None = 0  # EXTENDED events naming this clock; None: no cap
    owner: Owner = Owner.OFFICE
    flag: str | None = None  # only for cases with this flag (green_channel)
    needs_final_award: bool = False
    days_from_event: EventKind | None = None  # an event whose data["days"] replaces ``days``
    kind_unsure: bool = False  # ⚠ in legal-rules.md §8.1: shown as a setting
    days_unsure: bool = False  # the number of days is ⚠ or set by the office: a setting too
    owed_after_close: bool = False  # a duty the closing step itself creates (serving the award)
    # a party's period that has nothing left to do once the case is decided (答辩期): shown done
    # (案件已审结) when the case closed before it ran out
    ends_with_case: bool = False
    source: str = ""


@dataclass(frozen=True)
class DateRule:
    """A clock whose last day is a date written on its starting event (督办期限, 限期支付),
    or a number of days before it (开庭前通知)."""

    key: str
    label: str
    procedures: frozenset[Procedure]
    start: Match
    date_field: str
    stops: tuple[Match, ...]
    before_days: int = 0
    kind: DayKind = DayKind.CALENDAR
    kind_unsure: bool = False
    source: str = ""
    # events after the start that leave nothing to count (a hearing postponed before its notice
    # was served: no hearing to notify until a new one is set); the clock is then not shown
    voids: tuple[Match, ...] = ()


CLOCKS: tuple[ClockRule, ...] = (
    ClockRule("mediation", "调解期限", 15, DayKind.CALENDAR, MEDIATION, (Match(EventKind.RECEIVED),),
              stops=(Match(EventKind.AGREEMENT), Match(EventKind.NO_AGREEMENT), Match(EventKind.WITHDRAWN),
                     Match(EventKind.REFERRED), Match(EventKind.NOT_ACCEPTED)),
              max_extension=None, source="劳动争议调解仲裁法第十四条"),
    ClockRule("acceptance", "受理审查期限", 5, DayKind.WORKING, ARBITRATION, (Match(EventKind.RECEIVED),),
              stops=(Match(EventKind.ACCEPTED), Match(EventKind.NOT_ACCEPTED), Match(EventKind.WITHDRAWN)),
              restarts=(Match(EventKind.MATERIALS_COMPLETED),), kind_unsure=True,
              source="劳动争议调解仲裁法第二十九条；仲裁规则第三十条、第四十六条第二项"),
    ClockRule("tribunal", "组庭并通知期限", 5, DayKind.WORKING, ARBITRATION, (Match(EventKind.ACCEPTED),),
              stops=(Match(EventKind.TRIBUNAL_FORMED),), kind_unsure=True, source="劳动争议调解仲裁法第三十二条"),
    ClockRule("service", "送达申请书副本期限", 5, DayKind.WORKING, ARBITRATION, (Match(EventKind.ACCEPTED),),
              stops=(Match(EventKind.SERVED, "application_copy"),), kind_unsure=True,
              source="劳动争议调解仲裁法第三十条"),
    ClockRule("defence", "答辩期", 10, DayKind.WORKING, ARBITRATION,
              (Match(EventKind.SERVED, "application_copy"),), owner=Owner.PARTY,
              days_from_event=EventKind.DEFENCE_PERIOD_SET, kind_unsure=True, ends_with_case=True,
              source="劳动争议调解仲裁法第三十条；仲裁规则第五十八条（简易处理可缩短或取消）"),
    ClockRule("award", "审理期限", 45, DayKind.CALENDAR, ARBITRATION, (Match(EventKind.ACCEPTED),),
              stops=_AWARD_STOPS, restarts=_RESTARTS, pauses=True, max_extension=15,
              source="劳动争议调解仲裁法第四十三条；仲裁规则第四十六条、第四十七条、第六十一条"),
    ClockRule("green_target", "绿色通道结案目标", 30, DayKind.CALENDAR, ARBITRATION, (Match(EventKind.ACCEPTED),),
              stops=_AWARD_STOPS, restarts=_RESTARTS, pauses=True, flag="green_channel",
              source="2019年根治欠薪“护薪”行动要求（政策目标，非法定期限）"),
    ClockRule("review", "仲裁审查期限", 5, DayKind.WORKING, frozenset({Procedure.ARBITRAL_REVIEW}),
              (Match(EventKind.ACCEPTED),),
              stops=(Match(EventKind.MEDIATION_STATEMENT), Match(EventKind.NOT_ACCEPTED),
                     Match(EventKind.WITHDRAWN), Match(EventKind.REVOKED)),
              max_extension=5, kind_unsure=True, days_unsure=True, source="仲裁规则第七十三条至第七十九条（⚠待核实）"),
    ClockRule("sue", "不服裁决起诉期限", 15, DayKind.CALENDAR, ARBITRATION,
              (Match(EventKind.SERVED, "award"),), stops=(Match(EventKind.SUED),), owner=Owner.PARTY,
              source="劳动争议调解仲裁法第四十八条、第五十条（自收到裁决书之日起）"),
    ClockRule("set_aside", "用人单位申请撤销终局裁决期限", 30, DayKind.CALENDAR, ARBITRATION,
              (Match(EventKind.SERVED, "award"),), stops=(Match(EventKind.SET_ASIDE_APPLIED),), owner=Owner.PARTY,
              needs_final_award=True,
              source="劳动争议调解仲裁法第四十九条"),
    # No statute sets a time to serve an issued award or mediation statement: the office sets it
    # (deadline.days.* / deadline.kind.*, ⚠); the default follows the five days of LDMAF 30.
    ClockRule("award_service", "裁决书送达期限", 5, DayKind.WORKING, ARBITRATION,
              (Match(EventKind.DOCUMENT_ISSUED, "award"),), stops=(Match(EventKind.SERVED, "award"),),
              kind_unsure=True, days_unsure=True, owed_after_close=True,
              source="无法定期限，本委设定（默认参照劳动争议调解仲裁法第三十条五日）"),
    ClockRule("statement_service", "调解书送达期限", 5, DayKind.WORKING, ARBITRATION,
              (Match(EventKind.DOCUMENT_ISSUED, "mediation_statement"),),
              stops=(Match(EventKind.SERVED, "mediation_statement"),),
              kind_unsure=True, days_unsure=True, owed_after_close=True, source="无法定期限，本委设定（默认参照劳动争议调解仲裁法第三十条五日）"),
    ClockRule("complaint_acceptance", "投诉受理审查期限", 5, DayKind.WORKING, frozenset({Procedure.COMPLAINT}),
              (Match(EventKind.RECEIVED),),
              stops=(Match(EventKind.FILED), Match(EventKind.NOT_ACCEPTED), Match(EventKind.REFERRED)),
              source="关于实施《劳动保障监察条例》若干规定第十八条"),
    ClockRule("investigation", "调查处理期限", 60, DayKind.WORKING, frozenset({Procedure.COMPLAINT}),
              (Match(EventKind.FILED),),
              stops=(Match(EventKind.CLOSED), Match(EventKind.REVOKED), Match(EventKind.REFERRED)),
              max_extension=30, source="劳动保障监察条例第十七条"),
)

DATE_RULES: tuple[DateRule, ...] = (
    DateRule("hearing_notice", "开庭通知送达期限", ARBITRATION, Match(EventKind.HEARING_SCHEDULED), "hearing_on",
             stops=(Match(EventKind.SERVED, "hearing_notice"),), before_days=5, kind=DayKind.WORKING,
             kind_unsure=True, source="劳动争议调解仲裁法第三十五条（开庭五日前书面通知）",
             voids=(Match(EventKind.HEARING_POSTPONED), Match(EventKind.SUSPENDED))),
    # met when everything owed has been paid, not by a part payment; a compensation order
    # (逾期不支付) takes its place
    DateRule("payment_order", "限期支付届满", frozenset({Procedure.COMPLAINT}), Match(EventKind.ORDER_ISSUED),
             "due_on", stops=(Match(EventKind.PAYMENT, flag="settled"), Match(EventKind.COMPENSATION_ORDERED),
                              Match(EventKind.CLOSED), Match(EventKind.REVOKED)),
             source="劳动保障监察条例第二十六条（责令限期支付）"),
    DateRule("compensation_order", "加付赔偿金支付期限", frozenset({Procedure.COMPLAINT}),
             Match(EventKind.COMPENSATION_ORDERED), "due_on",
             stops=(Match(EventKind.PAYMENT, flag="settled"), Match(EventKind.CLOSED), Match(EventKind.REVOKED)),
             source="劳动保障监察条例第二十六条；劳动合同法第八十五条"),
    DateRule("supervision", "挂牌督办期限", frozenset(Procedure), Match(EventKind.SUPERVISION_SET), "due_on",
             stops=(Match(EventKind.SUPERVISION_LIFTED),), source="挂牌督办决定"),
)



@dataclass(frozen=True)
class PerParty:
    """A clock the law counts from one party's receipt of a paper (or the office's duty to serve
    each party): one clock per party, started (or met) by that party's own receipt."""

    document: str  # the 送达 document
    whom: str  # respondents | parties | employers | may_sue
    source: str = ""


PER_PARTY: dict[str, PerParty] = {
    "defence": PerParty("application_copy", "respondents", "劳动争议调解仲裁法第三十条（被申请人收到副本后）"),
    "sue": PerParty("award", "may_sue", "劳动争议调解仲裁法第四十八条、第五十条（当事人各自收到裁决书之日）"),
    "set_aside": PerParty("award", "employers", "劳动争议调解仲裁法第四十九条（用人单位收到裁决书之日）"),
    "award_service": PerParty("award", "parties"),
    "statement_service": PerParty("mediation_statement", "parties"),
    "hearing_notice": PerParty("hearing_notice", "parties", "劳动争议调解仲裁法第三十五条（双方当事人）"),
}
# office clocks met when every respondent has received the paper (送达申请书副本, LDMAF 30)
ALL_RESPONDENTS: dict[str, str] = {"service": "application_copy"}

RULE_KEYS: tuple[str, ...] = tuple(r.key for r in CLOCKS) + tuple(r.key for r in DATE_RULES)
LABELS: dict[str, str] = {r.key: r.label for r in (*CLOCKS, *DATE_RULES)}
# Raise when a rule above changes: every stored deadline (case_deadline) is then worked out anew.
RULES_VERSION = 9  # 2: public-notice service (Rules2017 46(6), CPL 95); 3: serving issued papers;
# 4: a payment order is met by full payment only; the compensation order's own date;
# 5: clocks counted from a party's receipt run per party (``<key>@<party>``);
# 6: no receipt before the paper existed; an old free-text recipient read as the parties it names;
# 7: a party's time to sue / apply to set aside is met by that party's own suit / application
# (LDMAF 48-50), a respondent's defence period by the case closing before it ran out;
# 8: a hearing postponed before its notice was served leaves no notice clock (DateRule.voids)
# 9: nor does a suspension (中止审理 postpones the booked hearing; a new 确定开庭 after 恢复审理)
UNSURE_KINDS: frozenset[str] = frozenset(r.key for r in (*CLOCKS, *DATE_RULES) if r.kind_unsure)
UNSURE_DAYS: frozenset[str] = frozenset(r.key for r in CLOCKS if r.days_unsure)


def default_kinds() -> dict[str, DayKind]:
    return {r.key: r.kind for r in (*CLOCKS, *DATE_RULES)}


@dataclass(frozen=True)
class Pause:
    start: date
    end: date | None  # None: still suspended

    @property
    def days(self) -> int:
        return 0 if self.end is None else (self.end - self.start).days


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    owner: Owner
    state: State
    due: date | None  # None while paused
    start_event: str  # e.g. "受理 2025-03-03"
    source: str
    lines: tuple[str, ...]  # the explanation, one step a line
    confirmed: bool = True
    met_on: date | None = None
    extension_left: int | None = None  # days an approval may still add; None: no statutory cap
    party: str | None = None  # the party id (hex) of a clock counted per party (PER_PARTY)
    party_name: str = ""

    @property
    def cache_key(self) -> str:
        """The key the cache (case_deadline.clock) and the deadline board know it by."""
        return cache_key(self.key, self.party)

    @property
    def open(self) -> bool:
        return self.state in (State.RUNNING, State.DUE_TODAY, State.OVERDUE, State.PAUSED)

    @property
    def met_late(self) -> bool:
        return self.met_on is not None and self.due is not None and self.met_on > self.due


def cache_key(key: str, party: str | None) -> str:
    return f"{key}@{party}" if party else key


def split_key(clock: str) -> tuple[str, str | None]:
    """``sue@<hex>`` → ("sue", "<hex>"); ``award`` → ("award", None)."""
    key, _, party = clock.partition("@")
    return key, party or None


def clock_label(clock: str, party_name: str = "") -> str:
    """The label of a cached clock key, with the party's name for a clock counted per party."""
    key, _ = split_key(clock)
    label = LABELS.get(key, key)
    return f"{label}（{party_name}）" if party_name else label


@dataclass(frozen=True)
class ClockParty:
    """A party of the case as the per-party clocks read it (申请人/被申请人/第三人; an agent is
    none, a representative is an applicant)."""

    key: str  # party id hex
    name: str
    role: str  # CasePartyRole value: applicant | respondent | third_party
    employer: bool = False  # 用人单位: LDMAF 48 (only the worker sues a final award), 49 (set-aside)


@dataclass(frozen=True)
class CaseClockFacts:
    procedure: Procedure
    events: tuple[Ev, ...]  # in timeline order
    green_channel: bool = False
    parties: tuple[ClockParty, ...] = ()  # empty: not known, one clock for everyone (as before 18)
    # the types of the issued awards not replaced by a 补正 (True 终局, False 非终局; SPC-I Art 18):
    # empty when none is issued, then the 作出裁决 event's ``final`` says it
    award_types: frozenset[bool | None] = frozenset()


def _label(ev: Ev) -> str:
    return f"{ev.kind.label} {ev.on.isoformat()}"


PUBLIC_NOTICE_DAYS = 30  # CPL 2023 Art 95: deemed served thirty days after the notice is published


def _published(ev: Ev) -> bool:
    """Service by public notice (公告送达): the event's day is the day the notice was published."""
    return ev.kind is EventKind.SERVED and ev.data.get("method") == "public"


def effective_on(ev: Ev) -> date:
    """The day an event takes effect: a public notice counts as served thirty days after publication."""
    return ev.on + timedelta(days=PUBLIC_NOTICE_DAYS) if _published(ev) else ev.on


def _public_notice_line(ev: Ev) -> str:
    return (f"{ev.on.isoformat()} 公告送达，经过{PUBLIC_NOTICE_DAYS}日即 {effective_on(ev).isoformat()} "
            "视为送达（民事诉讼法第九十五条）")


def _union_days(pauses: list[Pause]) -> int:
    """Days covered by closed pauses, overlapping ones (中止 during a public notice) counted once."""
    total, reach = 0, None
    for p in sorted((p for p in pauses if p.end is not None), key=lambda p: p.start):
        start = p.start if reach is None else max(p.start, reach)
        if p.end is not None and p.end > start:
            total += (p.end - start).days
            reach = p.end
    return total


def _closing(events: tuple[Ev, ...]) -> Ev | None:
    """The event that closed the case, if it is closed now."""
    state = derive_state(TimelineFact(e.kind.value, e.on) for e in events)
    if state.is_open or state.status is CaseStatus.SUSPENDED:
        return None
    for ev in reversed(events):
        if ev.on == state.closed_on:
            return ev
    return None


def _state(due: date, today: date, owner: Owner) -> State:
    if due < today:
        return State.ENDED if owner is Owner.PARTY else State.OVERDUE
    if due == today:
        return State.DUE_TODAY
    return State.RUNNING


def _clock(rule: ClockRule, facts: CaseClockFacts, cal: WorkCalendar, kind: DayKind, today: date,
           closing: Ev | None, set_days: int | None = None) -> Deadline | None:
    events = facts.events
    first = next((i for i, e in enumerate(events) if any(m(e) for m in rule.starts)), None)
    if first is None:
        return None
    if rule.needs_final_award and not award_parts(facts)[0]:
        return None
    start_i, lines = first, []
    for i in range(first + 1, len(events)):
        ev = events[i]
        if any(m(ev) for m in rule.restarts):
            lines.append(f"{_label(ev)}：期间重新计算（仲裁规则第四十六条）")
            start_i = i
        if any(m(ev) for m in rule.stops):
            break
    start = events[start_i]
    after = events[start_i + 1:]
    met = next((e for e in after if any(m(e) for m in rule.stops)), None)
    if (met is None and rule.owner is Owner.OFFICE and not rule.owed_after_close and closing is not None
            and closing.on >= start.on):
        met = closing  # a closed case owes no more steps

    days = rule.days if set_days is None else set_days
    if set_days is not None and set_days != rule.days:
        lines.append(f"本机构设置：期间为 {set_days} 日（默认 {rule.days} 日）")
    if rule.days_from_event is not None:  # a decision before the party's own receipt counts too
        for e in events:
            if e.kind is rule.days_from_event and (met is None or e.on <= met.on):
                days = int(e.data.get("days", days))
                lines.append(f"{_label(e)}：期间改为 {days} 日" if days else f"{_label(e)}：取消该期间")
    granted = sum(int(e.data.get("days", 0)) for e in after
                  if e.kind is EventKind.EXTENDED and e.data.get("clock") == rule.key
                  and (met is None or e.on <= met.on))
    cap = rule.max_extension
    extension = granted if cap is None else min(granted, cap)
    left = None if cap is None else cap - extension
    pauses: list[Pause] = []
    notices: list[Pause] = []  # public-notice service periods (Rules2017 46(6)): not counted either
    if rule.pauses:
        open_from: date | None = None
        for e in after:
            if met is not None and e.on > met.on:
                break
            if e.kind is EventKind.SUSPENDED and open_from is None:
                open_from = e.on
            elif e.kind is EventKind.RESUMED and open_from is not None:
                pauses.append(Pause(open_from, e.on))
                open_from = None
            elif _published(e):
                end = effective_on(e) if met is None else min(effective_on(e), met.on)
                notices.append(Pause(e.on, end))
        if open_from is not None:
            pauses.append(Pause(open_from, None))

    start_on = effective_on(start)
    head = [f"起算：{_label(start)}", *lines]
    if start_on != start.on:
        head.append(_public_notice_line(start) + "，自该日起算")
    if pauses and pauses[-1].end is None and met is None:
        head.append(f"{pauses[-1].start.isoformat()} 起中止审理，期间暂停计算，恢复后继续")
        return Deadline(rule.key, rule.label, rule.owner, State.PAUSED, None, _label(start), rule.source,
                        tuple(head), extension_left=left)
    paused_days = _union_days(pauses + notices)
    period: PeriodEnd = cal.period_end(start_on, days + extension + paused_days, kind)
    body = list(head)
    body.append(f"法定期间 {days} 个{kind.label}" + ("（该日类型可在设置中调整）" if rule.kind_unsure else ""))
    for p in pauses:
        if p.end is not None:
            body.append(f"中止 {p.start.isoformat()} 至 {p.end.isoformat()}，不计入 {p.days} 日")
    for p in notices:
        body.append(f"公告送达期间 {p.start.isoformat()} 至 {p.end.isoformat()}，不计入 {p.days} 日"
                    "（仲裁规则第四十六条第六项）")
    if pauses and notices and paused_days < sum(p.days for p in pauses + notices):
        body.append(f"以上期间有重叠，重叠部分只扣除一次，共不计入 {paused_days} 日")
    if extension:
        body.append(f"经批准延长 {extension} 日" + (f"（最多 {rule.max_extension} 日）" if rule.max_extension else ""))
    body.extend(period.explain()[1:])
    if (met is None and rule.ends_with_case and closing is not None and start.on <= closing.on <= period.end):
        met = closing  # nothing is left to answer once the case is decided
        body.append(f"已完成：案件已审结（{_label(closing)}）")
        state = State.MET
    elif met is not None:
        state = State.MET
        if _published(met):  # the office acted on the day it published; the notice period is not its delay
            body.append(_public_notice_line(met))
        body.append(f"已完成：{_label(met)}" + ("（逾期完成）" if met.on > period.end else ""))
    else:
        state = _state(period.end, today, rule.owner)
    return Deadline(rule.key, rule.label, rule.owner, state, period.end, _label(start), rule.source,
                    tuple(body), period.confirmed, met.on if met else None, left)


def _dated(rule: DateRule, facts: CaseClockFacts, cal: WorkCalendar, kind: DayKind, today: date,
           closing: Ev | None) -> Deadline | None:
    events = facts.events
    idx = [i for i, e in enumerate(events) if rule.start(e)]
    if not idx:
        return None
    start = events[idx[-1]]  # the latest schedule / order / listing counts
    raw = start.data.get(rule.date_field)
    if not raw:
        return None
    target = date.fromisoformat(raw)
    due = cal.days_before(target, rule.before_days, kind) if rule.before_days else target
    lines = [f"起算：{_label(start)}"]
    if rule.before_days:
        lines.append(f"开庭日期 {target.isoformat()}，应在开庭 {rule.before_days} 个{kind.label}前送达"
                     + ("（该日类型可在设置中调整）" if rule.kind_unsure else ""))
    lines.append(f"期限：{due.isoformat()}")
    met = next((e for e in events[idx[-1] + 1:] if any(m(e) for m in rule.stops)), None)
    if met is None and closing is not None and closing.on >= start.on:
        met = closing
    if met is None and any(m(e) for e in events[idx[-1] + 1:] for m in rule.voids):
        return None
    if met is not None:
        if _published(met):  # the notice must be deemed served before the hearing, not merely published
            lines.append(_public_notice_line(met))
        lines.append(f"已完成：{_label(met)}" + ("（逾期完成）" if effective_on(met) > due else ""))
        return Deadline(rule.key, rule.label, Owner.OFFICE, State.MET, due, _label(start), rule.source,
                        tuple(lines), True, effective_on(met))
    return Deadline(rule.key, rule.label, Owner.OFFICE, _state(due, today, Owner.OFFICE), due, _label(start),
                    rule.source, tuple(lines))


def award_parts(facts: CaseClockFacts) -> tuple[bool, bool]:
    """Whether the case's award has a final part and a non-final part: the issued papers say it
    (SPC-I Art 18), else the 作出裁决 event (finality.recorded_types)."""
    if facts.award_types:
        return True in facts.award_types, bool(facts.award_types - {True})
    made = next((e for e in reversed(facts.events) if e.kind is EventKind.AWARDED), None)
    types = recorded_types(made.data) if made is not None else frozenset({False})
    return True in types, False in types


def _whom(facts: CaseClockFacts, whom: str) -> list[ClockParty]:
    if whom == "respondents":
        return [p for p in facts.parties if p.role == "respondent"]
    if whom == "employers":
        return [p for p in facts.parties if p.employer]
    if whom == "may_sue":  # LDMAF 48: a wholly final award may be sued by the worker only
        _, non_final = award_parts(facts)
        return [p for p in facts.parties if non_final or not p.employer]
    return list(facts.parties)


def _served(ev: Ev, document: str) -> bool:
    return ev.kind is EventKind.SERVED and ev.data.get("document") == document


# steps one party takes after the award (裁审衔接), its id (hex) in data["party"]: they meet that
# party's own periods only (LDMAF 48-50)
PARTY_ACTS: frozenset[EventKind] = frozenset({EventKind.SUED, EventKind.SET_ASIDE_APPLIED,
                                              EventKind.ENFORCEMENT_APPLIED})


def _party_view(events: tuple[Ev, ...], document: str, party: str) -> tuple[Ev, ...]:
    """The timeline as one party's clock reads it: each service of ``document`` dated on that
    party's receipt, a service of it on others left out, and so is a step another party took."""
    out: list[Ev] = []
    for e in events:
        if e.kind in PARTY_ACTS and str(e.data.get("party") or "") != party:
            continue
        if _served(e, document):
            mine = [r for r in rc.event_receipts(e) if r.party in (party, rc.EVERYONE)]
            if not mine:
                continue
            e = Ev(e.kind, min(mine, key=lambda r: r.effective).on, e.data)
        out.append(e)
    return tuple(sorted(out, key=lambda e: e.on))  # stable: same-day events keep their order


def _for_party(d: Deadline | None, party: ClockParty, line: str, source: str) -> Deadline | None:
    if d is None:
        return None
    return replace(d, label=f"{d.label}（{party.name}）", party=party.key, party_name=party.name,
                   source=source or d.source, lines=(line, *d.lines))


def _receipt_line(found: Mapping[str, rc.Receipt], document: str, party: ClockParty) -> str:
    r = rc.receipt_of(found, party.key)
    return rc.receipt_line(r, document) if r is not None else f"尚未向{party.name}送达"


def _all_respondents_view(facts: CaseClockFacts, document: str) -> tuple[tuple[Ev, ...], list[str]]:
    """The timeline for a duty met when every respondent has received ``document``: its services
    replaced by one on the day the last respondent received it (none while one is still unserved)."""
    respondents = _whom(facts, "respondents")
    found = rc.first_receipts(facts.events, document)  # facts read by as_received (compute)
    got = {p.key: r for p in respondents if (r := rc.receipt_of(found, p.key)) is not None}
    lines = [rc.receipt_line(got[p.key], document) for p in respondents if p.key in got]
    events = [e for e in facts.events if not _served(e, document)]
    if missing := [p.name for p in respondents if p.key not in got]:
        lines.append("尚未送达：" + "、".join(missing))
    else:
        last = max(got.values(), key=lambda r: r.on)
        events.append(Ev(EventKind.SERVED, last.on, {"document": document,
                                                     "method": "public" if last.public else "direct"}))
    return tuple(sorted(events, key=lambda e: e.on)), list(dict.fromkeys(lines))


def compute(facts: CaseClockFacts, cal: WorkCalendar, today: date,
            kinds: Mapping[str, DayKind] | None = None, days: Mapping[str, int] | None = None) -> list[Deadline]:
    """All clocks of the case, in the order of the rules; a clock counted from a party's receipt
    once per party (PER_PARTY) when the case's parties are known."""
    chosen = {**default_kinds(), **(kinds or {})}
    # each 送达 as who received what once the paper existed (an old free-text recipient matched to
    # the parties; a receipt before the award, schedule or acceptance starts nothing)
    facts = replace(facts, events=tuple(rc.as_received(facts.events, [(p.key, p.name, p.role) for p in facts.parties])))
    closing = _closing(facts.events)
    receipts_of: dict[str, dict[str, rc.Receipt]] = {}

    def found(document: str) -> dict[str, rc.Receipt]:  # each party's receipt of a paper, worked out once
        if document not in receipts_of:
            receipts_of[document] = rc.first_receipts(facts.events, document)
        return receipts_of[document]

    out: list[Deadline] = []
    for rule in CLOCKS:
        if facts.procedure not in rule.procedures:
            continue
        if rule.flag and not getattr(facts, rule.flag):
            continue
        set_days = (days or {}).get(rule.key)
        if facts.parties and (spec := PER_PARTY.get(rule.key)) is not None:
            for p in _whom(facts, spec.whom):
                view = replace(facts, events=_party_view(facts.events, spec.document, p.key))
                d = _clock(rule, view, cal, chosen[rule.key], today, closing, set_days)
                line = _receipt_line(found(spec.document), spec.document, p)
                if (d := _for_party(d, p, line, spec.source)) is not None:
                    out.append(d)
            continue
        if (facts.parties and (document := ALL_RESPONDENTS.get(rule.key)) is not None
                and _whom(facts, "respondents")):
            events, lines = _all_respondents_view(facts, document)
            d = _clock(rule, replace(facts, events=events), cal, chosen[rule.key], today, closing, set_days)
            if d is not None:
                out.append(replace(d, lines=(*lines, *d.lines)))
            continue
        if (d := _clock(rule, facts, cal, chosen[rule.key], today, closing, set_days)) is not None:
            out.append(d)
    for rule in DATE_RULES:
        if facts.procedure not in rule.procedures:
            continue
        if facts.parties and (spec := PER_PARTY.get(rule.key)) is not None:
            starts = [i for i, e in enumerate(facts.events) if rule.start(e)]
            since = facts.events[starts[-1]:] if starts else ()  # the notice of the latest schedule
            since_found = rc.first_receipts(since, spec.document)
            for p in _whom(facts, spec.whom):
                view = replace(facts, events=_party_view(facts.events, spec.document, p.key))
                d = _dated(rule, view, cal, chosen[rule.key], today, closing)
                if (d := _for_party(d, p, _receipt_line(since_found, spec.document, p), spec.source)) is not None:
                    out.append(d)
            continue
        if (d := _dated(rule, facts, cal, chosen[rule.key], today, closing)) is not None:
            out.append(d)
    return out


def next_due(deadlines: Iterable[Deadline]) -> date | None:
    """The nearest last day among the office's open clocks: what the case list sorts by."""
    dues = [d.due for d in deadlines if d.open and d.owner is Owner.OFFICE and d.due is not None]
    return min(dues) if dues else None


def clock_effects(kind: EventKind, procedure: Procedure | None = None, green_channel: bool = True) -> list[str]:
    """What an event does to the clocks of a case of ``procedure``, in words (shown beside an action)."""
    out = []
    for rule in CLOCKS:
        if (procedure is not None and procedure not in rule.procedures) or (rule.flag and not green_channel):
            continue
        if any(m.kind is kind for m in rule.starts):
            out.append(f"开始计算{rule.label}")
        if any(m.kind is kind for m in rule.restarts):
            out.append(f"{rule.label}重新计算")
        if any(m.kind is kind for m in rule.stops):
            out.append(f"{rule.label}完成")
        if rule.pauses and kind is EventKind.SUSPENDED:
            out.append(f"{rule.label}暂停计算")
        if rule.pauses and kind is EventKind.RESUMED:
            out.append(f"{rule.label}恢复计算")
    if kind is EventKind.EXTENDED:
        out.append("延长所选期限")
    for rule in DATE_RULES:
        if procedure is not None and procedure not in rule.procedures:
            continue
        if rule.start.kind is kind:
            out.append(f"设定{rule.label}")
        if any(m.kind is kind for m in rule.stops):
            out.append(f"{rule.label}完成")
        if any(m.kind is kind for m in rule.voids):
            out.append(f"尚未送达开庭通知的，{rule.label}不再计算")
    return list(dict.fromkeys(out))
