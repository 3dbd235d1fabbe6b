"""Benchmark the shipped Dutch NER model: PER quality on the test splits, speed, load time.

Why separate from the tests: figures, not pass/fail.  Needs the corpora built by
``python -m models.build_corpus`` (default /work/tmp-ner/corpus); speed is
measured on one core (BLAS threads and CPU affinity pinned to one).

Usage: python benchmarks/ner.py [--model models/nl_woo_ner] [--corpus /work/tmp-ner/corpus]
Targets (issue 3): PER token recall >= 0.95 at precision >= 0.85 on test_woo;
>= 15,000 words/s on one core; load < 2 s.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# test_woo = all in-domain test docs; _refill = real text with refilled markers; _real = real text
# without labelled names (shows false PER hits on UWV prose); _synth = template passages.
SPLITS = ("test_woo", "test_woo_refill", "test_woo_real", "test_woo_synth", "test_europeana")
sys.path.insert(0, str(ROOT))

# Issue 3 follow-up probes (fictitious): names inside running prose must be PER ...
PROSE_PROBES = [
    (
        "Volgens Sharmila Ramdin-Jagesar van het Werkbedrijf in Utrecht is de aanvraag compleet.",
        "Sharmila Ramdin-Jagesar",
    ),
    ("Volgens Pieter Bosman is de berekening niet juist.", "Pieter Bosman"),
    ("Hanneke Verhoef heeft aangegeven dat zij de brief morgen verstuurt.", "Hanneke Verhoef"),
    ("In overleg met Ruud Hendriks en Naima Ouali is de klacht afgehandeld.", "Naima Ouali"),
    ("Dat is niet de bedoeling geweest, aldus Tom Verbeek.", "Tom Verbeek"),
    ("Bram Koster (jurist) stelt voor om de klant te bellen.", "Bram Koster"),
    ("Het gesprek is gevoerd met Emre Aydın over de nabetaling.", "Emre Aydın"),
    ("De vraag ligt nu bij Johan Smits van Klantcontact.", "Johan Smits"),
    ("Dit is een verzoek van Daan Kuipers aan de afdeling.", "Daan Kuipers"),
    ("Directeur Anja Smit opende het overleg.", "Anja Smit"),
]
# ... and capitalised ordinary words at sentence/line start, form places, table cells must not be
# (text, the PER spans that are right there).
NOT_PER_PROBES = [
    ("Stel, we verlengen de termijn.", []),
    ("Top, dank je wel!", []),
    ("[09:20] Manel Djoudi: Top, dank je. Ik kijk er na de lunch naar.", ["Manel Djoudi"]),
    ("Polis\nDe loongegevens komen uit de polisadministratie.", []),
    ("Vanuit Klantcontact komen veel vragen.", []),
    ("Woonplaats: Apeldoorn\nStatus: afgerond", []),
    ("Klantcontact 12 15\nUitkeren 3 4\nBezwaar 5 6", []),
    ("Z-2023560\n23-3-2023\nN. Khelifa\nKlantcontact\nAssen\nafgehandeld", ["N. Khelifa"]),
    ("Prima, ik pak het op.", []),
    ("Wethouder Jan de Vries opende het overleg.", ["Jan de Vries"]),
]


def probe(nlp) -> dict:
    """Counts on the follow-up probes: exact PER hits in prose, sentences whose PER spans are wrong."""
    hits = sum(name in [e.text for e in nlp(t).ents if e.label_ == "PER"] for t, name in PROSE_PROBES)
    false = sum([e.text for e in nlp(t).ents if e.label_ == "PER"] != ok for t, ok in NOT_PER_PROBES)
    return {
        "prose_names_found": hits,
        "prose_names": len(PROSE_PROBES),
        "false_per_sentences": false,
        "negative_sentences": len(NOT_PER_PROBES),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", type=Path, default=ROOT / "models" / "nl_woo_ner")
    ap.add_argument("--corpus", type=Path, default=Path("/work/tmp-ner/corpus"))
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    import spacy
    from spacy.tokens import DocBin

    from models.evaluate import score_docbin

    t0 = time.perf_counter()
    nlp = spacy.load(args.model)
    load_s = time.perf_counter() - t0

    results: dict = {"model": str(args.model), "load_seconds": round(load_s, 3)}
    for split in SPLITS:
        path = args.corpus / f"{split}.spacy"
        if path.exists():
            results[split] = score_docbin(nlp, path)
        else:
            results[split] = f"missing {path} (run python -m models.build_corpus)"

    results["probes"] = probe(nlp)

    # Speed: raw text through the full pipeline (tokenizer included), one core.
    texts: list[str] = []
    for split in ("test_woo", "test_europeana"):
        path = args.corpus / f"{split}.spacy"
        if path.exists():
            texts += [d.text for d in DocBin().from_disk(path).get_docs(nlp.vocab)]
    if not texts:
        texts = [
            "Van: Jan de Vries <jan.devries@uwv.nl>\nAan: mevrouw El Amrani van UWV in Amsterdam.\n"
        ] * 2000
    for _ in nlp.pipe(texts[:50]):  # warm-up
        pass
    t0 = time.perf_counter()
    words = sum(len(d) for d in nlp.pipe(texts, batch_size=256))
    dt = time.perf_counter() - t0
    results["words_per_second_one_core"] = int(words / dt)
    results["speed_words"] = words

    if args.json:
        print(json.dumps(results, indent=1))
        return
    print(
        f"model {results['model']}  load {load_s:.2f} s  "
        f"speed {results['words_per_second_one_core']:,} words/s "
        f"(1 core, {words:,} words)"
    )
    pr = results["probes"]
    print(
        f"probes: prose names {pr['prose_names_found']}/{pr['prose_names']} found; "
        f"wrong PER spans in {pr['false_per_sentences']}/{pr['negative_sentences']} non-name sentences"
    )
    for split in SPLITS:
        r = results[split]
        if isinstance(r, str):
            print(f"{split}: {r}")
            continue
        for lab in ("PER", "ORG", "LOC"):
            s = r[lab]
            print(
                f"{split:15s} {lab}  token P {s['tok_p']:.3f} R {s['tok_r']:.3f} F {s['tok_f']:.3f} | "
                f"entity P {s['ent_p']:.3f} R {s['ent_r']:.3f} F {s['ent_f']:.3f}  "
                f"(gold {s['gold_ents']}, predicted {s['pred_ents']}, {r['words']:,} words)"
            )


if __name__ == "__main__":
    main()
