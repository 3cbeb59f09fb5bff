"""How the search box matches cases: the rule shared by the SQL search and the case list.

A text with a digit is looked for in case numbers (names have no digits, case numbers always
do); otherwise in the names of the case's parties. Matching is case-insensitive substring.
Names are indexed by their two-character pieces (bigrams), so a text of two or more characters
finds its parties through an index instead of a scan.
"""

from __future__ import annotations


def normalise(text: str) -> str:
    return text.strip().lower()


def searches_case_number(text: str) -> bool:
    return any(c.isdigit() for c in text)


def bigrams(name: str) -> set[str]:
    """The distinct two-character pieces of a name, lower case, none spanning a space."""
    s = normalise(name)
    return {s[i:i + 2] for i in range(len(s) - 1) if not s[i].isspace() and not s[i + 1].isspace()}


def gram_searchable(text: str) -> bool:
    """Whether the bigram index can answer ``text``: two characters or more, one word, no digit."""
    t = normalise(text)
    return len(t) >= 2 and not any(c.isspace() for c in t) and not searches_case_number(t)
