"""WordPattern must find exactly what the regex it replaces finds (pipeline/wordmatch.py)."""

from __future__ import annotations

import random
import re
import sys

import pytest

from pipeline.decide import word_pattern
from pipeline.wordmatch import WordPattern, fold


def _regex(term: str, ignore_case: bool, not_before: str, not_after: str) -> re.Pattern:
    body = r"\s+".join(re.escape(w) for w in term.split(" "))
    before = f"(?<![\\w{re.escape(not_before)}])" if not_before else r"(?<!\w)"
    after = f"(?![\\w{re.escape(not_after)}])" if not_after else r"(?!\w)"
    return re.compile(before + body + after, re.IGNORECASE if ignore_case else 0)


def _spans(pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _same(term: str, text: str, ignore_case: bool, not_before: str = "", not_after: str = "") -> None:
    expected = [m.span() for m in _regex(term, ignore_case, not_before, not_after).finditer(text)]
    wp = WordPattern(term, ignore_case=ignore_case, not_before=not_before, not_after=not_after)
    got = [m.span() for m in wp.finditer(text)]
    assert got == expected, (term, text, ignore_case)
    assert [m.span() for m in wp.finditer(text, fold(text))] == expected
    assert [m.group(0) for m in wp.finditer(text)] == [text[s:e] for s, e in expected]


ALL_CHARS = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]


def test_every_character_as_boundary_and_separator() -> None:
    """\\w, \\s and the extra boundary characters agree with re for every code point.

    One text per case holds every code point once, between spaces, so a single search
    covers them all.
    """
    names = " ".join(ch + "jan" for ch in ALL_CHARS) + " ".join("jan" + ch for ch in ALL_CHARS)
    two_words = " ".join("jan" + ch + "de" for ch in ALL_CHARS)
    for ignore_case in (False, True):
        for term, text, extra in (("jan", names, ("@.-", "@-")), ("jan de", two_words, ("", ""))):
            rx = _regex(term, ignore_case, *extra)
            wp = WordPattern(term, ignore_case=ignore_case, not_before=extra[0], not_after=extra[1])
            assert _spans(wp, text) == _spans(rx, text)


def test_every_character_against_every_ascii_letter_ignoring_case() -> None:
    """A case-insensitive ASCII term matches exactly the characters re.IGNORECASE equates with it."""
    text = " " + " ".join(ALL_CHARS) + " "
    folded = fold(text)
    for c in "abcdefghijklmnopqrstuvwxyz0123456789_":
        got = [m.span() for m in WordPattern(c, ignore_case=True).finditer(text, folded)]
        assert got == _spans(_regex(c, True, "", ""), text), c


@pytest.mark.parametrize("ignore_case", [False, True])
def test_random_texts(ignore_case: bool) -> None:
    rng = random.Random(7)
    alphabet = "aAbBjJnN  \t\n.-@_éÉİıſ\u212a\u00a01"
    terms = ["jan", "Jan", "a-b", "jan de", "an.n", "b@a", "ja n", "Jansen-de Wit", "ij", "é", "sk", "a a"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        term = rng.choice(terms)
        # plant the term with random case and spacing now and then
        if rng.random() < 0.5:
            planted = rng.choice(["  ", "\n", " "]).join(term.split(" "))
            planted = "".join(c.upper() if rng.random() < 0.5 else c for c in planted)
            at = rng.randint(0, len(text))
            text = text[:at] + planted + text[at:]
        _same(term, text, ignore_case, "@.-", "@-")
        _same(term, text, ignore_case)


def test_overlapping_candidates_are_found_left_to_right() -> None:
    _same("x-x", "x-x-x x-x", False)
    _same("aa", "aaa aa", True)
    _same("de de", "de de de de", True)


def test_non_ascii_terms_ignoring_case_use_the_regex() -> None:
    """re folds Tanır = TANIR = tanir; str.lower() does not, so these keep the regex."""
    _same("Tanır", "TANIR en tanir en Tanır", True)
    assert [m.group(0) for m in word_pattern("Tanır", ignore_case=True).finditer("TANIR, tanir")] == [
        "TANIR",
        "tanir",
    ]


def test_word_pattern_boundaries() -> None:
    text = "jan.devries@x.nl, Jan de Vries; de-Vries en Vries-Bakker en Jan  de\nVries"
    assert [m.group(0) for m in word_pattern("Vries").finditer(text)] == ["Vries", "Vries"]
    assert [m.group(0) for m in word_pattern("jan de vries", ignore_case=True).finditer(text)] == [
        "Jan de Vries",
        "Jan  de\nVries",
    ]
