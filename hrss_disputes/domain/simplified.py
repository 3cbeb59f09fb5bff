"""Whether a case may be handled in the simplified procedure (简易处理), Rules2017 Arts 56–57 ◐.

Art 56: ANY ONE of (一) facts clear, rights and duties definite, little in dispute; (二) the amount
at stake not above the province's previous-year average annual wage of employees; (三) both
parties agree. Art 57: none of (一) state or public interest; (二) major social impact;
(三) respondent's whereabouts unknown; (四) the commission deems it unsuitable.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

EXCLUSIONS: tuple[tuple[str, str], ...] = (  # (field, Art 57 wording)
    ("public_interest", "涉及国家利益、社会公共利益"),
    ("major_impact", "有重大社会影响"),
    ("respondent_missing", "被申请人下落不明"),
    ("unsuitable", "仲裁委员会认为不宜简易处理"),
)
CLEAR = "事实清楚、权利义务关系明确、争议不大"
AGREED = "双方当事人同意简易处理"


@dataclass(frozen=True)
class SimplifiedFacts:
    clear: bool  # Art 56(一), the arbitrator's judgement
    agreed: bool  # Art 56(三)
    amount: Decimal  # the amount at stake (标的额): the claims' total
    annual_average: Decimal | None  # the province's previous-year average annual wage (⚠ entered)
    average_note: str = ""
    excluded: frozenset[str] = frozenset()  # Art 57 fields that apply


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    met: tuple[str, ...]  # the Art 56 conditions that hold, with their numbers
    blocked: tuple[str, ...]  # the Art 57 exclusions that apply
    notes: tuple[str, ...]  # what could not be checked

    @property
    def text(self) -> str:
        if self.blocked:
            return "不适用简易处理：" + "；".join(self.blocked) + "（仲裁规则第五十七条）"
        if not self.met:
            tail = ("；" + "；".join(self.notes)) if self.notes else ""
            return "不符合简易处理条件：第五十六条所列情形均不具备" + tail
        return "符合简易处理条件：" + "；".join(self.met) + "（仲裁规则第五十六条，具备其一即可）"


def eligibility(f: SimplifiedFacts) -> Eligibility:
    met, notes = [], []
    if f.clear:
        met.append(f"（一）{CLEAR}")
    if f.annual_average is None:
        notes.append(f"未录入广东省上年度职工年平均工资，未能核对标的额条件{f.average_note and '（' + f.average_note + '）'}")
    elif f.amount <= f.annual_average:
        met.append(f"（二）标的额 {f.amount:,.2f}元 不超过广东省上年度职工年平均工资 {f.annual_average:,.2f}元")
    if f.agreed:
        met.append(f"（三）{AGREED}")
    blocked = tuple(f"（{'一二三四'[i]}）{label}" for i, (key, label) in enumerate(EXCLUSIONS) if key in f.excluded)
    return Eligibility(bool(met) and not blocked, tuple(met), blocked, tuple(notes))
