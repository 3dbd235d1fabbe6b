"""Decide: turn findings into redaction decisions with a rule and a ground for each.

Order matters and is part of the legal reasoning, so it is spelled out here:
1. score threshold per entity type;
2. keep rules (allow list, functional mailboxes, organisation phone numbers,
   public officials, names inside organisation names) leave text readable;
3. deny list: always redacted;
4. consistency: every other mention of a redacted string (and of a redacted
   person's surname or first name) is redacted too, so the same person is never
   blacked out on one page and readable on the next;
5. overlapping redactions are merged; the stronger ground wins.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from pipeline.detect import Finding
from pipeline.model import Document, RedactionArea, Secret
from pipeline.officials import named_in
from pipeline.orgcontext import legal_entity_findings, service_number
from pipeline.rules import Rules
from pipeline.wordmatch import WordIndex, WordPattern, fold

TITLES = {
    "dhr",
    "dhr.",
    "mevr",
    "mevr.",
    "mw",
    "mw.",
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
    "heer",
    "mevrouw",
    "de",
    "van",
    "der",
    "den",
    "ter",
    "ten",
    "te",
    "het",
    "in",
    "'t",
    "op",
    "la",
    "le",
    "du",
    "da",
    "el",
    "al",
    "bin",
    "ben",
    "beste",
    "geachte",
    "hoi",
    "dag",
    "hallo",
    "en",
    "met",
}

# Rejections that mean "not enough evidence", not "must stay readable".
WEAK_REJECTIONS = {"below-min-score", "not-name-shaped"}

# Lower-case words that may be part of a person's name as written (titles, interfixes).
NAME_PARTS = TITLES - {"beste", "geachte", "hoi", "dag", "hallo", "en", "met", "op", "in"}


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
    rule = f"review:{verdict}" if change else d.rule
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
        words.
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
                    if len(toks) >= 2:
                        out.setdefault(text, (text, d.ground, f.entity))
                        surname = toks[0] if "," in text else toks[-1]  # "Bakker, Sanne"
                        if len(surname) >= 4 and "," not in text:
                            surname = _with_interfix(text, surname)
                        if len(surname) >= 4:
                            out.setdefault(surname, (surname, d.ground, f.entity))
                elif f.entity in ("EMAIL_ADDRESS", "PHONE_NUMBER", "NL_BSN", "IBAN_CODE") and len(text) >= 6:
                    out.setdefault(text, (text, d.ground, f.entity))
        return list(out.values())

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


_ASCII_RUN = re.compile(r"[a-z0-9]+")


def ascii_probe(term: str) -> str:
    """The longest run of ASCII letters and digits in ``fold(term)``, if 3+ long, else "".

    Every case-insensitive match of ``term`` contains it after fold(): the only characters
    re.IGNORECASE equates with ASCII ones are İ ı ſ K (checked over all of Unicode in the
    tests), and fold() maps those to them.  Letters outside ASCII are left out of the
    probe: their case-insensitive matches ("Tanır" = "Tanir") are wider than lower().
    """
    runs = _ASCII_RUN.findall(fold(term))
    best = max(runs, key=len, default="")
    return best if len(best) >= 3 else ""


def might_contain(folded: str, needle: str) -> bool:
    """False only if ``needle`` cannot occur in the text ``folded`` came from, even ignoring case.

    The cheap test before a regex scan.  A needle outside ASCII is tested by its longest
    ASCII run (see ascii_probe), or passes if it has none.
    """
    if needle.isascii():
        return fold(needle) in folded
    probe = ascii_probe(needle)
    return not probe or probe in folded


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@functools.lru_cache(maxsize=65536)
def word_pattern(text: str, ignore_case: bool = False) -> WordPattern:
    """Whole-word match of ``text`` with any whitespace between its words (not next to @ . -)."""
    return WordPattern(normalize(text), ignore_case=ignore_case, not_before="@.-", not_after="@-")


def _phone_digits(text: str) -> str:
    d = re.sub(r"\D", "", text)
    if d.startswith("0031"):
        d = "0" + d[4:]
    elif d.startswith("31") and text.strip().startswith("+"):
        d = "0" + d[2:]
    return d


def _official_names(rules: Rules, doc: Document) -> set[str]:
    names = set()
    for o in named_in(doc, rules.officials):  # a registry surname alone only where the full name is
        name = normalize(o["name"])
        names.add(name.lower())
        toks = [t for t in name.split(" ") if t.lower() not in TITLES]
        if toks:
            names.add(toks[-1].lower())  # the surname alone ("Van den Broek" -> "broek")
        # surname with interfix, e.g. "van den Broek"
        low = name.lower().split(" ")
        for i, t in enumerate(low):
            if t in TITLES and i > 0:
                names.add(" ".join(low[i:]))
                break
    return names


def _is_kept_name(text: str, kept: set[str]) -> bool:
    t = normalize(text).lower()
    if t in kept:
        return True
    toks = [x for x in re.split(r"[\s,]+", t) if x and x not in TITLES]
    return bool(toks) and all(x in kept for x in toks)


_ROLE_LINK = {
    "van",
    "voor",
    "de",
    "het",
    "en",
    "der",
    "mevrouw",
    "heer",
    "dhr.",
    "mevr.",
    "mw.",
    "drs.",
    "mr.",
    "dr.",
    "ir.",
    "prof.",
    "ing.",
    "zaken",
    "a.i.",
    "tevens",
}


def role_before(page_text: str, start: int, roles: list[str]) -> str | None:
    """The role word that introduces the name at ``start`` ("minister van SZW, mevrouw drs. X")."""
    window = re.sub(r"\s+", " ", page_text[max(0, start - 90) : start])
    low = window.lower()
    for role in sorted(roles, key=len, reverse=True):
        for m in re.finditer(rf"\b{re.escape(role.lower())}\b", low):
            between = window[m.end() :].replace(",", " ").split()
            if len(between) <= 8 and all(
                w.lower() in _ROLE_LINK
                or re.fullmatch(r"(\w\.)+", w)
                or (w[:1].isupper() and w[-1] not in ".:;!?")  # a sentence end breaks the link
                for w in between
            ):
                return role
    return None


def _role_inside(text: str, roles: list[str]) -> str | None:
    """A span that itself starts with the role ("Staatssecretaris Liza van den Velden")."""
    low = normalize(text).lower()
    for role in sorted(roles, key=len, reverse=True):
        if low.startswith(role.lower() + " "):
            return role
    return None


def _allowed(text: str, rules: Rules) -> str | None:
    t = normalize(text).lower()
    for a in rules.allow:
        if t == a.lower():
            return a
    for rx in rules.allow_regex:
        if rx.fullmatch(normalize(text)):
            return rx.pattern
    return None


def decide(
    doc: Document,
    findings: list[Finding],
    rules: Rules,
    overrides: Overrides | None = None,
    batch_terms: list[tuple[str, str, str]] | None = None,
    *,
    consistency: bool = True,
) -> Outcome:
    """Apply the rules (and a reviewer's overrides, if any) to a document's findings.

    ``batch_terms`` are (text, ground, entity) redacted in other documents of the batch:
    their mentions here are redacted too (rule ``consistency:batch``).  ``consistency``
    False skips the search for other mentions: enough for Outcome.batch_terms, which
    leaves consistency hits out anyway (the first pass of a batch run).
    """
    decisions: list[Decision] = []
    # the NER's organisations and company names with a legal form ("Jansen Logistiek B.V.")
    orgs = [f for f in findings if f.entity == "ORGANIZATION"] + legal_entity_findings(doc)
    official_names = _official_names(rules, doc)
    kept_names: set[str] = set(official_names)

    for f in findings:
        rule = rules.entities.get(f.entity)
        if rule is None:
            continue  # context entities (organisations, places) are not redaction candidates
        if f.entity == "PERSON":
            _cut_tail(f, orgs)
        verdict = _judge(doc, f, rule.min_score, rules, orgs, kept_names)
        if verdict is None:
            d = Decision(f, True, f"entity:{f.entity}>={rule.min_score}", rule.ground)
        else:
            d = Decision(f, False, verdict)
        decisions.append(_review(d, overrides))

    # Deny list: always redacted, wherever it occurs.
    n = len(findings)
    for d in rules.deny:
        for page in doc.pages:
            for m in word_pattern(d.text, ignore_case=True).finditer(page.text):
                n += 1
                f = Finding(
                    f"p{page.index + 1}-{n}",
                    page.index,
                    m.start(),
                    m.end(),
                    m.group(0),
                    "DENY_LIST",
                    1.0,
                    "DenyList",
                )
                decisions.append(Decision(f, True, "deny", d.ground))
    if overrides:
        for text, ground in overrides.redact_everywhere:
            for page in doc.pages:
                for m in word_pattern(text, ignore_case=True).finditer(page.text):
                    n += 1
                    f = Finding(
                        f"p{page.index + 1}-{n}",
                        page.index,
                        m.start(),
                        m.end(),
                        m.group(0),
                        "REVIEWER",
                        1.0,
                        "Reviewer",
                    )
                    decisions.append(
                        Decision(
                            f, True, "review:redact-everywhere", ground, overrides.reviewer, "keep -> redact"
                        )
                    )
        kept_names.update(normalize(k).lower() for k in overrides.keep_everywhere)
        if overrides.areas:
            from pipeline.manual_areas import RULE, area_findings

            for f, ground in area_findings(doc, overrides.areas):
                decisions.append(Decision(f, True, RULE, ground, overrides.reviewer, "keep -> redact"))

    if rules.consistency and consistency:
        extra = _consistency(
            doc, decisions, rules, orgs, kept_names, start_n=n + len(decisions), extra_terms=batch_terms
        )
        decisions.extend(_review(d, overrides) for d in extra)
        decisions.extend(
            _review(d, overrides) for d in _wrapped_double_surnames(doc, decisions, start_n=n + 10_000)
        )

    redactions = _merge([d for d in decisions if d.accepted], rules)
    for r in redactions:
        r.text = doc.pages[r.page].text[r.start : r.end]
    manual = []
    if overrides and overrides.areas:
        from pipeline.manual_areas import area_boxes

        manual = area_boxes(doc, overrides.areas)
    return Outcome(decisions, redactions, kept_names, manual)


def _judge(
    doc: Document, f: Finding, min_score: float, rules: Rules, orgs: list[Finding], kept: set[str]
) -> str | None:
    """None if the finding is to be redacted, else the name of the rule that keeps it readable."""
    if f.score < min_score:
        return "below-min-score"
    allow = _allowed(f.text, rules)
    if allow:
        return f"allow:{allow}"
    if f.entity == "EMAIL_ADDRESS":
        local = f.text.split("@", 1)[0].lower()
        for m in rules.keep_mailboxes:
            if local == m or (m.endswith("*") and local.startswith(m[:-1])):
                return f"keep-mailbox:{m}"
    if f.entity == "PHONE_NUMBER":
        digits = _phone_digits(f.text)
        if digits in rules.keep_phone_numbers:
            return "keep-phone-number"
        if service_number(doc.pages[f.page].text, f.start):  # "UWV Telefoon Werknemers: 088 ..."
            return "organisation-service-line"
    if f.entity == "PERSON":
        if not _name_shaped(f.text) and not _trim_to_name(f):
            return "not-name-shaped"
        if _is_place(f.text):
            return "place-not-person"
        for o in orgs:
            if o.overlaps(f) and o.score >= 0.5 and not (o.start >= f.start and o.end <= f.end):
                return "inside-organisation"
        if _is_kept_name(f.text, kept):
            return "public-official"
        role = _role_inside(f.text, rules.official_roles) or role_before(
            doc.pages[f.page].text, f.start, rules.official_roles
        )
        if role:
            name = normalize(f.text).lower()
            if name.startswith(role.lower() + " "):
                name = name[len(role) + 1 :].strip()
            kept.add(name)
            toks = [t for t in name.split(" ") if t not in TITLES]
            if toks:
                kept.add(toks[-1])
            return f"public-official-role:{role}"
    return None


_TAIL_WORDS = {"van", "de", "der", "den", "het", "bij", "namens", "uit", "ter", "ten", "te", "en"}


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


_INTERFIX_WORDS = {"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "in", "op", "la", "le", "du"}


def _with_interfix(name: str, surname: str) -> str:
    """"Ben van Geffen" -> "van Geffen": alone, "Geffen" is as likely the village as the person."""
    words = name.split(" ")
    if surname not in words:
        return surname
    j = words.index(surname)
    while j > 1 and words[j - 1].lower() in _INTERFIX_WORDS:
        j -= 1
    return " ".join(words[j:]) if j < words.index(surname) else surname


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

    def add(self, terms: list[tuple[str, str, str]]) -> None:
        for term in terms:
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
            return []
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
        return found


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
    """"AE Apeldoorn" (postcode letters and a town) or "Den Haag": a place the NER took for a person."""
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
ORDINARY_CAPITALISED = {
    "zaken",
    "beleid",
    "directie",
    "team",
    "afdeling",
    "ministerie",
    "gemeente",
    "inspectie",
    "provincie",
    "belastingdienst",
    "dienst",
    "bureau",
    "raad",
    "rechtbank",
    "stichting",
    "college",
    "commissie",
    "kamer",
    "werkbedrijf",
    "kenniscentrum",
    "uitvoering",
    "landsadvocaat",
    "staat",
    "rijk",
    "rijksoverheid",
    # departments and institutions a run-on span picks up in tables ("A.T. Berghmans Bezwaar en Beroep")
    "bezwaar",
    "beroep",
    "klantcontact",
    "uitkeren",
    "handhaving",
    "hogeschool",
    "universiteit",
}


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
    for term, ground, entity in extra_terms or ():
        if term.lower() in kept or _allowed(term, rules):
            continue
        f = Finding("batch", 0, 0, 0, term, entity, 1.0, "BatchConsistency")
        terms.setdefault(term, Decision(f, True, "batch", ground))

    covered = _Coverage(doc)
    for d in decisions:
        # A finding rejected only for weak evidence does not block consistency; a keep rule does.
        if d.accepted or d.rule not in WEAK_REJECTIONS:
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
        hits = []
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


def _merge(accepted: list[Decision], rules: Rules) -> list[Redaction]:
    out: list[Redaction] = []
    for d in sorted(accepted, key=lambda d: (d.finding.page, d.finding.start, -d.finding.end)):
        f = d.finding
        if f.start == f.end:
            continue
        last = out[-1] if out else None
        if last and last.page == f.page and f.start < last.end:
            last.end = max(last.end, f.end)
            if rules.ground_rank(d.ground or "") < rules.ground_rank(last.ground):
                last.ground = d.ground or last.ground
                last.entity = f.entity
            last.decisions.append(d)
        else:
            out.append(Redaction(f.page, f.start, f.end, "", d.ground or "5.1.2e", f.entity, [d]))
    return out
