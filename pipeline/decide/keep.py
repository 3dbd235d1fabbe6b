"""Keep rules: allow list, public officials by name and by the role that introduces them.

Why apart: these rules leave text readable on purpose; decide and consistency both ask them.
"""

from __future__ import annotations

import re

from pipeline import vocab
from pipeline.decide.names import TITLES
from pipeline.decide.text import normalize
from pipeline.model import Document
from pipeline.officials import named_in
from pipeline.rules import Rules


def _official_names(rules: Rules, doc: Document) -> set[str]:
    names = set()
    for o in named_in(doc, rules.officials):  # a registry surname alone only where the full name is
        name = normalize(o["name"])
        names.add(name.lower())
        toks = [t for t in name.split(" ") if t.lower() not in TITLES]
        if toks:
            names.add(toks[-1].lower())  # the surname alone ("Van den Broek" -> "broek")
        # surname with interfix, e.g. "van den Broek"
        low = name.lower().split(" ")
        for i, t in enumerate(low):
            if t in TITLES and i > 0:
                names.add(" ".join(low[i:]))
                break
    return names


def _is_kept_name(text: str, kept: set[str]) -> bool:
    t = normalize(text).lower()
    if t in kept:
        return True
    toks = [x for x in re.split(r"[\s,]+", t) if x and x not in TITLES]
    return bool(toks) and all(x in kept for x in toks)


_ROLE_LINK = vocab.words("role_links")


def _next_in_list(raw: str, between: list[str]) -> bool:
    """The name follows "en" after another name ("wethouder De Vries en Piet Bos", "van Ons Dorp, en").

    Not inside a ministry's name: "minister van Sociale Zaken en Werkgelegenheid, J. Gerritse".
    """
    if not between or between[-1].lower() != "en":
        return False
    return between[0].lower() not in ("van", "voor") or bool(re.search(r",\s*en\s*$", raw))


def role_before(page_text: str, start: int, roles: list[str]) -> str | None:
    """The role word that introduces the name at ``start`` ("minister van SZW, mevrouw drs. X")."""
    window = re.sub(r"\s+", " ", page_text[max(0, start - 90) : start])
    low = window.lower()
    for role in sorted(roles, key=len, reverse=True):
        for m in re.finditer(rf"\b{re.escape(role.lower())}\b", low):
            between = window[m.end() :].replace(",", " ").split()
            if _next_in_list(window[m.end() :], between):
                continue  # "wethouder De Vries en Piet Bos": the next person of a list, not the role's
            if len(between) <= 8 and all(
                w.lower() in _ROLE_LINK
                or re.fullmatch(r"(\w\.)+", w)
                or (w[:1].isupper() and w[-1] not in ".:;!?")  # a sentence end breaks the link
                for w in between
            ):
                return role
    return None


def _role_inside(text: str, roles: list[str]) -> str | None:
    """A span that itself starts with the role ("Staatssecretaris Liza van den Velden")."""
    low = normalize(text).lower()
    for role in sorted(roles, key=len, reverse=True):
        if low.startswith(role.lower() + " "):
            return role
    return None


def _allowed(text: str, rules: Rules) -> str | None:
    t = normalize(text).lower()
    for a in rules.allow:
        if t == a.lower():
            return a
    for rx in rules.allow_regex:
        if rx.fullmatch(normalize(text)):
            return rx.pattern
    return None
