"""The search rule shared by the SQL search and the list's in-memory narrowing."""

import pytest

from hrss_disputes.domain.search import (
    bigrams,
    digits_of,
    fold,
    gram_searchable,
    name_grams,
    name_key,
    normalise,
    search_grams,
    searches_case_number,
)


def test_both_sides_are_folded_the_same_way() -> None:
    """NFKC + casefold: full-width forms, capitals and ß compare equal to what is typed."""
    assert normalise("ＡＢＣ电子有限公司") == normalise("abc电子有限公司") == normalise("Abc电子有限公司")
    assert normalise("ＡＢＣ电子有限公司") == "abc电子有限公司"
    assert fold("Straße") == fold("STRASSE") == "strasse"
    assert normalise("\u3000张三\u3000李四 ") == "张三 李四"  # the ideographic space is a space
    assert digits_of(normalise("第１２号")) == "12"
    assert bigrams("ＡＢＣ") == {"ab", "bc"} and name_key(" Ｍｉｃｒｏ科技 ") == "micro科技"
    assert fold(fold("ǰＫ")) == fold("ǰＫ")  # folding twice changes nothing


def test_bigrams() -> None:
    assert bigrams("郑琪") == {"郑琪"}
    assert bigrams("肇庆市鼎盛") == {"肇庆", "庆市", "市鼎", "鼎盛"}
    assert bigrams("张三 ABC") == {"张三", "ab", "bc"}  # no piece spans the space; lower case
    assert bigrams("王") == set()


def test_stored_grams_begin_at_every_character() -> None:
    """With each word's last character stored too, one typed character is a prefix range."""
    assert name_grams("郑琪") == {"郑琪", "琪\u0001"}
    assert name_grams("张三 ABC") == {"张三", "ab", "bc", "三\u0001", "c\u0001"}
    assert name_grams("王") == {"王\u0001"}
    assert search_grams("郑") == {"郑"} and search_grams("郑琪") == {"郑琪"}


@pytest.mark.parametrize(
    ("text", "case_number", "grams"),
    [("郑", False, True), ("郑琪", False, True), (" 郑琪 ", False, True), ("2025", True, False),
     ("〔2025〕第1", True, False), ("张三 李四", False, False)],
)
def test_which_index_answers(text: str, case_number: bool, grams: bool) -> None:
    assert searches_case_number(text) is case_number
    assert gram_searchable(text) is grams


@pytest.mark.parametrize(
    ("number", "keys"),
    [
        ("肇劳人仲案字〔2025〕第123号", ("2025123", "123")),
        ("京劳人仲受字[2023]第001号", ("2023001", "001")),
        ("第7号", ("7", None)),
        ("未编号", (None, None)),
        (None, (None, None)),
    ],
)
def test_number_keys(number: str | None, keys: tuple) -> None:
    from hrss_disputes.domain.search import number_keys

    assert number_keys(number) == keys


@pytest.mark.parametrize(
    ("text", "found"),
    [("2025〕第12", True), ("〔2025〕第123号", True), ("2025-12", True), ("123", True), ("12", True),
     ("2025〕第124", False), ("23", False), ("2024", False)],
)
def test_number_matches(text: str, found: bool) -> None:
    from hrss_disputes.domain.search import number_matches

    assert number_matches("肇劳人仲案字〔2025〕第123号", text) is found
