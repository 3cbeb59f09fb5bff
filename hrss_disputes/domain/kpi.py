"""The three rates supervisors are measured by, as values that explain themselves.

procedures.md "KPI definitions": 调解成功率 = successful mediations ÷ mediation-handled closures;
仲裁结案率 = arbitration cases closed in P ÷ (open at the start of P + accepted in P);
监察举报投诉案件结案率 = complaints closed or revoked in P ÷ (open at the start + filed in P).
A target is met when the rate is strictly above it; a zero denominator gives "—". The counting
itself is SQL (services.kpi); this module holds the arithmetic and the words beside each figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum


class Kpi(Enum):
    MEDIATION_SUCCESS = "mediation_success"
    ARBITRATION_CLOSURE = "arbitration_closure"
    COMPLAINT_CLOSURE = "complaint_closure"


LABELS = {Kpi.MEDIATION_SUCCESS: "调解成功率", Kpi.ARBITRATION_CLOSURE: "仲裁结案率",
          Kpi.COMPLAINT_CLOSURE: "监察举报投诉案件结案率"}
FORMULAS = {
    Kpi.MEDIATION_SUCCESS: "调解成功件数（调解组织达成协议＋仲裁调解书结案）÷ 调解处理的结案件数"
                           "（调解案件结案＋仲裁案件结案，不予受理的不计，调解协议仲裁审查的不计）",
    Kpi.ARBITRATION_CLOSURE: "本期仲裁结案件数 ÷（期初未结件数＋本期受理件数）",
    Kpi.COMPLAINT_CLOSURE: "本期结案件数（立案后结案、撤销立案或移送调解仲裁）÷（期初未结件数＋本期立案件数）",
}
# One more success adds a closure to both sides of the mediation rate; one more closure adds
# only to the numerator of a closure rate (its denominator is fixed by what was open and came in).
GROWS_DENOMINATOR = {Kpi.MEDIATION_SUCCESS: True, Kpi.ARBITRATION_CLOSURE: False, Kpi.COMPLAINT_CLOSURE: False}
NO_RATE = "—"
MISSED = "未达标"
OUT_OF_REACH = "无法达标"
NOT_JUDGED = "不考核"  # a period the annual target does not apply to
TARGET_NOTE = ("考核目标为年度目标，以1月1日起的累计数考核，高于目标（不含等于）为达标；本月比率列于年度目标旁，"
               "不判定达标（月度结案率的分母含仍在办理的案件，不宜与年度目标比较）。")
REPORT_TITLE = "劳动人事争议处理及劳动保障监察工作月报"
COUNTS_NOTE = ("上期未结＋本期受理－本期结案＝期末未结。调解案件未经受理的，以开始调解或首次调解结果之日为受理日；"
               "不予受理及受理前撤回、移送的另列“不予受理等”，不计入受理与结案。逾期、挂牌督办为制表日仍未结的案件，"
               "逾期按制表日计算。")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = date(year, month, 1)
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return cls(first, nxt - timedelta(days=1), f"{year}年{month}月")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = date(year, 3 * quarter - 2, 1)
        last = cls.month(year, 3 * quarter).end
        return cls(first, last, f"{year}年第{'一二三四'[quarter - 1]}季度")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), f"{year}年")

    def year_to_date(self) -> Period:
        """From 1 January of the period's year to its last day (累计)."""
        return Period(date(self.end.year, 1, 1), self.end, f"{self.end.year}年1—{self.end.month}月累计")

    def previous_months(self, n: int) -> list[Period]:
        """The ``n`` months ending with this period's month, oldest first (the trend chart)."""
        out, y, m = [], self.end.year, self.end.month
        for _ in range(n):
            out.append(Period.month(y, m))
            y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        return out[::-1]


@dataclass(frozen=True)
class Rate:
    kpi: Kpi
    numerator: int
    denominator: int
    target: Decimal | None  # percent; None: no target profile applies
    period: Period
    office: str
    options: tuple[str, ...] = field(default=())  # the options applied, in words
    # the profile's target, which is annual: ``target`` is it where it applies to the period (a
    # period from 1 January: the year to date or the year), None where it does not (a month …)
    annual_target: Decimal | None = None

    @property
    def label(self) -> str:
        return LABELS[self.kpi]

    @property
    def formula(self) -> str:
        return FORMULAS[self.kpi]

    @property
    def percent(self) -> Decimal | None:
        """The rate in percent to two decimals; None for a zero denominator."""
        if self.denominator == 0:
            return None
        return (Decimal(100 * self.numerator) / Decimal(self.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def text(self) -> str:
        value = self.percent
        return NO_RATE if value is None else f"{value}%"

    @property
    def met(self) -> bool | None:
        """Strictly above the target; None when there is no rate or no target."""
        if self.target is None or self.denominator == 0:
            return None
        return Decimal(100 * self.numerator) > self.target * self.denominator  # exact, not the rounded text

    def needed(self) -> int | None:
        """How many more successes (closures) would lift the rate strictly above the target;
        0 when met, None when there is no target, no rate ("—") or it cannot be reached."""
        if self.target is None or self.denominator == 0 or self.met:
            return 0 if self.met else None
        t, n, d = self.target / 100, Decimal(self.numerator), Decimal(self.denominator)
        if GROWS_DENOMINATOR[self.kpi]:  # (n + k) / (d + k) > t
            if t >= 1:
                return None
            k = (t * d - n) / (1 - t)
        else:  # (n + k) / d > t, and k cannot exceed the open cases
            if d == 0:
                return None
            k = t * d - n
        smallest = math.floor(k) + 1 if k >= 0 else 0
        if not GROWS_DENOMINATOR[self.kpi] and self.numerator + smallest > self.denominator:
            return None
        return smallest

    @property
    def judged(self) -> bool:
        """A target applies to the rate's period."""
        return self.target is not None

    @property
    def target_text(self) -> str:
        """>95.00%（年度目标）; 不考核（年度目标>95.00%按累计考核） for a period the annual target
        does not apply to; — without a target profile."""
        if self.target is not None:
            return f">{self.target}%（年度目标）"
        if self.annual_target is not None:
            return f"{NOT_JUDGED}（年度目标>{self.annual_target}%按累计考核）"
        return NO_RATE

    @property
    def met_text(self) -> str:
        if self.target is None and self.annual_target is not None:
            return NOT_JUDGED
        return {True: "达标", False: MISSED, None: NO_RATE}[self.met]

    @property
    def needed_text(self) -> str:
        """再结案 3 件 / 再调解成功 3 件; — when met; 无法达标 when out of reach; empty when there is
        no rate ("—") or no target to reach."""
        if self.met is None:
            return ""
        n = self.needed()
        if self.met:
            return NO_RATE
        if n is None:
            return OUT_OF_REACH
        return f"再{'调解成功' if self.kpi is Kpi.MEDIATION_SUCCESS else '结案'} {n} 件"


Item = tuple[str, str, object]  # (item, unit, value): a number (int, Decimal) or None for "—"


def figure_items(f) -> list[Item]:  # noqa: ANN001  (services.report.Figures)
    """The statistical figures as (item, unit, value), numbers kept as numbers (the workbook);
    the PDF writes them with their units (figure_rows)."""
    if f is None:
        return []
    causes = [(f"受理案件的案由：{k.label}", "件", n) for k, n in sorted(f.causes.items(), key=lambda x: -x[1])]
    return [("本期受理（立案）", "件", f.accepted), ("其中集体争议", "件", f.collective),
            ("其中绿色通道", "件", f.green_channel), ("涉及劳动者", "人", f.workers), ("请求金额", "元", f.claimed),
            ("本期结案的调解、裁决及追回金额", "元", f.resolved), *causes, ("本期终局裁决", "件", f.final_awards),
            ("平均结案天数（受理至结案）", "天", f.average_days)]


def complaint_items(c) -> list[Item]:  # noqa: ANN001  (services.report.ComplaintFigures)
    """The wage-arrears complaint figures as (item, unit, value)."""
    if c is None:
        return []
    return [("收到投诉举报", "件", c.received), ("受理（含属劳动争议移送调解仲裁）", "件", c.accepted),
            ("立案", "件", c.filed), ("结案", "件", c.closed), ("撤销立案", "件", c.revoked),
            ("为劳动者追发或垫付工资", "人次", c.workers_helped), ("追发工资及赔偿金", "元", c.wages_recovered),
            ("移送公安机关", "件", c.police_transfers), ("列入失信联合惩戒名单", "家", c.blacklistings),
            ("动用应急周转金垫付", "件", c.advances), ("垫付金额", "元", c.advanced)]


def _with_unit(unit: str, value: object) -> str:
    if value is None:
        return NO_RATE
    return f"{value:,.2f} 元" if unit == "元" else f"{value:,} {unit}"


def figure_rows(f) -> list[list[str]]:  # noqa: ANN001  (services.report.Figures)
    """The statistical figures as (item, value with its unit) rows, for the PDF."""
    items = figure_items(f)
    causes = [(name.split("：", 1)[1], n) for name, _u, n in items if name.startswith("受理案件的案由：")]
    rows = [[name, _with_unit(unit, value)] for name, unit, value in items if not name.startswith("受理案件的案由：")]
    if f is not None:  # the causes on one line, after the amounts
        rows.insert(6, ["受理案件的案由", "，".join(f"{k}{n}" for k, n in causes) or NO_RATE])
    return rows


def complaint_rows(c) -> list[list[str]]:  # noqa: ANN001  (services.report.ComplaintFigures)
    """The wage-arrears complaint figures as (item, value with its unit) rows, for the PDF."""
    return [[name, _with_unit(unit, value)] for name, unit, value in complaint_items(c)]
