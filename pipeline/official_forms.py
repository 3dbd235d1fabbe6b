"""The written forms of one public official's name, and whether a person span or address is one.

Why apart: an official introduced once ("wethouder Anna de Vries") appears elsewhere as
``Vries, Anna de`` (an e-mail header), ``A. de Vries``, ``De Vries`` and in her own
address ``a.devries@gemeente.nl``.  Each form is parsed into given names, initials,
interfix and surname and compared part by part, so a civil servant ``Arjen de Vries``
(another first name) or ``B. de Vries`` (another initial) is never taken for her.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline import vocab
from pipeline.wordmatch import fold

_INTERFIXES = vocab.single_words("interfixes") | {"in", "op", "'t"}
_TITLES = {t.strip(".") for t in vocab.words("titles")} | {"heer", "de heer", "hr", "the", "mrs", "mr", "ms"}
_CAPITALISED_INTERFIXES = {"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "in", "op", "vd"}
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]?\.?$|^[^\W\d_]$")
# Consumer mail: an official's private address there is personal data like anyone's.
_PRIVATE_DOMAINS = re.compile(
    r"@(?:gmail|googlemail|hotmail|outlook|live|msn|yahoo|icloud|me|mac|ziggo|kpnmail|kpnplanet|planet|"
    r"home|hetnet|xs4all|upcmail|chello|casema|quicknet|zeelandnet|online|telfort|tele2|proton|protonmail|"
    r"gmx|aol|caiway|solcon)\.",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NameForm:
    """A person's name as written, in parts; all parts folded to lower case."""

    given: tuple[str, ...]  # written-out first names ("anna")
    initials: str  # initials without dots ("am" for "A.M.")
    interfix: str  # "de", "van der"; "" when none
    surname: str  # "vries", "berg-jansen"

    @property
    def first_initial(self) -> str:
        return self.given[0][:1] if self.given else self.initials[:1]

    def canonical(self) -> str:
        """A plain written form ("Anna de Vries", "A. de Vries") to carry across a batch."""
        first = " ".join(g.capitalize() for g in self.given) or ".".join(self.initials.upper()) + "."
        sur = "-".join(p.capitalize() for p in self.surname.split("-"))
        return " ".join(x for x in (first, self.interfix, sur) if x)


def _is_interfix(token: str, first: bool = False) -> bool:
    """Lower case ("de", "van der"); capitalised only at the start ("De Vries"), never "Ben" or "Abu"."""
    low = fold(token)
    if token == low:
        return low in _INTERFIXES
    return first and low in _CAPITALISED_INTERFIXES


def _tokens(text: str) -> list[str]:
    text = re.sub(r"<[^>]*>|\([^)]*\)|\S+@\S+", " ", text)  # an address, "(Anna)" after initials
    return [t.strip("\"'`,;:") for t in text.split() if t.strip("\"'`,;:")]


def _split(tokens: list[str]) -> tuple[list[str], list[str], list[str]] | None:
    """(given/initial tokens, interfix tokens, surname tokens) of a "First [interfix] Surname" form."""
    toks = [t for t in tokens if fold(t).strip(".") not in _TITLES]
    # a run-on span ends at the first lower-case word that is not an interfix ("... het voorstel")
    for i, t in enumerate(toks):
        if not t[:1].isupper() and not _is_interfix(t) and not _INITIALS.match(t):
            toks = toks[:i]
            break
    while toks and _is_interfix(toks[-1], len(toks) == 1):
        toks.pop()
    if not toks or _INITIALS.match(toks[-1]) or not toks[-1][:1].isupper():
        return None
    start = len(toks) - 1
    for i, t in enumerate(toks[:-1]):
        if _is_interfix(t, i == 0):
            start = i
            break
    j = start
    while j < len(toks) - 1 and _is_interfix(toks[j], j == start):
        j += 1
    return toks[:start], toks[start:j], toks[j:]


@functools.lru_cache(maxsize=8192)
def parse_name(text: str) -> NameForm | None:
    """The parts of a written name, or None when ``text`` does not look like one.

    ``Vries, Anna de`` (surname first, as in e-mail headers and lists), ``A.M. de Vries``,
    ``mevrouw De Vries``, ``Anna de Vries``.
    """
    text = re.sub(r"\s+", " ", text).strip()
    if "," in text:
        left, _, right = text.partition(",")
        lt, rt = _tokens(left), _tokens(right)
        lt = [t for t in lt if fold(t).strip(".") not in _TITLES]
        rt = [t for t in rt if fold(t).strip(".") not in _TITLES]
        if not lt or not rt:
            return None
        # "Vries, Anna de"; also "Vries de, A." and "De Vries, A."
        inter = [t for t in rt if _is_interfix(t)] + [t for t in lt[:-1] if _is_interfix(t, True)]
        inter += [t for t in lt[-1:] if len(lt) > 1 and _is_interfix(t)]
        given = [t for t in rt if not _is_interfix(t)]
        sur = [t for t in lt if t not in inter]
        if not given or not sur or not all(t[:1].isupper() for t in given + sur):
            return None
    else:
        parts = _split(_tokens(text))
        if parts is None:
            return None
        given, inter, sur = parts
    if any(_INITIALS.match(t) for t in sur) or not all(re.fullmatch(r"[^\W\d_][\w'’-]*", t) for t in sur):
        return None
    names = tuple(fold(t) for t in given if not _INITIALS.match(t) and len(t) > 1)
    initials = "".join(fold(c) for t in given if _INITIALS.match(t) for c in t if c.isalpha())
    if names and not initials:
        initials = "".join(n[0] for n in names)
    return NameForm(names, initials, " ".join(fold(t) for t in inter), fold(" ".join(sur)))


def same_person(form: NameForm, official: NameForm, surname_alone: bool) -> bool:
    """Whether ``form`` can be ``official`` and nobody else the document would also name so.

    The surname (and the interfix, when the form writes one) must agree; a written-out first
    name must be one of the official's written-out ones, initials must agree as far as both
    go.  A surname
    alone only when ``surname_alone`` (the official is named in this very document).  An
    official known only by surname ("Wethouder De Vries") matches no form with a first
    name: who "Arjen de Vries" is cannot be told.
    """
    if form.surname != official.surname:
        return False
    if form.interfix and form.interfix != official.interfix:
        return False
    if form.given:  # "Kyra Heijmans" is not known to be "minister K.C. Heijmans"
        return form.given[0] in official.given
    if form.initials:  # "A. de Vries" or "A.M. de Vries" for Anna; "K.F." is not "K.C."
        a, b = form.initials, official.initials
        return bool(b) and a[0] == b[0] and (a.startswith(b) or b.startswith(a))
    if not form.interfix and official.interfix and not surname_alone:
        return False
    return surname_alone


@functools.lru_cache(maxsize=4096)
def address_locals(official: NameForm) -> frozenset[str]:
    """The local parts an organisation makes of this name: a.devries, anna.de.vries, adevries ..."""
    firsts = {official.first_initial} | set(official.given[:1])
    if len(official.initials) > 1:
        firsts.add(official.initials)
    firsts.discard("")
    if not firsts:
        return frozenset()
    inter = official.interfix.split()
    sur = official.surname.replace(" ", "")
    surnames = {sur, sur.replace("-", "")}
    out: set[str] = set()
    for sep in ("", ".", "_", "-"):
        rests = {*(("".join(inter) + s) for s in surnames), *(sep.join([*inter, s]) for s in surnames)}
        for first in firsts:
            out.update(first + sep + r for r in rests)
    return frozenset(out)


def is_own_address(address: str, officials: list[NameForm]) -> bool:
    """An official's own work address: its local part is one of their name forms; never consumer mail."""
    if "@" not in address or _PRIVATE_DOMAINS.search(address):
        return False
    local = fold(address.split("@", 1)[0].strip("<>\"' "))
    return any(local in address_locals(o) for o in officials)
