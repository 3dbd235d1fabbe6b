"""The batch report: what it shows, that it shows no personal data, and that a real browser loads it cleanly.

The browser tests drive headless Chromium through chromedriver's W3C WebDriver HTTP
interface directly (a few JSON requests; no selenium needed), which gives the
console log with levels.  They skip when Debian's ``chromium``/``chromium-driver``
are not installed (``.ci/run`` installs them).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from pdfs import scanned_pdf, text_pdf

from pipeline.audit import AuditLog
from pipeline.report import build_report, write_report

LETTER = ["Geachte heer Jansen,\nUw burgerservicenummer: 111222333\n"
          "U heeft een uitkering aangevraagd bij UWV."]
NOTE = ["Notitie over de aanvraag\nSanne Bakker belt morgen terug over de planning."]

CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage"]


# --------------------------------------------------------------------------- a real run


@pytest.fixture(scope="module")
def run_out(tmp_path_factory) -> Path:
    from pipeline.api import run

    base = tmp_path_factory.mktemp("report")
    inputs = base / "in"
    inputs.mkdir()
    text_pdf(inputs / "brief.pdf", LETTER)
    text_pdf(inputs / "notitie Sanne Bakker.pdf", NOTE)
    scanned_pdf(inputs / "scan.pdf")
    out = base / "out"
    with pytest.MonkeyPatch.context() as mp:  # without Tesseract: the scan stays needs-ocr
        mp.setenv("WOO_REDACT_TESSERACT", "no-such-tesseract")
        run([inputs], out, workers=0, log=lambda msg: None)
    (out / "review").mkdir(exist_ok=True)
    (out / "review" / "brief.html").write_text("<!doctype html><title>review</title>", encoding="utf-8")
    write_report(out)
    return out


def test_report_is_written_atomically_and_names_documents_by_their_output(run_out):
    path = run_out / "report.html"
    assert path.is_file()
    assert not list(run_out.glob(".report.html*"))
    page = path.read_text(encoding="utf-8")
    assert "notitie 5.1.2e.pdf" in page
    assert "Sanne" not in page and "Bakker" not in page  # the input file name carries personal data
    assert "Jansen" not in page and "111222333" not in page
    assert 'href="documents/brief.pdf"' in page
    assert 'href="review/brief.html"' in page
    assert 'href="review/scan.html"' not in page  # no review page: no dead link
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_report_counts_per_ground_from_the_log(run_out):
    page = build_report(run_out)
    records = [json.loads(x) for x in (run_out / "audit.jsonl").read_bytes().splitlines()]
    brief = next(r for r in records if r["type"] == "document" and r["output"] == "brief.pdf")
    assert brief["grounds"] == ["5.1.1e", "5.1.2e"]
    assert f"5.1.1e: 1, 5.1.2e: {brief['redactions'] - 1}" in page


# --------------------------------------------------------------------------- a synthetic log


def synthetic(out: Path, docs: list[dict], decisions: dict[str, list[tuple[int, str]]] | None = None) -> Path:
    """An output folder whose audit log holds exactly ``docs`` (and their accepted decisions)."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = {"tool": "woo-redact", "version": "9.9", "started": "2024-03-01T10:00:00+00:00",
                "rules": {"path": "/x/rules/eigen <regels>.yaml", "sha256": "ab" * 32},
                "model": {"name": "nl_woo_ner", "version": "1.2.3", "sha256": "cd" * 32},
                "recognizers": ["DutchEmailRecognizer"], "python": "3.11", "libraries": {"pymupdf": "2.0"}}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with AuditLog(out / "audit.jsonl", "m") as log:
        log.write({"type": "run", "manifest": manifest})
        for d in docs:
            log.write({"type": "received", "document": d["document"]})
            for ri, ground in (decisions or {}).get(d["document"], []):
                log.write({"type": "decision", "document": d["document"], "accepted": True, "ground": ground,
                           "redaction": ri})
            log.write({"type": "document", **d})
    return out


def test_everything_is_escaped_and_the_input_name_never_shown(tmp_path):
    out = synthetic(tmp_path / "o", [
        {"document": "Piet <Pietersen>.pdf", "number": 1, "output": "x <b>5.1.2e</b>.pdf", "status": "failed",
         "reason": "verification failed: <script>alert(1)</script> & more", "pages": 2, "redactions": 0},
    ])
    page = build_report(out)
    assert "Pietersen" not in page
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "x &lt;b&gt;5.1.2e&lt;/b&gt;.pdf" in page
    assert "eigen &lt;regels&gt;.yaml" in page


def test_redactions_per_ground_merge_decisions_by_precedence(tmp_path):
    out = synthetic(
        tmp_path / "o",
        [{"document": "a.pdf", "number": 1, "output": "a.pdf", "status": "released", "pages": 1,
          "redactions": 3, "grounds": ["5.1.1e", "5.1.2e"]}],
        # redaction 0 merges a name and a BSN finding: the stronger ground (5.1.1e) wins
        {"a.pdf": [(0, "5.1.2e"), (0, "5.1.1e"), (1, "5.1.2e"), (2, "5.1.2e"), (2, "5.1.2e")]},
    )
    page = build_report(out)
    assert "5.1.1e: 1, 5.1.2e: 2" in page
    assert ">Nationale identificatienummers<" in page  # description from the ground table


def test_the_latest_record_per_document_counts(tmp_path):
    out = synthetic(tmp_path / "o", [
        {"document": "a.pdf", "number": 1, "output": "a.pdf", "status": "failed", "reason": "timeout",
         "pages": 4, "redactions": 0},
        {"document": "a.pdf", "number": 1, "output": "a.pdf", "status": "released", "pages": 4,
         "redactions": 2, "grounds": ["5.1.2e"], "redactions_per_ground": {"5.1.2e": 2}},
    ])
    page = build_report(out)
    assert "timeout" not in page
    assert "Geen problemen" in page
    assert page.count('data-status="') == 1


# --------------------------------------------------------------------------- headless Chromium


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


class WebDriver:
    """The few W3C WebDriver calls these tests need, over chromedriver's HTTP interface."""

    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen([shutil.which("chromedriver"), f"--port={port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.profile = tempfile.mkdtemp(prefix="woo-chromium-")
        self.session = None
        for _ in range(200):
            try:
                self._call("GET", "/status")
                break
            except OSError:
                time.sleep(0.05)
        caps = {"browserName": "chrome", "goog:loggingPrefs": {"browser": "ALL"},
                "goog:chromeOptions": {"binary": _chromium(),
                                       "args": [*CHROME_FLAGS, f"--user-data-dir={self.profile}"]}}
        self.session = self._call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})["sessionId"]

    def _call(self, method: str, path: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            return json.loads(resp.read())["value"]

    def open(self, path: Path) -> None:
        self._call("POST", f"/session/{self.session}/url", {"url": path.resolve().as_uri()})

    def js(self, script: str):
        return self._call("POST", f"/session/{self.session}/execute/sync", {"script": script, "args": []})

    def console(self) -> list[dict]:
        return self._call("POST", f"/session/{self.session}/se/log", {"type": "browser"})

    def close(self) -> None:
        try:
            if self.session:
                self._call("DELETE", f"/session/{self.session}")
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=30)
            shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    if not (_chromium() and shutil.which("chromedriver")):
        pytest.skip("headless Chromium not installed (Debian: apt-get install chromium chromium-driver)")
    wd = WebDriver()
    yield wd
    wd.close()


def errors(entries: list[dict]) -> list[str]:
    return [e["message"] for e in entries if e.get("level") in ("SEVERE", "WARNING")]


def test_the_browser_harness_sees_console_errors(browser, tmp_path):
    """Without this, 'no console errors' below could pass because nothing is captured."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><title>x</title><img src="https://example.invalid/x.png">'
                   "<script>console.error('kapot'); nietBestaand();</script>", encoding="utf-8")
    browser.open(bad)
    found = errors(browser.console())
    assert any("kapot" in m for m in found) and any("nietBestaand" in m for m in found)


def test_report_in_chromium_shows_the_batch_without_console_errors(browser, run_out):
    browser.console()  # drop entries from earlier pages
    browser.open(run_out / "report.html")
    text = browser.js("return document.body.innerText")
    labels = ("Status", "Pagina's", "Lakkingen per grond", "Totaal per grond", "Problemen", "Model", "Regels")
    for label in labels:
        assert label in text, label
    assert "OCR nodig" in text and "no text layer" in text  # the failed scan, with its reason
    assert "nl_woo_ner" in text and "default.yaml" in text
    assert "Nationale identificatienummers" in text
    assert "Sanne" not in text and "Bakker" not in text

    rows = browser.js(
        "return [...document.querySelectorAll('#documents tbody tr')].map("
        "r => [...r.cells].map(c => c.innerText.trim()))"
    )
    by_name = {r[1]: r for r in rows}
    assert set(by_name) == {"brief.pdf", "notitie 5.1.2e.pdf", "scan.pdf"}
    assert by_name["brief.pdf"][2] == "Vrijgegeven"
    assert by_name["brief.pdf"][5].startswith("5.1.1e: 1, 5.1.2e: ")
    assert by_name["scan.pdf"][2] == "OCR nodig"
    assert by_name["brief.pdf"][6] == "Beoordelen" and by_name["scan.pdf"][6] == "—"

    totals = browser.js(
        "return Object.fromEntries([...document.querySelectorAll('#grounds tbody tr')].map("
        "r => [r.cells[0].innerText, Number(r.cells[2].innerText)]))"
    )
    sum_rows = {}
    for r in rows:
        for part in filter(None, r[5].replace("—", "").split(", ")):
            g, n = part.split(": ")
            sum_rows[g] = sum_rows.get(g, 0) + int(n)
    assert totals == sum_rows and totals["5.1.1e"] == 1

    links = browser.js("return [...document.querySelectorAll('a')].map(a => a.href)")
    assert links and all(u.startswith("file://") for u in links)
    for u in links:  # every link points at a file that exists in the output folder
        rel = urllib.request.url2pathname(u[len((run_out.resolve()).as_uri()) + 1:])
        assert (run_out / rel).is_file(), u
    assert browser.js("return performance.getEntriesByType('resource').length") == 0  # no requests
    assert errors(browser.console()) == []
