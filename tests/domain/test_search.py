"""The search rule shared by the SQL search and the list's in-memory narrowing."""

import pytest

from hrss_disputes.domain.search import bigrams, gram_searchable, searches_case_number


def test_bigrams() -> None:
    assert bigrams("郑琪") == {"郑琪"}
    assert bigrams("肇庆市鼎盛") == {"肇庆", "庆市", "市鼎", "鼎盛"}
    assert bigrams("张三 ABC") == {"张三", "ab", "bc"}  # no piece spans the space; lower case
    assert bigrams("王") == set()


@pytest.mark.parametrize(
    ("text", "case_number", "grams"),
    [("郑", False, False), ("郑琪", False, True), (" 郑琪 ", False, True), ("2025", True, False),
     ("〔2025〕第1", True, False), ("张三 李四", False, False)],
)
def test_which_index_answers(text: str, case_number: bool, grams: bool) -> None:
    assert searches_case_number(text) is case_number
    assert gram_searchable(text) is grams
