"""The data of decide: decisions, reviewer overrides, merged redactions and a document's outcome."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from pipeline.decide.names import _name_tokens, _with_interfix
from pipeline.decide.text import might_contain, normalize
from pipeline.detect import Finding
from pipeline.language import ordinary_phrase
from pipeline.model import Document, RedactionArea, Secret
from pipeline.officials import OFFICIAL_TERM
from pipeline.recognizers import registry
from pipeline.wordmatch import WordPattern, fold

# Rejections that mean "not enough evidence", not "must stay readable".
# Rule names up to their first ":" ("ordinary-words:en"); a weak rejection does not keep the
# span out of consistency: "Page" alone is no name, "Page" of a redacted "Mark Page" still goes.
WEAK_REJECTIONS = {
    "below-min-score",
    "not-name-shaped",
    "ordinary-words",
    "foreign-words",
    "country-not-person",
}


@dataclass
class Decision:
    """A finding with the verdict on it."""

    finding: Finding
    accepted: bool
    rule: str
    ground: str | None = None
    by: str = "rules"
    change: str | None = None  # what a reviewer changed against the rules' proposal


SpanKey = tuple[int, int, int]  # (page, start, end) on the analysis text


@dataclass
class Overrides:
    """A reviewer's decisions, applied on top of the rules (``woo-redact apply``)."""

    reviewer: str
    spans: dict[SpanKey, tuple[str, str | None]] = field(default_factory=dict)  # -> (accept|reject, ground)
    redact_everywhere: list[tuple[str, str]] = field(default_factory=list)  # (text, ground)
    keep_everywhere: list[str] = field(default_factory=list)
    areas: list = field(default_factory=list)  # boxes the reviewer drew: pipeline.manual_areas.ManualArea
    rules: dict[SpanKey, str] = field(default_factory=dict)  # -> rule of a choice made on a copy (duplicates)

    def keeps(self, text: str) -> bool:
        t = normalize(text).lower()
        return any(t == normalize(k).lower() for k in self.keep_everywhere)


def _review(d: Decision, ov: Overrides | None) -> Decision:
    """Apply the reviewer's verdict on this span, recording what changed against the proposal."""
    if ov is None:
        return d
    f = d.finding
    if ov.keeps(f.text) or any(
        normalize(k).lower() in normalize(f.text).lower().split(" ")
        for k in ov.keep_everywhere
        if " " not in normalize(k)
    ):
        if d.accepted:
            return Decision(f, False, "review:keep-everywhere", None, ov.reviewer, "redact -> keep")
        return Decision(f, False, d.rule, None, ov.reviewer)
    choice = ov.spans.get((f.page, f.start, f.end))
    if choice is None:
        return d
    verdict, ground = choice
    accepted = verdict == "accept"
    ground = (ground or d.ground) if accepted else None
    change = None
    if accepted != d.accepted:
        change = "keep -> redact" if accepted else "redact -> keep"
    elif accepted and ground != d.ground:
        change = f"ground {d.ground} -> {ground}"
    rule = ov.rules.get((f.page, f.start, f.end), f"review:{verdict}") if change else d.rule
    return Decision(f, accepted, rule, ground, ov.reviewer, change)


@dataclass
class Redaction:
    """A merged span on one page that will be blacked out."""

    page: int
    start: int
    end: int
    text: str
    ground: str
    entity: str
    decisions: list[Decision] = field(default_factory=list)


@dataclass
class Outcome:
    """Everything decide produced for one document."""

    decisions: list[Decision]
    redactions: list[Redaction]
    kept_names: set[str] = field(default_factory=set)  # lower-case names kept readable on purpose
    manual: list[RedactionArea] = field(default_factory=list)  # boxes a reviewer drew (manual_areas)
    officials: list[str] = field(default_factory=list)  # introduced here, kept in the batch (officials.py)

    def areas(self, doc: Document) -> list[RedactionArea]:
        out: list[RedactionArea] = []
        for r in self.redactions:
            boxes = doc.pages[r.page].span_boxes(r.start, r.end)
            out.extend(RedactionArea(b, r.ground, label=(i == 0)) for i, b in enumerate(boxes))
        return out + self.manual

    def batch_terms(self) -> list[tuple[str, str, str]]:
        """What other documents of the batch must redact too: full names, surnames, contact data.

        First names alone are not carried across documents: within one document they
        refer to the person found there, across thousands they would hit other people's
        words.  The officials introduced here ride along as (name, "", PUBLIC_OFFICIAL):
        never redacted, they keep that official's forms readable elsewhere (pipeline.officials).
        """
        out: dict[str, tuple[str, str, str]] = {}
        for r in self.redactions:
            for d in r.decisions:
                f = d.finding
                if f.recognizer == "Consistency" or not d.accepted or not d.ground:
                    continue
                text = normalize(f.text)
                if f.entity == "PERSON":
                    toks = _name_tokens(text)
                    # ordinary words of any language are never carried ("Hello World", "World")
                    if len(toks) >= 2 and not ordinary_phrase(text):
                        out.setdefault(text, (text, d.ground, f.entity))
                        surname = toks[0] if "," in text else toks[-1]  # "Bakker, Sanne"
                        if len(surname) >= 4 and "," not in text:
                            surname = _with_interfix(text, surname)
                        if len(surname) >= 4 and not ordinary_phrase(surname):
                            out.setdefault(surname, (surname, d.ground, f.entity))
                elif f.entity in registry.batch_entities() and len(text) >= 6:
                    out.setdefault(text, (text, d.ground, f.entity))
        return list(out.values()) + [(name, "", OFFICIAL_TERM) for name in self.officials]

    def grounds(self) -> list[str]:
        return sorted({r.ground for r in self.redactions})

    def secrets(self, doc: Document) -> list[Secret]:
        """The redacted strings and how often each may legitimately remain readable."""
        texts: dict[str, None] = {}
        for r in self.redactions:
            t = normalize(r.text)
            if len(t) >= 2:
                texts.setdefault(t, None)
        covered = _Coverage(doc)
        for r in self.redactions:
            covered.add(r.page, r.start, r.end)
        secrets = []
        lows = [fold(p.text) for p in doc.pages]
        for n, t in enumerate(texts, 1):
            pattern = _secret_pattern(t)
            first = t.split(" ")[0].lower()
            kept = 0
            for page in doc.pages:
                if not might_contain(lows[page.index], first):
                    continue  # a plain substring test before the search: most pages lack the term
                for m in pattern.finditer(page.text, lows[page.index]):
                    if not covered.covers(page.index, m.start(), m.end()):
                        kept += 1
            secrets.append(Secret(ref=f"S{n}", text=t, allowed=kept))
        return secrets


@functools.lru_cache(maxsize=16384)
def _secret_pattern(text: str) -> WordPattern:
    """Count as the verifier does (any non-word boundary, e.g. "team" in "Woo-team"), so
    occurrences that stay readable on purpose are allowed and nothing else is."""
    return WordPattern(text, ignore_case=True)


class _Coverage:
    """Which characters of each page are already covered: O(1) checks instead of interval scans."""

    def __init__(self, doc: Document) -> None:
        self.marks = [bytearray(len(p.text)) for p in doc.pages]

    def add(self, page: int, start: int, end: int) -> None:
        if end > start:
            self.marks[page][start:end] = b"\x01" * (end - start)

    def covers(self, page: int, start: int, end: int) -> bool:
        return end > start and self.marks[page].find(0, start, end) == -1
