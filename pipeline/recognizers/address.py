"""Dutch addresses (NL_ADDRESS): street + house number and postcode + place.

Scores: an address block (street line directly followed by a postcode/place line,
or both on one line) 0.85 per line; street + number or postcode + place alone 0.6;
a bare postcode 0.35.  Address context words ("adres", "woonachtig", ...) add
Presidio's context boost, except for a bare postcode that running text names as an
area ("de wijken met postcode 9430 DG en omgeving"): no house, no resident, it stays.

Organisation addresses: a "Postbus 123" / "Antwoordnummer 123" line and the
postcode/place that belongs to it are NOT returned (an organisation's postal address
is no personal data and stays readable).  A visiting address is scored as an
organisation's (ORG_SCORE, below the 0.5 threshold, rule "organisation_address") when
its block says so, looking up at most four non-empty lines (up to a ruled line) from
the street/postcode line:

* a line naming an organisation or department above it ("UWV", "## JURIDISCH
  KENNISCENTRUM (JKC)", "Ministerie van ...", "Gemeente ...", "Bezoekadres"), or
* a Postbus/Antwoordnummer line within two lines of it,

unless a person comes first on the way up ("Mevrouw X", "De heer Y", "T.a.v. ...",
initials + surname, or a name line): that is a citizen's address block, which stays high
together with its place.  Other visiting addresses of organisations (in running text)
still need an allow-list entry in the rules file.

Streets are recognised by a typical ending ("-straat", "-laan", "-gracht", ...) or by
deduce's BAG-derived street list; a one-word listed street without such an ending
("Markt", "Kamer", "Punt") only counts inside an address block.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import LocalRecognizer, RecognizerResult

from pipeline import vocab
from pipeline.recognizers import _lexicon
from pipeline.recognizers._base import LANGUAGE, make_result, mark_context_applied

# Endings that make a capitalised word a street on their own ("Kerkstraat", "Rijksweg").
STRONG_SUFFIXES = tuple(vocab.ordered("street_endings"))
# Endings that only count for names in deduce's street list ("Eekholt", "Zuiderhaven"):
# plain words end in them too ("Monitoring", "Achterhoek", "Handhaven").
STREET_SUFFIXES = STRONG_SUFFIXES + tuple(vocab.ordered("street_endings_listed"))
# Words that start a longer street name ("Oude Gracht", "Prins Bernhardlaan").
STREET_PREFIXES = vocab.words("street_prefixes")
NOT_STREETS = vocab.words("not_streets")
_HOUSE_NUMBER = re.compile(
    r"(?<![\w.,/-])\d{1,5}(?:\s?-\s?\d{1,5})?(?:-?[a-zA-Z](?![\w]))?"
    r"(?:\s(?:bis|hs|huis|zw|rd|bg|I{1,3}|boven|beneden)(?![\w]))?"
    r"(?![\w%€]|[.,:/-]\d|\s?%)"
)
_WORD = re.compile(r"(?:'[st][- ]?)?[\p{L}][\p{L}\p{M}'.\-]*$")
_POSTCODE = re.compile(r"(?<![\w-])[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}(?![\w-])")
_PLACE_WORD = re.compile(r"(?:'[sStT][- ])?\p{Lu}[\p{L}'\-]*|aan|den|de|op|bij|in|an|der")
_POSTBUS_LINE = re.compile(r"^\s*(?:#+\s*)?(?:Retouradres\s+)?(?:Postbus|Antwoordnummer)\b", re.IGNORECASE)
_POSTBUS_NEAR = re.compile(r"\b(?:Postbus|Antwoordnummer)\s*\d", re.IGNORECASE)
_POSTBUS = re.compile(r"\b(?:Postbus|POSTBUS|postbus|Antwoordnummer|antwoordnummer)(?:\s+\d+)?\s*,?\s*$")
# Upper-case pairs that follow a year or number in running text far more often than a postcode:
# Dutch words and benefit-law abbreviations ("in 2016 WW-uitkering", "2019 ZW").
_NOT_POSTCODE_LETTERS = vocab.words("not_postcode_letters")


# The first word of a line that names an organisation or one of its departments.
_ORG_LINE = re.compile(
    r"^(?:#+\s*)?(?:" + "|".join(vocab.ordered("org_line_words")) + r")(?![\p{Ll}])",
    re.IGNORECASE,
)
_CITIZEN_LINE = re.compile(
    r"^(?:mevrouw|mevr\.?|mw\.?|mej\.?|de\s+heer|dhr\.?|heer|familie|fam\.|t\.a\.v\.?|ter\s+attentie|"
    r"aan\s+(?:mevrouw|de\s+heer))(?!\w)",
    re.IGNORECASE,
)
_INITIALS_LINE = re.compile(r"^(?:\p{Lu}\.){1,5}\s*(?:\p{Ll}+\s+)*\p{Lu}\p{Ll}")
_NAME_LINE = re.compile(
    r"^(?:(?:\p{Lu}\.)+\s*)?\p{Lu}[\p{Ll}\p{M}'’-]+"
    r"(?:\s+(?:van|de|der|den|ter|ten|te|het|'t|in|op|(?:\p{Lu}\.)+|\p{Lu}[\p{Ll}\p{M}'’-]+)){1,5}$"
)
_BLOCK_END = re.compile(r"^\s*[_\-=.*]{3,}\s*$")


def _previous_nonempty_line(text: str, line_start: int, max_lines: int = 3) -> str:
    """The nearest non-empty line above the line starting at ``line_start`` (within a few lines)."""
    end = line_start - 1
    for _ in range(max_lines):
        if end < 0:
            return ""
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():
            return text[start:end]
        end = start - 1
    return ""


class NlAddressRecognizer(LocalRecognizer):
    """Street + house number, postcode + place, and address blocks in letters."""

    ENTITY = "NL_ADDRESS"
    BLOCK_SCORE = 0.85
    LINE_SCORE = 0.6
    POSTCODE_ONLY_SCORE = 0.35
    ORG_SCORE = 0.4  # an organisation's visiting address: reported, below the default threshold
    CONTEXT = [
        "adres",
        "woonadres",
        "huisadres",
        "woonachtig",
        "wonende",
        "woonplaats",
        "postcode",
        "verblijfadres",
        "correspondentieadres",
        "verhuisd",
        "woont",
    ]

    def __init__(self, supported_language: str = LANGUAGE) -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name=type(self).__name__,
            supported_language=supported_language,
            context=list(self.CONTEXT),
        )

    def load(self) -> None:
        """Read the street and place lists once (lazily cached in _lexicon)."""
        self._streets = _lexicon.streets()
        self._places = _lexicon.places()

    # -- streets ---------------------------------------------------------------------------
    def _streets_in(self, text: str) -> list[tuple[int, int, bool]]:
        """(start, end, strong) of street + house number; strong = not a bare listed word."""
        found = []
        for m in _HOUSE_NUMBER.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            before = text[line_start : m.start()]
            if not before.endswith(" ") or before.endswith("  "):
                continue
            words = before[:-1].split(" ")[-5:]
            street = self._longest_street(words)
            if street is None:
                continue
            name, strong = street
            number = m.group(0)
            if _POSTCODE.match(text, m.start()):
                continue  # "Zomerhofstraat 3032 CK": the number is a postcode, house number missing
            if re.match(r"(?:19|20)\d\d(?!\d)", number):
                strong = False  # "Achterhoek 2022": a year, not a house number, unless in a block
            found.append((m.start() - 1 - len(name), m.end(), strong))
        return found

    def _longest_street(self, words: list[str]) -> tuple[str, bool] | None:
        if not words or not _WORD.match(words[-1]):
            return None
        last = words[-1]
        if last.lower().strip(".") in NOT_STREETS:
            return None
        best: tuple[str, bool] | None = None
        for k in range(1, len(words) + 1):
            part = words[-k:]
            if not all(_WORD.match(w) for w in part) or not (
                part[0][:1].isupper() or part[0][:2] in ("'s", "'t")
            ):
                continue
            name = " ".join(part)
            low = name.lower()
            if low in self._places:
                continue  # "Amsterdam 8", "Groot-Amsterdam 2022"
            listed = low in self._streets
            if not last[:1].isupper() and not (listed and k > 1):
                continue  # "De lancering 2", "De mei 2018"
            # "Kerkstraat" yes; a bare "Markt" or "Weg" is a street only inside an address block.
            strong_suffix = any(
                last.lower().endswith(sfx) and len(last) > len(sfx) + 1 for sfx in STRONG_SUFFIXES
            ) and not last.lower().endswith(("slaan", "staan", "gaan"))  # "Opslaan 5" is a verb
            weak_suffix = any(
                last.lower().endswith(sfx) and len(last) > len(sfx) + 1 for sfx in STREET_SUFFIXES
            )
            extends = k == 1 or all(w.lower() in STREET_PREFIXES for w in part[:-1])
            if listed and (k > 1 or weak_suffix):
                best = (name, True)
            elif strong_suffix and extends:
                best = (name, True)
            elif k == 1 and listed and best is None:
                best = (name, False)
        return best

    # -- postcodes -------------------------------------------------------------------------
    def _postcodes_in(self, text: str) -> list[tuple[int, int, bool]]:
        """(start, end, with_place) of postcode (+ place), skipping Postbus addresses."""
        found = []
        for m in _POSTCODE.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            same_line = text[line_start : m.start()]
            # The nearest non-empty line above ("Postbus 20901" / "" / "2500 EX Den Haag").
            prev_line = _previous_nonempty_line(text, line_start)
            if _POSTBUS.search(same_line) or (not same_line.strip() and _POSTBUS.search(prev_line.rstrip())):
                continue
            end = self._place_end(text, m.end())
            letters = m.group(0)[-2:]
            if end == m.end() and (letters in _NOT_POSTCODE_LETTERS or 1900 <= int(m.group(0)[:4]) <= 2099):
                continue  # a bare "2016 VA" is more likely a year than a postcode
            found.append((m.start(), end, end > m.end()))
        return found

    def _place_end(self, text: str, pos: int) -> int:
        """End of the place name after a postcode, or ``pos`` if none follows."""
        gap = re.match(r",?[ \t]{1,3}", text[pos:])
        if not gap:
            return pos
        i = pos + gap.end()
        line_end = text.find("\n", i)
        line = text[i : line_end if line_end >= 0 else len(text)]
        words = []
        for w in re.finditer(r"\S+", line):
            words.append(w)
            if len(words) == 5:
                break
        best = 0
        for k in range(1, len(words) + 1):
            tokens = [w.group(0).rstrip(",.;") for w in words[:k]]
            if not all(_PLACE_WORD.fullmatch(t) for t in tokens):
                break
            if " ".join(tokens).lower() in self._places:
                best = k
        if best == 0 and words:
            first = words[0].group(0).rstrip(",.;")
            titlecase = first[:1].isupper() and not first.isupper()  # "USZ" is a code, not a place
            if _PLACE_WORD.fullmatch(first) and titlecase and first.lower() not in _lexicon.common_words():
                best = 1
        if best == 0:
            return pos
        last = words[best - 1]
        return i + last.start() + len(last.group(0).rstrip(",.;"))

    # -- combining -------------------------------------------------------------------------
    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Streets and postcodes, scored higher when they form an address block."""
        streets = self._streets_in(text)
        postcodes = self._postcodes_in(text)
        results: list[RecognizerResult] = []
        used_postcodes: set[int] = set()
        for s_start, s_end, strong in streets:
            block = None
            for idx, (p_start, _p_end, _) in enumerate(postcodes):
                if p_start < s_end or idx in used_postcodes:
                    continue
                between = text[s_end:p_start]
                if re.fullmatch(r"\s*,?\s*", between) and between.count("\n") <= 1:
                    block = idx
                    break
            if block is None:
                if strong:
                    results.append(make_result(self, self.ENTITY, s_start, s_end, self.LINE_SCORE, "street"))
                continue
            used_postcodes.add(block)
            p_start, p_end, _ = postcodes[block]
            if "\n" in text[s_end:p_start]:
                results.append(
                    make_result(self, self.ENTITY, s_start, s_end, self.BLOCK_SCORE, "address_block")
                )
                results.append(
                    make_result(self, self.ENTITY, p_start, p_end, self.BLOCK_SCORE, "address_block")
                )
            else:
                results.append(
                    make_result(self, self.ENTITY, s_start, p_end, self.BLOCK_SCORE, "address_line")
                )
        for idx, (p_start, p_end, with_place) in enumerate(postcodes):
            if idx in used_postcodes:
                continue
            score = self.LINE_SCORE if with_place else self.POSTCODE_ONLY_SCORE
            if not with_place and _area_postcode(text, p_start, p_end):
                area = make_result(self, self.ENTITY, p_start, p_end, score, "postcode_area")
                results.append(mark_context_applied(area))  # "postcode" must not lift it over the threshold
                continue
            results.append(make_result(self, self.ENTITY, p_start, p_end, score, "postcode"))
        for r in results:
            if r.score > self.ORG_SCORE and self._organisation_block(text, r.start):
                org = make_result(self, self.ENTITY, r.start, r.end, self.ORG_SCORE, "organisation_address")
                r.score, r.analysis_explanation = org.score, org.analysis_explanation
                mark_context_applied(r)  # "Bezoekadres" must not lift it back over the threshold
        return results

    # -- whose address -----------------------------------------------------------------------
    def _organisation_block(self, text: str, pos: int) -> bool:
        """Whether the address line at ``pos`` belongs to an organisation's address block (see module doc)."""
        line_start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if _ORG_LINE.match(line.strip()) and not _HOUSE_NUMBER.match(line.strip()):
            return True  # "Bezoekadres: Stationsweg 10"
        above: list[str] = []  # up to four non-empty lines above, nearest first, up to a ruled line
        for prev in text[max(0, line_start - 1000) : line_start].split("\n")[:-1][::-1]:
            if not prev.strip():
                continue
            if _BLOCK_END.match(prev) or len(above) == 4:
                break
            above.append(prev)
        below = [ln for ln in text[line_start : line_start + 1000].split("\n")[1:6] if ln.strip()][:2]
        org = False
        for prev in above:
            stripped = prev.strip().lstrip("#").strip()
            if _CITIZEN_LINE.match(stripped) or _INITIALS_LINE.match(stripped):
                return False
            if self._org_line(stripped):
                org = True
                break
            if self._is_address_line(stripped):
                continue
            if _NAME_LINE.match(stripped):
                return False
        if org:
            return True
        return any(_POSTBUS_NEAR.search(ln) for ln in below + above[:2])

    def _is_address_line(self, line: str) -> bool:
        return bool(_POSTCODE.search(line) or _POSTBUS_LINE.match(line) or re.search(r"\d", line))

    @staticmethod
    def _org_line(line: str) -> bool:
        """A line naming an organisation or department: an organisation word first, or in capitals."""
        if len(line.split()) > 8:
            return False  # running text, not a letterhead or signature line
        if _ORG_LINE.match(line):
            return True
        letters = [ch for ch in line if ch.isalpha()]
        return len(letters) >= 4 and all(ch.isupper() for ch in letters)


# "... in de wijken met postcode 9430 DG en omgeving": the word "postcode" in prose (lower case,
# after other lower-case words) right before a bare postcode that a lower-case word or the sentence's
# end follows.  Not when the line speaks of someone's home ("woont", "adres", "mijn", "uw", ...).
_AREA_BEFORE = re.compile(r"\b\p{Ll}+\b[^\n:]*?(?<![\w-])postcode(?:s|gebied(?:en)?)?[ \t]+$")
_AREA_AFTER = re.compile(
    r"(?:[ \t]+(?:en|of|tot|t/m|in|is|zijn|was|waren|heeft|hebben|wordt|worden)\b|[.;)]|[ \t]*$)"
)
_RESIDENCE = re.compile(
    r"\b(?:woon\w*|wonend\w*|woont|adres\w*|verhuis\w*|verblijf\w*|mijn|uw|haar|zijn|betrokkene|"
    r"cli[eë]nt\w*|klant\w*|verzoeker\w*|aanvrager\w*|huisnummer\w*)\b",
    re.IGNORECASE,
)


def _area_postcode(text: str, start: int, end: int) -> bool:
    """Whether a bare postcode at ``start:end`` is named as an area in running text, not as someone's home."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    before, after = text[line_start:start], text[end : line_end if line_end >= 0 else len(text)]
    return bool(_AREA_BEFORE.search(before) and _AREA_AFTER.match(after) and not _RESIDENCE.search(line))
