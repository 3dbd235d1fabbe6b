"""Synthetic Woo-style passages (e-mail headers, signatures, minutes, letters) with gold spans.

Why: real releases show few visible name slots, so the shapes that matter most
for redaction (an e-mail header, a signature block, "mevrouw De Boer", a list of
attendees) are composed here around real body text, with organisations and
places labelled so the model learns to tell them from persons.

API:

- ``compose(rng, bodies) -> (text, spans)``: one passage; ``bodies`` are lines of
  real (marker-free) text spliced in as body; spans are ``(start, end, label, value)``
  with labels PER, ORG, LOC, EMAIL, PHONE.
- ``tag_known(text) -> spans``: ORG/LOC spans for well-known organisations and
  Dutch places (gazetteer), used to label real body text.
- ``ORGS``, ``CITIES``: the gazetteers.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

from models.synth.refill import Cast, Span, fake_phone

ORGS = [
    "UWV",
    "Uitvoeringsinstituut Werknemersverzekeringen",
    "SVB",
    "Sociale Verzekeringsbank",
    "Belastingdienst",
    "Ministerie van Sociale Zaken en Werkgelegenheid",
    "ministerie van SZW",
    "SZW",
    "Inlichtingenbureau",
    "CBS",
    "Centrale Raad van Beroep",
    "CRvB",
    "Autoriteit Persoonsgegevens",
    "Nationale ombudsman",
    "DUO",
    "IND",
    "Kadaster",
    "Arbo Unie",
    "NVVG",
    "Divosa",
    "VNG",
    "FNV",
    "CNV",
    "Inspectie SZW",
    "Tweede Kamer",
    "RIVM",
    "GGD",
    "Rijksoverheid",
    "Gemeente Amsterdam",
    "gemeente Rotterdam",
    "gemeente Utrecht",
    "gemeente Súdwest-Fryslân",
    "Raad van State",
    "Algemene Rekenkamer",
    "KNMG",
    "Zorginstituut Nederland",
    "Ministerie van Justitie en Veiligheid",
    "Ministerie van Financiën",
    "CAK",
    "CJIB",
    "Logius",
    "NVWA",
    "Stichting Samenwerkingsverband",
    "Cedris",
    "AWVN",
    "MKB-Nederland",
    "VNO-NCW",
    "Randstad",
    "Rechtbank Amsterdam",
    "rechtbank Den Haag",
    "Hoge Raad",
    "Capgemini",
    "KPMG",
    "Deloitte",
    "Movisie",
    "Landelijk Cliëntenraad",
    "Ombudsman Metropool Amsterdam",
    "Belastingdienst/Toeslagen",
    "SER",
]
_ORG_UNITS = [
    "Klantcontact",
    "Bezwaar en Beroep",
    "Sociaal Medische Zaken",
    "Juridische Zaken",
    "Werkbedrijf",
    "Bestuurszaken",
    "Handhaving",
    "Uitkeren",
    "Data Services",
    "Communicatie",
    "Privacy Office",
]
ROLES = [
    "adviseur",
    "beleidsadviseur",
    "senior beleidsadviseur",
    "teamleider",
    "verzekeringsarts",
    "arbeidsdeskundige",
    "jurist",
    "adviseur bezwaar en beroep",
    "projectleider",
    "casemanager",
    "manager",
    "procesbegeleider",
    "privacy officer",
    "woordvoerder",
    "data-analist",
    "secretaris",
    "afdelingsmanager",
    "medewerker",
    "klantmanager",
    "functionaris gegevensbescherming",
]
SUBJECTS = [
    "Woo-verzoek",
    "RE: overleg",
    "FW: stand van zaken",
    "Verslag",
    "Vraag over dossier",
    "Agenda MT",
    "Concept nota",
    "Terugkoppeling",
    "RE: RE: planning",
    "Afspraak",
    "Herinnering",
]
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"]


@lru_cache(maxsize=1)
def _cities() -> tuple[str, ...]:
    from faker.providers.address.nl_NL import Provider

    skip = {"Best", "Born", "Son", "Ede", "Epe", "Lent", "Lith", "Echt", "Heer", "Hoorn", "Loon", "Ee"}
    return tuple(sorted(c for c in Provider.cities if c not in skip and len(c) > 3))


CITIES = _cities()


@lru_cache(maxsize=1)
def _gazetteer_re() -> re.Pattern:
    orgs = sorted(set(ORGS), key=len, reverse=True)
    cities = sorted(set(CITIES), key=len, reverse=True)
    org_alt = "|".join(re.escape(o) for o in orgs)
    city_alt = "|".join(re.escape(c) for c in cities)
    return re.compile(rf"(?<![\w@.])(?:(?P<ORG>{org_alt})|(?P<LOC>{city_alt}))(?![\w@])")


def tag_known(text: str) -> list[Span]:
    """ORG/LOC spans for gazetteer entries in ``text`` (case-sensitive, whole words, not in e-mail)."""
    spans: list[Span] = []
    for m in _gazetteer_re().finditer(text):
        label = "ORG" if m.group("ORG") else "LOC"
        spans.append((m.start(), m.end(), label, m.group(0)))
    return spans


class _Builder:
    """Appends text pieces and records the spans of the labelled ones."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0
        self.spans: list[Span] = []

    def add(self, s: str, label: str | None = None) -> None:
        if label and s:
            self.spans.append((self.n, self.n + len(s), label, s))
        self.parts.append(s)
        self.n += len(s)

    def add_text(self, s: str) -> None:
        """Plain text whose gazetteer hits become ORG/LOC spans."""
        for a, b, lab, v in tag_known(s):
            self.spans.append((self.n + a, self.n + b, lab, v))
        self.add(s)

    def text(self) -> str:
        return "".join(self.parts)


def _date(rng: random.Random) -> str:
    return f"{rng.choice(DAYS)} {rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2015, 2025)}"


def _org(rng: random.Random) -> str:
    return rng.choice(ORGS)


def _name(b: _Builder, cast: Cast, i: int, rng: random.Random, styles: list[str]) -> None:
    b.add(cast.persons[i].render(rng.choice(styles)), "PER")


def _title_name(b: _Builder, cast: Cast, i: int, rng: random.Random) -> None:
    p = cast.persons[i]
    title = (
        ("mevrouw" if p.gender == "f" else "de heer")
        if rng.random() < 0.8
        else ("mw." if p.gender == "f" else "dhr.")
    )
    if rng.random() < 0.15:
        title = title[:1].upper() + title[1:]
    b.add(title + " ")
    _name(b, cast, i, rng, ["last_cap", "last_cap", "initials", "full"])


def _email_header(b: _Builder, cast: Cast, rng: random.Random) -> None:
    s, r = cast.pick(), cast.pick()
    b.add(rng.choice(["Van: ", "Van:\t", "From: "]))
    _name(b, cast, s, rng, ["full", "full", "last_comma_first", "initials", "roepnaam"])
    if rng.random() < 0.6:
        b.add(" <")
        b.add(cast.email(s), "EMAIL")
        b.add(">")
    b.add(
        f"\n{rng.choice(['Verzonden', 'Datum', 'Sent'])}: {_date(rng)} "
        f"{rng.randint(7, 18)}:{rng.randint(10, 59)}\n"
    )
    b.add(rng.choice(["Aan: ", "To: "]))
    for k in range(rng.randint(1, 3)):
        if k:
            b.add("; ")
        j = cast.pick() if k else r
        if rng.random() < 0.25:
            b.add(cast.email(j), "EMAIL")
        else:
            _name(b, cast, j, rng, ["full", "last_comma_first", "initials", "roepnaam"])
    b.add("\n")
    if rng.random() < 0.4:
        b.add("CC: ")
        _name(b, cast, cast.pick(), rng, ["full", "initials", "last_comma_first"])
        b.add("\n")
    b.add(f"Onderwerp: {rng.choice(SUBJECTS)}\n\n")
    greet = rng.choice(["Beste ", "Hoi ", "Hallo ", "Geachte ", "Dag "])
    b.add(greet)
    if greet == "Geachte ":
        _title_name(b, cast, r, rng)
    else:
        _name(b, cast, r, rng, ["first"])
    b.add(",\n\n")


def _signature(b: _Builder, cast: Cast, rng: random.Random) -> None:
    i = cast.pick()
    b.add(
        rng.choice(
            [
                "Met vriendelijke groet,",
                "Met vriendelijke groeten,",
                "Groet,",
                "Vriendelijke groet,",
                "Hartelijke groet,",
                "Mvg,",
            ]
        )
        + "\n\n"
    )
    _name(b, cast, i, rng, ["full", "full", "initials", "first", "full_middle"])
    b.add("\n" + rng.choice(ROLES).capitalize())
    if rng.random() < 0.6:
        b.add(" " + rng.choice(_ORG_UNITS))
    b.add("\n")
    b.add(_org(rng) if rng.random() < 0.6 else "UWV", "ORG")
    b.add("\n")
    if rng.random() < 0.5:
        b.add(rng.choice(["T ", "Tel: ", "Telefoon: ", "M ", "Mobiel: "]))
        b.add(cast.phone(i), "PHONE")
        b.add("\n")
    if rng.random() < 0.5:
        b.add(rng.choice(["E ", "E-mail: ", ""]))
        b.add(cast.email(i, "uwv.nl"), "EMAIL")
        b.add("\n")
    if rng.random() < 0.3:
        b.add(f"Werkdagen: {', '.join(rng.sample(DAYS, 3))}\n")


def _sentence(b: _Builder, cast: Cast, rng: random.Random) -> None:
    """One free sentence mentioning persons, organisations and places."""
    k = rng.randint(0, 11)
    i, j = cast.pick(), cast.pick()
    if k == 0:
        b.add(f"Op {_date(rng)} heeft ")
        _title_name(b, cast, i, rng)
        b.add(" van ")
        b.add(_org(rng), "ORG")
        b.add(" contact opgenomen met ")
        _name(b, cast, j, rng, ["full", "initials"])
        b.add(". ")
    elif k == 1:
        _title_name(b, cast, i, rng)
        b.add(f" is {rng.choice(ROLES)} bij ")
        b.add(_org(rng), "ORG")
        b.add(" in ")
        b.add(rng.choice(CITIES), "LOC")
        b.add(". ")
    elif k == 2:
        b.add("Aanwezig: ")
        for n in range(rng.randint(2, 5)):
            if n:
                b.add(", ")
            _name(b, cast, cast.pick(), rng, ["full", "initials", "initial_first", "first"])
            if rng.random() < 0.4:
                b.add(" (")
                b.add(_org(rng), "ORG")
                b.add(")")
        b.add("\n")
        if rng.random() < 0.5:
            b.add("Afwezig: ")
            _name(b, cast, cast.pick(), rng, ["full", "initials"])
            b.add("\n")
    elif k == 3:
        b.add("In overleg met ")
        _name(b, cast, i, rng, ["full", "initials", "first"])
        b.add(" en ")
        _name(b, cast, j, rng, ["full", "initials", "first"])
        b.add(f" is besloten de {rng.choice(['aanvraag', 'zaak', 'melding', 'casus'])} door te sturen naar ")
        b.add(_org(rng), "ORG")
        b.add(". ")
    elif k == 4:
        _name(b, cast, i, rng, ["first", "full"])
        b.add(rng.choice([" schreef: ", " meldt dat ", " vraagt of ", " geeft aan dat "]))
        b.add("de ")
        b.add(_org(rng), "ORG")
        b.add(f" de gegevens uiterlijk {rng.choice(DAYS)} aanlevert. ")
    elif k == 5:
        b.add("Namens ")
        b.add(_org(rng), "ORG")
        b.add(", ")
        _name(b, cast, i, rng, ["full", "initials"])
        b.add(f", {rng.choice(ROLES)}\n")
    elif k == 6:
        b.add(f"Actiepunt {rng.randint(1, 30)}: ")
        _name(b, cast, i, rng, ["first", "initials", "initial_first"])
        b.add(" stemt af met ")
        b.add(_org(rng), "ORG")
        b.add(". ")
    elif k == 7:
        b.add("Cliënt ")
        _title_name(b, cast, i, rng)
        b.add(", wonende te ")
        b.add(rng.choice(CITIES), "LOC")
        b.add(", heeft bezwaar gemaakt tegen het besluit van ")
        b.add(_org(rng), "ORG")
        b.add(". ")
    elif k == 8:
        b.add(f"Ik heb {rng.choice(['vanochtend', 'gisteren', 'net'])} ")
        _name(b, cast, i, rng, ["first", "full"])
        b.add(" gebeld; ")
        b.add("zij" if cast.persons[i].gender == "f" else "hij")
        b.add(" neemt contact op met ")
        _title_name(b, cast, j, rng)
        b.add(". ")
    elif k == 9:
        b.add("Contactpersoon: ")
        _name(b, cast, i, rng, ["full", "initials", "last_comma_first"])
        b.add(", ")
        b.add(rng.choice(["tel. ", "telefoon "]))
        b.add(cast.phone(i), "PHONE")
        b.add("\n")
    elif k == 10:
        b.add("Auteur: ")
        _name(b, cast, i, rng, ["full", "initials", "last_comma_initials"])
        b.add("\nGoedgekeurd: ")
        _name(b, cast, j, rng, ["full", "initials"])
        b.add("\n")
    else:
        b.add(f"De {rng.choice(['minister', 'staatssecretaris', 'Raad van Bestuur', 'directie'])} van ")
        b.add(_org(rng), "ORG")
        b.add(" heeft ")
        _name(b, cast, i, rng, ["full", "initials"])
        b.add(f" gevraagd een {rng.choice(['notitie', 'reactie', 'analyse'])} op te stellen. ")


def compose(rng: random.Random, bodies: list[str]) -> tuple[str, list[Span]]:
    """One synthetic passage around real body lines; returns (text, spans)."""
    cast = Cast.draw(rng)
    b = _Builder()
    kind = rng.random()
    bodies = list(bodies)
    if kind < 0.45:
        _email_header(b, cast, rng)
    for _n in range(rng.randint(1, 4)):
        if bodies and rng.random() < 0.6:
            b.add_text(bodies.pop(0).strip() + rng.choice(["\n", " ", "\n\n"]))
        _sentence(b, cast, rng)
        if rng.random() < 0.3:
            b.add("\n")
    if bodies:
        b.add_text(bodies.pop(0).strip() + "\n\n")
    if kind < 0.45 or rng.random() < 0.3:
        _signature(b, cast, rng)
    return b.text(), _dedupe(b.spans)


def _dedupe(spans: list[Span]) -> list[Span]:
    """Drop overlapping spans (keep the earlier/longer)."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if out and s[0] < out[-1][1]:
            continue
        out.append(s)
    return out


_ = fake_phone  # re-exported for callers that build their own passages
