"""The quality-benchmark corpus generator and scorer, on a fictitious source text (not ../shared)."""

from __future__ import annotations

import json
import re
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


# --------------------------------------------------------------------------- generalisation corpus

import evalcorpus  # noqa: E402

LAYOUT_LETTER = """                                                      Ministerie van Justitie en Veiligheid
> Retouradres Postbus 20301 2500 EH Den Haag

De heer/mevrouw 10.2.e                                                      Directie Wetgeving
10.2.e          @example.nl                                                 Turfmarkt 147
                                                                            2511 DP Den Haag
                                                                            Postbus 20301
                                                                            Contactpersoon

Datum       8 juni 2021
Betreft     Besluit op uw Wob-verzoek

Geachte heer/mevrouw 10.2.e              ,

Bij e-mail van 3 mei 2021 heeft u met een beroep op de Wet openbaarheid van bestuur verzocht
om documenten over de vrijwillige brandweer. In de documenten staan namen van ambtenaren.
Deze namen maak ik niet openbaar op grond van artikel 10, tweede lid, aanhef en onder e, van de
Wob. Het overleg met de gemeente Utrecht en de Belastingdienst vond plaats op 4 april 2021.
De stukken zijn opgesteld door de directie en besproken met de minister van Justitie en
Veiligheid. Zij zijn verzonden aan de Tweede Kamer en aan de Raad van State voor advies, en
daarna openbaar gemaakt op de website van de rijksoverheid met een toelichting per document.

Hoogachtend,

De Minister van Justitie en Veiligheid,
namens deze,

10.2.e
"""


def test_split_is_deterministic_by_publication():
    ner = {"pub-train": "train", "pub-dev": "dev", "pub-test": "test"}
    # UWV follows the NER split and leaves out what the model trained on.
    assert evalcorpus.split_of("uwv/pub-dev", ner) == "dev"
    assert evalcorpus.split_of("uwv/pub-test", ner) == "test"
    assert evalcorpus.split_of("uwv/pub-train", ner) is None
    assert evalcorpus.split_of("uwv/unknown", ner) is None
    # Other bodies: a fixed hash of the publication id (pinned: the test part is frozen).
    assert evalcorpus.split_of("nl-gov-woo/Bes-Wob-besluit.txt", {}) == "test"
    assert evalcorpus.split_of("nl-gov-woo/Bes-besluit-2021-24.txt", {}) == "dev"
    ids = [f"nl-gov-woo/doc-{i}.txt" for i in range(200)]
    first = [evalcorpus.split_of(p, {}) for p in ids]
    assert first == [evalcorpus.split_of(p, {}) for p in ids]
    assert 60 < first.count("test") < 140  # roughly half, not all in one part


def test_committed_selection_agrees_with_the_split_and_never_uses_tuning_material():
    rows = evalcorpus.read_selection()
    ner = corpus.load_split()
    tuning = {r["source"].split("/")[0] for r in corpus.read_selection()}
    parts: dict[str, set[str]] = {}
    for r in rows:
        assert r["split"] == evalcorpus.split_of(r["publication"], ner), r
        parts.setdefault(r["publication"], set()).add(r["split"])
        if r["split"] == "test" and r["publication"].startswith("uwv/"):
            assert r["publication"][4:] not in tuning  # the tuning corpus is dev-only
    assert all(len(p) == 1 for p in parts.values())  # one publication, one part
    assert {r["split"] for r in rows} == {"dev", "test"}
    assert len({r["body"] for r in rows}) >= 5 and len({r["genre"] for r in rows}) >= 7


def test_selection_holds_no_document_text():
    path = evalcorpus.EVAL_SELECTION
    rules = evalcorpus.load_rules()
    bodies = {b for b, _ in rules["bodies"]} | {"UWV", rules["unknown_body"]}
    data = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    assert data[0].split("\t") == list(evalcorpus.COLUMNS)
    for ln in data[1:]:
        src, a, b, sha, pub, body, genre, split = ln.split("\t")
        assert re.fullmatch(r"(uwv/[\w.+-]+/[\w.+-]+\.md|nl-gov-woo/[^\s/]+\.txt)", src), ln
        assert a.isdigit() and b.isdigit() and int(a) < int(b)
        assert re.fullmatch(r"[0-9a-f]{16}", sha)
        assert pub in (src, f"uwv/{src.split('/')[1]}")
        assert body in bodies and genre in evalcorpus.GENRES and split in ("dev", "test")
    # Where the shared texts are at hand: no 40-character stretch of any selected source text.
    shared = evalcorpus.SHARED
    if not shared.is_dir():
        pytest.skip("../shared not present")
    # File names may repeat a title the text also shows; everything else must not carry text.
    blob = "\n".join("\t".join(ln.split("\t")[1:4] + ln.split("\t")[5:]) for ln in data)
    for r in evalcorpus.read_selection():
        kind, _, rel = r["source"].partition("/")
        raw = (shared / evalcorpus.SOURCES[kind] / rel).read_text(encoding="utf-8", errors="replace")
        text = corpus.source_body(raw)
        seg = re.sub(r"\s+", " ", text[r["start"] : r["end"]])
        assert not any(seg[i : i + 40] in blob for i in range(0, max(1, len(seg) - 40), 20))


def test_ground_code_lists_are_not_refilled_as_names():
    from models.synth.refill import find_markers

    for cited in ("Deels openbaar   10.1.c, 10.2.e\n", "Datum    10.2.a   10.2.e   Openbaar\n"):
        assert [m.kind for m in find_markers(evalcorpus.prepare("nl-gov-woo/x.txt", cited))] == [None]
    slot = evalcorpus.prepare("nl-gov-woo/x.txt", "Per e-mail: 10.2.e        @gmail.com     Bestuurskern\n")
    assert [m.kind for m in find_markers(slot)] == ["EMAIL_LOCAL"] and "10.2.e@gmail.com" in slot
    assert [m.kind for m in find_markers(evalcorpus.prepare("nl-gov-woo/x.txt", "De heer 10.2.e zei\n"))] == [
        "PER"
    ]


def test_genre_and_body_rules():
    assert (
        evalcorpus.genre_of("Bes-besluit.txt", "Hierbij ontvangt u\nnotulen, verslagen en memo's\n")
        == "letter"
    )
    assert evalcorpus.genre_of("x", "VERSLAG\nAanwezig: de leden\n") == "minutes"
    assert evalcorpus.genre_of("Inv-lijst.txt", "1  Nota aan de minister  openbaar\n") == "table"
    assert evalcorpus.genre_of("x", "Van: a\nAan: b\nOnderwerp: c\n") == "email"
    rules = evalcorpus.load_rules()
    assert evalcorpus.body_of("nl-gov-woo/x.txt", LAYOUT_LETTER, rules) == "JenV"
    assert evalcorpus.body_of("uwv/p/x.md", LAYOUT_LETTER, rules) == "UWV"
    assert evalcorpus.body_of("nl-gov-woo/x.txt", "Geachte heer,", rules) == rules["unknown_body"]


@pytest.fixture(scope="module")
def eval_built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("evalcorpus")
    (tmp / "nl-gov-woo" / "texts").mkdir(parents=True)
    (tmp / "nl-gov-woo" / "texts" / "Bes-fictief.txt").write_text(LAYOUT_LETTER, encoding="utf-8")
    body = corpus.source_body(LAYOUT_LETTER)
    import hashlib

    row = {
        "source": "nl-gov-woo/Bes-fictief.txt",
        "start": 0,
        "end": len(body),
        "body_sha256_16": hashlib.sha256(body.encode()).hexdigest()[:16],
        "publication": "nl-gov-woo/Bes-fictief.txt",
        "body": "JenV",
        "genre": "letter",
        "split": evalcorpus.split_of("nl-gov-woo/Bes-fictief.txt", {}),
    }
    selection = tmp / "selection.tsv"
    evalcorpus.write_selection([row], selection)
    extra = yaml.safe_load(evalcorpus.EVAL_RULES.read_text(encoding="utf-8"))
    extra["synthetic"] = {"chat": 1}
    extra["insert"] = {"letter": {}}  # refill only: what the test checks comes from the real slots
    extra["identifiers"] = {}  # no identifier items either (tests/test_eval_identifiers.py has them)
    rules_file = tmp / "rules.yaml"
    rules_file.write_text(yaml.safe_dump(extra, allow_unicode=True), encoding="utf-8")
    out = tmp / "out"
    docs = evalcorpus.build(out, shared=tmp, selection=selection, rules_file=rules_file)
    return out, docs


def test_eval_corpus_refills_slots_and_keeps_organisation_addresses(eval_built):
    out, docs = eval_built
    letter, chat = docs
    assert (letter.body, letter.genre, letter.split) == ("JenV", "letter", "test")
    assert chat.body == "synthetic" and chat.split in ("dev", "test")
    assert "10.2.e" not in letter.text.split("Wob.")[0].replace("onder e, van de", "")
    per = [s for s in letter.redact_spans() if s.label == "PER"]
    assert len(per) >= 3 and all(s.origin == "refill" for s in letter.redact_spans())
    emails = [s.value for s in letter.redact_spans() if s.label == "EMAIL"]
    assert emails and all(e.endswith("@example.nl") for e in emails)  # "10.2.e   @example.nl": one address
    keep = {(s.label, s.value) for s in letter.spans if s.action == "keep"}
    assert {("ORGADDR", "Turfmarkt 147"), ("ORGADDR", "Postbus 20301 2500 EH Den Haag")} <= keep
    assert {("ORG", "Ministerie van Justitie en Veiligheid"), ("ORG", "gemeente Utrecht")} <= keep
    text = quality.normalise(quality.pdf_text(out / letter.name))
    for s in letter.spans:
        assert letter.text[s.start : s.end] == s.value and quality.contains(text, s.value), s
    assert letter.name.startswith(f"{letter.split}/letter/")
    # The empty line under "Contactpersoon" got a name, at the label's column.
    lines = letter.text.split("\n")
    k = next(i for i, ln in enumerate(lines) if ln.strip() == "Contactpersoon")
    under = sum(len(ln) + 1 for ln in lines[: k + 1])
    contact = [s for s in per if under <= s.start < under + len(lines[k + 1])]
    assert contact and lines[k + 1].index(contact[0].value) >= lines[k].index("Contactpersoon")


def test_report_splits_keeps_dev_and_test_apart(eval_built):
    out, built = eval_built
    docs = [replace(built[0], split="dev"), replace(built[1], split="test")]
    scores = []
    for d in docs:  # the unredacted PDFs as "output": everything leaks, everything is kept
        scores.append(quality.Score())
        quality.score_doc(d, out / d.name, scores[-1])
    text, figures = quality.report_splits(docs, scores)
    assert set(figures) == {"dev", "test"}
    assert figures["dev"]["leak"] == figures["test"]["leak"] == 100.0
    assert figures["dev"]["documents"] == figures["test"]["documents"] == 1
    assert set(figures["dev"]["by_body"]) == {"JenV"} and set(figures["test"]["by_body"]) == {"synthetic"}
    assert set(figures["test"]["by_genre"]) == {"chat"} and figures["dev"]["by_origin"] == {"refill": 100.0}
    assert "FROZEN" in text and "quality[test]:" in text
    lo, hi = quality.wilson(0, 300)
    assert lo == 0.0 and 1.0 < hi < 1.5  # no leak in 300 spans still allows ~1.3%
    assert quality.wilson(5, 10)[0] < 50 < quality.wilson(5, 10)[1]


def test_ner_eval_scores_recall_per_origin_and_a_precision_bound():
    import ner_eval

    text = "Jan de Vries sprak met minister Bos en met Utrecht."
    spans = [
        corpus.GoldSpan(0, 12, "PER", "Jan de Vries", "redact", "5.1.2e", 0, "refill"),
        corpus.GoldSpan(32, 35, "OFFICIAL", "Bos", "keep"),
    ]
    doc = corpus.CorpusDoc("a.pdf", "letter", "x", text, spans)
    c = ner_eval.score([doc], [[(4, 12), (32, 35), (43, 50)]])  # partial name, the official, a place
    assert (c["refill", "gold"], c["refill", "found"], c["refill", "exact"]) == (1, 1, 0)
    assert (c["all", "predicted"], c["all", "right"]) == (3, 2)
    assert ner_eval.score([doc], [[]])["all", "found"] == 0
