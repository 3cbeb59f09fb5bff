"""How the search box matches cases: the rule shared by the SQL search and the case list.

A text with a digit looks for case numbers (names have no digits, case numbers always do) by
the digits typed, from the start of the year or of the sequence number; any other text looks
for a case-insensitive substring of the names of the case's parties.
Names are indexed by their two-character pieces (bigrams), so a text of two or more characters
finds its parties through an index instead of a scan.
"""

from __future__ import annotations


def normalise(text: str) -> str:
    return text.strip().lower()


def searches_case_number(text: str) -> bool:
    return any(c.isdigit() for c in text)


def number_matches(case_number: str | None, text: str) -> bool:
    """A case number is found by the digits typed, read from the start of its year or of its
    sequence number: "2025〕第12", "2025-12" and "12" all find 肇劳人仲案字〔2025〕第123号."""
    digits = digits_of(text)
    return any(k is not None and k.startswith(digits) for k in number_keys(case_number))


def bigrams(name: str) -> set[str]:
    """The distinct two-character pieces of a name, lower case, none spanning a space."""
    s = normalise(name)
    return {s[i:i + 2] for i in range(len(s) - 1) if not s[i].isspace() and not s[i + 1].isspace()}


def gram_searchable(text: str) -> bool:
    """Whether the bigram index can answer ``text``: two characters or more, one word, no digit."""
    t = normalise(text)
    return len(t) >= 2 and not any(c.isspace() for c in t) and not searches_case_number(t)


def number_keys(case_number: str | None) -> tuple[str | None, str | None]:
    """Digit keys of a case number, for prefix search: all its digits, and the digits from its
    second run of digits on. 肇劳人仲案字〔2025〕第123号 → ("2025123", "123"), so typing
    "2025〕第12" or "123" is a range in an index rather than a scan."""
    if not case_number:
        return None, None
    runs, run = [], ""
    for c in case_number:
        if c.isdigit():
            run += c
        elif run:
            runs.append(run)
            run = ""
    if run:
        runs.append(run)
    if not runs:
        return None, None
    return "".join(runs)[:30], ("".join(runs[1:])[:30] or None)


def digits_of(text: str) -> str:
    return "".join(c for c in text if c.isdigit())
