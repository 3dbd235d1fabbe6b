"""WordPattern must find exactly what the regex it replaces finds (pipeline/wordmatch.py)."""

from __future__ import annotations

import random
import re
import sys

import pytest

from pipeline.decide import word_pattern
from pipeline.wordmatch import WordIndex, WordPattern, fold


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
    assert [m.span() for m in wp.find_in(WordIndex(text))] == expected  # through the word index
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
            assert [m.span() for m in wp.find_in(WordIndex(text))] == _spans(rx, text)


def test_every_character_against_every_ascii_letter_ignoring_case() -> None:
    """A case-insensitive ASCII term matches exactly the characters re.IGNORECASE equates with it."""
    text = " " + " ".join(ALL_CHARS) + " "
    folded = fold(text)
    for c in "abcdefghijklmnopqrstuvwxyz0123456789_":
        got = [m.span() for m in WordPattern(c, ignore_case=True).finditer(text, folded)]
        assert got == _spans(_regex(c, True, "", ""), text), c
        indexed = [m.span() for m in WordPattern(c, ignore_case=True).find_in(WordIndex(text, folded))]
        assert indexed == got, c


@pytest.mark.parametrize("ignore_case", [False, True])
def test_random_texts(ignore_case: bool) -> None:
    rng = random.Random(7)
    alphabet = "aAbBjJnN  \t\n.-@_éÉİıſ\u212a\u00a01"
    terms = ["jan", "Jan", "a-b", "jan de", "an.n", "b@a", "ja n", "Jansen-de Wit", "ij", "é", "sk", "a a"]
    # outside ASCII: ignoring case, the regex, tried where the word index says
    terms += ["jan-é", "b@é.nl", "jan é", "ab_é"]
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
    _same("jan-é jan-é", "jan-é jan-é jan-é", True)  # the regex, from the word index


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


def test_word_index_candidates_over_all_of_unicode() -> None:
    """find_in starts only at whole words: no character may fold into a term's ASCII punctuation.

    Every code point sits once between "a" and "b" (and after "jan"); the term's first word
    run is a whole word of the text only if the character after it stays a non-word one.
    """
    for term, text in (
        ("a-b", " ".join("a" + ch + "b" for ch in ALL_CHARS)),
        ("jan.de", " ".join("jan" + ch + "de" for ch in ALL_CHARS)),
        ("x@y", " ".join(ch + "x@y" + ch for ch in ALL_CHARS)),
        ("a-bé", " ".join("a" + ch + "bé" for ch in ALL_CHARS)),
    ):
        index = WordIndex(text)
        for ignore_case in (False, True):
            for extra in (("", ""), ("@.-", "@-")):
                rx = _regex(term, ignore_case, *extra)
                wp = WordPattern(term, ignore_case=ignore_case, not_before=extra[0], not_after=extra[1])
                assert [m.span() for m in wp.find_in(index)] == _spans(rx, text), (term, ignore_case)


def test_terms_that_start_inside_a_word_run_fall_back_to_scanning() -> None:
    for term in ("(jan", "zoë", "'s-Gravenhage", "jan de"):
        _same(term, "Jan de Vries, (jan en zoë in 's-Gravenhage; xjan", False, "@.-", "@-")
        _same(term, "Jan de Vries, (jan en zoë in 's-Gravenhage; xjan", True, "@.-", "@-")
