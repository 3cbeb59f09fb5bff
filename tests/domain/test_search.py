"""The search rule shared by the SQL search and the list's in-memory narrowing."""

import pytest

from hrss_disputes.domain.search import gram_searchable, grams, query_grams, searches_case_number


def test_grams() -> None:
    assert grams("郑琪") == {"郑", "琪", "郑琪"}
    assert grams("张三 AB") == {"张", "三", "a", "b", "张三", "ab"}  # none spans the space; lower case
    assert query_grams("肇庆市鼎盛") == {"肇庆", "庆市", "市鼎", "鼎盛"}
    assert query_grams("王") == {"王"}


@pytest.mark.parametrize(
    ("text", "case_number", "grams"),
    [("郑", False, True), ("郑琪", False, True), (" 郑琪 ", False, True), ("2025", True, False),
     ("〔2025〕第1", True, False), ("张三 李四", False, False)],
)
def test_which_index_answers(text: str, case_number: bool, grams: bool) -> None:
    assert searches_case_number(text) is case_number
    assert gram_searchable(text) is grams
