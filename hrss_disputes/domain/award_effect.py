"""The award's life after it is made (裁审衔接): when it takes legal effect, who went to court,
and what the court did — worked out from the case's timeline.

The law (legal-rules.md §4.8–4.9, §4.6):

- A final award (终局裁决) is effective **on the day it is made** (LDMAF 47: 自作出之日起发生法律
  效力), not on service. The worker may still sue within 15 days of *their* receipt (LDMAF 48);
  the employer may only apply to the intermediate court to set it aside, within 30 days of
  *its* receipt (LDMAF 49); a worker's suit makes the court reject that application (SPC-I 21),
  and the ruling that sets an award aside lets either party sue within 15 days (LDMAF 49).
- A non-final award (非终局裁决) takes effect only when every party's 15 days (from that party's
  own receipt) have passed with no suit (LDMAF 50: 期满不起诉的，裁决书发生法律效力); from the day
  after the last of those periods ends. A suit in time keeps it from taking effect: the court
  tries the dispute. An award with final and non-final parts in separate documents (Rules2017
  50): the final part as above, the rest as non-final.
- An arbitral mediation statement (仲裁调解书) takes effect when **both parties have signed for
  it** (LDMAF 42: 调解书经双方当事人签收后，发生法律效力); a public notice is no signature.
- An effective award or statement not performed may be enforced by a court on application
  (LDMAF 51); while a set-aside application is pending, enforcement is suspended (SPC-I 25).

A suit or a set-aside application filed after the party's period ended is recorded with a
warning line: whether it is accepted is for the court. Periods are calendar days counted from the
day after receipt, a last day on a rest day moving to the next working day (CPL 2023 Art 85).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from ..models.enums import EventKind
from .calendar import DayKind, WorkCalendar
from .finality import recorded_types
from .receipts import EVERYONE, EventLike, PartyRef, Receipt, receipt_of, receipts

SUE_DAYS = 15  # LDMAF 48, 50
SET_ASIDE_DAYS = 30  # LDMAF 49

LDMAF = "劳动争议调解仲裁法"
SPC_I = "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）"

# the court's outcome of a suit (法院裁判结果): key, label, whether it changed the award
COURT_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("upheld", "维持（判决结果与裁决一致）"), ("amended", "改判"), ("annulled", "撤销（判决不予支持裁决）"),
    ("mediated", "法院调解结案"), ("withdrawn", "撤诉"), ("dismissed", "驳回起诉"),
)
CHANGED_AWARD = frozenset({"amended", "annulled"})  # 改判 / 撤销: the court changed the award
ENDED_WITHOUT_JUDGMENT = frozenset({"withdrawn", "dismissed"})
SET_ASIDE_OUTCOMES: tuple[tuple[str, str], ...] = (("set_aside", "裁定撤销裁决"), ("rejected", "裁定驳回申请"))


class Effect(StrEnum):
    NONE = "none"  # no award or statement yet
    PENDING = "pending"  # 未生效: waiting for receipts or periods
    EFFECTIVE = "effective"  # 已生效
    CONTESTED = "contested"  # a final award the worker took to court (LDMAF 48)
    SUED = "sued"  # 因起诉不生效 (LDMAF 50)
    SET_ASIDE = "set_aside"  # 终局裁决已被撤销 (LDMAF 49)

    @property
    def label(self) -> str:
        return EFFECT_LABELS[self]


EFFECT_LABELS = {Effect.NONE: "尚无裁决或调解书", Effect.PENDING: "未生效", Effect.EFFECTIVE: "已生效",
                 Effect.CONTESTED: "已生效（劳动者已起诉）", Effect.SUED: "因起诉不生效",
                 Effect.SET_ASIDE: "终局裁决已被撤销"}


@dataclass(frozen=True)
class AwardParty:
    """A party the award binds: applicant, respondent or third party (not agents)."""

    party: str  # party id hex
    name: str
    employer: bool  # 用人单位 (set-aside is the employer's remedy, LDMAF 49)


@dataclass(frozen=True)
class PartyPeriod:
    """One party's period after receiving the paper: 起诉期限 or 申请撤销期限."""

    party: str
    name: str
    what: str  # 起诉期限 / 申请撤销期限 / 签收
    received: date | None
    public: bool
    ends: date | None  # last day; None: not yet received (or a statement: nothing to count)

    def text(self, today: date) -> str:
        if self.received is None:
            return f"{self.name}：尚未送达"
        got = f"{self.received.isoformat()} {'公告送达' if self.public else '收到'}"
        if self.ends is None:
            return f"{self.name}：{got}"
        left = "已届满" if self.ends < today else "期限内"
        return f"{self.name}：{got}，{self.what}至 {self.ends.isoformat()}（{left}）"


@dataclass(frozen=True)
class CourtStep:
    """A suit, a set-aside application or an enforcement application, with its outcome."""

    kind: str  # sued / set_aside / enforcement
    party: str
    name: str
    on: date
    court: str
    number: str  # court case number
    late: bool = False  # filed after the party's period ended
    outcome: str | None = None  # key of COURT_OUTCOMES / SET_ASIDE_OUTCOMES
    outcome_on: date | None = None

    @property
    def outcome_label(self) -> str:
        return dict((*COURT_OUTCOMES, *SET_ASIDE_OUTCOMES)).get(self.outcome or "", "")

    def text(self) -> str:
        verb = {"sued": "起诉", "set_aside": "申请撤销裁决", "enforcement": "申请强制执行"}[self.kind]
        s = f"{self.name} 于 {self.on.isoformat()} 向{self.court}{verb}，案号 {self.number}"
        if self.outcome:
            s += f"；{self.outcome_on.isoformat() if self.outcome_on else ''} {self.outcome_label}"
        return s


@dataclass(frozen=True)
class AwardFacts:
    """What the computation needs besides the events: the parties and the award's type(s)."""

    parties: tuple[AwardParty, ...]
    # the types of the award documents in force (True 终局, False 非终局, None undetermined); empty:
    # the 作出裁决 event's own ``final`` flag
    award_types: frozenset[bool | None] = frozenset()


@dataclass(frozen=True)
class AwardEffect:
    document: str | None  # "award" | "mediation_statement" | None
    state: Effect
    effective_on: date | None
    decided_on: date | None  # the day the award or statement was made
    final: bool  # the award is wholly final
    final_part: bool  # the award has a final part (set-aside possible)
    lines: tuple[str, ...]  # why, in the words of the law
    periods: tuple[PartyPeriod, ...] = ()
    suits: tuple[CourtStep, ...] = ()
    set_asides: tuple[CourtStep, ...] = ()
    enforcements: tuple[CourtStep, ...] = ()
    # a split award's final part (Rules2017 50): the day it took effect (LDMAF 47) while it stands —
    # not set aside, no suit in time making the whole award non-final (SPC-I Art 20)
    final_part_on: date | None = None

    @property
    def headline(self) -> str:
        if self.effective_on is not None and self.state in (Effect.EFFECTIVE, Effect.CONTESTED):
            return f"{self.state.label}（{self.effective_on.isoformat()} 起）"
        return self.state.label


def _kind(ev: EventLike) -> str:
    return str(getattr(ev.kind, "value", ev.kind))


def _steps(events: Sequence[EventLike], start: int) -> tuple[list[CourtStep], list[CourtStep], list[CourtStep]]:
    suits: list[CourtStep] = []
    set_asides: list[CourtStep] = []
    enforcements: list[CourtStep] = []
    for ev in events[start:]:
        k, d = _kind(ev), ev.data
        if k in (EventKind.SUED.value, EventKind.SET_ASIDE_APPLIED.value, EventKind.ENFORCEMENT_APPLIED.value):
            kind = {EventKind.SUED.value: "sued", EventKind.SET_ASIDE_APPLIED.value: "set_aside"}.get(k, "enforcement")
            step = CourtStep(kind, str(d.get("party") or ""), str(d.get("party_name") or ""), ev.on,
                             str(d.get("court") or ""), str(d.get("court_case_number") or ""), bool(d.get("late")))
            {"sued": suits, "set_aside": set_asides, "enforcement": enforcements}[kind].append(step)
        elif k in (EventKind.COURT_RULED.value, EventKind.SET_ASIDE_RULED.value):
            found = suits if k == EventKind.COURT_RULED.value else set_asides
            for i, s in enumerate(found):
                if s.number == d.get("court_case_number"):
                    found[i] = CourtStep(s.kind, s.party, s.name, s.on, s.court, s.number, s.late,
                                         str(d.get("outcome") or ""), ev.on)
    return suits, set_asides, enforcements


def _decision(events: Sequence[EventLike]) -> int | None:
    """The index of the last 作出裁决 or 制作仲裁调解书."""
    found = None
    for i, ev in enumerate(events):
        if _kind(ev) in (EventKind.AWARDED.value, EventKind.MEDIATION_STATEMENT.value):
            found = i
    return found


def _parties(facts: AwardFacts) -> tuple[AwardParty, ...]:
    return facts.parties or (AwardParty(EVERYONE, "各方当事人", False),)


def _refs(facts: AwardFacts) -> list[PartyRef]:
    """The parties an old free-text recipient is matched to (receipts.match_recipients)."""
    return [(p.party, p.name, "") for p in facts.parties]


def _period(r: Receipt | None, days: int, cal: WorkCalendar) -> date | None:
    return None if r is None else cal.period_end(r.effective, days, DayKind.CALENDAR).end


def award_effect(events: Iterable[EventLike], facts: AwardFacts, cal: WorkCalendar, today: date) -> AwardEffect:
    """The award's (or mediation statement's) legal effect as of ``today``, with the lines
    explaining it. ``events`` in timeline order."""
    events = list(events)
    i = _decision(events)
    if i is None:
        return AwardEffect(None, Effect.NONE, None, None, False, False, ("尚未作出裁决或制作仲裁调解书",))
    made = events[i]
    suits, set_asides, enforcements = _steps(events, i + 1)
    after = events[i:]
    if _kind(made) == EventKind.MEDIATION_STATEMENT.value:
        return _statement(made.on, after, facts, enforcements)
    types = facts.award_types or recorded_types(made.data)
    final = types == frozenset({True})
    final_part = True in types
    return _award(made.on, after, facts, cal, today, final, final_part, suits, set_asides, enforcements)


def _statement(made_on: date, after: list[EventLike], facts: AwardFacts,
               enforcements: list[CourtStep]) -> AwardEffect:
    found = receipts(after, "mediation_statement", _refs(facts))
    periods, waiting, last = [], [], None
    for p in _parties(facts):
        r = receipt_of(found, p.party)
        signed = r is not None and not r.public
        periods.append(PartyPeriod(p.party, p.name, "签收", r.on if r else None, bool(r and r.public), None))
        if not signed:
            waiting.append(p.name + ("（公告送达不是签收）" if r is not None else ""))
        elif last is None or r.on > last:
            last = r.on
    basis = f"调解书经双方当事人签收后，发生法律效力（{LDMAF}第四十二条）"
    lines = [basis]
    if waiting:
        lines.append("尚待签收：" + "、".join(waiting))
        state, on = Effect.PENDING, None
    else:
        lines.append(f"各方当事人均已签收，最后签收日 {last.isoformat()}，调解书自该日起发生法律效力")
        state, on = Effect.EFFECTIVE, last
    lines += [f"{e.text()}（{LDMAF}第五十一条）" for e in enforcements]
    return AwardEffect("mediation_statement", state, on, made_on, False, False, tuple(lines), tuple(periods),
                       (), (), tuple(enforcements))


def _award(made_on: date, after: list[EventLike], facts: AwardFacts, cal: WorkCalendar, today: date,
           final: bool, final_part: bool, suits: list[CourtStep], set_asides: list[CourtStep],
           enforcements: list[CourtStep]) -> AwardEffect:
    found = receipts(after, "award", _refs(facts))
    parties = _parties(facts)
    periods: list[PartyPeriod] = []
    sue_end: dict[str, date | None] = {}
    for p in parties:
        r = receipt_of(found, p.party)
        if final and p.employer:  # the employer's remedy against a final award: set-aside
            ends, what = _period(r, SET_ASIDE_DAYS, cal), "申请撤销期限"
        else:
            ends, what = _period(r, SUE_DAYS, cal), "起诉期限"
        sue_end[p.party] = _period(r, SUE_DAYS, cal)
        periods.append(PartyPeriod(p.party, p.name, what, r.on if r else None, bool(r and r.public), ends))
    # late or not by the receipts as they stand now (a service may be recorded after the suit)
    aside_end = {p.party: _period(receipt_of(found, p.party), SET_ASIDE_DAYS, cal) for p in parties}
    suits = [replace(s, late=s.late if sue_end.get(s.party) is None else s.on > sue_end[s.party]) for s in suits]
    set_asides = [replace(a, late=a.late if aside_end.get(a.party) is None else a.on > aside_end[a.party])
                  for a in set_asides]
    timely = [s for s in suits if not s.late]
    lines: list[str] = []
    for s in suits:
        if s.late:
            lines.append(f"注意：{s.name} 于 {s.on.isoformat()} 起诉时其起诉期限已届满，是否受理由人民法院决定")
    ruled_aside = next((a for a in set_asides if a.outcome == "set_aside"), None)
    part_on = None  # a split award's final part in effect
    if final_part and not final and timely:
        lines.append(f"当事人对同时包含终局裁决事项和非终局裁决事项的裁决起诉的，按非终局裁决处理（{SPC_I}第二十条）："
                     "终局部分亦未生效")
    elif final_part:
        part_on = None if final or ruled_aside is not None else made_on
        lines.append(f"终局裁决{'' if final else '部分'}自作出之日（{made_on.isoformat()}）起发生法律效力"
                     f"（{LDMAF}第四十七条）")
    if final:
        state, on = Effect.EFFECTIVE, made_on
        worker_suits = [s for s in timely if not _employer(s.party, parties)]
        for s in timely:
            if _employer(s.party, parties):
                lines.append(f"注意：{s.name} 为用人单位，对终局裁决应依第四十九条申请撤销，起诉是否受理由人民法院决定")
        if worker_suits:
            state = Effect.CONTESTED
            lines += [f"{s.text()}（{LDMAF}第四十八条），争议由人民法院审理，以法院裁判为准" for s in worker_suits]
            if set_asides:
                lines.append(f"劳动者已起诉的，中级人民法院应当裁定驳回用人单位的撤销申请（{SPC_I}第二十一条）")
            if all(s.outcome in ENDED_WITHOUT_JUDGMENT for s in worker_suits):
                state = Effect.EFFECTIVE
        if ruled_aside is not None:
            state, on = Effect.SET_ASIDE, None
            lines.append(f"{ruled_aside.text()}：终局裁决已被撤销；当事人可以自收到裁定书之日起十五日内就该劳动争议事项"
                         f"向人民法院提起诉讼（{LDMAF}第四十九条）")
    else:
        if final_part:
            lines.append(f"非终局部分：各方当事人收到裁决书之日起十五日内均未起诉的，期满发生法律效力（{LDMAF}第五十条）")
        state, on = _non_final(parties, sue_end, timely, today, lines)
        if final_part and ruled_aside is not None:
            lines.append(f"{ruled_aside.text()}：终局部分已被撤销（{LDMAF}第四十九条）")
    for a in set_asides:
        if a is ruled_aside:
            continue
        late = "（申请时撤销期限已届满，是否受理由人民法院决定）" if a.late else ""
        if a.outcome:
            lines.append(f"{a.text()}{late}")
        else:
            lines.append(f"{a.text()}，审查中{late}；撤销申请审查期间，执行应当中止（{SPC_I}第二十五条）")
    lines += [f"{e.text()}（{LDMAF}第五十一条）" for e in enforcements]
    return AwardEffect("award", state, on, made_on, final, final_part, tuple(lines), tuple(periods),
                       tuple(suits), tuple(set_asides), tuple(enforcements), part_on)


_PAID = re.compile(r"人民币([\d,]+(?:\.\d+)?)元")


def paper_disagreement(items: Sequence[str], recorded_amount: str | None) -> str | None:
    """A warning when the award papers in force order paid (their 裁决项, summed) another amount
    than the 作出裁决 entry records: the older program issued awards before the tribunal's
    decisions were kept and printed 驳回 for every claim; None when they agree."""
    printed = sum((Decimal(m.replace(",", "")) for line in items for m in _PAID.findall(line)), Decimal(0))
    try:
        recorded = Decimal(str(recorded_amount or 0))
    except ArithmeticError:
        return None
    if printed == recorded:
        return None
    said = (f"裁决支付合计人民币{printed:,.2f}元" if printed else "未裁决支付任何款项（各项请求均为驳回或仅确认事项）")
    return (f"注意：已签发的仲裁裁决书{said}，与“作出裁决”登记的裁决金额人民币{recorded:,.2f}元不一致，请核对："
            "裁决书中的文字、计算错误或者遗漏的事项，应当以补正更正并送达当事人")


def _employer(party: str, parties: Sequence[AwardParty]) -> bool:
    return any(p.party == party and p.employer for p in parties)


def _non_final(parties: Sequence[AwardParty], sue_end: dict[str, date | None], timely: list[CourtStep],
               today: date, lines: list[str]) -> tuple[Effect, date | None]:
    if timely:
        for s in timely:
            outcome = f"；{s.outcome_label}" if s.outcome else "，人民法院审理中"
            lines.append(f"因起诉不生效：{s.name} 于 {s.on.isoformat()} 向{s.court}起诉，案号 {s.number}"
                         f"{outcome}（{LDMAF}第五十条）")
        if any(s.outcome in ENDED_WITHOUT_JUDGMENT for s in timely):
            lines.append("起诉已撤回或被驳回的，裁决是否及何时生效以人民法院的裁定为准")
        return Effect.SUED, None
    waiting = [f"{p.name} 尚未收到裁决书" if sue_end[p.party] is None
               else f"{p.name} 起诉期限至 {sue_end[p.party].isoformat()}"
               for p in parties if sue_end[p.party] is None or sue_end[p.party] >= today]
    if waiting:
        lines.append("未生效，等待：" + "；".join(waiting) + f"（{LDMAF}第五十条）")
        return Effect.PENDING, None
    last = max(d for d in sue_end.values() if d is not None)
    on = last + timedelta(days=1)
    lines.append(f"各方当事人收到裁决书之日起十五日内均未起诉，最后一方的起诉期限于 {last.isoformat()} 届满，"
                 f"裁决书自 {on.isoformat()} 起发生法律效力（{LDMAF}第五十条）")
    return Effect.EFFECTIVE, on


# ---------------------------------------------------------------- guards for recording the steps

def party_of(facts: AwardFacts, party: str | None) -> AwardParty | None:
    return next((p for p in facts.parties if p.party == party), None)


def receipt_for(events: Iterable[EventLike], party: str, facts: AwardFacts | None = None) -> Receipt | None:
    """The party's first receipt of the award since it was made (or one recorded for everyone)."""
    events = list(events)
    i = _decision(events)
    if i is None or _kind(events[i]) != EventKind.AWARDED.value:
        return None
    return receipt_of(receipts(events[i:], "award", _refs(facts) if facts else ()), party)


def suit_check(events: Sequence[EventLike], facts: AwardFacts, cal: WorkCalendar, party: str | None,
               on: date) -> tuple[dict[str, str], list[str]]:
    """(errors, warnings) for recording that ``party`` sued on ``on`` (LDMAF 48, 50). A party sues
    from its receipt of the award on (the period runs from it); a suit after the period is recorded
    with a warning, the court decides."""
    who = party_of(facts, party)
    if who is None:
        return {"party": "请选择起诉的当事人（本案当事人之一）"}, []
    r = receipt_for(events, who.party, facts)
    if r is None:
        return {"party": f"尚未登记向{who.name}送达裁决书：起诉期限自收到裁决书之日起计算（{LDMAF}第四十八条、"
                         "第五十条），请先登记送达"}, []
    if on < r.on:
        return {"occurred_on": f"{who.name}于 {r.on.isoformat()} 收到裁决书，起诉日期不能早于收到之日"}, []
    warnings = []
    ends = cal.period_end(r.effective, SUE_DAYS, DayKind.CALENDAR).end
    if on > ends:
        warnings.append(f"{who.name}的起诉期限已于 {ends.isoformat()} 届满，起诉已超过期限，是否受理由人民法院决定")
    types = facts.award_types or _recorded(events)
    if who.employer and types == frozenset({True}):
        warnings.append(f"终局裁决：用人单位不服的应向中级人民法院申请撤销（{LDMAF}第四十九条），起诉是否受理由人民法院决定")
    return {}, warnings


def set_aside_check(events: Sequence[EventLike], facts: AwardFacts, cal: WorkCalendar, party: str | None,
                    on: date) -> tuple[dict[str, str], list[str]]:
    """(errors, warnings) for recording an application to set a final award aside (LDMAF 49): only
    against an award with a final part, only by the employer, from its receipt on."""
    types = facts.award_types or _recorded(events)
    if True not in types:
        return {"party": f"本案裁决为非终局裁决，不能申请撤销；当事人不服的，可以起诉（{LDMAF}第五十条）"}, []
    who = party_of(facts, party)
    if who is None:
        return {"party": "请选择申请撤销的用人单位（本案当事人之一）"}, []
    if not who.employer:
        return {"party": f"{who.name}是劳动者，不能申请撤销终局裁决；劳动者不服的，可以向基层人民法院起诉"
                         f"（{LDMAF}第四十八条、第四十九条）"}, []
    r = receipt_for(events, who.party, facts)
    if r is None:
        return {"party": f"尚未登记向{who.name}送达裁决书：申请撤销期限自收到裁决书之日起计算，请先登记送达"}, []
    if on < r.on:
        return {"occurred_on": f"{who.name}于 {r.on.isoformat()} 收到裁决书，申请日期不能早于收到之日"}, []
    ends = cal.period_end(r.effective, SET_ASIDE_DAYS, DayKind.CALENDAR).end
    warnings = []
    if on > ends:
        warnings.append(f"{who.name}的申请撤销期限已于 {ends.isoformat()} 届满，是否受理由人民法院决定")
    return {}, warnings


def ruling_check(events: Sequence[EventLike], kind: str, number: str | None, on: date) -> dict[str, str]:
    """An outcome names a suit (or set-aside application) already recorded, and is not dated before it."""
    wanted = EventKind.SUED.value if kind == "court" else EventKind.SET_ASIDE_APPLIED.value
    what = "起诉" if kind == "court" else "撤销裁决申请"
    filed = [ev for ev in events if _kind(ev) == wanted]
    if not filed:
        return {"court_case_number": f"尚未登记{what}：须先登记{what}，再登记其结果"}
    match = next((ev for ev in filed if ev.data.get("court_case_number") == number), None)
    if match is None:
        return {"court_case_number": f"请选择已登记的{what}（法院案号）"}
    if on < match.on:
        return {"occurred_on": f"结果日期不能早于{what}日期 {match.on.isoformat()}"}
    return {}


def enforcement_check(events: Sequence[EventLike], facts: AwardFacts, cal: WorkCalendar, party: str | None,
                      on: date) -> tuple[dict[str, str], list[str]]:
    """An application for enforcement (LDMAF 51) rests on an award or statement effective on its date."""
    who = party_of(facts, party)
    if who is None:
        return {"party": "请选择申请执行的当事人（本案当事人之一）"}, []
    upto = [ev for ev in events if ev.on <= on]
    effect = award_effect(upto, facts, cal, on)
    warnings = []
    whole = effect.state is Effect.EFFECTIVE and effect.effective_on is not None and effect.effective_on <= on
    if not whole and effect.final_part_on is not None and effect.final_part_on <= on:
        why = next((x for x in reversed(effect.lines) if x.startswith("未生效")), effect.state.label)
        warnings.append(f"仅终局裁决部分自 {effect.final_part_on.isoformat()} 起已发生法律效力（{LDMAF}第四十七条），"
                        f"申请执行限于终局裁决书所载事项；非终局部分尚未发生法律效力（{why}）")
    elif not whole:
        paper = "调解书" if effect.document == "mediation_statement" else "裁决书"
        why = next((x for x in reversed(effect.lines) if x.startswith(("未生效", "尚待", "因起诉"))), effect.state.label)
        return {"occurred_on": f"{on.isoformat()} 时{paper}尚未发生法律效力（{why}），不能申请强制执行"
                               f"（{LDMAF}第五十一条）"}, []
    if whole and effect.final_part and not effect.final and any(a.outcome == "set_aside" for a in effect.set_asides):
        warnings.append(f"终局部分已被裁定撤销（{LDMAF}第四十九条），申请执行限于非终局裁决书所载事项")
    if any(a.outcome is None for a in effect.set_asides):
        warnings.append(f"用人单位的撤销申请尚在审查，人民法院应当裁定中止执行（{SPC_I}第二十五条）")
    return {}, warnings


def final_part(events: Sequence[EventLike], facts: AwardFacts) -> bool:
    """The award has a final part (the employer may apply to set it aside, LDMAF 49)."""
    return True in (facts.award_types or _recorded(events))


def _recorded(events: Sequence[EventLike]) -> frozenset[bool]:
    """The types the 作出裁决 event records; none when the case has no award."""
    i = _decision(events)
    if i is None or _kind(events[i]) != EventKind.AWARDED.value:
        return frozenset()
    return recorded_types(events[i].data)
