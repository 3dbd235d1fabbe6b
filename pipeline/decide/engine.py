"""The rule engine: a document's findings in, decisions and merged redactions out.

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

from pipeline.analyzer import NER_RECOGNIZER
from pipeline.decide.consistency import _consistency, _wrapped_double_surnames
from pipeline.decide.keep import _allowed, _is_kept_name, _official_names, _role_inside, role_before
from pipeline.decide.model import Decision, Outcome, Overrides, Redaction, _review
from pipeline.decide.names import TITLES, _cut_tail, _is_place, _name_shaped, _trim_to_name
from pipeline.decide.text import _phone_digits, normalize, word_pattern
from pipeline.detect import Finding
from pipeline.language import DUTCH, after_title, country, foreign_phrase, language_at, ordinary_phrase
from pipeline.model import Document
from pipeline.officials import DocOfficials, split_terms
from pipeline.orgcontext import legal_entity_findings, service_number
from pipeline.rules import Rules


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
    batch_terms, carried = split_terms(batch_terms)  # officials other documents introduced
    officials = DocOfficials(doc, findings, rules, carried)  # every written form of each official
    if batch_terms:
        batch_terms = [t for t in batch_terms if not officials.drops(t)] or None

    for f in findings:
        rule = rules.entities.get(f.entity)
        if rule is None:
            continue  # context entities (organisations, places) are not redaction candidates
        if f.entity == "PERSON":
            _cut_tail(f, orgs)
        verdict = _judge(doc, f, rule.min_score, rules, orgs, kept_names)
        if verdict is None and f.score >= rule.min_score:
            verdict = officials.verdict(f)
        if verdict is None:
            d = Decision(f, True, f"entity:{f.entity}>={rule.min_score}", rule.ground)
        else:
            d = Decision(f, False, verdict)
        decisions.append(_review(d, overrides))

    kept_names |= officials.kept_words()  # consistency leaves the officials' names alone
    # Deny list: always redacted, wherever it occurs.
    n = len(findings)
    for deny in rules.deny:
        for page in doc.pages:
            for m in word_pattern(deny.text, ignore_case=True).finditer(page.text):
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
                decisions.append(Decision(f, True, "deny", deny.ground))
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
    return Outcome(decisions, redactions, kept_names, manual, officials.carried())


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
        if f.recognizer == NER_RECOGNIZER and not after_title(doc.pages[f.page].text, f.start):
            # capitalisation is the model's only evidence: not enough for an ordinary word
            if country(f.text):
                return "country-not-person"  # "Japan", "France" in a table of countries
            lang = language_at(doc.pages[f.page].text, f.start)
            if lang != DUTCH and ordinary_phrase(f.text):
                return f"ordinary-words:{lang}"  # "Form", "Hello World" in an English paragraph
            if foreign_phrase(f.text):
                return "foreign-words"  # "Hello World" alone on a page: English words, no Dutch ones
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
