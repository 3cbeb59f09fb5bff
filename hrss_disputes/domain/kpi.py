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
                           "（调解案件结案＋仲裁案件结案，不予受理的不计）",
    Kpi.ARBITRATION_CLOSURE: "本期仲裁结案件数 ÷（期初未结件数＋本期受理件数）",
    Kpi.COMPLAINT_CLOSURE: "本期结案及撤销立案件数 ÷（期初未结件数＋本期立案件数）",
}
# One more success adds a closure to both sides of the mediation rate; one more closure adds
# only to the numerator of a closure rate (its denominator is fixed by what was open and came in).
GROWS_DENOMINATOR = {Kpi.MEDIATION_SUCCESS: True, Kpi.ARBITRATION_CLOSURE: False, Kpi.COMPLAINT_CLOSURE: False}
NO_RATE = "—"
MISSED = "未达标"
REPORT_TITLE = "劳动人事争议处理及劳动保障监察工作月报"


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
        0 when met, None when there is no target or it cannot be reached."""
        if self.target is None or self.met:
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
    def met_text(self) -> str:
        return {True: "达标", False: MISSED, None: NO_RATE}[self.met]

    @property
    def needed_text(self) -> str:
        """再结案 3 件 / 再调解成功 3 件, or — when met or out of reach."""
        n = self.needed()
        if self.met or n is None:
            return NO_RATE
        return f"再{'调解成功' if self.kpi is Kpi.MEDIATION_SUCCESS else '结案'} {n} 件"


def figure_rows(f) -> list[list[str]]:  # noqa: ANN001  (services.report.Figures)
    """The statistical figures as (item, value) rows, shared by the PDF and the workbook."""
    if f is None:
        return []
    causes = "，".join(f"{k.label}{n}" for k, n in sorted(f.causes.items(), key=lambda x: -x[1])) or "—"
    return [["本期受理（立案）", f"{f.accepted} 件"], ["其中集体争议", f"{f.collective} 件"],
            ["其中绿色通道", f"{f.green_channel} 件"], ["涉及劳动者", f"{f.workers} 人"],
            ["请求金额", f"{f.claimed:,.2f} 元"], ["本期结案的调解、裁决及追回金额", f"{f.resolved:,.2f} 元"],
            ["受理案件的案由", causes], ["本期终局裁决", f"{f.final_awards} 件"],
            ["平均结案天数（受理至结案）", f"{f.average_days} 天" if f.average_days is not None else "—"]]


def complaint_rows(c) -> list[list[str]]:  # noqa: ANN001  (services.report.ComplaintFigures)
    """The wage-arrears complaint figures as (item, value) rows, for the PDF and the workbook."""
    if c is None:
        return []
    return [["收到投诉举报", f"{c.received} 件"], ["受理（含属劳动争议移送调解仲裁）", f"{c.accepted} 件"],
            ["立案", f"{c.filed} 件"], ["结案", f"{c.closed} 件"], ["撤销立案", f"{c.revoked} 件"],
            ["为劳动者追发或垫付工资", f"{c.workers_helped} 人次"], ["追发工资及赔偿金", f"{c.wages_recovered:,.2f} 元"],
            ["移送公安机关", f"{c.police_transfers} 件"], ["列入失信联合惩戒名单", f"{c.blacklistings} 家"],
            ["动用应急周转金垫付", f"{c.advances} 件，{c.advanced:,.2f} 元"]]
