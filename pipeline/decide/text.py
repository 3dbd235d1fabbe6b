"""Text utilities of decide: whitespace normalisation, whole-word patterns and cheap pre-tests.

Why apart: matching rules and consistency search both need them, and the pre-tests
(``might_contain``, ``ascii_probe``) carry a proof obligation (no match may be missed)
that is easier to keep when they stand alone.
"""

from __future__ import annotations

import functools
import re

from pipeline.wordmatch import WordPattern, fold

__all__ = ["ascii_probe", "fold", "might_contain", "normalize", "word_pattern"]

_ASCII_RUN = re.compile(r"[a-z0-9]+")


def ascii_probe(term: str) -> str:
    """The longest run of ASCII letters and digits in ``fold(term)``, if 3+ long, else "".

    Every case-insensitive match of ``term`` contains it after fold(): the only characters
    re.IGNORECASE equates with ASCII ones are İ ı ſ K (checked over all of Unicode in the
    tests), and fold() maps those to them.  Letters outside ASCII are left out of the
    probe: their case-insensitive matches ("Tanır" = "Tanir") are wider than lower().
    """
    runs = _ASCII_RUN.findall(fold(term))
    best = max(runs, key=len, default="")
    return best if len(best) >= 3 else ""


def might_contain(folded: str, needle: str) -> bool:
    """False only if ``needle`` cannot occur in the text ``folded`` came from, even ignoring case.

    The cheap test before a regex scan.  A needle outside ASCII is tested by its longest
    ASCII run (see ascii_probe), or passes if it has none.
    """
    if needle.isascii():
        return fold(needle) in folded
    probe = ascii_probe(needle)
    return not probe or probe in folded


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@functools.lru_cache(maxsize=65536)
def word_pattern(text: str, ignore_case: bool = False) -> WordPattern:
    """Whole-word match of ``text`` with any whitespace between its words (not next to @ . -)."""
    return WordPattern(normalize(text), ignore_case=ignore_case, not_before="@.-", not_after="@-")


def _phone_digits(text: str) -> str:
    d = re.sub(r"\D", "", text)
    if d.startswith("0031"):
        d = "0" + d[4:]
    elif d.startswith("31") and text.strip().startswith("+"):
        d = "0" + d[2:]
    return d
