"""Archive-scale batch behaviour of ``woo-redact run``: bad documents, crashes, hangs, interruption, resume.

Runs the real command in subprocesses.  A worker crash and a hang are injected with a
test-only ``sitecustomize`` (put on PYTHONPATH for the command and, through the
environment, for every worker process it spawns) that wraps ``pipeline.process.process``:
``WOO_REDACT_TEST_FAULT=crash:a.pdf,hang:b.pdf`` ends the worker process (``os._exit``)
or sleeps when that file comes up.  Production code carries no fault hook.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pdfs import corrupt_pdf, empty_file, encrypted_pdf, not_a_pdf, scanned_pdf, text_pdf

from pipeline.audit import read_records

REPO = Path(__file__).resolve().parents[1]

SITECUSTOMIZE = '''
"""Test-only fault injection for woo-redact worker processes (see tests/test_batch.py)."""
import importlib.abc
import importlib.util
import os
import sys
import time

_SPEC = os.environ.get("WOO_REDACT_TEST_FAULT", "")


def _wrap(orig):
    def process(job, *args, **kwargs):
        name = job.rel.rsplit("/", 1)[-1]
        for item in _SPEC.split(","):
            kind, _, target = item.partition(":")
            if target == name and kind == "crash":
                os._exit(70)
            if target == name and kind == "hang":
                time.sleep(3600)
        return orig(job, *args, **kwargs)
    return process


class _Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname != "pipeline.process":
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        exec_module = spec.loader.exec_module

        def patched(module):
            exec_module(module)
            module.process = _wrap(module.process)
        spec.loader.exec_module = patched
        return spec


if _SPEC:
    sys.meta_path.insert(0, _Hook())
'''


def fault_env(folder: Path, spec: str) -> dict[str, str]:
    """Environment for a command whose workers crash or hang on the files named in ``spec``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(folder), str(REPO), env.get("PYTHONPATH", "")] if p)
    env["WOO_REDACT_TEST_FAULT"] = spec
    return env


def woo(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", *args],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
        cwd=REPO,
    )


def inventory(out: Path) -> dict[str, dict[str, str]]:
    with (out / "inventory.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    names = [r["Bestand"] for r in rows]
    assert len(names) == len(set(names)), f"an input is listed twice: {names}"
    return {r["Bestand"]: r for r in rows}


_TRAILER_ID = re.compile(rb"/ID\s*\[\s*<[0-9a-fA-F]*>\s*<[0-9a-fA-F]*>\s*\]")


def stable_bytes(path: Path) -> bytes:
    """The file's bytes with the trailer /ID blanked: PyMuPDF writes a fresh random ID on each save."""
    data = path.read_bytes()
    assert len(_TRAILER_ID.findall(data)) <= 1
    return _TRAILER_ID.sub(b"/ID[]", data)


def tree(out: Path, sub: str) -> dict[str, Path]:
    root = out / sub
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_outputs(a: Path, b: Path) -> None:
    """Same released documents (bytes up to the trailer /ID), same text files, same inventory."""
    docs_a, docs_b = tree(a, "documents"), tree(b, "documents")
    assert sorted(docs_a) == sorted(docs_b)
    for rel in docs_a:
        assert stable_bytes(docs_a[rel]) == stable_bytes(docs_b[rel]), rel
    texts_a, texts_b = tree(a, "text"), tree(b, "text")
    assert sorted(texts_a) == sorted(texts_b)
    for rel in texts_a:
        assert texts_a[rel].read_bytes() == texts_b[rel].read_bytes(), rel
    assert comparable_inventory(a) == comparable_inventory(b)


def comparable_inventory(out: Path) -> list[dict[str, str]]:
    """Inventory rows in file order; the parenthesised detail of a reason (exit code, worker) may differ."""
    rows = list(inventory(out).values())
    for r in rows:
        r["Reden"] = re.sub(r"\s*\([^)]*\)", "", r["Reden"])
    return rows


def audit_lines(out: Path) -> list[dict]:
    """Every line parses and the hash chain is unbroken (also across a repaired, resumed log)."""
    raw = (out / "audit.jsonl").read_bytes()
    assert raw.endswith(b"\n")
    recs, prev = [], "0" * 64
    for line in raw.splitlines():
        rec = json.loads(line)
        assert rec["prev"] == prev, f"hash chain broken at seq {rec.get('seq')}"
        prev = hashlib.sha256(line).hexdigest()
        recs.append(rec)
    return recs


def mail(i: int) -> list[str]:
    return [
        f"Van: Bakker, Sanne <sanne.bakker@minszw.nl>\nAan: Kees de Vries <kees.devries@minszw.nl>\n"
        f"Onderwerp: Dossier {i}\nBeste Kees,\nIk sprak Petra Jansen (06-12345678) over dossier {i}.\n"
        "De minister Verhoeven tekent de brief.\nMet vriendelijke groet,\nSanne Bakker",
        f"Bijlage bij dossier {i}\nBakker belt UWV morgen terug.",
    ]


# ------------------------------------------------------------------ a folder with bad documents


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    src = tmp_path_factory.mktemp("mixed")
    text_pdf(src / "a-crash.pdf", mail(1))  # a good PDF that makes its worker die
    text_pdf(src / "b-mail.pdf", mail(2))
    text_pdf(src / "c-notitie.pdf", ["Notitie over de pilot met Movisie."])
    text_pdf(src / "d-hang.pdf", mail(3))  # a good PDF on which its worker hangs
    corrupt_pdf(src / "kapot.pdf")
    encrypted_pdf(src / "beveiligd.pdf")
    empty_file(src / "leeg.pdf")
    not_a_pdf(src / "tekst.pdf")
    scanned_pdf(src / "scan.pdf")
    out = tmp_path_factory.mktemp("mixed-out")
    env = fault_env(tmp_path_factory.mktemp("fault"), "crash:a-crash.pdf,hang:d-hang.pdf")
    env["WOO_REDACT_TESSERACT"] = "no-such-tesseract"  # the scan stays needs-ocr (OCR: tests/test_ocr.py)
    # 15 s: long enough for a good document on a loaded machine, short for the hanging one
    first = woo(str(src), "--out", str(out), "--workers", "2", "--timeout", "15", env=env)
    return src, out, first


def test_good_documents_are_released_and_every_bad_one_is_listed(mixed):
    _, out, proc = mixed
    assert proc.returncode == 1, proc.stderr
    rows = inventory(out)
    expected = {
        "a-crash.pdf": "failed",
        "b-mail.pdf": "released",
        "c-notitie.pdf": "released",
        "d-hang.pdf": "failed",
        "kapot.pdf": "unreadable",
        "beveiligd.pdf": "encrypted",
        "leeg.pdf": "unreadable",
        "tekst.pdf": "unreadable",
        "scan.pdf": "needs-ocr",
    }
    assert {name: rows[name]["Status"] for name in expected} == expected
    assert "crashed" in rows["a-crash.pdf"]["Reden"]
    assert "timed out" in rows["d-hang.pdf"]["Reden"]
    assert sorted(tree(out, "documents")) == ["b-mail.pdf", "c-notitie.pdf"]
    for name, status in expected.items():
        if status != "released":
            assert rows[name]["Reden"], name
            assert any(line.startswith(f"{name}: {status}") for line in proc.stderr.splitlines()), name
    assert "Traceback" not in proc.stderr


def test_audit_log_has_one_document_record_per_input(mixed):
    src, out, _ = mixed
    docs = [r["document"] for r in audit_lines(out) if r["type"] == "document"]
    assert sorted(docs) == sorted(p.name for p in src.iterdir())


def test_rerun_redoes_only_what_did_not_succeed(mixed):
    src, out, _ = mixed
    before = {rel: p.stat().st_mtime_ns for rel, p in tree(out, "documents").items()}
    env = dict(os.environ, WOO_REDACT_TESSERACT="no-such-tesseract")  # the scan stays needs-ocr
    proc = woo(str(src), "--out", str(out), "--workers", "1", env=env)  # the faults are gone now
    assert proc.returncode == 1, proc.stderr  # the broken inputs still need attention
    assert "2 unchanged" in proc.stderr
    rows = inventory(out)
    assert rows["a-crash.pdf"]["Status"] == "released" and rows["d-hang.pdf"]["Status"] == "released"
    assert rows["kapot.pdf"]["Status"] == "unreadable"
    after = tree(out, "documents")
    assert sorted(after) == ["a-crash.pdf", "b-mail.pdf", "c-notitie.pdf", "d-hang.pdf"]
    assert {rel: after[rel].stat().st_mtime_ns for rel in before} == before  # skipped, not rewritten
    docs = [r["document"] for r in audit_lines(out) if r["type"] == "document"]
    assert docs.count("b-mail.pdf") == 1 and docs.count("a-crash.pdf") == 2


# ------------------------------------------------------------------ interruption and resume

N_DOCS = 12


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    src = tmp_path_factory.mktemp("archive")
    for i in range(1, N_DOCS + 1):
        text_pdf(src / f"doc{i:02d}.pdf", mail(i))
    ref = tmp_path_factory.mktemp("reference")
    proc = woo(str(src), "--out", str(ref), "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    return src, ref


def start_and_interrupt(src: Path, out: Path, sig: int, env: dict[str, str]) -> tuple[int, str, int]:
    """Start a run, wait until a few documents are out, send ``sig`` to its process group.

    The last document hangs (fault injection), so the run cannot finish before the signal.
    Returns the exit code, stderr and the number of documents released at that moment.
    """
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1"]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
        start_new_session=True,
    )
    docs = out / "documents"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if docs.is_dir() and len([p for p in docs.iterdir() if p.suffix == ".pdf"]) >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    released = len(list(docs.glob("*.pdf")))
    os.killpg(proc.pid, sig)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err, released


def assert_resumed_like_reference(out: Path, ref: Path, resume: subprocess.CompletedProcess) -> None:
    assert resume.returncode == 0, resume.stderr
    files = list((out / "documents").rglob("*"))
    assert not [p for p in files if p.name.endswith(".part") or p.name.startswith(".")]
    rows = inventory(out)
    assert sorted(rows) == [f"doc{i:02d}.pdf" for i in range(1, N_DOCS + 1)]
    assert {r["Status"] for r in rows.values()} == {"released"}
    docs = [r for r in audit_lines(out) if r["type"] == "document"]
    released = [r["document"] for r in docs if r["status"] == "released"]
    assert sorted(released) == sorted(rows), "a document was released twice or not at all"
    assert_same_outputs(out, ref)


def test_killed_run_resumes_to_the_same_result(archive, tmp_path):
    src, ref = archive
    out = tmp_path / "out"
    env = fault_env(tmp_path / "fault", f"hang@2:doc{N_DOCS:02d}.pdf")  # in the second pass
    code, _, released = start_and_interrupt(src, out, signal.SIGKILL, env)
    assert code == -signal.SIGKILL
    assert 3 <= released < N_DOCS
    done = [r for r in read_records(out / "audit.jsonl") if r["type"] == "document"]  # may end torn
    with (out / "audit.jsonl").open("ab") as fh:  # the kill can land mid-write: make sure it did
        fh.write(b'{"seq":999,"type":"finding","docu')
    resume = woo(str(src), "--out", str(out), "--workers", "1")
    assert "torn last record" in resume.stderr
    assert f"{len(done)} unchanged" in resume.stderr
    assert_resumed_like_reference(out, ref, resume)


def test_ctrl_c_exits_130_and_the_rerun_resumes(archive, tmp_path):
    src, ref = archive
    out = tmp_path / "out"
    env = fault_env(tmp_path / "fault", f"hang@2:doc{N_DOCS:02d}.pdf")  # in the second pass
    code, err, released = start_and_interrupt(src, out, signal.SIGINT, env)
    assert code == 130, err
    assert "resume" in err and "Traceback" not in err
    done = [r for r in audit_lines(out) if r["type"] == "document"]  # a clean exit: no torn line
    assert len(done) >= released and len(done) < N_DOCS
    resume = woo(str(src), "--out", str(out), "--workers", "1")
    assert f"{len(done)} unchanged" in resume.stderr
    assert_resumed_like_reference(out, ref, resume)


def test_started_workers_are_the_ones_that_run_and_none_outlive_a_failed_start(tmp_path):
    """api.run starts its workers before loading its own engine (they load theirs meanwhile)."""
    import multiprocessing as mp

    from pipeline import api
    from pipeline.batch import Workers, run_local
    from pipeline.errors import ModelError
    from pipeline.layout import OutputLayout
    from pipeline.options import RunOptions
    from pipeline.process import Job

    pdf = text_pdf(tmp_path / "a.pdf", ["Beste Kees de Vries,"])
    key = tmp_path / "key"
    from pipeline.audit import Fingerprinter

    Fingerprinter.from_file(key)
    from pipeline.rules import DEFAULT_RULES

    cfg = api._worker_config(OutputLayout(tmp_path / "o"), DEFAULT_RULES, key, RunOptions(max_memory_mb=0))
    (tmp_path / "o" / ".woo-redact" / "tmp").mkdir(parents=True)
    with Workers(cfg, 1) as early:
        pids = [w.proc.pid for w in early.pool]
        results = list(run_local([Job(1, str(pdf), "a.pdf")], cfg, 1, 300, started=early))
        assert early.pool == []  # taken over by run_local, which stopped them when done
    assert [r.status for r in results] == ["released"]
    assert pids and not any(p.pid in pids for p in mp.active_children())

    # the main process's engine fails to load while its workers are already starting
    root = Path(__file__).resolve().parent.parent / "rules"
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        f"grounds: {root}/grounds.yaml\nmodel: {{path: {tmp_path}/no-model}}\n"
        "entities:\n  PERSON: {ground: 5.1.2e}\n"
    )
    with pytest.raises(ModelError):
        api.run([pdf], tmp_path / "o2", rules, workers=2, quiet=True)
    assert mp.active_children() == []


def test_a_worker_with_other_rules_or_model_than_the_run_recorded_stops_it(tmp_path):
    """The main process describes the engine from the files; its workers load them later."""
    import multiprocessing as mp

    from pipeline import api
    from pipeline.audit import Fingerprinter
    from pipeline.batch import WorkerInitError, run_local
    from pipeline.engine import Engine
    from pipeline.layout import OutputLayout
    from pipeline.options import RunOptions
    from pipeline.process import Job
    from pipeline.rules import DEFAULT_RULES

    pdf = text_pdf(tmp_path / "a.pdf", ["Beste Kees de Vries,"])
    key = tmp_path / "key"
    Fingerprinter.from_file(key)
    cfg = api._worker_config(OutputLayout(tmp_path / "o"), DEFAULT_RULES, key, RunOptions(max_memory_mb=0))
    (tmp_path / "o" / ".woo-redact" / "tmp").mkdir(parents=True)
    engine = Engine.describe(DEFAULT_RULES)
    same = (engine.rules.sha256, engine.model.sha256)
    results = list(run_local([Job(1, str(pdf), "a.pdf")], cfg, 1, 300, expect=same))
    assert [r.status for r in results] == ["released"]
    with pytest.raises(WorkerInitError, match="changed while the run started"):
        list(run_local([Job(1, str(pdf), "a.pdf")], cfg, 1, 300, expect=(same[0], "0" * 64)))
    assert mp.active_children() == []
