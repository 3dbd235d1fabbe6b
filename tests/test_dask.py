"""The Dask executor: same inventory and outputs as the local executor; crashes and hangs stay per document.

Clusters run on loopback only (``LocalCluster``).  Worker faults are injected as in
test_batch.py (a test-only sitecustomize on the workers' PYTHONPATH).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from pdfs import corrupt_pdf, text_pdf
from test_batch import assert_same_outputs, audit_lines, fault_env, inventory, mail, stable_bytes, woo

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    src = tmp_path_factory.mktemp("dask-in")
    (src / "post").mkdir()
    text_pdf(src / "a-crash.pdf", mail(1))
    text_pdf(src / "b-mail.pdf", mail(2))
    text_pdf(src / "post" / "c-mail.pdf", mail(3))
    text_pdf(src / "d-notitie.pdf", ["Notitie over de pilot met Movisie."])
    corrupt_pdf(src / "kapot.pdf")
    return src


@pytest.fixture(scope="module")
def local_and_dask(inputs, tmp_path_factory):
    env = fault_env(tmp_path_factory.mktemp("fault"), "crash:a-crash.pdf")
    local = tmp_path_factory.mktemp("local-out")
    p_local = woo(str(inputs), "--out", str(local), "--workers", "1", env=env)
    dask = tmp_path_factory.mktemp("dask-out")
    p_dask = woo(str(inputs), "--out", str(dask), "--executor", "dask", env=env)  # its own LocalCluster
    return local, p_local, dask, p_dask


def test_dask_run_gives_the_same_inventory_and_outputs_as_the_local_run(local_and_dask):
    local, p_local, dask, p_dask = local_and_dask
    assert p_local.returncode == 1, p_local.stderr
    assert p_dask.returncode == 1, p_dask.stderr
    assert_same_outputs(dask, local)
    rows = inventory(dask)
    assert rows["b-mail.pdf"]["Status"] == "released" and rows["post/c-mail.pdf"]["Status"] == "released"
    assert rows["kapot.pdf"]["Status"] == "unreadable"
    assert (dask / "documents" / "post" / "c-mail.pdf").is_file()
    assert not list((dask / ".woo-redact" / "tmp").iterdir())  # every transferred file was moved into place


def test_a_crashing_document_fails_alone_on_dask(local_and_dask):
    _, _, dask, p_dask = local_and_dask
    rows = inventory(dask)
    assert rows["a-crash.pdf"]["Status"] == "failed"
    assert "crashed" in rows["a-crash.pdf"]["Reden"]
    assert "a-crash.pdf: failed" in p_dask.stderr
    assert "Traceback" not in p_dask.stderr


def test_dask_audit_log_matches_the_local_one(local_and_dask):
    local, _, dask, _ = local_and_dask
    keys = ("document", "status", "output", "pages", "redactions", "grounds", "input_sha256")

    def summary(out: Path) -> list[tuple]:
        recs = [r for r in audit_lines(out) if r["type"] == "document"]
        return sorted(tuple(str(r.get(k)) for k in keys) for r in recs)

    assert summary(dask) == summary(local)
    # the output hash recorded is that of the file in documents/, also after the transfer from the worker
    for r in audit_lines(dask):
        if r["type"] == "document" and r["status"] == "released":
            data = (dask / "documents" / r["output"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == r["output_sha256"]


# ------------------------------------------------------------------ an existing cluster (--scheduler)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A 2-worker cluster on loopback whose workers hang on d-notitie.pdf and crash on a-crash.pdf."""
    env = fault_env(tmp_path_factory.mktemp("fault-cluster"), "crash:a-crash.pdf,hang:d-notitie.pdf")
    saved = dict(os.environ)
    # the workers (also those the nanny starts after a crash) inherit this environment
    os.environ.update({k: env[k] for k in ("PYTHONPATH", "WOO_REDACT_TEST_FAULT")})
    try:
        with distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as lc:
            yield lc
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _setup(inputs: Path, out: Path):
    from pipeline.audit import Fingerprinter
    from pipeline.batch import WorkerConfig
    from pipeline.rules import DEFAULT_RULES
    from pipeline.triage import collect_jobs

    key = out / "fingerprint.key"
    Fingerprinter.from_file(key)
    cfg = WorkerConfig(rules_path=str(DEFAULT_RULES), key_path=str(key), tmp_dir=str(out / "tmp"))
    return collect_jobs([inputs]), cfg


def test_existing_cluster_streams_results_with_timeout_and_crash_per_document(cluster, inputs, tmp_path):
    from pipeline.dask_executor import run_dask

    jobs, cfg = _setup(inputs, tmp_path)
    results = {r.job.rel: r for r in run_dask(jobs, cfg, cluster.scheduler_address, timeout=5)}
    assert sorted(results) == sorted(j.rel for j in jobs)
    assert results["d-notitie.pdf"].status == "failed" and "timed out" in results["d-notitie.pdf"].reason
    assert results["a-crash.pdf"].status == "failed" and "crashed" in results["a-crash.pdf"].reason
    assert results["kapot.pdf"].status == "unreadable", results["kapot.pdf"].reason
    for rel in ("b-mail.pdf", "post/c-mail.pdf"):
        res = results[rel]
        assert res.released, res.reason
        pdf = Path(res.tmp_pdf)
        assert pdf.parent == tmp_path / "tmp"  # written on the client side, not a worker path
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() == res.output_sha256
        assert "[5.1.2e]" in Path(res.tmp_txt).read_text(encoding="utf-8")
        assert any(rec["type"] == "verification" and rec["passed"] for rec in res.records)


def test_cluster_with_other_rules_or_model_stops_the_run(cluster, inputs, tmp_path):
    from pipeline.dask_executor import run_dask
    from pipeline.errors import ConfigError

    jobs, cfg = _setup(inputs, tmp_path)
    with pytest.raises(ConfigError, match="other rules or another model"):
        list(
            run_dask(
                [j for j in jobs if j.rel == "b-mail.pdf"],
                cfg,
                cluster.scheduler_address,
                expect=("0" * 64, None),
            )
        )


def test_cli_uses_an_existing_scheduler(cluster, inputs, local_and_dask, tmp_path):
    local = local_and_dask[0]
    out = tmp_path / "out"
    args = [str(inputs / "a-crash.pdf"), str(inputs / "b-mail.pdf"), str(inputs / "post")]  # not the hang
    proc = woo(*args, "--out", str(out), "--executor", "dask", "--scheduler", cluster.scheduler_address)
    assert proc.returncode == 1, proc.stderr
    rows = inventory(out)
    assert rows, proc.stderr
    assert {k: r["Status"] for k, r in rows.items()} == {
        "a-crash.pdf": "failed",
        "b-mail.pdf": "released",
        "c-mail.pdf": "released",
    }
    assert stable_bytes(out / "documents" / "b-mail.pdf") == stable_bytes(local / "documents" / "b-mail.pdf")
    local_c = local / "documents" / "post" / "c-mail.pdf"
    assert stable_bytes(out / "documents" / "c-mail.pdf") == stable_bytes(local_c)
