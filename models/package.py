"""Turn a trained spaCy output into the shipped ``models/nl_woo_ner`` pipeline.

Why: the trained pipeline gets the Dutch lookup lemmatizer (tables from
spacy-lookups-data are serialised into the model, so nothing is fetched at load
time; Presidio's context words match on lemmas), its meta.json gets version,
data sources, licences and the test-split metrics, and the result is copied into
the repository.

Usage: python -m models.package --trained /work/tmp-ner/train/model-best
           --corpus /work/tmp-ner/corpus --out models/nl_woo_ner --version 1.1.0
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import spacy

from models.evaluate import score_docbin

DATA_SOURCES = [
    {
        "name": "UWV Woo/Wob releases (text of published PDFs)",
        "use": "refilled redaction markers, real body text and negatives; synthetic names via models/synth",
        "licence": "public government releases; texts not redistributed, only offsets (models/data)",
    },
    {
        "name": "Europeana Newspapers NER (enp_NL.kb)",
        "use": "general Dutch PER/LOC/ORG",
        "licence": "CC0 1.0",
    },
    {
        "name": "models/synth generators (faker name lists, MIT)",
        "use": "synthetic persons, e-mail, phone",
        "licence": "MIT (faker), project code",
    },
]


def package(trained: Path, corpus: Path, out: Path, version: str, train_info: dict | None = None) -> dict:
    """Add the lemmatizer, evaluate on both test splits, write meta and save to ``out``."""
    nlp = spacy.load(trained)
    if "lemmatizer" not in nlp.pipe_names:
        lem = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        lem.initialize()  # loads nl_lemma_lookup from spacy-lookups-data into the pipeline
    splits = ("test_woo", "test_woo_refill", "test_woo_real", "test_woo_synth", "test_europeana")
    metrics = {
        s: score_docbin(nlp, corpus / f"{s}.spacy") for s in splits if (corpus / f"{s}.spacy").exists()
    }
    nlp.meta.update(
        {
            "name": "woo_ner",
            "version": version,
            "description": "Dutch NER (PER/ORG/LOC) for Woo documents; CNN tok2vec + ner + lookup lemmatizer",
            "author": "woo-redact",
            "license": "EUPL-1.2",
            "sources": DATA_SOURCES,
            "woo_metrics": metrics,
            "training": train_info or {},
        }
    )
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    return metrics


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trained", type=Path, default=Path("/work/tmp-ner/train/model-best"))
    ap.add_argument("--corpus", type=Path, default=Path("/work/tmp-ner/corpus"))
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "nl_woo_ner")
    ap.add_argument("--version", default="1.1.0")
    ap.add_argument("--train-info", type=Path, help="JSON file with training details for meta.json")
    args = ap.parse_args(argv)
    info = json.loads(args.train_info.read_text()) if args.train_info else None
    metrics = package(args.trained, args.corpus, args.out, args.version, info)
    print(json.dumps(metrics, indent=1))


if __name__ == "__main__":
    main()
