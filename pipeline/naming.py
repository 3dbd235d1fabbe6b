"""Personal data in short texts: a document's file name, title or e-mail subject.

Names in file names are a known reason for withdrawing published documents, so a name
is checked both with the detector and against what the document itself redacted.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from pipeline.decide import Outcome, fold, might_contain, normalize, word_pattern
from pipeline.engine import Engine
from pipeline.language import ordinary_word
from pipeline.textnorm import visible_text


def redact_filename(rel: str, engine: Engine, outcome: Outcome) -> str:
    """Replace personal data in the file name (not the folders above it) by its ground code.

    Names in file names are a known reason for withdrawing published documents, so
    the name is checked both with the detector and against what was redacted in the
    document itself.
    """
    p = PurePosixPath(rel)
    # Separators become spaces in a same-length copy, so offsets map straight back.
    new_stem = redact_snippet(p.stem, engine, outcome, separators="-_. ")
    return rel if new_stem == p.stem else str(p.with_name(new_stem + p.suffix))


def redact_snippet(text: str, engine: Engine, outcome: Outcome, separators: str = "") -> str:
    """Personal data in a short text (file name, title, subject) replaced by ground codes."""
    text = visible_text(text)  # as detection reads text: "Nie\u200buwenhuis" is "Nieuwenhuis"
    spaced = "".join(" " if c in separators or c.isspace() else c for c in text)
    hits: list[tuple[int, int, str]] = []
    rules = engine.rules
    results = engine.analyzer.analyze(text=spaced, language="nl", entities=engine.entities)
    if spaced == spaced.lower():  # slugs ("brief-aan-jan-jansen"): names lost their capitals
        titled = engine.analyzer.analyze(text=spaced.title(), language="nl", entities=["PERSON"])
        # only the name-list recognizer: NER on title-cased words sees names everywhere
        results += [
            r for r in titled if "Spacy" not in (r.recognition_metadata or {}).get("recognizer_name", "")
        ]
    for r in results:
        rule = rules.entities.get(r.entity_type)
        if not rule or r.score < rule.min_score:
            continue
        if r.entity_type == "PERSON" and " " not in spaced[r.start : r.end].strip():
            continue  # one word ("memo") is too weak here; names found in the document count below
        hits.append((r.start, r.end, rule.ground))
    low = fold(spaced)
    for red in outcome.redactions:
        term = normalize(red.text)
        for tok in {term, *term.split(" ")}:
            if tok != term and ordinary_word(tok):
                continue  # one word of a name that is an ordinary word ("Register", "World")
            if len(tok) >= 3 and might_contain(low, tok.split(" ")[0]):
                for m in word_pattern(tok, ignore_case=True).finditer(spaced):
                    hits.append((m.start(), m.end(), red.ground))
    if not hits:
        return text
    # Merge overlapping hits and hits separated only by separators: one code per name.
    merged: list[list] = []
    for s, e, g in sorted(hits):
        if merged and s <= merged[-1][1] + 1 and not spaced[merged[-1][1] : s].strip():
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e, g])
    out, pos = [], 0
    for s, e, g in merged:
        out.append(text[pos:s])
        out.append(g)
        pos = e
    out.append(text[pos:])
    return "".join(out)
