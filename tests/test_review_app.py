"""Review in the browser: drive the real app (woo-redact review) in headless Chromium, then apply.

The output is checked with pdftotext and the audit log, not with the app's own state.
Set WOO_REDACT_SCREENSHOT=docs/review.png to also write the README's screenshot.
"""

import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pdfs import text_pdf

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
SCALE = 1.5  # CSS pixels per point on the document page (doc.js)

MAIL = """Van: Bakker, Sanne <sanne.bakker@minszw.nl>
Aan: Kees de Vries <kees.devries@minszw.nl>
Onderwerp: Overleg over de pilot
Beste Kees,
Het project Zwaluw loopt volgens plan.
Met vriendelijke groet,
Sanne Bakker
T 070 333 44 55"""
NOTE = "Notitie\nHet project Zwaluw is besproken met Movisie."


def cli(*args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    res = subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if check:
        assert res.returncode in (0, 1), res.stderr
    return res


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


class App:
    """A running 'woo-redact review' subprocess and its URL."""

    def __init__(self, out: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "review", str(out), "--no-browser"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline()
        assert "http://" in line, self.proc.stderr.read()
        self.url = line.split()[-1]
        self.base, self.token = self.url.split("/?t=")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    src = tmp_path_factory.mktemp("in")
    text_pdf(src / "mail.pdf", [MAIL, "Bijlage: planning Zwaluw"])
    text_pdf(src / "notitie.pdf", [NOTE])
    out = tmp_path_factory.mktemp("out")
    cli("scan", str(src), "--out", str(out), "--workers", "0", "-q")
    assert (out / "review" / "findings.csv").is_file()
    return out


@pytest.fixture
def app(scanned):
    a = App(scanned)
    yield a
    a.stop()


def status_of(url: str, host: str | None = None) -> int:
    req = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_token_required_and_loopback_only(app):
    assert app.base.startswith("http://127.0.0.1:")
    assert status_of(app.url) == 200
    for path in ("/", "/api/batch", "/doc?d=1", "/page?d=1&p=0", "/static/doc.js"):
        assert status_of(app.base + path) == 403, path
        sep = "&" if "?" in path else "?"
        assert status_of(f"{app.base}{path}{sep}t=wrong-token") == 403, path
    assert status_of(f"{app.base}/api/batch?t={app.token}") == 200
    port = int(app.base.rsplit(":", 1)[1])
    assert status_of(f"{app.base}/api/batch?t={app.token}", host=f"evil.example:{port}") == 403
    # bound to the loopback address only: the machine's other address does not answer
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        own = probe.getsockname()[0]
    except OSError:
        own = "127.0.0.1"
    finally:
        probe.close()
    if not own.startswith("127."):
        with pytest.raises(OSError):
            socket.create_connection((own, port), timeout=3).close()


def test_second_writer_is_refused(app, scanned):
    res = cli("review", str(scanned), "--no-browser", check=False, timeout=60)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "already open" in lines[0]


@pytest.fixture
def browser():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Debian chromium and chromium-driver are needed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1100"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def wait(driver, cond, timeout: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(cond)


def test_review_in_the_browser_then_apply(scanned, browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    out = scanned
    rows = read_rows(out / "review" / "findings.csv")
    phone = next(r for r in rows if r["text"] == "070 333 44 55" and r["document"] == "mail.pdf")
    assert phone["decision"] == "accept"

    app = App(out)
    try:
        d = browser
        d.get(app.url)
        link = wait(d, lambda d: d.find_element(By.CSS_SELECTOR, 'a[data-document="mail.pdf"]'))
        link.click()
        wait(d, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-loaded") == "1")
        assert "/doc?" in d.current_url

        # every finding is an element with its id and decision; a click flips it
        boxes = d.find_elements(By.CSS_SELECTOR, "[data-finding-id]")
        ids = {b.get_attribute("data-finding-id") for b in boxes}
        assert ids >= {r["finding"] for r in rows if r["document"] == "mail.pdf"}
        box = d.find_element(By.CSS_SELECTOR, f'[data-finding-id="{phone["finding"]}"]')
        assert box.get_attribute("data-decision") == "redact"
        box.click()
        box = d.find_element(By.CSS_SELECTOR, f'[data-finding-id="{phone["finding"]}"]')
        assert box.get_attribute("data-decision") == "keep"
        ActionChains(d).move_to_element(box).perform()  # hover shows the finding
        assert "PHONE_NUMBER" in d.find_element(By.ID, "tip").text

        # keyboard: p selects the previous finding (the phone is the last), f flips it (f again: back)
        ActionChains(d).send_keys("p").perform()
        chosen = d.find_element(By.CSS_SELECTOR, ".box.selected").get_attribute("data-finding-id")
        assert chosen != phone["finding"]
        sel = f'[data-finding-id="{chosen}"]'
        decision = d.find_element(By.CSS_SELECTOR, sel).get_attribute("data-decision")
        ActionChains(d).send_keys("f").perform()
        assert {decision, d.find_element(By.CSS_SELECTOR, sel).get_attribute("data-decision")} == {
            "redact",
            "keep",
        }
        ActionChains(d).send_keys("f").perform()
        assert d.find_element(By.CSS_SELECTOR, sel).get_attribute("data-decision") == decision

        # pick another ground for a finding from the ground table
        bakker = next(r for r in rows if r["text"] == "Bakker, Sanne")
        Select(
            d.find_element(By.CSS_SELECTOR, f'select[data-ground-for="{bakker["finding"]}"]')
        ).select_by_value("5.1.1d")

        # draw a box over the line "Onderwerp: Overleg over de pilot" (3rd line: centre ~110 pt from the top)
        d.execute_script("window.scrollTo(0, 0)")
        left, top = d.execute_script(
            "const r = document.getElementById('p1').getBoundingClientRect(); return [r.left, r.top]"
        )
        x0, y0, x1, y1 = (left + 66 * SCALE, top + 102 * SCALE, left + 330 * SCALE, top + 119 * SCALE)
        chain = ActionBuilder(d)
        chain.pointer_action.move_to_location(int(x0), int(y0)).pointer_down()
        chain.pointer_action.move_to_location(int((x0 + x1) / 2), int((y0 + y1) / 2))
        chain.pointer_action.move_to_location(int(x1), int(y1)).pointer_up()
        chain.perform()
        drawn = d.find_elements(By.CSS_SELECTOR, ".box.area")
        assert len(drawn) == 1 and drawn[0].get_attribute("data-decision") == "redact"

        # redact "Zwaluw" everywhere: the count is shown before it is applied
        d.find_element(By.ID, "ew-text").send_keys("Zwaluw")
        Select(d.find_element(By.ID, "ew-ground")).select_by_value("5.1.2i")
        d.find_element(By.CSS_SELECTOR, '[data-action="redact-everywhere"]').click()
        count = wait(d, lambda d: d.find_element(By.ID, "ew-count").text or None)
        assert "3 plaats(en) in 2 document(en)" in count
        d.find_element(By.CSS_SELECTOR, '[data-action="confirm-everywhere"]').click()

        d.find_element(By.CSS_SELECTOR, '[data-action="save"]').click()
        wait(d, lambda d: d.find_element(By.ID, "status").text == "opgeslagen")
        shot = tmp_path / "review.png"
        d.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
        if os.environ.get("WOO_REDACT_SCREENSHOT"):
            shutil.copy(shot, ROOT / os.environ["WOO_REDACT_SCREENSHOT"])

        # closing and reopening shows the saved state
        d.refresh()
        wait(d, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-loaded") == "1")
        box = d.find_element(By.CSS_SELECTOR, f'[data-finding-id="{phone["finding"]}"]')
        assert box.get_attribute("data-decision") == "keep"
        assert len(d.find_elements(By.CSS_SELECTOR, ".box.area")) == 1
        d.get(app.url)
        row = wait(d, lambda d: d.find_element(By.CSS_SELECTOR, 'tr[data-number="1"]'))
        n = sum(1 for r in rows if r["document"] == "mail.pdf")
        assert f"{n}/{n}" in row.text  # review progress: every finding of the saved document seen
        Select(d.find_element(By.ID, "filter")).select_by_value("unreviewed")
        shown = {
            e.get_attribute("data-document") for e in d.find_elements(By.CSS_SELECTOR, "a[data-document]")
        }
        assert shown == {"notitie.pdf"}
    finally:
        app.stop()

    saved = read_rows(out / "review" / "findings.csv")
    assert next(r for r in saved if r["finding"] == phone["finding"])["decision"] == "reject"
    assert any(r["decision"] == "redact-area" for r in saved)

    res = cli("apply", str(out), "--reviewer", "T. Reviewer", "--workers", "0", "-q")
    assert res.returncode == 0, res.stderr
    mail = pdftotext(out / "documents" / "mail.pdf")
    note = pdftotext(out / "documents" / "notitie.pdf")
    assert "070 333 44 55" in mail  # flipped to keep: readable
    assert "Overleg" not in mail and "pilot" not in mail  # under the drawn box
    assert "Beste" in mail and "Aan:" in mail  # the lines around the drawn box stay
    assert "Zwaluw" not in mail and "Zwaluw" not in note  # redact-everywhere, both documents
    assert "planning" in mail and "Movisie" in note
    assert "Sanne" not in mail  # the other proposals still go
    assert "5.1.1d" in mail  # the ground picked for "Bakker, Sanne" is printed on its box

    recs = [json.loads(x) for x in (out / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    changes = {(r["rule"], r["change"]) for r in recs if r["type"] == "decision" and r.get("change")}
    assert changes >= {
        ("review:reject", "redact -> keep"),
        ("review:area", "keep -> redact"),
        ("review:redact-everywhere", "keep -> redact"),
        ("review:accept", "ground 5.1.2e -> 5.1.1d"),
    }
    by = {r["by"] for r in recs if r["type"] == "decision" and r.get("change")}
    assert by == {"T. Reviewer"}
    area = [r for r in recs if r["type"] == "decision" and r["rule"] == "review:area"]
    assert area and all(r["ground"] == "5.1.2e" for r in area)
