"""The anonymised copy: names, ID numbers, phones, addresses and birth dates, case by case."""

from __future__ import annotations

import pytest

from hrss_disputes.domain.anonymise import (
    ADDRESS_WITHHELD,
    Anonymiser,
    PrivateFacts,
    aliases,
    cut_address,
    mask_code,
    mask_id,
    mask_phone,
)


@pytest.mark.parametrize(("address", "kept"), [
    ("广东省肇庆市端州区黄岗街道宋城路12号", "广东省肇庆市端州区"),
    ("肇庆市鼎湖区桂城街道新城路3号", "肇庆市鼎湖区"),
    ("广州市天河区天河路385号", "广州市天河区"),
    ("广东省肇庆市四会市东城街道", "广东省肇庆市四会市"),  # a county-level city
    ("东莞市长安镇振安路工业区3号", "东莞市"),  # no districts: the town is already too close
    ("广东省连南瑶族自治县三江镇", "广东省连南瑶族自治县"),
    ("湖北省恩施土家族苗族自治州恩施市舞阳街道", "湖北省恩施土家族苗族自治州恩施市"),
    ("广西壮族自治区桂林市阳朔县西街", "广西壮族自治区桂林市阳朔县"),
    ("北京市朝阳区建国路1号", "北京市朝阳区"),
    ("城东村委会旁", ADDRESS_WITHHELD),
])
def test_addresses_are_cut_to_the_district(address: str, kept: str) -> None:
    assert cut_address(address) == kept


@pytest.mark.parametrize(("number", "masked"), [
    ("440783198808080013", "440783************"),
    ("11010519491231002X", "110105************"),
])
def test_id_numbers_keep_only_the_region(number: str, masked: str) -> None:
    assert mask_id(number) == masked


@pytest.mark.parametrize(("number", "masked"), [
    ("13800138000", "138****8000"), ("0758-2281234", "0758-*******"), ("075822812345", "0758-*******"),
])
def test_phones_are_masked(number: str, masked: str) -> None:
    assert mask_phone(number) == masked


def test_credit_codes_keep_two_characters() -> None:
    assert mask_code("91350100M000100Y43") == "91****************"


def test_names_become_surname_mou_and_organisations_their_kind() -> None:
    people = [PrivateFacts("张三"), PrivateFacts("张小四"), PrivateFacts("欧阳娜娜"), PrivateFacts("李明"),
              PrivateFacts("肇庆市鼎盛建筑工程有限公司", organisation=True, legal_rep="王大伟"),
              PrivateFacts("端州区好味餐厅", organisation=True), PrivateFacts("陈记五金店", organisation=True)]
    assert aliases(people) == {
        "张三": "张某甲", "张小四": "张某乙",  # the same surname twice: told apart
        "欧阳娜娜": "欧阳某",  # a compound surname stays whole
        "李明": "李某", "肇庆市鼎盛建筑工程有限公司": "某有限公司", "王大伟": "王某",
        "端州区好味餐厅": "某餐厅", "陈记五金店": "某店",
    }


def test_the_anonymiser_rewrites_running_text() -> None:
    an = Anonymiser([
        PrivateFacts("张三", id_number="440783198808080013", phone="13800138000",
                     address="广东省肇庆市端州区黄岗街道宋城路12号"),
        PrivateFacts("肇庆市鼎盛建筑工程有限公司", organisation=True, credit_code="91350100M000100Y43",
                     address="肇庆市鼎湖区桂城街道新城路3号", legal_rep="王大伟"),
    ])
    party = ("申请人：张三，男，1988年8月8日出生，公民身份号码440783198808080013，住广东省肇庆市端州区黄岗街道宋城路12号，"
             "电话13800138000。")
    assert an.text(party) == ("申请人：张某，男，1988年出生，公民身份号码440783************，住广东省肇庆市端州区，"
                              "电话138****8000。")
    org = "被申请人：肇庆市鼎盛建筑工程有限公司，住所地肇庆市鼎湖区桂城街道新城路3号，统一社会信用代码91350100M000100Y43。"
    assert an.text(org) == "被申请人：某有限公司，住所地肇庆市鼎湖区，统一社会信用代码91****************。"
    assert an.text("法定代表人王大伟称张三于2024年入职。") == "法定代表人王某称张某于2024年入职。"
    # numbers the case did not record are masked too
    assert an.text("证人李四（身份证44120219900101123X，手机13912345678）") == \
        "证人李四（身份证441202************，手机139****5678）"
