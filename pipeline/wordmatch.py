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

    __slots__ = ("_fold", "_key", "_not_after", "_not_before", "_regex", "_words")

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
        # The term's first run of word characters, if it is ASCII and ends at a non-word
        # ASCII character or the word's end: every match then starts with a whole word of
        # the text whose fold() equals it (see find_in; re.IGNORECASE equates no other
        # characters with ASCII ones than those fold() maps).
        self._key: str | None = None
        run = _ASCII_WORD.match(words[0])
        if run and (run.end() == len(words[0]) or _ASCII_NON_WORD.match(words[0], run.end())):
            self._key = fold(run.group())

    def finditer(self, text: str, folded: str | None = None) -> Iterator[Span | re.Match]:
        """Matches in ``text``; ``folded``: ``fold(text)`` if the caller has it already."""
        if self._regex is not None:
            yield from self._regex.finditer(text)
            return
        hay = (folded if folded is not None else fold(text)) if self._fold else text
        first = self._words[0]
        pos = 0
        while True:
            i = hay.find(first, pos)
            if i < 0:
                return
            j = self._end_at(text, hay, i)
            if j < 0:
                pos = i + 1
                continue
            yield Span(text, i, j)
            pos = j

    def find_in(self, index: WordIndex) -> Iterator[Span | re.Match]:
        """``finditer(index.text)``, with the text's whole words as the candidate starts.

        A match cannot start inside a word, and its first characters form a whole word
        of the text (the term's first word run, see __init__): so only the places of
        that word are tried, instead of every occurrence of it as a substring.
        """
        if self._key is None:
            yield from self.finditer(index.text, index.folded)
            return
        text = index.text
        if self._regex is not None:  # a term outside ASCII, ignoring case: the regex, at those places
            end = 0
            for k in index.by_word.get(self._key, ()):
                if index.starts[k] >= end:
                    m = self._regex.match(text, index.starts[k])
                    if m:
                        yield m
                        end = m.end()
            return
        hay = index.folded if self._fold else text
        first, starts = self._words[0], index.starts
        pos = 0
        for k in index.by_word.get(self._key, ()):
            i = starts[k]
            if i < pos or not hay.startswith(first, i):
                continue
            j = self._end_at(text, hay, i)
            if j >= 0:
                yield Span(text, i, j)
                pos = j

    def _end_at(self, text: str, hay: str, i: int) -> int:
        """Where a match starting at ``i`` ends, or -1 (``hay`` holds the first word at ``i``)."""
        if i:
            ch = text[i - 1]
            if ch.isalnum() or ch == "_" or ch in self._not_before:
                return -1
        n = len(text)
        j = i + len(self._words[0])
        for w in self._words[1:]:
            k = j
            while k < n and text[k].isspace():
                k += 1
            if k == j or not hay.startswith(w, k):
                return -1
            j = k + len(w)
        if j < n:
            ch = text[j]
            if ch.isalnum() or ch == "_" or ch in self._not_after:
                return -1
        return j


_ASCII_WORD = re.compile(r"[A-Za-z0-9_]+")
_ASCII_NON_WORD = re.compile(r"[\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]")
_WORD = re.compile(r"\w+")


class WordIndex:
    """The whole words (runs of ``\\w``) of a text, by their fold(): where each one occurs.

    decide searches a page for hundreds of batch terms; with the index, a term of whole
    words costs a dictionary look-up instead of a scan of the page (WordPattern.find_in).
    """

    __slots__ = ("by_word", "ends", "folded", "starts", "text")

    def __init__(self, text: str, folded: str | None = None) -> None:
        self.text = text
        self.folded = folded if folded is not None else fold(text)
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.by_word: dict[str, list[int]] = {}
        for k, m in enumerate(_WORD.finditer(text)):
            start, end = m.span()
            self.starts.append(start)
            self.ends.append(end)
            self.by_word.setdefault(self.folded[start:end], []).append(k)
