"""The quality-benchmark corpus generator and scorer, on a fictitious source text (not ../shared)."""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402
import quality  # noqa: E402

FICTITIOUS = """---
source_id: pub/doc
page_count: 1
---

Van:
Verzonden: dinsdag 4 april 2023 10:12
Aan:
Onderwerp: Planning overleg

Beste ,

In het overleg met 5.1.2e is afgesproken dat UWV de cijfers aanlevert. Zie ook artikel 5.1.2e Woo.
De minister van Sociale Zaken heeft gevraagd om een notitie; minister Verhoeven ontvangt die in mei.
Vragen kunnen naar woo@uwv.nl of via telefoon 5.1.2e.
Het overleg vindt plaats in Utrecht en daarna in Groningen, bij de Belastingdienst.

Met vriendelijke groet,

Afdeling Uitkeren
"""


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.replace("ı", "i").replace("ł", "l"))
    return "".join(c for c in s if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("corpus")
    shared = tmp / "shared"
    (shared / "pub").mkdir(parents=True)
    (shared / "pub" / "doc.md").write_text(FICTITIOUS, encoding="utf-8")
    body = corpus.source_body(FICTITIOUS)
    import hashlib

    sha = hashlib.sha256(body.encode()).hexdigest()[:16]
    selection = tmp / "selection.tsv"
    corpus.write_selection(
        [{"source": "pub/doc.md", "start": 0, "end": len(body), "sha": sha, "genre": "email"}], selection
    )
    rules = corpus.load_rules()
    rules["synthetic"] = {"chat": 1, "form": 1, "table": 1}
    rules_file = tmp / "rules.yaml"
    rules_file.write_text(yaml.safe_dump(rules), encoding="utf-8")
    out = tmp / "out"
    docs = corpus.build_corpus(out, shared=shared, selection=selection, rules_file=rules_file)
    return out, docs


def test_gold_spans_match_text_and_refill_markers(built):
    out, docs = built
    assert [d.genre for d in docs] == ["email", "chat", "form", "table"]
    real = docs[0]
    for d in docs:
        for s in d.spans:
            assert d.text[s.start : s.end] == s.value and s.value.strip()
    labels = {s.label for s in real.redact_spans()}
    assert {"PER", "PHONE"} <= labels
    # The slot markers are refilled; the legal citation ("artikel 5.1.2e Woo") is left alone.
    assert real.text.count("5.1.2e") == 1 and "artikel 5.1.2e Woo" in real.text
    assert not any(ln.strip() in ("Van:", "Aan:") for ln in real.text.splitlines())
    assert "Beste ," not in real.text
    keep = {(s.label, s.value) for s in real.spans if s.action == "keep"}
    assert {("OFFICIAL", "Verhoeven"), ("MAILBOX", "woo@uwv.nl"), ("ORG", "UWV"), ("LOC", "Utrecht")} <= keep
    assert not any(s.label == "OFFICIAL" and s.value.startswith("van") for s in real.spans)
    assert all(s.ground == ("5.1.1e" if s.label == "BSN" else "5.1.2e") for s in real.redact_spans())


def test_persons_are_consistent_and_emails_derive_from_names(built):
    _, docs = built
    for d in docs:
        for s in d.redact_spans():
            if s.label == "EMAIL" and s.person is not None:
                toks = [t.lower() for t in d.persons[s.person]["surname_tokens"]]
                local = s.value.split("@")[0]
                assert not toks or any(_fold(t) in local for t in toks), (s.value, toks)


def test_pdf_carries_gold_text_and_fictitious_author(built):
    out, docs = built
    gold = [json.loads(ln) for ln in (out / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [g["name"] for g in gold] == [d.name for d in docs]
    for d in docs:
        pdf = out / d.name
        text = quality.normalise(quality.pdf_text(pdf))
        for s in d.spans:
            assert quality.contains(text, s.value), (d.name, s.value)
        assert d.author and d.author in quality.pdf_metadata(pdf)


def test_checksums_of_synthetic_numbers():
    import random

    rng = random.Random(7)
    for _ in range(50):
        b = corpus.bsn(rng)
        assert (
            len(b) == 9
            and sum(int(c) * w for c, w in zip(b, [9, 8, 7, 6, 5, 4, 3, 2, -1], strict=True)) % 11 == 0
        )
        iban = corpus.iban(rng).replace(" ", "")
        num = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
        assert int(num) % 97 == 1


def test_scorer_counts_leaks_and_keeps(built, tmp_path):
    out, docs = built
    form = next(d for d in docs if d.genre == "form")
    # The unredacted PDF as "output": every gold string leaks, everything to keep is kept.
    sc = quality.Score()
    quality.score_doc(form, out / form.name, sc)
    assert sum(sc.leaked.values()) == len(form.redact_spans()) > 0
    assert sum(sc.keep_kept.values()) == sum(sc.keep_total.values()) > 0
    assert sc.meta_leaks == 1  # the Author is still in the Info dictionary
    # A perfectly redacted version: personal data replaced by the ground, no Author.
    chars = list(form.text)
    for s in form.redact_spans():
        chars[s.start : s.end] = list(s.ground.ljust(s.end - s.start))
    clean = replace(form, text="".join(chars), author="", name="clean.pdf")
    corpus.render_pdf(clean, tmp_path / "clean.pdf")
    sc = quality.Score()
    quality.score_doc(form, tmp_path / "clean.pdf", sc)
    assert sum(sc.leaked.values()) == 0 and sc.meta_leaks == 0
    assert sc.other_kept == sc.other_total
