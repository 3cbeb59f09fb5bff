"""How the search box matches cases: the rule shared by the SQL search and the case list.

A text with a digit looks for case numbers (names have no digits, case numbers always do) by
the digits typed, from the start of the year or of the sequence number; any other text looks
for a substring of the names of the case's parties.
Both sides are folded the same way before they are compared (``fold``): compatibility forms
(full-width letters and digits, the ideographic space) become the ordinary ones and case is
folded, so ＡＢＣ电子有限公司 is found by "abc", "ABC" or "ａｂｃ", and Straße by "strasse".
The stored keys (a case's search_text, the party_gram grams, a party's name_key) hold folded
text; SQL never folds (SQLite's lower() knows ASCII only).
Names are indexed by their two-character pieces (bigrams), so a text of two or more characters
finds its parties through an index instead of a scan.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """NFKC and case folding (NFKC again: folding may leave a form NFKC would change)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def normalise(text: str) -> str:
    """A name or a typed text as the search compares it: folded, outer spaces removed."""
    return fold(text).strip()


def name_key(name: str) -> str:
    """What a party's name_key column holds: its folded name, for lookups by the start of a name."""
    return normalise(name)[:200]


def searches_case_number(text: str) -> bool:
    return any(c.isdigit() for c in text)


def number_matches(case_number: str | None, text: str) -> bool:
    """A case number is found by the digits typed, read from the start of its year or of its
    sequence number: "2025〕第12", "2025-12" and "12" all find 肇劳人仲案字〔2025〕第123号."""
    digits = digits_of(text)
    return any(k is not None and k.startswith(digits) for k in number_keys(case_number))


def bigrams(name: str) -> set[str]:
    """The distinct two-character pieces of a name, folded, none spanning a space."""
    s = normalise(name)
    return {s[i:i + 2] for i in range(len(s) - 1) if not s[i].isspace() and not s[i + 1].isspace()}


WORD_END = "\u0001"  # stored after the last character of each word: "没" + WORD_END


def word_ends(name: str) -> set[str]:
    """The last character of each word with WORD_END: with the bigrams, every character of a name
    begins one stored gram, so a single typed character is an index range too (没 → 没…)."""
    s = normalise(name)
    return {s[i] + WORD_END for i in range(len(s)) if not s[i].isspace() and (i + 1 == len(s) or s[i + 1].isspace())}


def name_grams(name: str) -> set[str]:
    """What the party_gram index stores for a name."""
    return bigrams(name) | word_ends(name)


def gram_searchable(text: str) -> bool:
    """Whether the gram index can answer ``text``: one word, no digit (a single character is
    looked up as the range of grams it begins)."""
    t = normalise(text)
    return len(t) >= 1 and not any(c.isspace() for c in t) and not searches_case_number(t)


def search_grams(text: str) -> set[str]:
    """The grams to look ``text`` up by: its bigrams, or a single character as a prefix."""
    t = normalise(text)
    return bigrams(t) if len(t) >= 2 else {t}


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
