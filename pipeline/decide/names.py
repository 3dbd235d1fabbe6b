"""Name surgery: which words of a person span are its name, and which parts identify the person.

Why apart: decide's rules, the batch terms of an Outcome and consistency all cut and
split person spans the same way; the word lists come from pipeline.vocab.
"""

from __future__ import annotations

import re

from pipeline import vocab
from pipeline.decide.text import normalize
from pipeline.detect import Finding

# Lower-case words written with a name that are not the person's identifying part: titles and
# forms of address, interfixes, salutations, and the words joining two names.
TITLES = (
    vocab.words("titles")
    | {"heer"}
    | vocab.single_words("interfixes")
    | {"in", "op"}  # of "in 't Veld", "op de Beek"
    | vocab.words("greetings")
    | {"en", "met"}
)

# Lower-case words that may be part of a person's name as written (titles, interfixes).
NAME_PARTS = TITLES - vocab.words("greetings") - {"en", "met", "op", "in"}

# Interfixes kept with a surname carried across the batch ("van Geffen", not "Geffen").
_INTERFIX_WORDS = vocab.single_words("interfixes") | {"in", "op"}

_TAIL_WORDS = vocab.words("name_tail_words")


def _cut_tail(f: Finding, orgs: list[Finding]) -> None:
    """Cut what a person span ran on into: "Xavi Meijer van Divosa", "Faye Schouten van de", a comma.

    An organisation found at the end of the span is not part of the name, nor are the
    interfixes or prepositions left dangling before it; kept, they would also make
    "Divosa" a name part that consistency then redacts everywhere.
    """
    end = f.end
    for o in orgs:
        if o.page == f.page and f.start < o.start < end <= o.end and o.score >= 0.5:
            end = o.start
    words = list(re.finditer(r"\S+", f.text[: end - f.start]))
    while len(words) > 1 and words[-1].group(0) in _TAIL_WORDS:  # lower case: "Ten" may be a surname
        words.pop()
    if not words:
        return
    cut = words[-1].end()
    while cut > words[-1].start() + 1 and f.text[cut - 1] in ",;:":
        cut -= 1  # "Chloë van Wassenaar," - the comma belongs to the sentence
    if cut < f.end - f.start:
        f.text = f.text[:cut]
        f.end = f.start + cut


def _name_shaped(text: str) -> bool:
    """Names are capitalised words, interfixes and initials ("Overleg met Movisie" is not)."""
    for tok in re.split(r"[\s,;()\"<>]+", text):
        if not tok.strip(".'") or tok.lower() in NAME_PARTS or tok.lower().strip(".") in NAME_PARTS:
            continue
        if not tok[0].isupper():
            return False
    return True


def _trim_to_name(f: Finding) -> bool:
    """Cut a person span that runs on into the sentence back to its name ("Marloes Hendriks neemt ...").

    Only when at least two capitalised words remain (first name and surname), so that a
    phrase like "Overleg met Movisie" is not turned into a one-word "name".
    """
    tokens = list(re.finditer(r"\S+", f.text))
    keep_end = 0
    caps = 0
    for m in tokens:
        tok = m.group(0).strip(',;:()"<>')
        low = tok.lower().strip(".")
        if tok and (tok[0].isupper() or low in NAME_PARTS):
            keep_end = m.end()
            caps += tok[0].isupper()
        else:
            break
    if caps < 2 or keep_end == 0:
        return False
    trimmed = f.text[:keep_end].rstrip(",;:")
    f.end = f.start + len(trimmed)
    f.text = trimmed
    return True


def _with_interfix(name: str, surname: str) -> str:
    """ "Ben van Geffen" -> "van Geffen": alone, "Geffen" is as likely the village as the person."""
    words = name.split(" ")
    if surname not in words:
        return surname
    j = words.index(surname)
    while j > 1 and words[j - 1].lower() in _INTERFIX_WORDS:
        j -= 1
    return " ".join(words[j:]) if j < words.index(surname) else surname


def _name_tokens(text: str) -> list[str]:
    """The parts of a person's name that identify them on their own (surname, first name).

    A part that is an ordinary Dutch word and not a known name ("Inspectie" in a span that
    ran on into "van de Inspectie SZW") is left out: redacting it everywhere would black
    out the word, not the person.
    """
    toks = []
    for t in re.split(r"[\s,;()]+", text):
        t = t.strip(".'\"")
        if len(t) >= 3 and t[0].isupper() and t.lower() not in TITLES and "." not in t and not t.isupper():
            if _ordinary_word(t):
                continue
            toks.append(t)
    return toks


def _is_place(text: str) -> bool:
    """ "AE Apeldoorn" (postcode letters and a town) or "Den Haag": a place the NER took for a person."""
    from pipeline.recognizers._lexicon import places

    toks = [t.strip(",.") for t in normalize(text).split(" ")]
    toks = [t for t in toks if t and not re.fullmatch(r"[A-Z]{2}|\d{4}", t)]  # postcode parts
    return bool(toks) and " ".join(toks).lower() in places()


_PLACE_CUE = re.compile(
    r"(?:\b(?:gemeente|provincie|stad|dorp|regio|in|uit|te|naar|rond|omgeving|nabij)|[Ii]nwoners van)\s+$",
    re.IGNORECASE,
)


def place_mention(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a place named as a place ("De gemeente Oosterhout", "uit Emmen").

    Many Dutch surnames are place names; when a Mr Oosterhout is redacted, the municipality
    of Oosterhout stays readable.
    """
    return _is_place(text[start:end]) and bool(_PLACE_CUE.search(text[max(0, start - 30) : start]))


def _ordinary_word(token: str) -> bool:
    from pipeline.recognizers._lexicon import common_words, first_names, places, surnames

    if token in surnames() or token in first_names():
        return False
    low = token.lower()
    # a place alone ("Wassenaar", "Apeldoorn") is not carried as a name: the place would vanish
    return low in ORDINARY_CAPITALISED or low in common_words() or low in places()


# Organisation words a run-on person span picks up ("... van de Inspectie SZW"); never a name alone.
ORDINARY_CAPITALISED = vocab.words("department_words")
