"""Consistency: every other mention of what was redacted, in this document and across the batch.

Why apart: the search is the costly part of decide and has its own pre-tests; KnownTerms
is what a batch worker carries between documents.
"""

from __future__ import annotations

import functools
import re

from pipeline.decide.keep import _allowed, role_before
from pipeline.decide.model import WEAK_REJECTIONS, Decision, _Coverage
from pipeline.decide.names import _name_tokens, place_mention
from pipeline.decide.text import _ASCII_RUN, ascii_probe, normalize, word_pattern
from pipeline.detect import Finding
from pipeline.model import Document
from pipeline.officials import OFFICIAL_TERM
from pipeline.wordmatch import WordIndex, fold

_INTERFIX_START = re.compile(r"^(?:van|de|der|den|ter|ten|te|in 't|van 't)\s", re.IGNORECASE)
_WRAPPED_FIRST_PART = re.compile(r"(?m)(?<![\w-])[A-Z][\w'-]*-(?:van|de|den|der|ter|ten|te)[ \t]*$")


def _wrapped_double_surnames(doc: Document, decisions: list[Decision], start_n: int) -> list[Decision]:
    """The first half of a double surname that a table cell wrapped: "Kronenberg-van" / "der Prinsen".

    When a redacted name starts with an interfix, its cell was cut after a hyphen; the
    fragment that ends in "-van" (or "-de", "-ter" ...) alone on its line is that name's
    first part. Without a redacted interfix-name in the document nothing is done.
    """
    wrapped = [
        d
        for d in decisions
        if d.accepted and d.finding.entity == "PERSON" and _INTERFIX_START.match(d.finding.text)
    ]
    if not wrapped:
        return []
    src = wrapped[0]
    taken = {(d.finding.page, d.finding.start) for d in decisions if d.accepted}
    out = []
    n = start_n
    for page in doc.pages:
        for m in _WRAPPED_FIRST_PART.finditer(page.text):
            if (page.index, m.start()) in taken:
                continue
            n += 1
            f = Finding(
                f"p{page.index + 1}-{n}",
                page.index,
                m.start(),
                m.end(),
                m.group(0),
                "PERSON",
                src.finding.score,
                "Consistency",
            )
            out.append(Decision(f, True, f"consistency:{src.finding.id}:wrapped-surname", src.ground))
    return out


@functools.lru_cache(maxsize=16384)
def _broken_prefix(term: str) -> re.Pattern:
    """A name cut by hyphenation where the rest went elsewhere (a wrapped table cell, a column).

    The extractor rejoins "Jan-" + "sen" across ordinary lines; in a table the rest of the
    word lands in another row of text, so the part before the hyphen is matched here.
    """
    prefixes = [re.escape(term[:k]) for k in range(len(term) - 1, max(3, len(term) - 9), -1)]
    return re.compile(r"(?<![\w@.-])(?:" + "|".join(prefixes) + r")-(?=[ \t]*(?:\n|$))")


class KnownTerms:
    """Terms other documents of the batch redacted, as far as this worker has heard of them.

    Handing them to a document's first pass saves reprocessing it later: the batch runner
    still searches every released text for names redacted elsewhere and redoes the
    documents that hit, so the result does not depend on the order documents finish in.
    Indexed by first word, so picking the terms relevant to a document costs a lookup per
    distinct word of that document, not a scan over every term of the batch.
    """

    def __init__(self) -> None:
        # word -> term -> (text, ground, entity, its words, its pairs of neighbouring words)
        self.by_word: dict[str, dict[str, tuple]] = {}
        # Terms with letters outside ASCII (case-insensitive matching is wider than lower()):
        # term -> (text, ground, entity, its ascii_probe; "" = always a candidate).
        self.other: dict[str, tuple[str, str, str, str]] = {}
        # Officials introduced elsewhere (pipeline.officials): few, and relevant in any written form.
        self.officials: dict[str, tuple[str, str, str]] = {}

    def add(self, terms: list[tuple[str, str, str]]) -> None:
        for term in terms:
            if term[2] == OFFICIAL_TERM:
                self.officials.setdefault(term[0], tuple(term))  # type: ignore[arg-type]
                continue
            if not term[0].isascii():
                self.other.setdefault(term[0], (*term, ascii_probe(term[0])))
                continue
            words = re.findall(r"\w+", fold(term[0]))
            if words:  # filed under its longest word: "van Geffen" under "geffen", not "van"
                key = max(words, key=len)
                pairs = tuple(zip(words, words[1:], strict=False))
                self.by_word.setdefault(key, {}).setdefault(term[0], (*term, tuple(words), pairs))

    def relevant(self, doc: Document) -> list[tuple[str, str, str]]:
        """The known terms that may occur in ``doc``; decide then matches them exactly.

        Only a necessary condition for a whole-word match (decide's) is tested: a term of
        ASCII words matches only where its words follow each other in the text, so every
        word and every pair of neighbouring words must be among the document's.
        """
        if not self.by_word and not self.other:
            return list(self.officials.values())
        folded = [fold(p.text) for p in doc.pages]
        tokens = [re.findall(r"\w+", f) for f in folded]
        words = {w for ts in tokens for w in ts}
        pairs = {pair for ts in tokens for pair in zip(ts, ts[1:], strict=False)}
        found = [
            t[:3]
            for w in sorted(words & self.by_word.keys())
            for t in self.by_word[w].values()
            if all(x in words for x in t[3]) and all(pair in pairs for pair in t[4])
        ]
        if self.other:
            # A term outside ASCII by its probe (ascii_probe): the probe is bounded by
            # characters that fold() keeps outside [a-z0-9] in the term and in any match, so
            # it is a whole run of ASCII letters and digits of the folded text.
            runs = {r for f in folded for r in _ASCII_RUN.findall(f)}
            found += [t[:3] for t in self.other.values() if not t[3] or t[3] in runs]
        return found + list(self.officials.values())


def _consistency(doc, decisions, rules, orgs, kept, start_n: int, extra_terms=None) -> list[Decision]:
    """Redact every other mention of what was redacted (exact strings, and name parts)."""
    accepted = [d for d in decisions if d.accepted]
    terms: dict[str, Decision] = {}
    for d in accepted:
        t = normalize(d.finding.text)
        if len(t) >= 3:
            terms.setdefault(t, d)
        if d.finding.entity == "PERSON":
            for tok in _name_tokens(t):
                if tok.lower() not in kept and not _allowed(tok, rules):
                    terms.setdefault(tok, d)
    author = normalize(doc.metadata.get("Author", ""))
    if author and re.search(r"[A-Za-z]{3}", author):
        f = Finding("meta-author", 0, 0, 0, author, "PERSON", 1.0, "PdfMetadata")
        ground = rules.entities["PERSON"].ground if "PERSON" in rules.entities else "5.1.2e"
        src = Decision(f, True, "metadata-author", ground)
        terms.setdefault(author, src)
        for tok in _name_tokens(author):  # "Vries, Jan de" in Info is "Jan de Vries" in a table
            if tok.lower() not in kept and not _allowed(tok, rules):
                terms.setdefault(tok, src)
    ordinary = _lower_case_words(doc) if extra_terms else set()
    for term, ground, entity in extra_terms or ():
        if term.lower() in kept or _allowed(term, rules):
            continue
        if entity == "PERSON" and term != term.lower() and term.lower() in ordinary:
            continue  # written here as an ordinary word ("world", "register"): not the person's name
        f = Finding("batch", 0, 0, 0, term, entity, 1.0, "BatchConsistency")
        terms.setdefault(term, Decision(f, True, "batch", ground))

    covered = _Coverage(doc)
    for d in decisions:
        # A finding rejected only for weak evidence does not block consistency; a keep rule does.
        if d.accepted or d.rule.split(":", 1)[0] not in WEAK_REJECTIONS:
            covered.add(d.finding.page, d.finding.start, d.finding.end)
    added: list[Decision] = []
    n = start_n
    lows = [fold(p.text) for p in doc.pages]
    page_words = [set(re.findall(r"\w+", low)) for low in lows]
    page_cut = [re.search(r"-[ \t]*$", low, re.MULTILINE) is not None for low in lows]
    indexes: dict[int, WordIndex] = {}  # a page's words, made when a term is first searched there
    org_spans: dict[int, list[tuple[int, int]]] = {}
    for o in orgs:
        if o.score >= 0.5:
            org_spans.setdefault(o.page, []).append((o.start, o.end))
    for term, src in sorted(terms.items(), key=lambda kv: -len(kv[0])):
        is_name_part = src.finding.entity == "PERSON" and " " not in term
        # A set lookup first: each search only runs on pages that hold every word of the
        # term (a whole-word match spans whole words; a term outside ASCII is tested by its
        # longest ASCII run, see ascii_probe), the broken prefix only on pages with a
        # hyphen at a line end.
        if term.isascii():
            need = re.findall(r"\w+", fold(term))
            has_words = [all(w in words for w in need) for words in page_words]
        else:
            probe = ascii_probe(term)
            has_words = [probe in low for low in lows]
        cut = is_name_part and len(term) >= 6 and any(page_cut)  # "Knoers-Cadefa-" in a table cell
        if not cut and not any(has_words):
            continue  # nothing to compile or scan
        whole = word_pattern(term, ignore_case=not is_name_part)
        broken = _broken_prefix(term) if cut else None
        hits: list = []
        for p in doc.pages:
            if has_words[p.index]:
                index = indexes.get(p.index)
                if index is None:
                    index = indexes[p.index] = WordIndex(p.text, lows[p.index])
                hits.extend((p, m) for m in whole.find_in(index))
        if broken:
            hits += [(p, m) for p in doc.pages if page_cut[p.index] for m in broken.finditer(p.text)]
            hits.sort(key=lambda h: h[0].index)  # stable: per page, whole words first, as before
        for page, m in hits:
            span = (m.start(), m.end())
            if covered.covers(page.index, *span):
                continue
            if src.finding.entity == "PERSON" and (
                role_before(page.text, span[0], rules.official_roles) or place_mention(page.text, *span)
            ):
                continue  # "minister Schouten" is the minister; "gemeente Emmen" is the place
            if any(
                s <= span[0] and span[1] <= e and (s, e) != span for s, e in org_spans.get(page.index, ())
            ):
                continue  # "Bakker" inside "Bakker B.V." stays
            n += 1
            f = Finding(
                f"p{page.index + 1}-{n}",
                page.index,
                span[0],
                span[1],
                m.group(0),
                src.finding.entity,
                src.finding.score,
                "Consistency",
            )
            added.append(Decision(f, True, f"consistency:{src.finding.id}", src.ground))
            covered.add(page.index, *span)
    return added


def _lower_case_words(doc: Document) -> set[str]:
    """The words and two-word phrases this document writes in lower case (ordinary words, not names)."""
    out: set[str] = set()
    for page in doc.pages:
        words = re.findall(r"(?<![\w@.-])[^\W\d_A-Z][\w'-]*", page.text)
        lows = [w for w in words if w == w.lower()]
        out.update(lows)
        out.update(f"{a} {b}" for a, b in zip(lows, lows[1:], strict=False))
    return out
