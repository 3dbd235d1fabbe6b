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
