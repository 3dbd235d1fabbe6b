"""A batch run's main process describes the engine from its files; its workers load it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from pdfs import text_pdf

from pipeline.engine import RULE_RECOGNIZERS, Engine
from pipeline.rules import DEFAULT_RULES

ROOT = Path(__file__).resolve().parents[1]


def test_describe_records_what_load_records():
    described = Engine.describe(DEFAULT_RULES)
    loaded = Engine.load(DEFAULT_RULES)
    assert described.loaded is None  # nothing loaded yet
    assert described.model == loaded.model
    assert described.recognizers == loaded.recognizers
    assert described.rules.sha256 == loaded.rules.sha256


def test_rule_recognizer_names_are_those_of_the_recognizers():
    from pipeline.recognizers import RECOGNIZER_ENTITIES, all_recognizers

    assert (
        sorted(RULE_RECOGNIZERS) == sorted(RECOGNIZER_ENTITIES) == sorted(r.name for r in all_recognizers())
    )


def test_described_engine_loads_its_analyzer_on_first_use():
    engine = Engine.describe(DEFAULT_RULES)
    text = "Van: Sanne Bakker\nAan: Piet de Vries"
    found = {text[r.start : r.end] for r in engine.analyzer.analyze(text, language="nl", entities=["PERSON"])}
    assert "Sanne Bakker" in found
    assert engine.loaded is not None


def test_describing_imports_neither_spacy_nor_presidio():
    code = (
        "import sys, json\nfrom pipeline.engine import Engine\nEngine.describe()\n"
        "print(json.dumps(sorted(m for m in ('spacy', 'presidio_analyzer', 'thinc') if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_a_model_that_does_not_load_stops_a_run_with_workers(tmp_path):
    """The workers load the model: one that is broken stops the run with exit 2, no traceback."""
    model = tmp_path / "nl_woo_ner"
    shutil.copytree(ROOT / "models" / "nl_woo_ner", model)
    weights = model / "ner" / "model"
    weights.write_bytes(weights.read_bytes()[:100])  # truncated weights
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        f"grounds: {ROOT}/rules/grounds.yaml\nmodel: {{path: {model}}}\n"
        "entities:\n  PERSON: {ground: 5.1.2e}\n"
    )
    pdf = text_pdf(tmp_path / "a.pdf", ["Hallo Sanne Bakker"])
    out = tmp_path / "o"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            str(pdf),
            "--out",
            str(out),
            "--rules",
            str(rules),
            "--workers",
            "2",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2, proc.stderr
    assert "broken" in proc.stderr and "Traceback" not in proc.stderr
    assert not (out / "documents" / "a.pdf").exists()
