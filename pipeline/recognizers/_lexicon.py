"""Dutch name, place and street lists, read at run time from the installed ``deduce`` package.

deduce (LGPL-3.0-or-later) ships curated Dutch lookup lists under
``deduce/data/lookup/src``; we read them in place instead of copying them into the
repository.  Each list is ``items.txt`` minus ``exceptions.txt`` (deduce's own rule).
If deduce is missing the recognizers still work, with smaller built-in lists.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def deduce_lookup_dir() -> Path | None:
    """The installed deduce package's ``data/lookup/src`` folder, or None."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("deduce")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "lookup" / "src"
    return path if path.is_dir() else None


def _read(rel: str, name: str = "items.txt") -> set[str]:
    base = deduce_lookup_dir()
    if base is None:
        return set()
    f = base / rel / name
    if not f.is_file():
        return set()
    return {line.strip() for line in f.read_text(encoding="utf-8").splitlines() if line.strip()}


def _list(rel: str) -> frozenset[str]:
    return frozenset(_read(rel) - _read(rel, "exceptions.txt"))


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Dutch first names (about 14,700), case as in the list ("Sanne")."""
    return _list("names/lst_first_name")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Dutch surnames (about 10,300) without interfix ("Vries", "Bakker")."""
    return _list("names/lst_surname") | _list("names/lst_interfix_surname")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Lower-case common Dutch words and stop words (capitalised at sentence start, not names)."""
    return frozenset(w.lower() for w in _list("whitelist/lst_common_word") | _list("whitelist/lst_stop_word"))


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Lower-case Dutch place, municipality, province and region names."""
    names: set[str] = set()
    for rel in ("lst_residence", "lst_municipality", "lst_province", "lst_region"):
        names |= _list(f"locations/lst_placename/{rel}")
    names |= {"den haag", "'s-gravenhage", "den bosch", "'s-hertogenbosch", "nederland"}
    return frozenset(n.lower() for n in names)


@lru_cache(maxsize=1)
def streets() -> frozenset[str]:
    """Lower-case Dutch street names (BAG derived, about 150,000)."""
    return frozenset(s.lower() for s in _list("locations/lst_street"))


@lru_cache(maxsize=1)
def dutch_words() -> frozenset[str]:
    """Lower-case Dutch word forms and lemmas (about 400,000) from spaCy's lemma lookup table.

    Read from the installed ``spacy-lookups-data`` package (the blank Dutch pipeline's own
    lemmatizer data).  Used to tell an unlisted surname ("Troch", "Güngördü") from an
    ordinary word ("Akkoord", "Analist") where a rule has no other evidence; empty if the
    package is missing.
    """
    import gzip
    import json

    try:
        import spacy_lookups_data
    except ImportError:
        return frozenset()
    f = Path(spacy_lookups_data.__file__).parent / "data" / "nl_lemma_lookup.json.gz"
    if not f.is_file():
        return frozenset()
    with gzip.open(f, "rt", encoding="utf-8") as fh:
        table = json.load(fh)
    return frozenset(w.lower() for w in (*table.keys(), *table.values()))
