"""How the report lays out its 裁审衔接 figures (services.court_links counts them): one row per
figure, in cases (件), with the article it follows."""

from __future__ import annotations

from typing import Any

UNIT = "件"
# field of services.court_links.CourtLinks, label, the law it follows
ROWS: tuple[tuple[str, str, str], ...] = (
    ("awards", "本期作出裁决", "劳动争议调解仲裁法第四十七条、第五十条"),
    ("sued", "当事人不服裁决起诉", "第四十八条、第五十条"),
    ("set_aside_applied", "用人单位申请撤销终局裁决", "第四十九条"),
    ("set_aside", "终局裁决被裁定撤销", "第四十九条"),
    ("changed_by_court", "法院判决改判或撤销", "法院裁判结果为改判、撤销"),
    ("enforcement", "申请强制执行", "第五十一条"),
)
NOTE = ("按事实发生日期计入本期：裁决以作出日期，起诉、撤销申请、法院裁判、强制执行以登记的各自日期（不论裁决作出于哪一期）；"
        "同一案件同类事项只计一件。起诉率等比率尚无统一口径，本表只列件数")


def items(links: Any) -> list[tuple[str, str, int]]:  # noqa: ANN401  (services.court_links.CourtLinks)
    """(label, unit, count) in report order."""
    return [(label, UNIT, int(getattr(links, field))) for field, label, _basis in ROWS]


def rows(links: Any) -> list[list[str]]:  # noqa: ANN401
    """[label, count with unit, basis] for the PDF table."""
    return [[label, f"{getattr(links, field)} {UNIT}", basis] for field, label, basis in ROWS]
