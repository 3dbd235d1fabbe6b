"""Person names (PERSON) from Dutch writing conventions and name lists.

Complements the NER model and must work without it (the default pipeline is a blank
Dutch one).  Evidence, strongest first:

* forms of address and titles ("mevrouw De Boer", "dhr. P. de Vries", "prof. dr. A. Bakker"),
  e-mail header display names ("Van: Jansen, Piet (P.)"), salutations at the start of a
  line ("Beste Sanne,", "Geachte heer Yilmaz,"), initials + surname ("J.P. de Vries"),
  and the name line under a closing ("Met vriendelijke groet,") -> 0.85-0.9;
* a first name from the list followed by a capitalised surname ("Sanne Bakker") -> 0.7;
* a lone listed first name elsewhere in a sentence -> 0.35 (context words such as
  "collega" or "contactpersoon" lift it through Presidio's context enhancer).

Organisations ("Stichting Van der Velden", "Bierman B.V."), places, months, weekdays,
streets, role titles ("de minister") and capitalised sentence starters are rejected.
The name lists come from the installed deduce package (LGPL-3.0-or-later), read in place.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re
from presidio_analyzer import LocalRecognizer, RecognizerResult

from pipeline.recognizers import _lexicon
from pipeline.recognizers._base import LANGUAGE, make_result

TITLES = {
    "dhr",
    "dhr.",
    "mevr",
    "mevr.",
    "mw",
    "mw.",
    "mevrouw",
    "meneer",
    "mijnheer",
    "mej",
    "mej.",
    "drs",
    "drs.",
    "mr",
    "mr.",
    "ir",
    "ir.",
    "dr",
    "dr.",
    "prof",
    "prof.",
    "ing",
    "ing.",
    "ds",
    "ds.",
    "bc.",
    "bacc.",
    "dra.",
    "ms.",
    "mrs.",
    "mr.drs.",
    "dr.ir.",
    "prof.dr.",
    "zr.",
}
# Titles that only count as such when spelled with a dot or written in lower case
# ("Mr. Visser" and "mr Visser", but "Ing" could be a surname).
_HEER = {"heer"}
_HEER_LEADS = {"de", "geachte", "beste", "aan"}
SALUTATIONS = {
    "beste",
    "hoi",
    "hallo",
    "dag",
    "hey",
    "hi",
    "lieve",
    "goedemorgen",
    "goedemiddag",
    "goedenavond",
    "geachte",
    "hee",
    "ha",
    "hoihoi",
    "dear",
}
CLOSING = re.compile(
    r"^\s*(?:met\s+)?(?:vriendelijke|hartelijke|beste|collegiale|hoogachtende|warme)?\s*"
    r"(?:groet(?:en)?|groetjes)\s*[,.]?\s*$|^\s*(?:mvg|m\.v\.g\.|gr\.?|hoogachtend|groet)\s*,?\s*$",
    re.IGNORECASE,
)
HEADER = re.compile(r"^[ \t]*(?:Van|Aan|CC|Cc|cc|BCC|Bcc|Namens|From|To|Verzonden door)[ \t]*:[ \t]*(.+)$")

MONTHS = {
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
}
MONTH_ABBREVIATIONS = {
    "jan",
    "feb",
    "febr",
    "mrt",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "okt",
    "nov",
    "dec",
}
WEEKDAYS = {"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"}
# Capitalised words that are roles or organisation words, never a surname.
ORG_ROLE_WORDS = {
    "minister",
    "ministers",
    "staatssecretaris",
    "burgemeester",
    "wethouder",
    "wethouders",
    "voorzitter",
    "directeur",
    "directeur-generaal",
    "secretaris",
    "secretaris-generaal",
    "commissie",
    "commissaris",
    "collega",
    "collega's",
    "team",
    "afdeling",
    "directie",
    "ministerie",
    "gemeente",
    "provincie",
    "stichting",
    "vereniging",
    "raad",
    "kamer",
    "college",
    "rijksoverheid",
    "dienst",
    "bureau",
    "inspectie",
    "rechtbank",
    "staten",
    "kabinet",
    "regering",
    "woo",
    "wob",
    "uwv",
    "svb",
    "cbs",
    "belastingdienst",
    "politie",
    "koning",
    "koningin",
    "prins",
    "prinses",
    "allen",
    "iedereen",
    "lezer",
    "heer",
    "mevrouw",
    "dames",
    "heren",
    "heer/mevrouw",
    "b.v.",
    "bv",
    "n.v.",
    "nv",
    "holding",
    "groep",
    "fonds",
    "instituut",
    "universiteit",
    "school",
    "ziekenhuis",
    "centrum",
    "autoriteit",
    "agentschap",
    "nederland",
    "nederlandse",
    "rijks",
    "coördinator",
    "adviseur",
    "medewerker",
    "jurist",
    "beleidsmedewerker",
    "manager",
    "hoofd",
    "woordvoerder",
    "secretariaat",
    "postbus",
    "info",
    "servicedesk",
    "helpdesk",
    "klantcontact",
    "ambtenaar",
    "ambtenaren",
    "dgwb",
    "bzk",
    "szw",
    "vws",
    "jenv",
    "ocw",
    "fin",
    "ezk",
    "lnv",
    "ienw",
    "buza",
    "def",
    "az",
    "ministerraad",
    "tweede",
    "eerste",
    "bestuur",
    "namens",
    "diensten",
    "werkgeversdiensten",
    "oprichter",
    "administrateur",
    "pagina",
    "paginanummer",
    "bijlage",
    "onderwerp",
    "datum",
    "kenmerk",
    "betreft",
    "facilitaire",
    "juridische",
    "zaken",
    "directoraat",
    "directoraat-generaal",
    "programma",
    "project",
    "staf",
    "cluster",
    "unit",
    "regio",
    "district",
    "kantoor",
    "vestiging",
    "klant",
    "klanten",
    "burger",
    "burgers",
}
ORG_PREFIXES = {
    "stichting",
    "vereniging",
    "ministerie",
    "gemeente",
    "provincie",
    "fonds",
    "coöperatie",
    "cooperatie",
    "bedrijf",
    "firma",
    "holding",
    "maatschap",
    "kantoor",
    "advocatenkantoor",
    "school",
    "huis",
    "ziekenhuis",
    "hotel",
    "restaurant",
    "café",
    "cafe",
    "museum",
    "theater",
    "waterschap",
    "hoogheemraadschap",
    "universiteit",
    "hogeschool",
    "instituut",
    "straat",
    "plein",
    "laan",
    "station",
    "brug",
    "prijs",
    "lezing",
    "zaal",
    "gebouw",
    "fort",
    "polder",
}
ORG_SUFFIXES = re.compile(
    r"^\s*(?:B\.?V\.?|N\.?V\.?|V\.?O\.?F\.?|C\.?V\.?|&\s*(?:Zn|Zonen|Co)\b|Holding|Groep)(?!\w)"
)
STREET_ENDINGS = ("straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "dreef", "park")
INTERFIXES = sorted(
    {
        "van",
        "de",
        "der",
        "den",
        "het",
        "'t",
        "te",
        "ten",
        "ter",
        "van de",
        "van der",
        "van den",
        "van het",
        "van 't",
        "in 't",
        "in de",
        "in den",
        "in het",
        "op de",
        "op den",
        "op het",
        "op 't",
        "uit de",
        "uit den",
        "aan de",
        "aan den",
        "bij de",
        "d'",
        "da",
        "del",
        "di",
        "dos",
        "du",
        "el",
        "al",
        "la",
        "le",
        "von",
        "zur",
        "ben",
        "bin",
        "abu",
        "ait",
        "van t",
        "v.d.",
        "vd",
        "von der",
        "de la",
        "'s",
    },
    key=lambda s: -len(s.split()),
)
_INTERFIX_SET = {i.lower() for i in INTERFIXES}
_NON_INITIAL_DOTTED = {
    "B.V.",
    "N.V.",
    "N.B.",
    "P.S.",
    "C.V.",
    "V.O.F.",
    "I.O.",
    "E.A.",
    "O.A.",
    "A.U.B.",
    "U.A.",
    "T.A.V.",
    "I.V.M.",
    "M.B.T.",
    "Z.S.M.",
    "D.D.",
    "E.D.",
    "V.D.",
    "P.P.",
    "A.I.",
}
_INITIALS = re.compile(r"^(?:(?:\p{Lu}|Th|Ch|Chr|Ph|IJ)\.){1,5}$")
_CAP = re.compile(r"^(?:IJ|\p{Lu})[\p{Ll}\p{M}]+(?:['’]\p{Ll}+)?$")
_CAP_HYPHEN = re.compile(r"^(?:IJ|\p{Lu})[\p{Ll}\p{M}'’]+(?:-(?:IJ|\p{Lu})[\p{Ll}\p{M}'’]+){1,2}$")
_HYPHEN_INTERFIX = re.compile(
    r"^((?:IJ|\p{Lu})[\p{Ll}\p{M}'’]+)-(van|de|der|den|ter|ten|te|van der|van den|el)$"
)
# Endings of Dutch common nouns/adverbs, rare in surnames; only used for the weakest rule.
_NOUN_ENDINGS = (
    "ing",
    "ingen",
    "heid",
    "heden",
    "isch",
    "ische",
    "ijk",
    "lijke",
    "baar",
    "normen",
    "daarbij",
    "tie",
    "ties",
    "teit",
    "schap",
    "nis",
)
_TRAIL = ",;:!?)\"'”’"


@dataclass
class _Tok:
    text: str  # without trailing punctuation
    start: int
    end: int  # end of ``text`` in the document
    trail: str  # stripped punctuation (non-empty: a name cannot continue past it)
    line_start: bool


def _tokens(text: str, offset: int = 0) -> list[_Tok]:
    toks = []
    first = True
    for m in re.finditer(r"\S+", text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip("(\"'“‘"))
        if re.match(r"['‘][tsTS](?:$|-|[,.;:])", raw[lead - 1 :] if lead else ""):
            lead -= 1  # keep the apostrophe of "'t" and "'s-Gravenhage"
        body = raw[lead:]
        stripped = body.rstrip(_TRAIL)
        if stripped.endswith(".") and not _INITIALS.match(stripped) and stripped.lower() not in TITLES:
            stripped = stripped[:-1]
        trail = body[len(stripped) :]
        toks.append(
            _Tok(stripped, offset + m.start() + lead, offset + m.start() + lead + len(stripped), trail, first)
        )
        first = False
    return toks


class DutchPersonRecognizer(LocalRecognizer):
    """Names from titles, salutations, initials, mail headers, closings and name lists."""

    ENTITY = "PERSON"
    STRONG = 0.9
    GOOD = 0.85
    INITIAL_UNKNOWN = 0.6
    LIST_PAIR = 0.7
    LONE = 0.35
    CONTEXT = [
        "naam",
        "collega",
        "contactpersoon",
        "medewerker",
        "behandelaar",
        "behandeld",
        "gesproken",
        "sprak",
        "gebeld",
        "namens",
        "ondertekend",
        "auteur",
        "geadresseerde",
        "aanvrager",
        "verzoeker",
    ]

    def __init__(self, supported_language: str = LANGUAGE) -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name=type(self).__name__,
            supported_language=supported_language,
            context=list(self.CONTEXT),
        )

    def load(self) -> None:
        """Load the deduce name lists and derive the sets used to reject non-names."""
        self._common = _lexicon.common_words()
        self._places = _lexicon.places()
        self._surnames = _lexicon.surnames()
        blocked = MONTHS | WEEKDAYS | ORG_ROLE_WORDS | _INTERFIX_SET
        self._first = frozenset(
            n
            for n in _lexicon.first_names()
            if n.lower() not in blocked and n.lower() not in self._common and n.lower() not in self._places
        )

    # -- word tests ------------------------------------------------------------------------
    def _blocked_word(self, word: str) -> bool:
        low = word.lower()
        return low in MONTHS or low in MONTH_ABBREVIATIONS or low in WEEKDAYS or low in ORG_ROLE_WORDS

    def _surname_ok(self, word: str, after_interfix: bool = False) -> bool:
        """A capitalised (possibly hyphenated) word that can be a surname.

        After an interfix ("in 't Veld", "van der Hoek") common words are fine as surnames.
        """
        if not (_CAP.match(word) or _CAP_HYPHEN.match(word)):
            return False
        parts = word.split("-")
        for p in parts:
            low = p.lower()
            if self._blocked_word(p) or low in _INTERFIX_SET:
                return False
            if low in self._common and p not in self._surnames and not after_interfix:
                return False
        if word.lower().endswith(STREET_ENDINGS) and word not in self._surnames:
            return False
        return True

    def _is_first(self, word: str) -> bool:
        return word in self._first or ("-" in word and all(p in self._first for p in word.split("-")))

    # -- name parsing ----------------------------------------------------------------------
    def _interfix_len(self, toks: list[_Tok], i: int) -> int:
        """Number of tokens forming an interfix at ``i`` (0 if none); "Van der" counts too."""
        for size in (3, 2, 1):
            if i + size > len(toks):
                continue
            if any(t.trail for t in toks[i : i + size]):
                continue
            words = " ".join(t.text for t in toks[i : i + size])
            if words.lower() in _INTERFIX_SET and (words == words.lower() or words[:1].isupper()):
                return size
        return 0

    def _surname_at(self, toks: list[_Tok], i: int) -> int | None:
        """Index after a surname starting at ``i`` (optional interfix, hyphenated forms), or None."""
        j = i + self._interfix_len(toks, i)
        if j >= len(toks):
            return None
        word = toks[j].text
        m = _HYPHEN_INTERFIX.match(word)
        if m and not toks[j].trail and j + 1 < len(toks) and self._surname_ok(toks[j + 1].text, True):
            return j + 2  # "Jansen-de Wit"
        if self._surname_ok(word, after_interfix=j > i):
            # "Jansen- van Dijk" is rare; stop here.
            return j + 1
        return None

    def _name_at(self, toks: list[_Tok], i: int, given_any: bool) -> tuple[int, bool] | None:
        """Parse [initials | given names] [interfix] surname from ``i``.

        Returns (end index, has_initials_or_known_given).  ``given_any`` accepts an
        unknown capitalised given name when a surname follows (after a title).
        """
        j = i
        known = False
        while j < len(toks) and _INITIALS.match(toks[j].text) and toks[j].text not in _NON_INITIAL_DOTTED:
            known = True
            j += 1
            if toks[j - 1].trail:
                return None
        if j == i:
            # given names: up to two
            for _ in range(2):
                if j >= len(toks) or toks[j].trail:
                    break
                w = toks[j].text
                if self._is_first(w) or (given_any and self._surname_ok(w)):
                    nxt = self._surname_at(toks, j + 1)
                    if nxt is None:
                        break
                    known = known or self._is_first(w)
                    j += 1
                else:
                    break
        end = self._surname_at(toks, j)
        if end is None:
            if j > i and not _INITIALS.match(toks[j - 1].text):
                return j, known
            return None
        return end, known

    # -- organisation / place filters -----------------------------------------------------
    def _org_context(self, text: str, toks: list[_Tok], i: int, end: int, places: bool = False) -> bool:
        """True if the span is part of an organisation name (or, with ``places``, is a place name)."""
        if i > 0 and toks[i - 1].text.lower() in ORG_PREFIXES and not toks[i - 1].trail:
            return True
        after = text[toks[end - 1].end : toks[end - 1].end + 12]
        if ORG_SUFFIXES.match(after):
            return True
        name = " ".join(t.text for t in toks[i:end]).lower()
        return places and name in self._places

    # -- rules -----------------------------------------------------------------------------
    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Apply all rules line by line, then keep the best non-overlapping spans."""
        cands: list[tuple[int, int, float, str]] = []
        lines = text.split("\n")
        offset = 0
        after_closing = 0
        for line in lines:
            toks = _tokens(line, offset)
            if after_closing and toks:
                cands.extend(self._signature(line, offset, toks))
                after_closing = (
                    0 if self._is_name_line(toks) or toks[0].text[:1].isupper() else after_closing - 1
                )
            if CLOSING.match(line):
                after_closing = 3
            cands.extend(self._header(line, offset))
            cands.extend(self._in_line(text, toks))
            offset += len(line) + 1
        return self._select(cands)

    def _in_line(self, text: str, toks: list[_Tok]) -> list[tuple[int, int, float, str]]:
        out = []
        n = len(toks)
        i = 0
        while i < n:
            t = toks[i]
            low = t.text.lower()
            is_title = low in TITLES and not (
                t.text[:1].isupper()
                and "." not in t.text
                and low not in {"mevrouw", "meneer", "mijnheer", "dhr", "mevr", "mw"}
            )
            is_heer = low in _HEER and i > 0 and toks[i - 1].text.lower() in _HEER_LEADS
            if (is_title or is_heer) and not t.trail:
                j = i + 1
                while j < n and toks[j].text.lower() in TITLES and not toks[j - 1].trail:
                    j += 1
                if j < n and not toks[j - 1].trail:
                    parsed = self._name_at(toks, j, given_any=True)
                    if parsed and not self._org_context(text, toks, j, parsed[0]):
                        out.append((toks[j].start, toks[parsed[0] - 1].end, self.STRONG, "title"))
                        i = parsed[0]
                        continue
                i = j
                continue
            if t.line_start and low in SALUTATIONS and not t.trail and i + 1 < n:
                nxt = toks[i + 1].text.lower()
                if nxt in TITLES or nxt in _HEER:
                    i += 1
                    continue
                parsed = self._name_at(toks, i + 1, given_any=True)
                if parsed is None and self._salute_name_ok(toks[i + 1].text):
                    parsed = (i + 2, False)
                if parsed:
                    end = parsed[0]
                    last = toks[end - 1]
                    closes = bool(set(last.trail) & set(",!")) or end == n
                    if closes and not self._org_context(text, toks, i + 1, end):
                        out.append((toks[i + 1].start, last.end, self.GOOD, "salutation"))
                        i = end
                        continue
            if _INITIALS.match(t.text) and t.text not in _NON_INITIAL_DOTTED:
                parsed = self._name_at(toks, i, given_any=False)
                if parsed and parsed[0] > i + 1:
                    end = parsed[0]
                    score = self._initials_score(toks, i, end)
                    if score and not self._org_context(text, toks, i, end):
                        out.append((t.start, toks[end - 1].end, score, "initials"))
                        i = end
                        continue
            if self._is_first(t.text) and not t.trail:
                parsed = self._name_at(toks, i, given_any=False)
                if (
                    parsed
                    and parsed[0] > i + 1
                    and not self._org_context(text, toks, i, parsed[0], places=True)
                ):
                    end = parsed[0]
                    if not self._sentence_start(toks, i) or not self._pair_is_phrase(toks, i, end):
                        out.append((t.start, toks[end - 1].end, self.LIST_PAIR, "first_name_surname"))
                        i = end
                        continue
                followed_by_cap = i + 1 < n and toks[i + 1].text[:1].isupper()  # "Willem Alexanderstraat"
                if (
                    not self._sentence_start(toks, i)
                    and not followed_by_cap
                    and not (i > 0 and toks[i - 1].text.lower() in ORG_PREFIXES)
                ):
                    out.append((t.start, t.end, self.LONE, "first_name"))
            i += 1
        return out

    def _salute_name_ok(self, word: str) -> bool:
        return (
            bool(_CAP.match(word) or _CAP_HYPHEN.match(word))
            and self._surname_ok(word)
            or self._is_first(word)
        )

    def _initials_score(self, toks: list[_Tok], i: int, end: int) -> float | None:
        initials = [t for t in toks[i:end] if _INITIALS.match(t.text)]
        n_letters = sum(t.text.count(".") for t in initials)
        surname = toks[end - 1].text
        known = surname in self._surnames or any(p in self._surnames for p in surname.split("-"))
        has_interfix = end - i - len(initials) > 1
        if n_letters >= 2 or known or has_interfix:
            return self.GOOD
        prev = toks[i - 1].text if i > 0 else ""
        if toks[i].line_start or self._sentence_start(toks, i) or (prev and not prev[-1:].isalnum()):
            return None  # "A. Inleiding", "## B. Aangezien": an enumerated item, not a name
        if len(surname) < 3:
            return None
        if len(surname) > 12 or surname.lower().endswith(_NOUN_ENDINGS):
            return None  # "T. Beveiligingsnormen": a sentence ending in an initial-like letter
        return self.INITIAL_UNKNOWN

    @staticmethod
    def _sentence_start(toks: list[_Tok], i: int) -> bool:
        if i == 0:
            return True
        prev = toks[i - 1]
        return bool(prev.trail and prev.trail[-1] in ".!?:") or prev.text.endswith((".", "!", "?"))

    def _pair_is_phrase(self, toks: list[_Tok], i: int, end: int) -> bool:
        """At a sentence start "Mark Rutte" is a name, "Hoop Bakker" unlikely; require a listed surname."""
        last = toks[end - 1].text
        return not (last in self._surnames or any(p in self._surnames for p in last.split("-")))

    # -- e-mail headers and signatures -----------------------------------------------------
    def _header(self, line: str, offset: int) -> list[tuple[int, int, float, str]]:
        m = HEADER.match(line)
        if not m:
            return []
        out = []
        body_start = m.start(1)
        for part in re.finditer(r"[^;]+", m.group(1)):
            entry = part.group(0)
            cut = re.search(r"\s*(?:<[^>]*>|\[mailto:[^\]]*\]|\S+@\S+).*$", entry)
            name = entry[: cut.start()] if cut else entry
            lead = len(name) - len(name.lstrip(" \t\"'"))
            name = name.strip(" \t\"'")
            if not name:
                continue
            start = offset + body_start + part.start() + lead
            if self._header_name_ok(name):
                out.append((start, start + len(name), self.STRONG, "mail_header"))
        return out

    def _header_name_ok(self, name: str) -> bool:
        inverted = re.fullmatch(
            r"(?P<sur>[^,()]+),\s*(?P<given>[^,()]+?)(?:\s*\((?P<ini>[\p{Lu}. ]+)\))?", name
        )
        if inverted:
            sur_toks = _tokens(inverted.group("sur"))
            if not sur_toks or self._surname_at(sur_toks, 0) != len(sur_toks):
                return False
            given = _tokens(inverted.group("given"))
            return (
                bool(given)
                and all(
                    _INITIALS.match(t.text)
                    or (_CAP.match(t.text) or _CAP_HYPHEN.match(t.text))
                    and not self._blocked_word(t.text)
                    for t in given
                )
                and len(given) <= 3
            )
        toks = _tokens(name)
        if not toks or len(toks) > 6 or any(t.trail for t in toks[:-1]):
            return False
        parsed = self._name_at(toks, 0, given_any=True)
        return bool(parsed) and parsed[0] == len(toks) and len(toks) >= 2

    def _is_name_line(self, toks: list[_Tok]) -> bool:
        """A signature line: a name shape with list evidence (a known first name or surname, or initials)."""
        if not 1 <= len(toks) <= 6 or any(t.trail for t in toks[:-1]):
            return False
        if any(any(ch.isdigit() for ch in t.text) or self._blocked_word(t.text) for t in toks):
            return False
        evidence = any(
            _INITIALS.match(t.text)
            or self._is_first(t.text)
            or t.text in self._surnames
            or any(p in self._surnames for p in t.text.split("-"))
            for t in toks
        )
        if not evidence:
            return False  # "Facilitaire Diensten", "Paginanummer"
        parsed = self._name_at(toks, 0, given_any=True)
        if parsed and parsed[0] == len(toks):
            return True
        return len(toks) == 1 and self._is_first(toks[0].text)

    def _signature(self, line: str, offset: int, toks: list[_Tok]) -> list[tuple[int, int, float, str]]:
        if not self._is_name_line(toks):
            return []
        return [(toks[0].start, toks[-1].end, self.GOOD, "signature")]

    # -- output ----------------------------------------------------------------------------
    def _select(self, cands: list[tuple[int, int, float, str]]) -> list[RecognizerResult]:
        chosen: list[tuple[int, int, float, str]] = []
        for c in sorted(cands, key=lambda c: (-c[2], -(c[1] - c[0]), c[0])):
            if c[1] <= c[0] or any(c[0] < o[1] and o[0] < c[1] for o in chosen):
                continue
            chosen.append(c)
        return [make_result(self, self.ENTITY, s, e, score, rule) for s, e, score, rule in sorted(chosen)]
