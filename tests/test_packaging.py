"""woo-redact installed from a wheel runs from any folder: rules and model travel inside it."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pdfs import text_pdf

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(dist)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        pytest.skip(
            f"cannot build a wheel here (no build backend from the package index?): {proc.stderr[-300:]}"
        )
    return next(dist.glob("woo_redact-*.whl"))


def test_the_wheel_carries_rules_grounds_officials_and_the_model(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "pipeline/_data/rules/default.yaml",
        "pipeline/_data/rules/grounds.yaml",
        "pipeline/_data/rules/public_officials.yaml",
        "pipeline/_data/models/nl_woo_ner/meta.json",
        "pipeline/_data/models/nl_woo_ner/ner/model",
        "pipeline/_data/models/nl_woo_ner/vocab/strings.json",
    ):
        assert needed in names, needed
    # the model's training scripts are not part of the product
    assert not any(
        n.startswith("pipeline/_data/models/synth") or n.endswith("build_corpus.py") for n in names
    )


@pytest.mark.slow
def test_installed_from_the_wheel_it_runs_in_an_empty_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    # The dependencies come from this environment (no downloads in tests); woo-redact itself
    # only from the wheel, which must win over the development checkout.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True, timeout=300)
    work = tmp_path / "elsewhere"
    work.mkdir()
    text_pdf(work / "nota.pdf", ["Gesprek met Petra de Vries over de pilot met Movisie."])
    where = subprocess.run(
        [py, "-c", "import pipeline; print(pipeline.__file__)"], capture_output=True, text=True, cwd=work
    )
    assert str(venv) in where.stdout, where.stdout + where.stderr
    proc = subprocess.run(
        [venv / "bin" / "woo-redact", "run", "nota.pdf", "--out", "out", "--workers", "1"],
        capture_output=True,
        text=True,
        cwd=work,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((work / "out" / "manifest.json").read_text())
    assert str(venv) in manifest["rules"]["path"] and manifest["rules"]["source"] == "shipped with woo-redact"
    text = (work / "out" / "text" / "nota.txt").read_text()
    assert "Petra" not in text and "Movisie" in text
