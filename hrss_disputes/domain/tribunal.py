"""The tribunal's people as rules (no database): who may sit on a case's tribunal, in which seat,
and the 回避 (recusal) grounds and outcomes (LDMAF 31, 33).

A tribunal is chosen from the institute's arbitrators' register (仲裁员名册) in seat order: the
sole arbitrator (独任仲裁员), or the presiding arbitrator (首席仲裁员) first and then two members.
The size rules are domain.workflows.tribunal_size_error's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..models.enums import Procedure, TribunalSeatKind

# LDMAF 33 ✅: the four grounds on which an arbitrator shall withdraw (a party may apply)
RECUSAL_GROUNDS = (
    ("1", "是本案当事人或者当事人、代理人的近亲属"),
    ("2", "与本案有利害关系"),
    ("3", "与本案当事人、代理人有其他关系，可能影响公正裁决"),
    ("4", "私自会见当事人、代理人，或者接受当事人、代理人的请客送礼"),
)
RECUSAL_BASIS = "劳动争议调解仲裁法第三十三条"
# what the article says (the grounds, the party's oral or written application, the commission's
# prompt decision told to the parties); the rest is this program's rule and is said as such
RECUSAL_REQUEST_HELP = (f"{RECUSAL_BASIS}：仲裁员有所列情形之一的应当回避，当事人有权以口头或者书面方式提出回避申请。"
                        "书记员的回避申请同样在此登记（本程序的做法）。登记后自动列入领导的“待审批”，由其作出回避决定")
RECUSAL_DECISION_HELP = (f"{RECUSAL_BASIS}：仲裁委员会对回避申请应当及时作出决定，并以口头或者书面方式通知当事人。"
                         "本程序的做法：决定回避的，被申请人员自决定之日起退出，接替人员自同日起担任同一席位；"
                         "案件中止期间也可作出回避决定")
GRANTED, REFUSED = "granted", "refused"
RECUSAL_OUTCOMES = ((GRANTED, "决定回避（更换）"), (REFUSED, "驳回回避申请"))


@dataclass(frozen=True)
class Candidate:
    """An entry of the register as the tribunal rules need it."""

    name: str
    active: bool
    own_institute: bool  # registered with the institute that holds the case


def seat_kinds(count: int) -> list[TribunalSeatKind]:
    """The seats of a tribunal of ``count`` arbitrators, in the order they are chosen."""
    if count == 1:
        return [TribunalSeatKind.SOLE]
    return [TribunalSeatKind.CHIEF] + [TribunalSeatKind.MEMBER] * (count - 1)


def tribunal_error(procedure: Procedure, picked: Sequence[str], register: Mapping[str, Candidate]) -> str | None:
    """Why these register entries (ids, seat order) cannot form the case's tribunal; None when they can.

    The size rules (LDMAF 31; Rules2017 56, 65), each arbitrator once, each an active arbitrator
    of the institute's own register."""
    from .workflows import tribunal_size_error

    if msg := tribunal_size_error(procedure, list(picked)):
        return msg
    seen: set[str] = set()
    for key in picked:
        who = register.get(key)
        if who is None:
            return "所选仲裁员不在本院仲裁员名册中，请从名册中选择"
        if key in seen:
            return f"{who.name}已被选择，同一仲裁员不能在仲裁庭中担任两个席位"
        seen.add(key)
        if not who.own_institute:
            return f"{who.name}不是本院仲裁员名册中的仲裁员，不能组成本案仲裁庭"
        if not who.active:
            return f"{who.name}在仲裁员名册中已停用，不能组成仲裁庭"
    return None


def sits_on(from_on: date, until_on: date | None, day: date) -> bool:
    """A seat is held on ``day`` from its first day up to (not including) the day it ended."""
    return from_on <= day and (until_on is None or until_on > day)


def tribunal_text(seats: Sequence[tuple[TribunalSeatKind | str, str]]) -> str:
    """The tribunal in words: "首席仲裁员 陈立新、仲裁员 王芳、仲裁员 黄国强" or "独任仲裁员 陈立新"."""
    return "、".join(f"{TribunalSeatKind(kind).label} {name}" for kind, name in seats)


def recusal_paper(asked: Mapping[str, object], asked_on: date, decided: Mapping[str, object],
                  decided_on: date) -> dict[str, str]:
    """The 回避决定书's two paragraphs (legal-rules.md §12.4: 决定书 … 回避), from the 申请回避 and
    回避决定 steps' data: who asked for whose withdrawal on which ground, and what was decided."""
    ground = dict(RECUSAL_GROUNDS).get(str(asked.get("ground", "")), "")
    reason = str(asked.get("reason") or "").strip()
    person = str(asked.get("person_label", ""))
    request = (f"{_cn(asked_on)}，{asked.get('party_name', '')}以{person}“{ground}”为由，申请其回避"
               + (f"，理由为：{reason}" if reason else "") + "。")
    if decided.get("outcome") == GRANTED:
        decision = (f"本委经审查认为，该回避申请符合{RECUSAL_BASIS}规定的情形，决定如下：{person}回避，"
                    f"自{_cn(decided_on)}起由{decided.get('replacement_name', '')}接替。")
    else:
        why = str(decided.get("reason") or "").strip()
        decision = f"本委经审查认为，{why.rstrip('。')}。决定如下：驳回{asked.get('party_name', '')}的回避申请。"
    return {"回避申请": request, "回避决定": decision}


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
