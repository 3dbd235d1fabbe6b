"""The run's options, the output layout, statuses, input discovery and the executors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pdfs import text_pdf

from pipeline.errors import ConfigError
from pipeline.layout import OutputLayout
from pipeline.options import RunOptions
from pipeline.status import ExitCode, Status

REPO = Path(__file__).resolve().parent.parent


def woo(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        cwd=cwd or REPO,
    )


# ------------------------------------------------------------------ options


def test_options_are_validated_once_with_a_message_naming_the_choices():
    with pytest.raises(ConfigError, match="unknown extractor 'pdfminer': use one of pdfium, pdfplumber"):
        RunOptions(extractor="pdfminer")
    with pytest.raises(ConfigError, match="unknown verify"):
        RunOptions(verify="sometimes")
    with pytest.raises(ConfigError, match="--workers"):
        RunOptions(workers=-1)
    with pytest.raises(TypeError, match="unknown run option"):
        RunOptions.build(extracter="pdfium")


def test_options_build_keeps_the_older_keyword_spelling_and_is_frozen():
    opts = RunOptions.build(None, workers=0, fast_verify=True)
    assert opts.verify == "fast" and opts.fast_verify and opts.workers == 0
    assert RunOptions.build(opts, verify="thorough").fast_verify is False
    with pytest.raises(AttributeError):
        opts.workers = 3  # type: ignore[misc]


def test_statuses_compare_and_serialise_as_the_values_older_logs_hold():
    assert Status.RELEASED == "released" and Status.NEEDS_OCR == "needs-ocr"
    assert json.dumps({"status": Status.TOO_LARGE}) == '{"status": "too-large"}'
    assert f"{Status.FAILED}" == "failed"
    assert int(ExitCode.USAGE) == 2 and int(ExitCode.INTERRUPTED) == 130


# ------------------------------------------------------------------ layout


def test_layout_names_every_output_path_and_moves_files_in_one_step(tmp_path):
    layout = OutputLayout(tmp_path / "out")
    layout.create()
    assert layout.tmp.is_dir() and layout.default_key == tmp_path / "out" / ".woo-redact" / "fingerprint.key"
    assert layout.text_of("a/b.pdf") == tmp_path / "out" / "text" / "a" / "b.txt"
    assert layout.text_of("x.tar.pdf").name == "x.tar.txt"
    src = layout.tmp / "x.pdf"
    src.write_bytes(b"%PDF-")
    layout.place(src, layout.document("sub/x.pdf"))
    assert not src.exists() and layout.document("sub/x.pdf").read_bytes() == b"%PDF-"
    layout.text_of("sub/x.pdf").parent.mkdir(parents=True)
    layout.text_of("sub/x.pdf").write_text("t")
    layout.remove("sub/x.pdf")
    assert not layout.document("sub/x.pdf").exists() and not layout.text_of("sub/x.pdf").exists()


def test_an_output_folder_that_cannot_be_written_is_a_usage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigError, match="cannot write to the output folder"):
        OutputLayout(blocker / "out").create()


# ------------------------------------------------------------------ discovery


def test_discovery_asks_the_formats_and_keeps_two_inputs_same_names_apart(tmp_path):
    from pipeline.triage import collect_jobs

    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        (d / "sub").mkdir(parents=True)
        text_pdf(d / "sub" / "nota.pdf", ["Nota over de pilot."])
    text_pdf(a / "HOOFDLETTERS.PDF", ["Nota."])
    (a / "notities.txt").write_text("no format claims this")
    (a / ".woo-redact").mkdir()
    text_pdf(a / ".woo-redact" / "old.pdf", ["private state of an earlier run"])
    jobs = collect_jobs([a, b], exclude=tmp_path / "out")
    assert [j.rel for j in jobs] == ["HOOFDLETTERS.PDF", "sub/nota.pdf", "b/sub/nota.pdf"]
    assert [j.number for j in jobs] == [1, 2, 3]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ConfigError, match="no PDF files found"):
        collect_jobs([empty])


# ------------------------------------------------------------------ executors


def test_the_executor_follows_the_options(tmp_path):
    from pipeline.api import _worker_config
    from pipeline.executors import DaskExecutor, LocalExecutor, SerialExecutor, make_executor
    from pipeline.rules import DEFAULT_RULES

    layout = OutputLayout(tmp_path)
    cfg = _worker_config(layout, DEFAULT_RULES, tmp_path / "key", RunOptions(workers=0))
    assert isinstance(make_executor(cfg, RunOptions(workers=0)), SerialExecutor)
    assert isinstance(make_executor(cfg, RunOptions(executor="dask")), DaskExecutor)
    with make_executor(cfg, RunOptions(workers=1), start_early=False) as local:
        assert isinstance(local, LocalExecutor) and not local.loads_engine_itself
    assert cfg.memory_limit_mb == 0  # in-process: no limit on the caller's own process


# ------------------------------------------------------------------ the command


def test_unwritable_output_is_exit_2_with_one_line(tmp_path):
    pdf = text_pdf(tmp_path / "a.pdf", ["Nota over de pilot."])
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    proc = woo("run", str(pdf), "--out", str(blocker / "out"))
    assert proc.returncode == ExitCode.USAGE
    lines = proc.stderr.strip().splitlines()
    assert (
        len(lines) == 1 and "cannot write to the output folder" in lines[0] and "Traceback" not in proc.stderr
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_manifest_and_records_say_which_verification_really_ran(tmp_path):
    (tmp_path / "in").mkdir()
    pdf = text_pdf(tmp_path / "in" / "a.pdf", ["Gesprek met Petra de Vries over de pilot."])
    proc = woo("run", str(pdf.parent), "--out", str(tmp_path / "fast"), "--workers", "0")
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((tmp_path / "fast" / "manifest.json").read_text())
    assert manifest["verification"] == {
        "mode": "fast",
        "extractors": ["pypdfium2", "pdftotext"],
        "raw_bytes": True,
    }
    assert manifest["rules"]["source"] == "shipped with woo-redact"

    proc = woo(
        "run", str(pdf.parent), "--out", str(tmp_path / "thorough"), "--workers", "0", "--thorough-verify"
    )
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((tmp_path / "thorough" / "manifest.json").read_text())
    assert manifest["verification"]["extractors"] == ["pdfplumber", "pypdfium2", "pdftotext"]
    records = [json.loads(x) for x in (tmp_path / "thorough" / "audit.jsonl").read_text().splitlines()]
    checks = next(r["checks"] for r in records if r["type"] == "verification")
    assert any(c.startswith("pdfplumber:") for c in checks)

    # without pdftotext on the PATH: a warning, and the manifest says pdfplumber read instead
    bare = tmp_path / "bin"
    bare.mkdir()
    env = dict(os.environ, PATH=str(bare))
    proc = woo("run", str(pdf.parent), "--out", str(tmp_path / "nopoppler"), "--workers", "0", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "pdftotext (poppler-utils) is not installed" in proc.stderr
    manifest = json.loads((tmp_path / "nopoppler" / "manifest.json").read_text())
    assert manifest["verification"]["extractors"] == ["pdfplumber", "pypdfium2"]
    records = [json.loads(x) for x in (tmp_path / "nopoppler" / "audit.jsonl").read_text().splitlines()]
    checks = next(r["checks"] for r in records if r["type"] == "verification")
    assert "pdftotext: not installed, skipped" in checks
