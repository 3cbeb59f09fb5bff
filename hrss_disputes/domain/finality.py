"""Final or non-final award (终局 / 非终局), per claim item (procedures.md; legal-rules.md §4.8, §11.6).

An item is final when it is a money claim of the Art 47(一) families (劳动报酬, 工伤医疗费, 经济补偿,
赔偿金) and its awarded amount is at most 12 × the local monthly minimum wage, or when it is a
labour-standards dispute (Art 47(二): working time, rest and leave, social insurance). The award
is final only when every item is; otherwise separate documents are proposed.

Which claim types belong to the Art 47(一) families is ◐/⚠ beyond the statute's words (Beijing
practice puts overtime under 劳动报酬, annual-leave pay under 经济补偿, double wages under 赔偿金),
so the sets below are defaults the office can change (setting ``award.final_money_types``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..models.enums import ClaimType

FINAL_MULTIPLE = 12  # LDMAF Art 47(一): 十二个月金额
SPC_I = "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）"
DEFAULT_MONEY_TYPES: frozenset[ClaimType] = frozenset({
    ClaimType.WAGES, ClaimType.OVERTIME,  # 劳动报酬
    ClaimType.WORK_INJURY_MEDICAL,  # 工伤医疗费
    ClaimType.ECONOMIC_COMPENSATION, ClaimType.ANNUAL_LEAVE,  # 经济补偿
    ClaimType.DAMAGES, ClaimType.DOUBLE_WAGES,  # 赔偿金
})
STANDARDS_TYPES: frozenset[ClaimType] = frozenset({ClaimType.SOCIAL_INSURANCE})  # Art 47(二)
# the money claims an office may count among Art 47(一)'s families (its setting chooses among these);
# confirming a relationship and "other" are no money claim of that article by its words
MONEY_CHOICES: frozenset[ClaimType] = frozenset(ClaimType) - STANDARDS_TYPES - {
    ClaimType.CONFIRM_RELATIONSHIP, ClaimType.OTHER}


def recorded_types(data: Mapping[str, Any]) -> frozenset[bool]:
    """The award's types as its 作出裁决 event records them (for an award whose papers were not
    issued in the program; issued papers govern when there are some, SPC-I Art 18): ``final``
    says it has a final part, ``non_final`` that it has a non-final part too (split, Rules2017 50).
    An event with ``final`` alone is wholly final or wholly non-final, as recorded before 18."""
    final = bool(data.get("final"))
    non_final = bool(data.get("non_final", not final))
    return frozenset({t for t, has in ((True, final), (False, non_final)) if has})


STALE_AFTER_YEARS = 2  # procedures.md "Reference data shipped": warn when a city's newest figure is older


def wage_is_stale(newest_from: date, today: date) -> bool:
    """Whether a city's newest minimum wage (in force from ``newest_from``) is more than two
    years old today: the province has likely adjusted it since and nobody entered the new one."""
    try:
        limit = newest_from.replace(year=newest_from.year + STALE_AFTER_YEARS)
    except ValueError:  # 29 February
        limit = newest_from.replace(year=newest_from.year + STALE_AFTER_YEARS, day=28)
    return today > limit


@dataclass(frozen=True)
class ItemFinality:
    final: bool | None  # None: cannot be decided (no minimum wage for the city)
    reason: str
    note: str = ""  # why an item claimed over the line is final all the same (judged on its award)

    @property
    def label(self) -> str:
        return {True: "终局", False: "非终局", None: "待定"}[self.final]


def item_finality(claim_type: ClaimType, amount: Decimal | None, minimum_wage: Decimal | None,
                  wage_note: str = "", money_types: Iterable[ClaimType] = DEFAULT_MONEY_TYPES,
                  what: str = "裁决金额", claimed: Decimal | None = None) -> ItemFinality:
    """``amount`` is the awarded amount (0 for a dismissed claim, which is final as well); before the
    award a forecast passes the amount claimed and ``what="请求金额"``. ``claimed``: the amount
    claimed of an item judged on its awarded amount, to say why an item claimed over the line is
    final all the same (SPC-I Art 19: each item's awarded amount counts, legal-rules.md §4.8)."""
    if claim_type in STANDARDS_TYPES:
        return ItemFinality(True, f"{claim_type.label}属于执行国家劳动标准发生的争议（劳动争议调解仲裁法第四十七条第二项）")
    if claim_type not in frozenset(money_types):
        if claim_type in MONEY_CHOICES:  # the office's reading of Art 47(一), not the statute's words
            return ItemFinality(False, f"{claim_type.label}未列入本机构设定的第四十七条第一项终局事项"
                                       "（哪些请求属于劳动报酬、经济补偿或赔偿金，法律未逐项列明，由本机构在"
                                       "“设置 → 参考数据 → 法律适用”中确定）")
        return ItemFinality(False, f"{claim_type.label}不属于第四十七条规定的终局裁决事项")
    if minimum_wage is None:
        return ItemFinality(None, "未录入当地月最低工资标准，无法判断是否终局")
    limit = minimum_wage * FINAL_MULTIPLE
    awarded = amount or Decimal(0)
    basis = f"当地月最低工资标准（{wage_note or f'{minimum_wage:,.2f}元/月'}）× 12 = {limit:,.2f}元"
    if awarded <= limit:
        why = ""
        if claimed is not None and claimed > limit:  # the forecast on the claim said otherwise
            why = (f"请求金额 {claimed:,.2f}元 虽超过终局标准 {limit:,.2f}元，是否终局按各项裁决金额判断"
                   f"（{SPC_I}第十九条）")
        return ItemFinality(True, f"{what} {awarded:,.2f}元 不超过{basis}（第四十七条第一项）"
                                  + (f"；{why}" if why else ""), why)
    return ItemFinality(False, f"{what} {awarded:,.2f}元 超过{basis}")


@dataclass(frozen=True)
class AwardFinality:
    items: tuple[ItemFinality, ...]

    @property
    def final(self) -> bool | None:
        if any(i.final is None for i in self.items):
            return None
        return all(i.final for i in self.items) if self.items else None

    @property
    def mixed(self) -> bool:
        return any(i.final is True for i in self.items) and any(i.final is False for i in self.items)

    @property
    def summary(self) -> str:
        if not self.items:
            return "没有请求事项"
        if self.final is None and not self.mixed:
            return "无法判断：" + next(i.reason for i in self.items if i.final is None)
        if self.mixed:
            return "部分事项终局、部分非终局：应分别制作终局裁决书和非终局裁决书，各自载明权利告知"
        return "全部事项终局：终局裁决，自作出之日起发生法律效力" if self.final else "非终局裁决"
