"""Per-label scores of an NER pipeline on a DocBin, at entity and token level.

Why token level too: for redaction what counts is whether each word of a name
gets covered, so a name found with one token too few is a partial leak, and
entity-level F alone hides that.

API: ``score_docbin(nlp, path, labels=("PER", "ORG", "LOC")) -> dict`` with, per
label, ``{"ent_p", "ent_r", "ent_f", "tok_p", "tok_r", "tok_f", "gold_ents"}``
and ``"gold_ents"``, ``"pred_ents"``, and ``"words"`` (number of tokens scored).
"""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import DocBin


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


def score_docbin(nlp, path: Path | str, labels: tuple[str, ...] = ("PER", "ORG", "LOC")) -> dict:
    """Run ``nlp`` over the texts of the gold docs and compare entities and entity tokens per label."""
    gold_docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    counts = {
        lab: {"etp": 0, "efp": 0, "efn": 0, "ttp": 0, "tfp": 0, "tfn": 0, "n": 0, "np": 0} for lab in labels
    }
    words = 0
    # Score on the gold tokenisation so token-level numbers are exact.
    from spacy.tokens import Doc

    inputs = [
        Doc(nlp.vocab, words=[t.text for t in g], spaces=[bool(t.whitespace_) for t in g]) for g in gold_docs
    ]
    for gold, pred in zip(gold_docs, nlp.pipe(inputs, batch_size=64), strict=False):
        words += len(gold)
        for lab in labels:
            c = counts[lab]
            g_ents = {(e.start, e.end) for e in gold.ents if e.label_ == lab}
            p_ents = {(e.start, e.end) for e in pred.ents if e.label_ == lab}
            c["n"] += len(g_ents)
            c["np"] += len(p_ents)
            c["etp"] += len(g_ents & p_ents)
            c["efp"] += len(p_ents - g_ents)
            c["efn"] += len(g_ents - p_ents)
            g_tok = {i for s, e in g_ents for i in range(s, e)}
            p_tok = {i for s, e in p_ents for i in range(s, e)}
            c["ttp"] += len(g_tok & p_tok)
            c["tfp"] += len(p_tok - g_tok)
            c["tfn"] += len(g_tok - p_tok)
    out: dict = {"words": words}
    for lab, c in counts.items():
        ep, er, ef = _prf(c["etp"], c["efp"], c["efn"])
        tp, tr, tf = _prf(c["ttp"], c["tfp"], c["tfn"])
        out[lab] = {
            "ent_p": ep,
            "ent_r": er,
            "ent_f": ef,
            "tok_p": tp,
            "tok_r": tr,
            "tok_f": tf,
            "gold_ents": c["n"],
            "pred_ents": c["np"],
        }
    return out
