"""Wage-arrears complaints (legal-rules.md §9): the rules an inspector applies, as data and
small pure functions — acceptance review, arrears and payments per worker, the additional
compensation, the crime threshold for a transfer to the police, the blacklist's dates, and the
repeat-employer warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

CENT = Decimal("0.01")


def money(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


# ---------------------------------------------------------------- intake

COMPLAINT, REPORT = "complaint", "report"
KINDS = ((COMPLAINT, "投诉"), (REPORT, "举报"))  # LSIR Art 9: 投诉 by the worker, 举报 by anyone
KIND_LABELS = dict(KINDS)


# ---------------------------------------------------------------- acceptance review (若干规定 Art 18 ◐)

REVIEW_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("within_two_years", "（一）违法行为发生在两年内（劳动保障监察条例第二十条）"),
    ("definite_employer", "（二）有明确的用人单位，且侵权事实由其违法行为造成"),
    ("within_jurisdiction", "（三）属于劳动保障监察职权范围并由本部门管辖"),
)
DISPUTE_QUESTION = ("dispute_matter", "属于劳动争议（应通过调解、仲裁解决）")
REVIEW_BASIS = "关于实施《劳动保障监察条例》若干规定第十八条"


@dataclass(frozen=True)
class Review:
    """The review checklist: True / False per question, None while not yet answered."""

    within_two_years: bool | None = None
    definite_employer: bool | None = None
    within_jurisdiction: bool | None = None
    dispute_matter: bool = False


@dataclass(frozen=True)
class ReviewOutcome:
    action: str | None  # the complaint workflow's action it implies; None: not decided yet
    label: str
    text: str


def review_outcome(review: Review) -> ReviewOutcome:
    """What the answers imply, in the order the rule is applied."""
    if review.dispute_matter:
        return ReviewOutcome("refer", "移送调解或仲裁",
                             "属于劳动争议：告知投诉人通过调解、仲裁解决，并在仲裁院登记关联案件（劳动保障监察条例第二十一条）")
    if review.within_two_years is False:
        return ReviewOutcome("not_accept", "不予受理",
                             "违法行为超过两年：五个工作日内作出不予受理决定并书面通知投诉人")
    if review.definite_employer is False:
        return ReviewOutcome("request_materials", "通知补正材料",
                             "用人单位不明确或侵权事实不清：通知投诉人补正材料")
    if review.within_jurisdiction is False:
        return ReviewOutcome("not_accept", "告知向有管辖权的部门投诉",
                             "不属本部门职权或管辖：告知投诉人向有关部门投诉（农民工投诉实行首问负责，须移送并告知）")
    if None in (review.within_two_years, review.definite_employer, review.within_jurisdiction):
        return ReviewOutcome(None, "尚未审查完毕", "请逐项确认三项受理条件")
    return ReviewOutcome("file", "受理并立案", "三项条件均符合：受理，并于受理当日立案")


# ---------------------------------------------------------------- arrears per worker


def arrears_months(period_from: date | None, period_to: date | None) -> int | None:
    """Whole months of pay in the arrears period (1 Jan – 31 Mar is three); None when unknown."""
    if period_from is None or period_to is None or period_to < period_from:
        return None
    span = relativedelta(period_to + timedelta(days=1), period_from)
    return span.years * 12 + span.months


@dataclass(frozen=True)
class WorkerBalance:
    """One worker's account: wages owed, any additional compensation, what reached them."""

    owed: Decimal  # 欠付工资
    compensation: Decimal  # 加付赔偿金
    paid: Decimal  # paid by the employer
    advanced: Decimal = Decimal("0.00")  # paid from the emergency fund (应急周转金)
    months: int | None = None

    @property
    def due(self) -> Decimal:
        return self.owed + self.compensation

    @property
    def received(self) -> Decimal:
        return self.paid + self.advanced

    @property
    def balance(self) -> Decimal:
        """Still owed to the worker (never below zero)."""
        return max(self.due - self.received, Decimal("0.00"))

    @property
    def unpaid_wages(self) -> Decimal:
        """Wages still unpaid, what the additional compensation is computed on."""
        return max(self.owed - self.received, Decimal("0.00"))


# ---------------------------------------------------------------- additional compensation (LSIR 26, LCL 85 ✅)

COMPENSATION_MIN, COMPENSATION_MAX = 50, 100  # per cent of the amount due
COMPENSATION_BASIS = "劳动保障监察条例第二十六条、劳动合同法第八十五条：逾期不支付的，责令按应付金额50%以上100%以下加付赔偿金"


def compensation_error(rate: int | None) -> str | None:
    if rate is None or not COMPENSATION_MIN <= rate <= COMPENSATION_MAX:
        return f"加付赔偿金比例须在{COMPENSATION_MIN}%至{COMPENSATION_MAX}%之间"
    return None


def additional_compensation(unpaid: Decimal, rate: int) -> Decimal:
    return money(unpaid * rate / 100)


# ---------------------------------------------------------------- penalties

# (key, label, lowest, highest) per decision; per-worker bands are multiplied by the workers
PENALTY_GROUNDS: tuple[tuple[str, str, Decimal | None, Decimal | None], ...] = (
    ("lsir30", "拒不改正或拒不履行行政处理决定等（劳动保障监察条例第三十条，2000元至20000元）",
     Decimal(2000), Decimal(20000)),
    ("mwpr54", "以实物、有价证券支付工资，未编制工资支付台账等（保障农民工工资支付条例第五十四条，单位2万元至5万元）",
     Decimal(20000), Decimal(50000)),
    ("mwpr55", "建设领域未开设工资专用账户、未存储保证金、未实行实名制等（保障农民工工资支付条例第五十五条，5万元至10万元）",
     Decimal(50000), Decimal(100000)),
    ("other", "其他（按所引条款）", None, None),
)
PENALTY_CHOICES = tuple((k, label) for k, label, _, _ in PENALTY_GROUNDS)


def penalty_error(ground: str, amount: Decimal) -> str | None:
    for key, _label, low, high in PENALTY_GROUNDS:
        if key == ground and low is not None and high is not None and not low <= amount <= high:
            return f"该项罚款数额应在 {yuan(low)} 元至 {yuan(high)} 元之间"
    return None


# ---------------------------------------------------------------- crime threshold (法释〔2013〕3号 Art 3 ✅)

CRIME_MONTHS = 3  # one worker: three months' pay or more
CRIME_WORKERS = 10  # or ten workers or more
# each provincial high court fixes its figure inside these bands (Guangdong ⚠ not found → setting)
SINGLE_BAND = (Decimal(5000), Decimal(20000))
GROUP_BAND = (Decimal(30000), Decimal(100000))
CRIME_BASIS = "刑法第二百七十六条之一；最高人民法院法释〔2013〕3号第三条"
NOT_CONFIGURED = "未设置本省数额标准"


def threshold_error(value: Decimal | None, band: tuple[Decimal, Decimal]) -> str | None:
    if value is not None and not band[0] <= value <= band[1]:
        return f"司法解释规定的幅度为 {yuan(band[0])} 元至 {yuan(band[1])} 元"
    return None


@dataclass(frozen=True)
class CrimeThresholds:
    single: Decimal | None  # one worker, ≥3 months: the province's figure
    group: Decimal | None  # ≥10 workers in total: the province's figure

    @property
    def configured(self) -> bool:
        return self.single is not None and self.group is not None


@dataclass(frozen=True)
class ThresholdCheck:
    reached: bool | None  # None: cannot tell, a figure is not configured
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "；".join(self.lines)


def crime_check(workers: Iterable[WorkerBalance], thresholds: CrimeThresholds,
                unnamed_workers: int = 0, unnamed_unpaid: Decimal = Decimal("0.00")) -> ThresholdCheck:
    """Whether the unpaid wages reach the amount of 拒不支付劳动报酬罪 (Art 3 (一) or (二)).

    ``unnamed_*``: workers counted but not yet named, and what they are still owed.
    """
    unpaid = [w for w in workers if w.unpaid_wages > 0]
    lines: list[str] = []
    results: list[bool | None] = []
    if thresholds.single is None:
        lines.append(f"（一）{NOT_CONFIGURED}（一名劳动者三个月以上劳动报酬的数额，5000元至20000元之间），"
                     "请管理员在“设置 → 欠薪犯罪标准”中填写")
        results.append(None)
    else:
        hits = [w for w in unpaid if (w.months or 0) >= CRIME_MONTHS and w.unpaid_wages >= thresholds.single]
        results.append(bool(hits))
        lines.append(f"（一）{len(hits)} 名劳动者被拖欠三个月以上劳动报酬且达 {yuan(thresholds.single)} 元" if hits else
                     f"（一）未有劳动者被拖欠三个月以上劳动报酬且达 {yuan(thresholds.single)} 元")
    count = len(unpaid) + unnamed_workers
    total = sum((w.unpaid_wages for w in unpaid), Decimal("0.00")) + unnamed_unpaid
    if thresholds.group is None:
        lines.append(f"（二）{NOT_CONFIGURED}（十名以上劳动者累计数额，30000元至100000元之间），"
                     "请管理员在“设置 → 欠薪犯罪标准”中填写")
        results.append(None)
    else:
        hit = count >= CRIME_WORKERS and total >= thresholds.group
        results.append(hit)
        lines.append(f"（二）{count} 名劳动者被拖欠共 {yuan(total)} 元，" +
                     ("达到" if hit else "未达到") + f"十人以上且累计 {yuan(thresholds.group)} 元的标准")
    reached = True if True in results else (None if None in results else False)
    return ThresholdCheck(reached, tuple(lines))


# ---------------------------------------------------------------- blacklist (MWPR Art 48 ✅, 人社部令第45号 ◐)

BLACKLIST_CRITERIA = (
    ("threshold", "克扣、无故拖欠农民工工资达到认定拒不支付劳动报酬罪数额标准"),
    ("incident", "因拖欠农民工工资违法行为引发群体性事件、极端事件造成严重不良社会影响"),
)
BLACKLIST_BASIS = "保障农民工工资支付条例第四十八条；拖欠农民工工资失信联合惩戒对象名单管理暂行办法"
BLACKLIST_YEARS = 3
EARLY_REMOVAL_MONTHS = 6  # after correction (arrears repaid), with a credit pledge


def removal_due(listed_on: date) -> date:
    return listed_on + relativedelta(years=BLACKLIST_YEARS)


def early_removal_from(corrected_on: date) -> date:
    return corrected_on + relativedelta(months=EARLY_REMOVAL_MONTHS)


def removal_error(*, listed_on: date, on: date, early: bool, corrected_on: date | None) -> str | None:
    """Why the listing may not end on ``on``; None when it may."""
    if on < listed_on:
        return "移出日期不能早于列入日期"
    if not early:
        due = removal_due(listed_on)
        return None if on >= due else f"列入期限三年，至 {due.isoformat()} 届满；提前移出请勾选“提前移出”"
    if corrected_on is None:
        return "提前移出须已偿还拖欠的工资（改正违法行为）"
    earliest = early_removal_from(corrected_on)
    return None if on >= earliest else f"自改正之日（{corrected_on.isoformat()}）起满六个月，即 {earliest.isoformat()} 后方可提前移出"


@dataclass(frozen=True)
class Listing:
    proposed_on: date | None
    listed_on: date | None
    removed_on: date | None

    def state(self, today: date) -> str:
        if self.listed_on is None:
            return "已提请，待决定" if self.removed_on is None else "提请未列入"
        if self.removed_on is not None and self.removed_on <= today:
            return "已移出"
        if today >= removal_due(self.listed_on):
            return "期满"
        return "列入中"

    def active(self, today: date) -> bool:
        return self.state(today) == "列入中"


# ---------------------------------------------------------------- repeat employers

REPEAT_CASES = 3  # three or more cases against it …
REPEAT_MONTHS = 12  # … in the last twelve months


def repeat_since(today: date) -> date:
    return today - relativedelta(months=REPEAT_MONTHS)


def employer_warning(name: str, recent_cases: int, listed: bool) -> str | None:
    parts = []
    if listed:
        parts.append("已列入拖欠农民工工资失信联合惩戒名单")
    if recent_cases >= REPEAT_CASES:
        parts.append(f"近{REPEAT_MONTHS}个月内已有 {recent_cases} 件投诉或争议案件")
    return f"注意：{name}" + "，".join(parts) if parts else None
