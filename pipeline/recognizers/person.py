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

from pipeline import vocab
from pipeline.recognizers import _lexicon
from pipeline.recognizers._base import LANGUAGE, make_result

TITLES = vocab.words("titles")
# Titles that only count as such when spelled with a dot or written in lower case
# ("Mr. Visser" and "mr Visser", but "Ing" could be a surname).
_HEER = {"heer"}
_HEER_LEADS = {"de", "geachte", "beste", "aan"}
SALUTATIONS = vocab.words("greetings")
CLOSING = re.compile(
    r"^\s*(?:met\s+)?(?:vriendelijke|hartelijke|beste|collegiale|hoogachtende|warme)?\s*"
    r"(?:groet(?:en)?|groetjes)\s*[,.]?\s*$|^\s*(?:mvg|m\.v\.g\.|gr\.?|hoogachtend|groet)\s*,?\s*$",
    re.IGNORECASE,
)
HEADER = re.compile(r"^[ \t]*(?:Van|Aan|CC|Cc|cc|BCC|Bcc|Namens|From|To|Verzonden door)[ \t]*:[ \t]*(.+)$")
# A chat export line: "[09:14] Silke: ...", "[12-3-2024 09:14] Manel Djoudi: ...", "09:14 - Silke: ...".
CHAT_LINE = re.compile(
    r"^[ \t]*\[?(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4},?[ \t]+)?\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]*(?:-[ \t]*)?"
    r"(?P<name>[^:\n\[\]()@]{1,60}?)[ \t]*:(?!\d)"
)
# A function line under a name in a signature block ("Klantmanager", "Senior beleidsadviseur Woo").
ROLE_LINE = re.compile(
    r"^[ \t]*(?:(?:" + "|".join(vocab.ordered("function_modifiers")) + r")[ \t]+)?"
    r"[\p{L}-]*"
    r"(?:" + "|".join(map(re.escape, vocab.ordered("function_titles"))) + r")(?![\p{L}])",
    re.IGNORECASE,
)
# Speakers of chat lines that are the platform, not a person.
CHAT_NON_SPEAKERS = vocab.words("chat_non_speakers")
MENTION_NON_PERSONS = vocab.words("mention_non_persons")
# A mention in a chat or mail: "@Silke", "@Cas van Jumiège" (not the "@" of an e-mail address).
MENTION = re.compile(r"(?<![\w.@])@(?=(?:IJ|\p{Lu})[\p{Ll}\p{M}])")
# "Label: item, item en item" lines of minutes; the label decides how much evidence an item needs.
LIST_LINE = re.compile(r"^[ \t]*(?:#+[ \t]*)?(?P<label>[^:\n]{1,40}?)[ \t]*:[ \t]*(?P<body>\S.*)$")
LIST_SEP = re.compile(r"[ \t]*[,;][ \t]*|[ \t]+(?:en|&)[ \t]+")
# Labels that introduce persons: every name-shaped item after them is a person.
ATTENDEE_LABELS = vocab.words("attendee_labels")
# Labels after which a name-shaped list is still no person list (form and memo fields).
NON_PERSON_LABELS = vocab.words("non_person_labels")

MONTHS = vocab.words("months")
MONTH_ABBREVIATIONS = frozenset(vocab.mapping("month_abbreviations"))
WEEKDAYS = vocab.words("weekdays")
# Capitalised words that are roles or organisation words, never a surname.
ORG_ROLE_WORDS = vocab.words("org_role_words")
ORG_PREFIXES = vocab.words("org_prefixes")
ORG_SUFFIXES = re.compile(
    r"^\s*(?:B\.?V\.?|N\.?V\.?|V\.?O\.?F\.?|C\.?V\.?|&\s*(?:Zn|Zonen|Co)\b|Holding|Groep)(?!\w)"
    # "Mark Bongers Academy B.V.", "Kees de Vaan opleidingen BV": a company named after a person
    r"|^\s*(?:\p{Lu}[\p{L}&-]*\s+){0,2}(?:B\.?V\.?|N\.?V\.?|V\.?O\.?F\.?)(?!\w)"
    r"|^\s*(?i:" + "|".join(map(re.escape, vocab.ordered("company_words"))) + r")(?!\w)"
)
STREET_ENDINGS = tuple(vocab.ordered("street_endings_common"))
INTERFIXES = sorted(vocab.words("interfixes"), key=lambda s: -len(s.split()))
_INTERFIX_SET = {i.lower() for i in INTERFIXES}
_NON_INITIAL_DOTTED = vocab.words("dotted_abbreviations")
_INITIALS = re.compile(r"^(?:(?:\p{Lu}|Th|Ch|Chr|Ph|IJ)\.){1,5}$")
_CAP = re.compile(r"^(?:IJ|\p{Lu})[\p{Ll}\p{M}]+(?:['’]\p{Ll}+)?$")
_CAP_HYPHEN = re.compile(r"^(?:IJ|\p{Lu})[\p{Ll}\p{M}'’]+(?:-(?:IJ|\p{Lu})[\p{Ll}\p{M}'’]+){1,2}$")
# Words before "<comma> <initials>" that are labels, not surnames ("Akkoord, P." is a paraph).
_NOT_INVERTED = vocab.words("paraph_labels")
# The first half of a double surname whose second half starts with an interfix: "Kronenberg-van".
_CUT_DOUBLE_SURNAME = re.compile(r"\p{Lu}[\w'’]+-(?:van|de|den|der|ter|ten|te)")
_HYPHEN_INTERFIX = re.compile(
    r"^((?:IJ|\p{Lu})[\p{Ll}\p{M}'’]+)-(van|de|der|den|ter|ten|te|van der|van den|el)$"
)
# Endings of Dutch common nouns/adverbs, rare in surnames; only used for the weakest rule.
_NOUN_ENDINGS = tuple(vocab.ordered("noun_endings"))
_TRAIL = ",;:!?)\"'”’"


@dataclass
class _Tok:
    text: str  # without trailing punctuation
    start: int
    end: int  # end of ``text`` in the document
    trail: str  # stripped punctuation (non-empty: a name cannot continue past it)
    line_start: bool


_WORD = re.compile(r"\S+")
_APOSTROPHE_WORD = re.compile(r"['‘][tsTS](?:$|-|[,.;:])")


def _tokens(text: str, offset: int = 0) -> list[_Tok]:
    toks = []
    first = True
    for m in _WORD.finditer(text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip("(\"'“‘"))
        if lead and _APOSTROPHE_WORD.match(raw[lead - 1 :]):
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
    SIGNATURE_UNLISTED = 0.75
    # Chat speakers, mentions and attendee lists: strong evidence, and above the NER model's 0.85 so
    # that Presidio's de-duplication keeps them inside a run-on model span ("@Houda Kun jij het").
    CHAT = 0.9
    LIST_LABELLED = 0.9
    LIST_UNLABELLED = 0.86
    LONE = 0.35
    CONTEXT = list(vocab.ordered("person_context"))

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
        self._words = _lexicon.dutch_words()
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
        after = text[toks[end - 1].end : toks[end - 1].end + 40].split("\n", 1)[0]
        if ORG_SUFFIXES.match(after):
            return True
        name = " ".join(t.text for t in toks[i:end]).lower()
        return places and name in self._places

    # -- rules -----------------------------------------------------------------------------
    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Apply all rules line by line, then keep the best non-overlapping spans.

        A span never crosses a line break (the extractor also breaks lines between table
        cells), with one exception: in running text a name cut after its interfix
        ("... en Chloë van" / "Wassenaar, ...") continues on the next line.
        """
        cands: list[tuple[int, int, float, str]] = []
        lines = text.split("\n")
        offset = 0
        after_closing = 0
        list_continues = False
        line_toks: list[list[_Tok]] = []
        for k, line in enumerate(lines):
            toks = _tokens(line, offset)
            line_toks.append(toks)
            if after_closing and toks:
                cands.extend(self._signature(line, offset, toks, first=after_closing == 3))
                after_closing = (
                    0 if self._is_name_line(toks) or toks[0].text[:1].isupper() else after_closing - 1
                )
            if CLOSING.match(line):
                after_closing = 3
            cands.extend(self._header(line, offset))
            cands.extend(self._chat(line, offset))
            cands.extend(self._mentions(line, offset))
            cands.extend(self._inverted_initials(toks))
            found, list_continues = self._name_list(line, offset, list_continues)
            cands.extend(found)
            nxt = lines[k + 1] if k + 1 < len(lines) else ""
            if toks and ROLE_LINE.match(nxt) and self._bare_name(toks) and len(toks) >= 2:
                # "Christoph Wynants" / "Klantmanager": the name line of a signature block.
                cands.append((toks[0].start, toks[-1].end, self.GOOD, "signature_role"))
            cands.extend(self._in_line(text, toks + self._wrapped_surname(toks, nxt, offset + len(line) + 1)))
            offset += len(line) + 1
        cands.extend(self._cell_fragments(lines, line_toks))
        return self._select(cands)

    def _cell_fragments(
        self, lines: list[str], line_toks: list[list[_Tok]]
    ) -> list[tuple[int, int, float, str]]:
        """A name wrapped inside a table cell: "Marcel van 't" ... "Troch".

        The extractor reads a table row by row: the first line of every cell, then the
        wrapped rest.  A short line that is a first name (or initials) plus an interfix
        cannot be a whole name; its surname is the next line that is a single surname-like
        word, before the next row starts (a line with digits).  Both parts are returned.
        ``line_toks``: the tokens of each line (with document offsets), as analyze made them.
        """
        out = []
        for k, toks in enumerate(line_toks):
            if not 2 <= len(toks) <= 4 or toks[-1].trail or toks[-1].text != toks[-1].text.lower():
                continue
            n = len(toks)
            while n > 0 and toks[n - 1].text.lower() in _INTERFIX_SET:
                n -= 1
            if n == 0 or n == len(toks) or n > 2:
                continue
            if not all(self._is_first(t.text) or _INITIALS.match(t.text) for t in toks[:n]):
                continue
            for j in range(k + 1, min(k + 7, len(lines))):
                if any(ch.isdigit() for ch in lines[j]):
                    break  # the next row
                nxt = line_toks[j]
                if len(nxt) != 1 or nxt[0].trail or nxt[0].text.lower() in self._places:
                    continue
                if (
                    self._surname_ok(nxt[0].text)
                    and not self._is_first(nxt[0].text)
                    and not self._unlisted_word(nxt)
                    and not ROLE_LINE.search(lines[j])
                ):
                    out.append((toks[0].start, toks[-1].end, self.LIST_PAIR, "cell_fragment"))
                    out.append((nxt[0].start, nxt[0].end, self.LIST_PAIR, "cell_surname"))
                    break
        return out

    def _wrapped_surname(self, toks: list[_Tok], next_line: str, next_offset: int) -> list[_Tok]:
        """The next line's first token when this prose line ends inside a name ("Chloë van")."""
        if len(toks) < 4 or toks[-1].trail or toks[-1].text != toks[-1].text.lower():
            return []
        if toks[-1].text.lower() not in _INTERFIX_SET:
            return []
        k = len(toks) - 1
        while k > 0 and toks[k - 1].text.lower() in _INTERFIX_SET and not toks[k - 1].trail:
            k -= 1
        if k < 2 or toks[k - 2].trail == ",":
            return []  # "Gratie, Luka de": an inverted name is complete with its interfix
        nxt = _tokens(next_line, next_offset)
        if not nxt or nxt[0].trail[:1] in (":", ";") or HEADER.match(next_line):
            return []
        if not self._surname_ok(nxt[0].text, after_interfix=True):
            return []
        first = nxt[0]
        return [_Tok(first.text, first.start, first.end, first.trail, False)]

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
        """At a sentence start "Lente Overleg" may be a phrase; "Mark Rutte" is a name.

        A listed surname makes it a name; so does an unlisted one followed by the person's
        organisation ("Norah Bresse van het CBS gaf aan").
        """
        last = toks[end - 1].text
        if last in self._surnames or any(p in self._surnames for p in last.split("-")):
            return False
        # "Norah Bresse van het CBS gaf aan": a person introduced with their organisation
        after = toks[end].text.lower() if end < len(toks) and not toks[end - 1].trail else ""
        return after not in ("van", "bij", "namens") or toks[i].text.lower() in self._common

    # -- surname first ---------------------------------------------------------------------
    def _inverted_initials(self, toks: list[_Tok]) -> list[tuple[int, int, float, str]]:
        """Surname, comma, initials: "Prinsen, V.", "van der Berg, J.P.", "Jansen-de Wit, A.".

        The administrative order of case lists, tables and minutes.  A double surname cut
        before its interfix ("Kronenberg-van der Prinsen, V.") is taken whole.
        """
        out: list[tuple[int, int, float, str]] = []
        # a surname (interfix and hyphenated parts: at most 5 tokens) ends in a comma that
        # initials follow: only starts up to 5 tokens before such a comma can match
        starts = sorted(
            {
                i
                for k in range(len(toks) - 1)
                if toks[k].trail == "," and _INITIALS.match(toks[k + 1].text)
                for i in range(max(0, k - 5), k + 1)
            }
        )
        for i in starts:
            if i and not toks[i - 1].trail and self._interfix_len(toks, i - 1):
                continue  # "van der Berg": start at the first interfix word
            end = self._surname_at(toks, i)
            if end is None or end >= len(toks) or toks[end - 1].trail != ",":
                continue
            if any(t.trail for t in toks[i : end - 1]):
                continue
            initials = toks[end]
            if not _INITIALS.match(initials.text) or initials.text in _NON_INITIAL_DOTTED:
                continue
            surname = " ".join(t.text for t in toks[i:end]).lower()
            if surname in self._places or surname in _NOT_INVERTED:
                continue  # "Den Haag, A." is an address line, "Akkoord, P." a paraph
            start = toks[i].start
            if i and not toks[i - 1].trail and _CUT_DOUBLE_SURNAME.fullmatch(toks[i - 1].text):
                start = toks[i - 1].start
            out.append((start, initials.end, self.GOOD, "inverted_initials"))
        return out

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
                    or n > 0
                    and t.text in _INTERFIX_SET  # "Gratie, Luka de"
                    for n, t in enumerate(given)
                )
                and len(given) <= 3
            )
        toks = _tokens(name)
        if not toks or len(toks) > 6 or any(t.trail for t in toks[:-1]):
            return False
        parsed = self._name_at(toks, 0, given_any=True)
        return parsed is not None and parsed[0] == len(toks) and len(toks) >= 2

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

    def _signature(
        self, line: str, offset: int, toks: list[_Tok], first: bool = False
    ) -> list[tuple[int, int, float, str]]:
        if self._is_name_line(toks):
            return [(toks[0].start, toks[-1].end, self.GOOD, "signature")]
        if first and self._bare_name(toks) and not self._unlisted_word(toks) and not ROLE_LINE.search(line):
            # Right under the closing a name-shaped line is the sender, listed or not ("Güngördü").
            return [(toks[0].start, toks[-1].end, self.SIGNATURE_UNLISTED, "signature_unlisted")]
        return []

    def _unlisted_word(self, toks: list[_Tok]) -> bool:
        """Some token is an ordinary Dutch word and no listed name ("Analist", "Akkoord", "Vriendelijke")."""
        for t in toks:
            if t.text.lower() in _INTERFIX_SET or _INITIALS.match(t.text) or self._is_first(t.text):
                continue
            parts = t.text.split("-")
            if any(p.lower() in self._words and p not in self._surnames for p in parts):
                return True
        return False

    def _bare_name(self, toks: list[_Tok]) -> bool:
        """Capitalised words (and interfixes) only, that are no role, place, organisation or common word."""
        if not 1 <= len(toks) <= 5 or any(t.trail for t in toks[:-1]) or toks[-1].trail not in ("", ",", ":"):
            return False
        if not (_CAP.match(toks[0].text) or _CAP_HYPHEN.match(toks[0].text) or _INITIALS.match(toks[0].text)):
            return False
        if " ".join(t.text for t in toks).lower() in self._places:
            return False
        for n, t in enumerate(toks):
            w = t.text
            if _INITIALS.match(w) and w not in _NON_INITIAL_DOTTED and n < len(toks) - 1:
                continue
            if w.lower() in _INTERFIX_SET and 0 < n < len(toks) - 1:
                continue
            if self._is_first(w):
                continue
            if not self._surname_ok(w, after_interfix=n > 0 and toks[n - 1].text.lower() in _INTERFIX_SET):
                return False
            if len(toks) == 1 and w.lower() in self._places:
                return False
        return True

    # -- chat exports ------------------------------------------------------------------------
    def _chat(self, line: str, offset: int) -> list[tuple[int, int, float, str]]:
        """The speaker of a chat line ("[09:14] Silke: ..."): a person, listed first name or not."""
        m = CHAT_LINE.match(line)
        if not m:
            return []
        toks = _tokens(m.group("name"), offset + m.start("name"))
        if not toks or toks[0].text.lower() in CHAT_NON_SPEAKERS or not self._bare_name(toks):
            return []
        return [(toks[0].start, toks[-1].end, self.CHAT, "chat_speaker")]

    def _mentions(self, line: str, offset: int) -> list[tuple[int, int, float, str]]:
        """ "@Silke" and "@Cas van Jumiège": a mention names a person."""
        out = []
        for m in MENTION.finditer(line):
            toks = _tokens(line[m.end() :], offset + m.end())[:5]
            if not toks:
                continue
            end = 1
            k = self._interfix_len(toks, 1) if not toks[0].trail else 0
            if k and 1 + k < len(toks) and self._surname_ok(toks[1 + k].text, after_interfix=True):
                end = 2 + k  # "@Cas van Jumiège"
            after = line[toks[end - 1].end - offset :]
            if toks[0].text.lower() in MENTION_NON_PERSONS or ORG_SUFFIXES.match(after):
                continue  # "@The Academy", "@Team"
            if self._unlisted_word(toks[:end]):
                continue  # "@Publicatie: graag dit woord op"
            if self._bare_name(toks[:end]):
                out.append((toks[0].start, toks[end - 1].end, self.CHAT, "mention"))
        return out

    # -- attendee lists ------------------------------------------------------------------------
    def _name_list(
        self, line: str, offset: int, continued: bool
    ) -> tuple[list[tuple[int, int, float, str]], bool]:
        """Names in "Aanwezig: Sezgin, G. (gemeente Eindhoven), J. Recer en M. Bouzid" lines.

        After a label for persons ("Aanwezig", "Notulist", ...) every name-shaped item
        counts, also a bare unlisted surname.  After another short label ("Dk Rotterdam:",
        "cJKC:") the line counts only if every item is name-shaped and one of them carries
        initials, a title or a listed first name.  ``continued``: the previous line was a
        person list that runs on ("..., Silke Kuijpers" / "(gemeente Amsterdam), S. Kuijpers").
        Returns the spans and whether the list continues on the next line.
        """
        m = LIST_LINE.match(line)
        known = False
        if m and not HEADER.match(line) and not CHAT_LINE.match(line):
            label = re.sub(r"\([^)]*\)", " ", m.group("label"))
            label = " ".join(label.split()).lower()
            if label in ATTENDEE_LABELS:
                known = True
            elif (
                label in NON_PERSON_LABELS
                or not label
                or len(label.split()) > 3
                or any(ch.isdigit() for ch in label)
                or label.split()[0] in SALUTATIONS
            ):
                return [], False
            body_start = m.start("body")
        elif continued:
            known = True
            body_start = len(line) - len(line.lstrip())
        else:
            return [], False
        body = line[body_start:]
        # Blank out parentheses ("(gemeente Eindhoven)", "(UWV)"), keeping offsets.
        masked = re.sub(r"\([^)]*\)?", lambda x: " " * len(x.group(0)), body)
        items: list[tuple[list[_Tok], int]] = []  # (tokens, surname length of "Sezgin, G." or 0)
        pos = 0
        sep_before = ""
        for sep in [*LIST_SEP.finditer(masked), None]:
            end = sep.start() if sep else len(masked)
            toks = _tokens(masked[pos:end], offset + body_start + pos)
            if toks:
                prev = items[-1][0] if items else []
                n_ini = next((n for n, t in enumerate(toks) if not _INITIALS.match(t.text)), len(toks))
                if (
                    prev
                    and not items[-1][1]
                    and sep_before == ","
                    and n_ini > 0
                    and all(t.text.lower() in _INTERFIX_SET and not t.trail for t in toks[n_ini:])
                    and not any(_INITIALS.match(t.text) for t in prev)
                ):
                    # "Sezgin, G." and "Boven, J. van": the initials (and interfix) belong to the surname
                    items[-1] = (prev + toks, len(prev))
                else:
                    items.append((toks, 0))
            sep_before = sep.group(0).strip() if sep else ""
            pos = sep.end() if sep else len(masked)
        found = []
        strong = False
        for toks, inverted in items:
            verdict = self._list_item(toks, inverted)
            if verdict is None:
                if not known:
                    return [], False
                continue
            strong = strong or verdict[0]
            found.append((verdict[1], toks[-1].end))
        if not found or not (known or strong):
            return [], False
        score = self.LIST_LABELLED if known else self.LIST_UNLABELLED
        runs_on = known and (body.rstrip().endswith(",") or body.rstrip().endswith(" en"))
        return [(s, e, score, "name_list") for s, e in found], runs_on

    def _list_item(self, toks: list[_Tok], inverted: int = 0) -> tuple[bool, int] | None:
        """None if the item is no name, else (strong evidence: initials, title, first name; name start).

        ``inverted``: the item is "surname, initials" and its surname has this many tokens.
        """
        if inverted:
            return (True, toks[0].start) if self._surname_at(toks[:inverted], 0) == inverted else None
        titled = False
        while toks:
            low = toks[0].text.lower()
            if low == "de" and len(toks) > 1 and toks[1].text.lower() == "heer":
                toks = toks[2:]
            elif low in TITLES and not toks[0].trail:
                toks = toks[1:]
            else:
                break
            titled = True
        if not toks or len(toks) > 6 or any(t.trail for t in toks):
            return None
        parsed = self._name_at(toks, 0, given_any=True)
        if not parsed or parsed[0] != len(toks):
            return None
        if " ".join(t.text for t in toks).lower() in self._places:
            return None  # "Den Haag"
        if len(toks) == 1 and not self._bare_name(toks):
            return None
        return titled or parsed[1], toks[0].start

    # -- output ----------------------------------------------------------------------------
    def _select(self, cands: list[tuple[int, int, float, str]]) -> list[RecognizerResult]:
        chosen: list[tuple[int, int, float, str]] = []
        for c in sorted(cands, key=lambda c: (-c[2], -(c[1] - c[0]), c[0])):
            if c[1] <= c[0] or any(c[0] < o[1] and o[0] < c[1] for o in chosen):
                continue
            chosen.append(c)
        return [make_result(self, self.ENTITY, s, e, score, rule) for s, e, score, rule in sorted(chosen)]
