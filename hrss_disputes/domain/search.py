"""How the search box matches cases: the rule shared by the SQL search and the case list.

A text with a digit is looked for in case numbers (names have no digits, case numbers always
do); otherwise in the names of the case's parties. Matching is case-insensitive substring.
Names are indexed by their characters and two-character pieces (unigrams and bigrams), so a
name search finds its parties through an index instead of a scan.
"""

from __future__ import annotations


def normalise(text: str) -> str:
    return text.strip().lower()


def searches_case_number(text: str) -> bool:
    return any(c.isdigit() for c in text)


def grams(name: str) -> set[str]:
    """The distinct characters and two-character pieces of a name, lower case, no spaces."""
    s = normalise(name)
    singles = {c for c in s if not c.isspace()}
    pairs = {s[i:i + 2] for i in range(len(s) - 1) if not s[i].isspace() and not s[i + 1].isspace()}
    return singles | pairs


def query_grams(text: str) -> set[str]:
    """The pieces a party's name must all hold to contain ``text``."""
    t = normalise(text)
    return grams(t) if len(t) < 2 else grams(t) - set(t)  # pairs say more than their letters


def gram_searchable(text: str) -> bool:
    """Whether the gram index can answer ``text``: one word without digits."""
    t = normalise(text)
    return bool(t) and not any(c.isspace() for c in t) and not searches_case_number(t)
