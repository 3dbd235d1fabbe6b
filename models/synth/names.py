"""Synthetic person names as they appear in Dutch government documents.

Why: the NER model must learn the *shapes* of names that Dutch civil servants and
citizens carry, not a list of famous people.  So names are drawn from several
origins (faker's nl_NL/nl_BE, tr_TR, fr_DZ for Maghreb names, pl_PL, plus small
hand-written lists of Moroccan and Surinamese names) and rendered in the forms
that Woo documents use: "Jan de Vries", "J.P. de Vries", "De Vries, Jan",
"Vries, J. de", "Jansen-de Wit", "Achternaam, Voornaam (Roepnaam)", "mevrouw De Boer",
or a first name alone ("Hoi Anouk,").

API (everything takes a seeded ``random.Random`` so output is reproducible):

- ``Person``: frozen dataclass with ``first``, ``last`` (incl. interfix, e.g.
  "van der Berg"), ``gender`` ("m"/"f"), ``origin``; methods ``render(style)``,
  ``email_local(rng)``.
- ``make_person(rng, origin=None) -> Person``: one synthetic person.
- ``render_name(person, rng, style=None) -> str``: the person in one of ``STYLES``
  (random style if ``style`` is None).
- ``STYLES``: the rendering styles.

Name lists come from faker (pinned by the environment; see models/README.md).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from functools import cache

# Origins and their weights: roughly the mix of staff and clients in Dutch public bodies.
ORIGINS: dict[str, float] = {
    "nl": 0.55,
    "be": 0.05,
    "tr": 0.10,
    "ma": 0.12,
    "sr": 0.08,
    "pl": 0.06,
    "other": 0.04,
}

INTERFIXES = [
    "van",
    "de",
    "van der",
    "van den",
    "van de",
    "ter",
    "ten",
    "den",
    "in 't",
    "van 't",
    "op den",
    "la",
]

# Hand-written lists (common names; no real individuals intended).
_MA_FIRST_M = [
    "Mohamed",
    "Ahmed",
    "Youssef",
    "Mustafa",
    "Said",
    "Rachid",
    "Hamza",
    "Bilal",
    "Ilias",
    "Anouar",
    "Karim",
    "Khalid",
    "Abdelkader",
    "Redouan",
    "Nordin",
    "Soufiane",
    "Othman",
    "Ayoub",
    "Jamal",
]
_MA_FIRST_F = [
    "Fatima",
    "Khadija",
    "Naima",
    "Samira",
    "Malika",
    "Nadia",
    "Latifa",
    "Hanan",
    "Souad",
    "Imane",
    "Sanae",
    "Loubna",
    "Ikram",
    "Hafsa",
    "Zineb",
    "Meryem",
    "Siham",
    "Houda",
    "Nora",
]
_MA_LAST = [
    "El Amrani",
    "Bouzid",
    "El Idrissi",
    "Benali",
    "Azzouzi",
    "El Khatib",
    "Bakkali",
    "Ouali",
    "Aarab",
    "El Ouardi",
    "Boukhari",
    "Tahiri",
    "Amrani",
    "Ziani",
    "Ait Taleb",
    "El Bouchtaoui",
    "Haddouchi",
    "Chaouch",
    "Belhaj",
    "Essafi",
    "Mokhtari",
    "Achahbar",
    "Oulad Ali",
    "Ben Hammou",
    "Lahlou",
]
_SR_FIRST_M = [
    "Ravi",
    "Sunil",
    "Rakesh",
    "Anand",
    "Dinesh",
    "Roy",
    "Glenn",
    "Errol",
    "Ricardo",
    "Dennis",
    "Ashwin",
    "Kishan",
    "Navin",
    "Rudy",
    "Romeo",
    "Marlon",
    "Vikash",
    "Shiwan",
]
_SR_FIRST_F = [
    "Sharmila",
    "Anita",
    "Priya",
    "Reshma",
    "Sunita",
    "Shanti",
    "Natasja",
    "Jennifer",
    "Gracia",
    "Marlies",
    "Sandhya",
    "Kavita",
    "Rubia",
    "Ingrid",
    "Chandni",
    "Anjali",
]
_SR_LAST = [
    "Ramdin",
    "Jagesar",
    "Sewnath",
    "Ramsaroep",
    "Bhagwandin",
    "Mahabier",
    "Soekhai",
    "Kalloe",
    "Pinas",
    "Linger",
    "Wijngaarde",
    "Doelwijt",
    "Tjon A Fong",
    "Sabajo",
    "Kartodikromo",
    "Sardjoe",
    "Biharie",
    "Ramautar",
    "Jhinkoe-Rai",
    "Ameerali",
    "Nanhekhan",
    "Karijopawiro",
    "Hoepel",
    "Bouterse-Amatsaleh",
    "Tjin-A-Djie",
    "Redjopawiro",
]
_OTHER_FIRST_M = [
    "Tomasz",
    "Dimitri",
    "Ahmad",
    "Kwame",
    "Carlos",
    "Nguyen",
    "Samuel",
    "Giorgos",
    "Omid",
    "Yosef",
]
_OTHER_FIRST_F = ["Olena", "Maria", "Amina", "Li", "Ana", "Chiara", "Shirin", "Eleni", "Ngozi", "Svetlana"]
_OTHER_LAST = [
    "Kowalczyk",
    "Petrenko",
    "Haile",
    "Mensah",
    "Fernandes",
    "Tran",
    "Rossi",
    "Papadopoulos",
    "Ahmadi",
    "Okafor",
    "Ivanova",
    "Gonzalez",
    "Abebe",
    "Nowak",
    "Hussein",
]

_FAKER_LOCALES = {"nl": "nl_NL", "be": "nl_BE", "tr": "tr_TR", "ma": "fr_DZ", "pl": "pl_PL"}


@cache
def _faker_lists(locale: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(male first names, female first names, last names) from faker's person provider data."""
    import importlib

    mod = importlib.import_module(f"faker.providers.person.{locale}")
    prov = mod.Provider

    def names(attr: str) -> tuple[str, ...]:
        v = getattr(prov, attr, ())
        return tuple(sorted(v.keys() if isinstance(v, dict) else v))

    male = names("first_names_male") or names("first_names")
    female = names("first_names_female") or names("first_names")
    last = names("last_names")
    return male, female, last


@dataclass(frozen=True)
class Person:
    """One synthetic person; ``last`` includes a lower-case interfix ("van der Berg")."""

    first: str
    last: str
    gender: str
    origin: str
    middle: str = ""  # second given name (for initials like "J.P.")
    roepnaam: str = ""  # call name differing from the official first name

    @property
    def initials(self) -> str:
        parts = [self.first] + ([self.middle] if self.middle else [])
        return "".join(p[0].upper() + "." for p in parts if p)

    @property
    def surname_core(self) -> tuple[str, str]:
        """(interfix, surname without interfix): "van der Berg" -> ("van der", "Berg")."""
        for ifx in sorted(INTERFIXES, key=len, reverse=True):
            if self.last.startswith(ifx + " "):
                return ifx, self.last[len(ifx) + 1 :]
        return "", self.last

    def render(self, style: str) -> str:
        """The name in one of ``STYLES``."""
        ifx, core = self.surname_core
        cap_last = (ifx[:1].upper() + ifx[1:] + " " + core) if ifx else core
        title_m = "de heer" if self.gender == "m" else "mevrouw"
        if style == "full":
            return f"{self.first} {self.last}"
        if style == "full_middle":
            return f"{self.first} {self.middle} {self.last}" if self.middle else f"{self.first} {self.last}"
        if style == "initials":
            return f"{self.initials} {self.last}"
        if style == "initial_first":
            return f"{self.first[0]}. {self.last}"
        if style == "last_comma_first":
            return f"{core}, {self.first}{(' ' + ifx) if ifx else ''}"
        if style == "last_comma_initials":
            return f"{core}, {self.initials}{(' ' + ifx) if ifx else ''}"
        if style == "roepnaam":
            if not self.roepnaam:
                return f"{core}, {self.first}{(' ' + ifx) if ifx else ''}"
            return f"{core}, {self.first} ({self.roepnaam})"
        if style == "first":
            return self.roepnaam or self.first
        if style == "last_cap":
            return cap_last
        if style == "title_last":
            # The title itself is not part of the name span: caller renders "mevrouw " + name.
            return cap_last
        if style == "upper":
            return f"{self.first} {self.last}".upper()
        raise ValueError(f"unknown name style {style!r} ({title_m})")

    def email_local(self, rng: random.Random) -> str:
        """An e-mail local part derived from the name ("jan.devries", "j.devries", "jdevries")."""
        ifx, core = self.surname_core
        last = _ascii((ifx + core).replace(" ", "").replace("'", "")).lower()
        first = _ascii(self.roepnaam or self.first).lower().replace(" ", "")
        ini = _ascii(self.initials.replace(".", "")).lower()
        form = rng.choice(["first.last", "first.last", "i.last", "ilast", "first.i.last", "initials.last"])
        if form == "first.last":
            return f"{first}.{last}"
        if form == "i.last":
            return f"{first[:1]}.{last}"
        if form == "ilast":
            return f"{first[:1]}{last}"
        if form == "first.i.last":
            return f"{first}.{ifx.replace(' ', '')}.{core.lower()}" if ifx else f"{first}.{last}"
        return f"{ini}.{last}"


STYLES = [
    "full",
    "full",
    "full",
    "full_middle",
    "initials",
    "initials",
    "initial_first",
    "last_comma_first",
    "last_comma_initials",
    "roepnaam",
    "first",
    "first",
    "last_cap",
    "upper",
]


def _ascii(s: str) -> str:
    """Fold diacritics for e-mail addresses ("Yılmaz" -> "yilmaz", "Łukasz" -> "lukasz")."""
    s = s.replace("ı", "i").replace("ł", "l").replace("Ł", "L").replace("ß", "ss")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c) and (c.isalnum() or c in "-"))


def _pick_origin(rng: random.Random) -> str:
    r = rng.random()
    acc = 0.0
    for origin, w in ORIGINS.items():
        acc += w
        if r < acc:
            return origin
    return "nl"


def _first_last(rng: random.Random, origin: str, gender: str) -> tuple[str, str, str]:
    """(first, middle, last) for one origin."""
    if origin == "ma" and rng.random() < 0.5:
        pool = _MA_FIRST_M if gender == "m" else _MA_FIRST_F
        return rng.choice(pool), "", rng.choice(_MA_LAST)
    if origin in _FAKER_LOCALES:
        male, female, last = _faker_lists(_FAKER_LOCALES[origin])
        pool = male if gender == "m" else female
        first, middle = rng.choice(pool), (rng.choice(pool) if rng.random() < 0.35 else "")
        surname = rng.choice(last)
        if origin in ("nl", "be"):
            surname = _dutchify(rng, surname)
        return first, middle, surname
    if origin == "sr":
        pool = _SR_FIRST_M if gender == "m" else _SR_FIRST_F
        return rng.choice(pool), (rng.choice(pool) if rng.random() < 0.2 else ""), rng.choice(_SR_LAST)
    pool = _OTHER_FIRST_M if gender == "m" else _OTHER_FIRST_F
    return rng.choice(pool), "", rng.choice(_OTHER_LAST)


def _dutchify(rng: random.Random, surname: str) -> str:
    """Normalise faker's Dutch surnames and add interfixes / double names at realistic rates."""
    ifx, core = "", surname
    low = surname.lower()
    for cand in sorted(INTERFIXES, key=len, reverse=True):
        if low.startswith(cand + " "):
            ifx, core = cand, surname[len(cand) + 1 :]
            break
    if not ifx and rng.random() < 0.25:
        ifx = rng.choice(["van", "de", "van der", "van den", "van de", "ter", "ten", "den", "van 't"])
    last = f"{ifx} {core}" if ifx else core
    if rng.random() < 0.08:  # double surname "Jansen-de Wit"
        _, _, other = _faker_lists("nl_NL")
        o = rng.choice(other)
        o_ifx = rng.choice(["", "", "de ", "van ", "van der "])
        last = f"{last}-{o_ifx}{o}"
    return last


def make_person(rng: random.Random, origin: str | None = None) -> Person:
    """One synthetic person, origin drawn from ``ORIGINS`` unless given."""
    origin = origin or _pick_origin(rng)
    gender = rng.choice("mf")
    first, middle, last = _first_last(rng, origin, gender)
    roepnaam = ""
    if rng.random() < 0.1 and origin in ("nl", "be"):
        roepnaam = first[:4] if len(first) > 6 else ""
    return Person(first=first, last=last, gender=gender, origin=origin, middle=middle, roepnaam=roepnaam)


def render_name(person: Person, rng: random.Random, style: str | None = None) -> str:
    """The person rendered in ``style`` (random from ``STYLES`` if None)."""
    return person.render(style or rng.choice(STYLES))
