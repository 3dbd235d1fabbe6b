#!/usr/bin/env bash
# Rebuild models/nl_woo_ner from ../shared data and the project's generators.
# Deterministic: fixed seeds, hash-based publication split (see models/README.md).
# Usage: bash models/train.sh [SHARED_DIR] [WORK_DIR]
# About 25 minutes on 2 cores; training never runs in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${1:-../shared}"
WORK="${2:-/work/tmp-ner}"
mkdir -p "$WORK"

# 1. Corpora (DocBins outside the repository; models/data/ gets the split and marker offsets).
python -m models.build_corpus --shared "$SHARED" --out "$WORK/corpus"

# 2. Train tok2vec + ner (spaCy CNN "efficiency" config, models/config.cfg, max_steps fixed there).
python -m spacy train models/config.cfg --output "$WORK/train" \
  --paths.train "$WORK/corpus/train.spacy" --paths.dev "$WORK/corpus/dev.spacy"

# 3. Add the lookup lemmatizer, score the test splits, write meta.json, copy into models/nl_woo_ner.
python -m models.package --trained "$WORK/train/model-best" --corpus "$WORK/corpus" \
  --out models/nl_woo_ner --train-info models/train_info.json
