r"""Whole-word search for a literal term (a name, an e-mail address) without compiling a regex.

decide looks for every redacted term again on each page that may hold it, and counts
the occurrences that stay readable on purpose; a batch has tens of thousands of
distinct terms.  Compiling a regex per term cost about 70 µs, more than the searches
themselves.  A WordPattern finds exactly what the regex

    (?<![\w<before>]) w1 \s+ w2 \s+ ... wn (?![\w<after>])     (optionally re.IGNORECASE)

finds, in the same leftmost, non-overlapping order, with ``str.find`` and a few
character tests (tests/test_wordmatch.py compares them over all of Unicode).  Only a
case-insensitive term outside ASCII still gets the regex: re's case folding of
non-ASCII letters is wider than ``str.lower``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# What re.IGNORECASE equates beyond lower(): Turkish i's, the long s, the Kelvin sign.
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})


def fold(text: str) -> str:
    """Lower-case ``text`` for substring tests; same length as ``text`` (İ is mapped before lower())."""
    return text.translate(_FOLD).lower()


class Span:
    """What a match of a WordPattern gives: the re.Match methods decide uses."""

    __slots__ = ("_end", "_start", "_string")

    def __init__(self, string: str, start: int, end: int) -> None:
        self._string, self._start, self._end = string, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end

    def group(self, index: int = 0) -> str:
        if index:
            raise IndexError("no such group")
        return self._string[self._start : self._end]


class WordPattern:
    """``term`` (words separated by single spaces) as a whole word, any whitespace between its words.

    ``not_before`` / ``not_after``: characters besides word characters that may not touch
    the match (decide's terms: "@.-" before, "@-" after, so "jan" is not found in
    "jan.devries@..." and "Vries" not in "de-Vries").
    """

    __slots__ = ("_fold", "_not_after", "_not_before", "_regex", "_words")

    def __init__(
        self, term: str, *, ignore_case: bool = False, not_before: str = "", not_after: str = ""
    ) -> None:
        words = term.split(" ")
        self._not_before = frozenset(not_before)
        self._not_after = frozenset(not_after)
        self._fold = ignore_case
        self._regex: re.Pattern | None = None
        if not all(words) or (ignore_case and not term.isascii()):
            body = r"\s+".join(re.escape(w) for w in words)
            before = f"(?<![\\w{re.escape(not_before)}])" if not_before else r"(?<!\w)"
            after = f"(?![\\w{re.escape(not_after)}])" if not_after else r"(?!\w)"
            self._regex = re.compile(before + body + after, re.IGNORECASE if ignore_case else 0)
        self._words = [fold(w) for w in words] if ignore_case else words

    def finditer(self, text: str, folded: str | None = None) -> Iterator[Span | re.Match]:
        """Matches in ``text``; ``folded``: ``fold(text)`` if the caller has it already."""
        if self._regex is not None:
            yield from self._regex.finditer(text)
            return
        hay = (folded if folded is not None else fold(text)) if self._fold else text
        first, rest = self._words[0], self._words[1:]
        n = len(text)
        not_before, not_after = self._not_before, self._not_after
        pos = 0
        while True:
            i = hay.find(first, pos)
            if i < 0:
                return
            pos = i + 1
            if i:
                ch = text[i - 1]
                if ch.isalnum() or ch == "_" or ch in not_before:
                    continue
            j = i + len(first)
            for w in rest:
                k = j
                while k < n and text[k].isspace():
                    k += 1
                if k == j or not hay.startswith(w, k):
                    break
                j = k + len(w)
            else:
                if j < n:
                    ch = text[j]
                    if ch.isalnum() or ch == "_" or ch in not_after:
                        continue
                yield Span(text, i, j)
                pos = j
