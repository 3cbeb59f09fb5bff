"""A heading is never left at the foot of a page with its text on the next (review of issue 19:
the award's “本委查明：双方确认：” stranded above a page break): a 小标题, and a lead-in line that ends
in “：” (双方确认：, 申请人的仲裁请求如下：), keep with what follows (keepWithNext)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from hrss_disputes.documents.paper import Paper
from hrss_disputes.documents.render import render
from hrss_disputes.documents.template import parse


def _template(filler: int):  # noqa: ANN202
    lines = "\n".join(f"段落：第{n}段，一行的正文。" for n in range(filler))
    return parse(f"""\
标题：仲裁裁决书
类别：仲裁
案号：案
{lines}
段落：申请人的仲裁请求如下：
列表：仲裁请求
小标题：本委查明：
填写：本委查明
小标题：本委认为：
填写：本委认为
""", "award")


def _pages(filler: int) -> list[str]:
    paper = Paper(template=_template(filler), issuer="肇庆市劳动人事争议仲裁委员会", number="肇劳人仲案字〔2026〕1号",
                  issue_date=date(2026, 11, 21), lists={"仲裁请求": ["请求裁决被申请人支付工资。"]},
                  writings={"本委查明": "双方确认：\n关于基本情况：入职日期为2022年3月1日。\n双方有争议的要素：\n关于劳动报酬的“拖欠月数”。",
                            "本委认为": "被申请人应当支付拖欠的劳动报酬。"})
    return [p.extract_text().replace("\n", "").replace(" ", "") for p in PdfReader(io.BytesIO(render(paper))).pages]


@pytest.mark.parametrize("filler", range(8, 26))  # moves the headings down the first page and over the break
def test_a_heading_or_lead_in_line_is_on_the_page_of_what_follows_it(filler: int) -> None:
    pages = _pages(filler)
    for lead, first in (("本委查明：", "关于基本情况"), ("双方确认：", "关于基本情况"),
                        ("双方有争议的要素：", "关于劳动报酬"), ("本委认为：", "被申请人应当支付"),
                        ("仲裁请求如下：", "请求裁决被申请人支付工资")):
        [on] = [i for i, text in enumerate(pages) if lead in text]
        assert first in pages[on], (filler, lead, pages)
