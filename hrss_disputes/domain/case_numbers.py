"""Case numbers (案号) from a pattern per office and number type (legal-rules.md §12.1 ◐/⚠: the
order of the parts is not confirmed, so the pattern is the office's setting with these defaults)."""

from __future__ import annotations

import re

# 类别字 → default pattern; {代字} is the office's prefix (机构代字), {年} the year, {序号} the sequence
DEFAULT_PATTERNS: dict[str, str] = {
    "案": "{代字}劳人仲案字〔{年}〕{序号}号",
    "受": "{代字}劳人仲受字〔{年}〕{序号}号",
    "不受": "{代字}劳人仲不受字〔{年}〕{序号}号",
    "决": "{代字}劳人仲决字〔{年}〕{序号}号",
    "调": "{代字}调字〔{年}〕{序号}号",
    "监": "{代字}人社监字〔{年}〕{序号}号",
}
PARTS = ("代字", "年", "序号")
_PART = re.compile(r"\{([^{}]*)\}")


def pattern_error(pattern: str) -> str | None:
    """Why a pattern cannot number cases, in Chinese; None when it can."""
    names = _PART.findall(pattern)
    if unknown := [n for n in names if n not in PARTS]:
        return f"未知部分 {{{unknown[0]}}}；可用：{{代字}} {{年}} {{序号}}"
    if "序号" not in names:
        return "案号格式必须含有 {序号}"
    if "年" not in names:
        return "案号格式必须含有 {年}：序号按年度编排"
    return None


def format_number(pattern: str, prefix: str, year: int, sequence: int) -> str:
    return pattern.replace("{代字}", prefix).replace("{年}", str(year)).replace("{序号}", str(sequence))

# The number a case itself carries, by family; a template whose 案号 names another type
# (受, 不受, 决) gets its own document number (文书编号) when it is issued.
CASE_NUMBER_TYPES: dict[str, str] = {"arbitration": "案", "mediation": "调", "complaint": "监"}
NUMBER_TYPE_LABELS: dict[str, str] = {
    "案": "仲裁案件", "受": "受理通知书", "不受": "不予受理通知书", "决": "仲裁决定书", "调": "调解案件",
    "监": "劳动保障监察案件",
}


def numbers_the_case(number_type: str, family: str) -> bool:
    """True when a paper of ``number_type`` prints the case's own number (allocated if missing)."""
    return CASE_NUMBER_TYPES.get(family) == number_type
