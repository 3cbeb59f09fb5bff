"""Templates are data an office edits: every shipped one parses, and a wrong line is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrss_disputes.documents.template import TEMPLATE_DIR, TemplateError, available, load, parse

GOOD = """\
# 受理通知书
标题：受理通知书
类别：仲裁
案号：受
主送：{申请人}：
段落：你（单位）于{收案日期}送来的仲裁申请书已收悉，
  本委决定立案处理。   # a continuation line
落款：{仲裁委员会}
日期：{签发日期}
印章
"""


def test_every_shipped_template_parses() -> None:
    keys = available()
    assert len(keys) >= 23
    for key in keys:
        assert load(key).title


def test_a_good_template() -> None:
    t = parse(GOOD, "acceptance_notice")
    assert (t.title, t.family, t.number_type) == ("受理通知书", "arbitration", "受")
    assert t.blocks[1].text == "你（单位）于{收案日期}送来的仲裁申请书已收悉，本委决定立案处理。"
    assert t.fields() == {"申请人", "收案日期", "仲裁委员会", "签发日期"}


@pytest.mark.parametrize(("change", "line", "reason"), [
    (("段落：你（单位）于{收案日期}", "段落：你（单位）于{收件日期}"), 6, "未知字段 {收件日期}"),
    (("段落：你（单位）于{收案日期}", "段落：你（单位）于{收案日期"), 6, "花括号不成对"),
    (("落款：", "落在："), 8, "未知指令“落在”"),
    (("类别：仲裁", "类别：法院"), 3, "类别应为 仲裁、调解 或 投诉"),
    (("印章", "印章：红色"), 10, "“印章”后面不带内容"),
    (("主送：{申请人}：", "主送："), 5, "“主送”后面应有“：”和内容"),
    (("日期：{签发日期}", "列表：证据清单"), 9, "未知列表“证据清单”"),
    (("标题：受理通知书\n", ""), 1, "缺少“标题：”"),
    (("日期：{签发日期}", "权利告知"), 9, "还须写明“终局权利告知：”"),
    (("日期：{签发日期}", "列表：裁决项"), 9, "还须写明“履行期限：”"),
])
def test_a_wrong_line_is_named_with_its_reason(change: tuple[str, str], line: int, reason: str) -> None:
    with pytest.raises(TemplateError) as e:
        parse(GOOD.replace(*change), "acceptance_notice")
    assert e.value.line == line and reason in e.value.reason
    assert str(e.value).startswith(f"acceptance_notice.tpl 第 {line} 行：")


def test_an_office_template_directory(tmp_path: Path) -> None:
    (tmp_path / "my_notice.tpl").write_text(GOOD.replace("受理通知书", "本所受理通知书"), encoding="utf-8")
    assert available(tmp_path) == ["my_notice"]
    assert load("my_notice", tmp_path).title == "本所受理通知书"


def test_the_award_s_house_wording_is_in_its_template() -> None:
    award = load("award")
    assert award.wording["履行期限"] == "自本裁决生效之日起五日内"
    assert award.wording["终局权利告知"].startswith("本裁决为终局裁决，自作出之日起发生法律效力。劳动者对本裁决不服的")
    assert "第四十九条" in award.wording["终局权利告知"]  # continuation lines joined
    assert award.wording["非终局权利告知"].startswith("本裁决为非终局裁决。")
    edited = (Path(award_path := str(TEMPLATE_DIR / "award.tpl")).read_text(encoding="utf-8")
              .replace("自本裁决生效之日起五日内", "自本裁决书送达之日起十日内"))
    assert parse(edited, "award", award_path).wording["履行期限"] == "自本裁决书送达之日起十日内"
