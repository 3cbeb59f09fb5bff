"""The limitation period for applying to arbitration (仲裁时效, LDMAF Art 27), as a warning only.

One year from the day the party knew or should have known that its rights were infringed. A claim
for labour remuneration (劳动报酬) is not limited while the employment lasts; once it has ended,
one year from its end. An interruption (中断: a demand on the other party, a request to an
authority, the other party's promise to perform) starts the year again from that day; a
suspension (中止: force majeure or another justified reason) stops it until its cause ends.

The year ends on the corresponding day of the next year, or the month's last day when there is
none (民法典 Art 202); a last day that is a rest day moves to the next working day (Art 203).
Whether the period has run is for the commission to decide (it is a defence, not an acceptance
condition: legal-rules.md §4.1), so the program warns and explains, never refuses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ..models.enums import ClaimType
from .calendar import DayInfo, WorkCalendar

SOURCE = "劳动争议调解仲裁法第二十七条；民法典第二百零一条至第二百零三条"


@dataclass(frozen=True)
class LimitationRules:
    """The two ⚠ facts of legal-rules.md behind the count, as the office's settings with defaults."""

    # claims for labour remuneration (LDMAF 27 para 4); double wages and leave pay count as other
    # claims by default: localities differ (legal-rules.md §11 ⚠)
    remuneration: frozenset[ClaimType] = frozenset({ClaimType.WAGES, ClaimType.OVERTIME})
    # 民法典 Art 203 applied to 仲裁时效: standard practice, not stated in LDMAF (§4.1 ⚠)
    move_off_rest_days: bool = True


class Verdict(StrEnum):
    WITHIN = "within"
    LAPSED = "lapsed"
    NOT_LIMITED = "not_limited"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {"within": "未超过时效", "lapsed": "可能已超过时效", "not_limited": "不受时效限制",
                "unknown": "待填写起算日"}[self.value]


@dataclass(frozen=True)
class Interruption:
    """时效中断: the year starts again from ``on``."""

    on: date
    reason: str


@dataclass(frozen=True)
class Suspension:
    """时效中止: the days from ``start`` until the cause ended on ``end`` are not counted."""

    start: date
    end: date
    reason: str


@dataclass(frozen=True)
class LimitationFacts:
    applied_on: date  # the application to arbitration (or mediation) this case began with
    known_on: date | None = None  # 知道或者应当知道其权利被侵害之日
    employment_ended_on: date | None = None  # 劳动关系终止之日
    remuneration: bool = False  # the case claims labour remuneration
    other_claims: bool = True  # the case claims anything else (or nothing is itemised yet)
    interruptions: tuple[Interruption, ...] = ()
    suspensions: tuple[Suspension, ...] = ()
    mediation: bool = False  # a mediation application: arbitration may follow, counted anew


@dataclass(frozen=True)
class Limitation:
    key: str  # "limitation" | "limitation_pay"
    label: str
    verdict: Verdict
    last_day: date | None
    start: str  # what the year runs from, e.g. "劳动关系终止 2024-06-30"
    lines: tuple[str, ...]
    confirmed: bool = True
    days_over: int = 0  # LAPSED: how many days after the last day the application came


def one_year_after(day: date) -> date:
    """The corresponding day a year later; 2-29 has none, so the month's last day (民法典 202)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return date(day.year + 1, 2, 28)


def _year_end(start: date, extra: int, cal: WorkCalendar, rules: LimitationRules
              ) -> tuple[date, tuple[DayInfo, ...], tuple[date, ...]]:
    """(last day, rest days moved over, days without a known schedule) of the year from ``start``."""
    nominal = one_year_after(start) + timedelta(days=extra)
    return cal.roll_forward(nominal) if rules.move_off_rest_days else (nominal, (), ())


def _last_day(start: date, extra: int, cal: WorkCalendar, rules: LimitationRules, lines: list[str]
              ) -> tuple[date, bool]:
    nominal = one_year_after(start) + timedelta(days=extra)
    lines.append(f"一年期间的届满日为 {nominal.isoformat()}" + (f"（含中止不计入的 {extra} 日）" if extra else ""))
    day, moved, unconfirmed = _year_end(start, extra, cal, rules)
    if moved:
        names = "、".join(sorted({d.name for d in moved if d.name}))
        lines.append(f"该日为休息日（{names}），顺延至 {day.isoformat()}（民法典第二百零三条）")
    if unconfirmed:
        lines.append("注意：届满日附近尚无国务院放假安排数据，仅按周末计算，结果未经确认")
    return day, not unconfirmed


def _run(key: str, label: str, start: date, start_label: str, facts: LimitationFacts,
         cal: WorkCalendar, rules: LimitationRules) -> Limitation:
    lines = [f"起算：{start_label} {start.isoformat()}（当日不计入）"]
    current, extra = start, 0
    happenings: list[Interruption | Suspension] = [*facts.interruptions, *facts.suspensions]
    happenings.sort(key=lambda h: h.on if isinstance(h, Interruption) else h.start)
    for h in happenings:
        when = h.on if isinstance(h, Interruption) else h.start
        if when > facts.applied_on:
            continue  # after the application: no longer matters for it
        running_to = _year_end(current, extra, cal, rules)[0]
        if when < current:
            lines.append(f"{when.isoformat()} {h.reason}：早于起算日，不影响时效")
        elif when > running_to:
            lines.append(f"{when.isoformat()} {h.reason}：时效已于 {running_to.isoformat()} 届满，不再中断或中止")
        elif isinstance(h, Interruption):
            current, extra = h.on, 0
            lines.append(f"{h.on.isoformat()} {h.reason}：时效中断，自该日起重新计算一年")
        else:
            days = (min(h.end, facts.applied_on) - h.start).days
            extra += days
            lines.append(f"{h.start.isoformat()} 至 {h.end.isoformat()} {h.reason}：时效中止，不计入 {days} 日")
    last, confirmed = _last_day(current, extra, cal, rules, lines)
    over = (facts.applied_on - last).days
    if over > 0:
        verdict = Verdict.LAPSED
        lines.append(f"申请日 {facts.applied_on.isoformat()} 已超过届满日 {over} 日。"
                     "仅为提示：时效是否届满由仲裁委员会审查认定")
    else:
        verdict = Verdict.WITHIN
        lines.append(f"申请日 {facts.applied_on.isoformat()} 在时效期间内")
    if facts.mediation:
        again = _year_end(facts.applied_on, 0, cal, rules)[0]
        lines.append(f"申请调解中断时效：调解不成申请仲裁的，自申请调解之日 {facts.applied_on.isoformat()} "
                     f"重新计算，至 {again.isoformat()} 届满")
    return Limitation(key, label, verdict, last, f"{start_label} {start.isoformat()}", tuple(lines), confirmed,
                      max(over, 0))


def assess(facts: LimitationFacts, cal: WorkCalendar, rules: LimitationRules = LimitationRules()
           ) -> list[Limitation]:
    """The limitation warnings of a case: one for labour remuneration, one for its other claims."""
    both = facts.remuneration and facts.other_claims
    out: list[Limitation] = []
    if facts.remuneration:
        key, label = "limitation_pay", "仲裁时效（劳动报酬）" if both else "仲裁时效"
        if facts.employment_ended_on is None:
            out.append(Limitation(key, label, Verdict.NOT_LIMITED, None, "劳动关系存续", (
                "劳动关系存续期间因拖欠劳动报酬发生争议的，劳动者申请仲裁不受仲裁时效期间的限制",
                "劳动关系已经终止的，应当自终止之日起一年内提出：请在“仲裁时效”中填写劳动关系终止之日",
            )))
        else:
            out.append(_run(key, label, facts.employment_ended_on, "劳动关系终止", facts, cal, rules))
    if facts.other_claims:
        key, label = "limitation", "仲裁时效（其他请求）" if both else "仲裁时效"
        if facts.known_on is None:
            out.append(Limitation(key, label, Verdict.UNKNOWN, None, "未填写", (
                "仲裁时效期间为一年，从当事人知道或者应当知道其权利被侵害之日起计算",
                "请在“仲裁时效”中填写该日期，以及中断、中止的事由（如有）",
            )))
        else:
            out.append(_run(key, label, facts.known_on, "知道权利被侵害", facts, cal, rules))
    return out


def encode(interruptions: tuple[Interruption, ...], suspensions: tuple[Suspension, ...]) -> str | None:
    """The stored form of a case's interruptions and suspensions (dispute_case.limitation_events)."""
    if not interruptions and not suspensions:
        return None
    return json.dumps({
        "interruptions": [{"on": i.on.isoformat(), "reason": i.reason} for i in interruptions],
        "suspensions": [{"start": s.start.isoformat(), "end": s.end.isoformat(), "reason": s.reason}
                        for s in suspensions],
    }, ensure_ascii=False)


def decode(text: str | None) -> tuple[tuple[Interruption, ...], tuple[Suspension, ...]]:
    if not text:
        return (), ()
    raw = json.loads(text)
    return (
        tuple(Interruption(date.fromisoformat(i["on"]), i["reason"]) for i in raw.get("interruptions", ())),
        tuple(Suspension(date.fromisoformat(s["start"]), date.fromisoformat(s["end"]), s["reason"])
              for s in raw.get("suspensions", ())),
    )
