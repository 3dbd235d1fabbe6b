"""Refill redaction markers in released Woo texts with synthetic personal data.

Why: published Woo/Wob releases often still show the ground code ("5.1.2e",
"5.1.2.e", "10.2e", "5.1 lid 2 sub e") exactly where a name, e-mail address or
phone number stood.  Putting fitting synthetic data back gives labelled,
in-domain text for training and evaluating the detector, without any real
personal data.  Markers that are *citations* of the ground (inventory tables
"Deels openbaar 5.1.2e", "op grond van artikel 5.1 lid 2 sub e Woo") are left
untouched: no personal data stood there.

API:

- ``MARKER_RE``: compiled regex for the ground-code markers.
- ``find_markers(text) -> list[Marker]``: every marker with its ``kind``:
  "PER", "EMAIL_LOCAL" (marker before "@domain"), "EMAIL", "PHONE", or None
  for a citation that must not be refilled.
- ``refill(text, rng, cast_size=None) -> (new_text, spans)``: replace every
  refillable marker; ``spans`` is a list of ``(start, end, label, value)`` in
  ``new_text`` with label "PER", "EMAIL" or "PHONE" (an EMAIL span covers the
  whole address, also when only the local part was a marker).  Persons are
  consistent within the document: a small cast is drawn per call and reused,
  e-mail addresses are derived from the cast's names, phone numbers appear where
  the marker sits in a phone context.  Deterministic for a given ``rng`` state.
- ``Cast``: the per-document set of persons (used by ``models.synth.templates``).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from models.synth.names import Person, make_person, render_name

Span = tuple[int, int, str, str]

MARKER_RE = re.compile(
    r"(?<![\d.])(?:5\.1\.2\s?\.?\s?e|10\.2\s?\.?\s?e|5\.1,?\s?lid\s?2,?\s?(?:sub|onder)\s?e)(?![a-zA-Z0-9])\.?",
)

# Context just before a marker that shows it is a citation of the ground, not a slot.
_CITATION_BEFORE = re.compile(
    r"(art(ikel)?\.?|lid|grond(en)?|gronde|vermelding|woo|wob|openbaar,?|deels;?|weigeringsgrond(en)?|"
    r"zie|onder|en|jo\.?|sub|\d\.\d+[a-z]?,?|\.pdf|\.docx?|geredigeerd|/)\s*$",
    re.IGNORECASE,
)
_CITATION_AFTER = re.compile(
    r"^\s*(woo|wob|van de w|,\s*\d|\.?[a-z]\b|en\s+[a-i]\b|/|\(|ja\b)", re.IGNORECASE
)
_PHONE_BEFORE = re.compile(
    r"(tel(efoon)?(nummer)?|mobiel|mob|gsm|\bt|\bm|bereikbaar op|bel(len)?)\s*[.:]?\s*$", re.IGNORECASE
)
_EMAIL_BEFORE = re.compile(r"(e-?mail(adres)?|mail)\s*:?\s*$", re.IGNORECASE)
_TITLE_BEFORE = re.compile(r"(mevrouw|mevr\.|mw\.|de heer|dhr\.|heer|beste|geachte)\s*$", re.IGNORECASE)
_DOMAIN_AFTER = re.compile(r"^\s?@\s?([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.IGNORECASE)

DOMAINS = [
    "uwv.nl",
    "uwv.nl",
    "uwv.nl",
    "minszw.nl",
    "belastingdienst.nl",
    "svb.nl",
    "gmail.com",
    "hotmail.com",
    "amsterdam.nl",
    "rotterdam.nl",
    "denhaag.nl",
    "ggd.nl",
    "ziggo.nl",
    "kpnmail.nl",
]


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    kind: str | None  # "PER", "EMAIL", "EMAIL_LOCAL", "PHONE" or None (citation)


def classify(text: str, start: int, end: int) -> str | None:
    """What stood at the marker ``text[start:end]``, judged from its neighbourhood."""
    before = text[max(0, start - 60) : start]
    line_before = before.split("\n")[-1]
    after = text[end : end + 40]
    # A marker inside an enumeration of grounds or a legal citation.
    if _CITATION_BEFORE.search(line_before) or _CITATION_AFTER.match(after):
        return None
    prev_lines = [ln for ln in before.split("\n")[:-1] if ln.strip()]
    prev = prev_lines[-1].strip() if prev_lines else ""
    if not line_before.strip() and re.search(
        r"(openbaar,?|deels;?|art\.?|artikel|lid \d|gronden?)$", prev, re.IGNORECASE
    ):
        return None
    if _DOMAIN_AFTER.match(after):
        return "EMAIL_LOCAL"
    if _EMAIL_BEFORE.search(line_before):
        return "EMAIL"
    if _PHONE_BEFORE.search(line_before):
        return "PHONE"
    return "PER"


def find_markers(text: str) -> list[Marker]:
    """All ground-code markers in ``text`` with what (if anything) stood there."""
    return [Marker(m.start(), m.end(), classify(text, m.start(), m.end())) for m in MARKER_RE.finditer(text)]


@dataclass
class Cast:
    """The persons of one document: names and their e-mail addresses stay the same throughout."""

    rng: random.Random
    persons: list[Person] = field(default_factory=list)
    emails: dict[int, str] = field(default_factory=dict)
    phones: dict[int, str] = field(default_factory=dict)

    @classmethod
    def draw(cls, rng: random.Random, size: int | None = None) -> Cast:
        size = size or rng.randint(2, 7)
        return cls(rng, [make_person(rng) for _ in range(size)])

    def pick(self) -> int:
        """Index of a cast member; the first ones appear more often (Zipf-like)."""
        weights = [1.0 / (i + 1) for i in range(len(self.persons))]
        return self.rng.choices(range(len(self.persons)), weights=weights)[0]

    def local(self, i: int) -> str:
        if i not in self.emails:
            self.emails[i] = self.persons[i].email_local(self.rng)
        return self.emails[i]

    def email(self, i: int, domain: str | None = None) -> str:
        return f"{self.local(i)}@{domain or self.rng.choice(DOMAINS)}"

    def phone(self, i: int) -> str:
        if i not in self.phones:
            self.phones[i] = fake_phone(self.rng)
        return self.phones[i]


def fake_phone(rng: random.Random) -> str:
    """A Dutch-looking phone number in one of the usual notations."""
    if rng.random() < 0.5:
        digits = "6" + "".join(str(rng.randint(0, 9)) for _ in range(8))
    else:
        digits = rng.choice(["20", "10", "70", "30", "88", "40", "50", "73"]) + "".join(
            str(rng.randint(0, 9)) for _ in range(7)
        )
    form = rng.choice(["0{d}", "0{a} {b}", "+31 {d}", "+31 (0){d}", "0{a}-{b}", "06 {p}"])
    a, b = digits[:2], digits[2:]
    if digits[0] == "6":
        a, b = digits[:1], digits[1:]
    p = " ".join(digits[1:][i : i + 2] for i in range(0, 8, 2))
    return form.format(d=digits, a=a, b=b, p=p) if (form != "06 {p}" or digits[0] == "6") else "0" + digits


def _name_for_context(cast: Cast, i: int, text: str, start: int) -> str:
    """Render person ``i`` in a style that fits what precedes the marker."""
    rng = cast.rng
    line_before = text[max(0, start - 40) : start].split("\n")[-1]
    p = cast.persons[i]
    if _TITLE_BEFORE.search(line_before):
        return render_name(p, rng, rng.choice(["last_cap", "last_cap", "initials"]))
    if re.search(r"(van|aan|cc|from|to)\s*:\s*$", line_before, re.IGNORECASE):
        return render_name(p, rng, rng.choice(["full", "full", "last_comma_first", "initials", "roepnaam"]))
    if re.search(r"(hoi|hallo|dag|hi)\s*$", line_before, re.IGNORECASE):
        return render_name(p, rng, "first")
    return render_name(p, rng)


def refill(text: str, rng: random.Random, cast_size: int | None = None) -> tuple[str, list[Span]]:
    """Replace refillable markers with synthetic data; return the new text and the gold spans."""
    cast = Cast.draw(rng, cast_size)
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    markers = find_markers(text)
    for mk in markers:
        if mk.kind is None:
            continue
        out.append(text[pos : mk.start])
        length += mk.start - pos
        i = cast.pick()
        if mk.kind == "EMAIL_LOCAL":
            local = cast.local(i)
            dom = _DOMAIN_AFTER.match(text[mk.end : mk.end + 60])
            assert dom is not None
            value = local + text[mk.end : mk.end + dom.end()].replace(" ", "")
            out.append(local)
            # The whole address counts: local part plus the "@domain" that stayed in the text.
            spans.append((length, length + len(local) + dom.end(), "EMAIL", value))
            length += len(local)
        else:
            if mk.kind == "EMAIL":
                value = cast.email(i)
            elif mk.kind == "PHONE":
                value = cast.phone(i)
            else:
                value = _name_for_context(cast, i, text, mk.start)
            out.append(value)
            spans.append((length, length + len(value), mk.kind, value))
            length += len(value)
        pos = mk.end
    out.append(text[pos:])
    return "".join(out), spans
