"""Dutch vocabulary as data: one word list per kind, read once from the files beside this module.

Why: the same kinds of words (titles, interfixes, months, organisation words, ...) were
Python literals in several modules and drifted apart.  Each kind now lives in one
``<kind>.txt`` file here (one entry per line, ``#`` starts a comment, entries are kept as
written, inner spaces included) and every module asks this one for it, so a site can
extend a list without touching code and a change reaches every stage that uses it.

Files whose entries carry a value (``month_abbreviations.txt``: ``jan 1``) are read with
:func:`mapping`; files whose order matters (``months.txt``: January first) with :func:`ordered`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["kinds", "mapping", "ordered", "single_words", "words"]


@cache
def ordered(kind: str) -> tuple[str, ...]:
    """The entries of ``<kind>.txt`` in file order (comments and blank lines left out)."""
    path = resources.files(__name__).joinpath(f"{kind}.txt")
    if not path.is_file():
        raise KeyError(f"no vocabulary list {kind!r} (expected {kind}.txt in pipeline/vocab)")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split(" #", 1)[0].strip()  # "#" opens a comment at a line start or after a space
        if entry and not entry.startswith("#"):
            out.append(entry)
    return tuple(out)


@cache
def words(kind: str) -> frozenset[str]:
    """The entries of ``<kind>.txt`` as a set, for membership tests."""
    return frozenset(ordered(kind))


@cache
def single_words(kind: str) -> frozenset[str]:
    """The one-word entries of ``<kind>.txt`` ("van", "'t"; not "van der")."""
    return frozenset(w for w in words(kind) if " " not in w)


@cache
def mapping(kind: str) -> dict[str, int]:
    """``<kind>.txt`` read as ``entry value`` lines (the value an integer): e.g. month numbers."""
    out: dict[str, int] = {}
    for entry in ordered(kind):
        key, value = entry.rsplit(None, 1)
        out[key] = int(value)
    return out


def kinds() -> list[str]:
    """Every list shipped, by name (for tests and for documentation)."""
    return sorted(p.name[:-4] for p in resources.files(__name__).iterdir() if p.name.endswith(".txt"))
