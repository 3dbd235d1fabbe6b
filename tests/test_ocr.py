"""Scanned pages: OCR in Dutch, redaction in the pixels, checked by reading the OUTPUT again.

The end-to-end tests run the real command on image-only PDFs built here (text drawn into
an image, skewed 1.5 degrees, with noise) and check the output independently of the
pipeline: the rendered page and its raw image are read by a bare ``tesseract`` call, the
text layer by ``pdftotext``.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from scans import A4_PT, LETTER, page_image, scanned_pdf

from pipeline import ocr
from pipeline.model import Secret
from pipeline.scanpages import LOW_CONFIDENCE, PageStats, ScanState

HAVE_OCR = ocr.unavailable() is None
needs_ocr = pytest.mark.skipif(not HAVE_OCR, reason="tesseract with the nld model is not installed")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

PERSONAL = ["Verbeek", "111222333", "h.verbeek@voorbeeld.nl"]
KEPT = ["evenemententerrein", "vergunning", "Zandvoort"]


def bare_ocr_png(png: bytes) -> str:
    """Plain ``tesseract -l nld`` on an image: not the pipeline's code path (no deskew, defaults)."""
    proc = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", "nld"],
        input=png,
        capture_output=True,
        timeout=300,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        check=True,
    )
    return proc.stdout.decode("utf-8")


def rendered_ocr(pdf: Path) -> str:
    """Render page 1 with Poppler at 300 dpi and read it with bare tesseract."""
    png = subprocess.run(
        ["pdftoppm", "-r", "300", "-png", "-f", "1", "-l", "1", str(pdf)], capture_output=True, check=True
    ).stdout
    return bare_ocr_png(png)


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def run_cli(src: Path, out: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )


def records(out: Path, kind: str) -> list[dict]:
    lines = (out / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    return [r for r in map(json.loads, lines) if r.get("type") == kind]


# ------------------------------------------------------------------ end to end


@pytest.fixture(scope="module")
def scanned_run(tmp_path_factory):
    if not HAVE_OCR or shutil.which("pdftoppm") is None:
        pytest.skip("tesseract (nld) and poppler-utils are needed")
    src = tmp_path_factory.mktemp("scan-in")
    scanned_pdf(src / "brief.pdf", [page_image(LETTER, skew=1.5, noise=0.002)])
    out = tmp_path_factory.mktemp("scan-out")
    proc = run_cli(src, out)
    return src, out, proc


@pytest.mark.slow
def test_a_skewed_noisy_scan_is_released_with_the_name_gone_from_the_pixels(scanned_run):
    src, out, proc = scanned_run
    assert proc.returncode == 0, proc.stderr
    doc = out / "documents" / "brief.pdf"
    assert doc.exists()
    before = rendered_ocr(src / "brief.pdf")
    assert "Verbeek" in before  # the input really shows the name to OCR
    after = rendered_ocr(doc)
    for s in PERSONAL:
        assert s.lower() not in after.lower(), s
    for s in KEPT:  # the rest of the letter is still there to read
        assert s in after, s


@pytest.mark.slow
def test_the_page_image_itself_is_blanked_and_is_the_only_image(scanned_run):
    _, out, _ = scanned_run
    with pikepdf.open(out / "documents" / "brief.pdf") as pdf:
        images = [
            pikepdf.PdfImage(obj)
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]
        assert len(images) == 1  # the original scan is not kept anywhere in the file
        buf = io.BytesIO()
        images[0].as_pil_image().save(buf, format="PNG")
    text = bare_ocr_png(buf.getvalue())
    assert "Verbeek" not in text and "111222333" not in text
    assert "evenemententerrein" in text


@needs_poppler
@pytest.mark.slow
def test_the_invisible_text_layer_is_searchable_without_the_redacted_words(scanned_run):
    _, out, _ = scanned_run
    doc = out / "documents" / "brief.pdf"
    text = pdftotext(doc)
    for s in PERSONAL:
        assert s.lower() not in text.lower(), s
    assert "evenemententerrein" in text and "Afdeling Vergunningen" in text
    assert "5.1.2e" in text and "5.1.1e" in text
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(doc))
    try:
        page_text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "Verbeek" not in page_text and "gedeeltelijke" in page_text


@pytest.mark.slow
def test_audit_and_document_record_say_which_pages_were_ocrd(scanned_run):
    _, out, _ = scanned_run
    (rec,) = records(out, "ocr")
    (page,) = rec["pages"]
    assert page["page"] == 1 and page["words"] > 40 and page["confidence"] > LOW_CONFIDENCE
    assert page["signatures"] == 0  # typed text under "Met vriendelijke groet" is no signature
    assert abs(abs(page["skew"]) - 1.5) < 0.3  # the 1.5 degree skew was found and undone
    (doc,) = records(out, "document")
    assert doc["status"] == "released" and doc["ocr"].startswith("p. 1 (")
    verification = records(out, "verification")[0]
    assert any(c.startswith("ocr re-read") for c in verification["checks"])
    assert "Verbeek" not in (out / "audit.jsonl").read_text(encoding="utf-8")
    text = (out / "text" / "brief.txt").read_text(encoding="utf-8")
    assert "Verbeek" not in text and "[5.1.2e]" in text and "evenemententerrein" in text


# ------------------------------------------------------------------ an earlier OCR layer


def ocr_layered_pdf(path: Path) -> Path:
    """A scan with an ocrmypdf-like invisible layer: the words, but on boxes that miss the ink."""
    pdf = pikepdf.open(scanned_pdf(path.with_suffix(".img.pdf"), [page_image(LETTER)]))
    page = pdf.pages[0]
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    page.Resources.Font = pikepdf.Dictionary(F1=font)
    # every line 30 pt too low and twice as tall: blanking under these boxes would miss the ink
    ops = ["BT 3 Tr"]
    for n, line in enumerate(LETTER):
        if line:
            y = A4_PT[1] - 86.4 - 18 * n - 30
            ops.append(f"/F1 22 Tf 1 0 0 1 72 {y:.1f} Tm ({line}) Tj")
    ops.append("ET")
    page.contents_add(pdf.make_stream("\n".join(ops).encode("latin-1")))
    pdf.save(path)
    return path


@pytest.mark.slow
def test_an_existing_invisible_ocr_layer_is_dropped_and_the_page_read_again(tmp_path):
    if not HAVE_OCR or shutil.which("pdftoppm") is None:
        pytest.skip("tesseract (nld) and poppler-utils are needed")
    src = tmp_path / "in"
    src.mkdir()
    ocr_layered_pdf(src / "ocrmypdf.pdf")
    (src / "ocrmypdf.img.pdf").unlink()
    out = tmp_path / "out"
    proc = run_cli(src, out)
    assert proc.returncode == 0, proc.stderr
    doc = out / "documents" / "ocrmypdf.pdf"
    text = pdftotext(doc)
    assert "Verbeek" not in text and "evenemententerrein" in text
    after = rendered_ocr(doc)
    assert "Verbeek" not in after and "evenemententerrein" in after
    (rec,) = records(out, "ocr")
    assert rec["pages"][0]["replaced_ocr_layer"] is True


# ------------------------------------------------------------------ without Tesseract


def test_without_tesseract_a_scan_stays_needs_ocr_with_what_to_install(tmp_path, monkeypatch):
    from pipeline.api import run

    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # no tesseract anywhere
    assert "apt-get install tesseract-ocr tesseract-ocr-nld" in (ocr.unavailable() or "")
    src = tmp_path / "in"
    src.mkdir()
    scanned_pdf(src / "scan.pdf", [page_image(["Gesprek met Petra de Vries"], dpi=100)], dpi=100)
    out = tmp_path / "out"
    run([src], out, workers=0, log=lambda msg: None)
    (doc,) = records(out, "document")
    assert doc["status"] == "needs-ocr"
    assert "apt-get install tesseract-ocr tesseract-ocr-nld" in doc["reason"]
    assert "\n" not in doc["reason"]
    assert not (out / "documents" / "scan.pdf").exists()


def test_a_tesseract_without_the_dutch_model_is_reported(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "tesseract"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'List of available languages (2):'\necho eng\necho osd\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    msg = ocr.unavailable() or ""
    assert "Dutch" in msg and "tesseract-ocr-nld" in msg


# ------------------------------------------------------------------ the parts


def test_skew_is_estimated_from_the_page_image():
    img = page_image(LETTER * 3, dpi=150)
    assert ocr.estimate_skew(img) == 0.0
    for angle in (1.5, -2.0):
        turned = img.rotate(angle, fillcolor=255)
        assert abs(ocr.estimate_skew(turned) + angle) <= 0.1  # the rotation that undoes it


def test_tsv_words_are_nfkc_normalised():
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        head,
        "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t",
        "5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t91.5\t\u0133sselmeer",  # the Dutch model's one-letter ij
        "5\t1\t1\t1\t1\t2\t50\t20\t30\t12\t-1\t ",
    ]
    (word,) = ocr.parse_tsv("\n".join(rows))
    assert word[0] == "ijsselmeer" and word[1:6] == (10.0, 20.0, 30.0, 12.0, 91.5)


@needs_ocr
@pytest.mark.slow
def test_word_boxes_map_back_through_the_deskew_to_the_page():
    from math import cos, radians, sin

    dpi = 300
    img = page_image(LETTER, dpi=dpi)
    angle = 1.5
    turned = img.rotate(angle, fillcolor=255)  # PIL: counter-clockwise about the centre
    words, used = ocr.ocr_image(turned, origin=(0.0, 0.0), dpi=dpi)
    assert abs(used + angle) <= 0.1
    (first,) = [w for w in words if w.text == "Hendrik"]
    (word,) = [w for w in words if w.text == "Verbeek" and w.line == first.line]
    # where the middle of "Verbeek" (line 14 of the letter) went when the page was turned
    line = LETTER.index("Hendrik Verbeek")
    from PIL import ImageFont

    font = ImageFont.truetype("DejaVuSans.ttf", round(11 / 72 * dpi))
    x_start = dpi + font.getlength("Hendrik ")
    x = x_start + font.getlength("Verbeek") / 2
    y = round(1.2 * dpi) + line * round(18 / 72 * dpi) + font.size * 0.6
    cx, cy = img.width / 2, img.height / 2
    a = radians(angle)
    tx = (x - cx) * cos(a) + (y - cy) * sin(a) + cx
    ty = -(x - cx) * sin(a) + (y - cy) * cos(a) + cy
    px, py = tx * 72 / dpi, ty * 72 / dpi
    assert word.x0 < px < word.x1 and word.top < py < word.bottom
    assert word.x1 - word.x0 < 80 and word.bottom - word.top < 20  # a word box, not a line box


def test_low_mean_confidence_holds_the_page_but_a_near_empty_page_does_not():
    def page(index: int, confs: list[float]) -> PageStats:
        return PageStats(len(confs), sum(confs) / len(confs), 0.0)

    state = ScanState(pages={0: page(0, [95.0] * 20), 1: page(1, [30.0] * 20), 2: page(2, [10.0] * 3)})
    assert state.low_confidence == [1]
    assert state.hold_reason().startswith("low OCR confidence on page(s) 2 (30%)")
    assert ScanState(pages={0: page(0, [95.0] * 20)}).hold_reason() == ""
    assert ScanState.from_dict(state.to_dict()) == state  # what a batch's second pass reads back


@needs_ocr
@pytest.mark.slow
def test_the_reread_fails_closed_when_the_pixels_still_show_a_secret(tmp_path):
    from pipeline.ocr_verify import reread

    pdf = scanned_pdf(tmp_path / "scan.pdf", [page_image(LETTER)])
    secret = Secret(ref="S1", text="Verbeek")
    problems, checks = reread(pdf, [0], [secret], {0: ""})
    assert problems == ["S1 read 3x by OCR on page 1 of the output"]  # named by reference only
    # the same string kept readable on purpose (in the kept text layer) is allowed
    problems, _ = reread(pdf, [0], [secret], {0: "heer Verbeek, h.verbeek@voorbeeld.nl Hendrik Verbeek"})
    assert problems == []


@pytest.mark.slow
def test_a_scan_takes_part_in_batch_consistency(tmp_path):
    """A surname alone on a scan is redacted because another document of the batch redacts the person."""
    if not HAVE_OCR or shutil.which("pdftoppm") is None:
        pytest.skip("tesseract (nld) and poppler-utils are needed")
    from pdfs import text_pdf

    src = tmp_path / "in"
    src.mkdir()
    text_pdf(src / "a-notitie.pdf", ["Notitie van Marleen Kwakkelstein over de planning van het project."])
    lines = ["Verslag van het overleg", "", "Het dossier van Kwakkelstein is besproken in het overleg."]
    scanned_pdf(src / "b-scan.pdf", [page_image(lines)])
    out = tmp_path / "out"
    proc = run_cli(src, out)
    assert proc.returncode == 0, proc.stderr
    scan = out / "documents" / "b-scan.pdf"
    assert "Kwakkelstein" not in rendered_ocr(scan) and "dossier" in rendered_ocr(scan)
    assert "Kwakkelstein" not in pdftotext(scan)
    rules = [r["rule"] for r in records(out, "decision") if r["document"] == "b-scan.pdf"]
    assert rules == ["consistency:batch"]
    assert [r["document"] for r in records(out, "ocr")] == ["b-scan.pdf"]


@pytest.mark.slow
def test_a_scan_stored_sideways_under_rotate_90_is_redacted_where_the_reader_sees_it(tmp_path):
    if not HAVE_OCR or shutil.which("pdftoppm") is None:
        pytest.skip("tesseract (nld) and poppler-utils are needed")
    side = page_image(LETTER).rotate(90, expand=True)  # stored sideways, /Rotate 90 shows it upright
    src = tmp_path / "in"
    src.mkdir()
    pdf = pikepdf.open(scanned_pdf(tmp_path / "plain.pdf", [side]))
    page = pdf.pages[0]
    page.MediaBox = pikepdf.Array([0, 0, A4_PT[1], A4_PT[0]])
    page.Rotate = 90
    w, h = A4_PT[1], A4_PT[0]
    page.Contents = pdf.make_stream(f"q {w:.2f} 0 0 {h:.2f} 0 0 cm /Im0 Do Q".encode())
    pdf.save(src / "gedraaid.pdf")
    out = tmp_path / "out"
    proc = run_cli(src, out)
    assert proc.returncode == 0, proc.stderr
    doc = out / "documents" / "gedraaid.pdf"
    after = rendered_ocr(doc)
    assert "Verbeek" not in after and "111222333" not in after
    assert "evenemententerrein" in after  # upright and readable: the page was not turned or lost
    assert "Verbeek" not in pdftotext(doc) and "evenemententerrein" in pdftotext(doc)


def mean_gray(image) -> float:
    return sum(image.getdata()) / (image.width * image.height)


def rendered_gray(pdf: Path, dpi: int = 72):
    """Page 1 rendered by Poppler in grey (PIL), one pixel per point at 72 dpi."""
    from PIL import Image

    pgm = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-f", "1", "-l", "1", str(pdf)], capture_output=True, check=True
    ).stdout
    return Image.open(io.BytesIO(pgm))


@pytest.mark.slow
def test_a_handwritten_signature_under_the_closing_is_blanked(tmp_path):
    if not HAVE_OCR or shutil.which("pdftoppm") is None:
        pytest.skip("tesseract (nld) and poppler-utils are needed")
    import math

    from PIL import ImageDraw

    img = page_image(LETTER)
    y = round(1.2 * 300) + 12 * round(18 / 72 * 300) + 25  # the empty line between closing and name
    scribble = [(300 + 3 * x, y + 14 * math.sin(x / 6) + x % 9) for x in range(150)]
    ImageDraw.Draw(img).line(scribble, fill=0, width=5)
    src = tmp_path / "in"
    src.mkdir()
    scanned_pdf(src / "getekend.pdf", [img])
    out = tmp_path / "out"
    proc = run_cli(src, out)
    assert proc.returncode == 0, proc.stderr
    (rec,) = records(out, "ocr")
    assert rec["pages"][0]["signatures"] == 1
    # where the scribble was (in points: x 72..180, y around its middle line) the output is black
    x0, x1 = 300 * 72 / 300, 750 * 72 / 300
    ym = (y + 4) * 72 / 300
    where = (int(x0), int(ym - 3), int(x1), int(ym + 3))
    before = rendered_gray(src / "getekend.pdf").crop(where)
    after = rendered_gray(out / "documents" / "getekend.pdf").crop(where)
    assert mean_gray(before) > 150 and mean_gray(after) < 60
    text = rendered_ocr(out / "documents" / "getekend.pdf")
    assert "Met vriendelijke groet" in text and "Afdeling Vergunningen" in text  # the text around stays


@pytest.mark.slow
def test_scan_then_apply_redacts_a_scanned_page_as_reviewed(tmp_path):
    """``apply`` reads the scan again: OCR must give the same text, or the reviewed offsets would drift."""
    if not HAVE_OCR or shutil.which("pdftoppm") is None:
        pytest.skip("tesseract (nld) and poppler-utils are needed")
    src = tmp_path / "in"
    src.mkdir()
    scanned_pdf(src / "brief.pdf", [page_image(LETTER, skew=1.0)])
    out = tmp_path / "out"
    woo = [sys.executable, "-m", "pipeline"]
    subprocess.run([*woo, "scan", str(src), "--out", str(out)], check=True, capture_output=True, timeout=900)
    findings = (out / "review" / "findings.csv").read_text(encoding="utf-8-sig")
    assert "Verbeek" in findings  # the review shows what OCR found (private folder)
    assert "ocr_flag" in findings.splitlines()[0]
    proc = subprocess.run(
        [*woo, "apply", str(out), "--reviewer", "Test"], capture_output=True, text=True, timeout=900
    )
    assert proc.returncode == 0, proc.stderr
    after = rendered_ocr(out / "documents" / "brief.pdf")
    assert "Verbeek" not in after and "evenemententerrein" in after


def test_very_large_pages_are_rendered_at_a_lower_resolution(tmp_path):
    import pypdfium2 as pdfium

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))  # A4: 300 dpi
    pdf.add_blank_page(page_size=(2384, 3370))  # A0: 300 dpi would be 140 megapixels
    pdf.save(tmp_path / "sizes.pdf")
    doc = pdfium.PdfDocument(str(tmp_path / "sizes.pdf"))
    try:
        assert ocr.page_dpi(doc, 0) == ocr.DPI
        dpi = ocr.page_dpi(doc, 1)
        assert dpi < ocr.DPI and (2384 / 72 * dpi) * (3370 / 72 * dpi) <= ocr.MAX_PIXELS * 1.001
    finally:
        doc.close()


def test_an_email_address_split_at_the_at_sign_by_ocr_is_one_word_again():
    from pipeline.model import Page
    from pipeline.scanpages import page_from_ocr

    def word(text: str, x: float, line: int = 0) -> ocr.Word:
        chars = tuple((x + i * 5, 10.0, x + i * 5 + 5, 20.0) for i in range(len(text)))
        return ocr.Word(text, x, 10.0, x + 5 * len(text), 20.0, 90.0, line, chars)

    words = [
        word("Van:", 0),
        word("<g.tillmanno@", 30),
        word("uwv.nl>", 100),
        word("j.de.wit", 0, 1),
        word("@", 50, 1),
        word("uwv.nl", 60, 1),
        word("bij", 0, 2),
        word("@uwv", 20, 2),
    ]
    page = page_from_ocr(Page(0, 595, 842), ocr.PageOcr(0, words, 0.0))
    assert page.text == "Van: <g.tillmanno@uwv.nl>\nj.de.wit@uwv.nl\nbij@uwv"
    start = page.text.index("g.tillmanno")
    (box,) = page.span_boxes(start, start + len("g.tillmanno@uwv.nl"))
    assert (box.x0, box.x1) == (35.0, 100 + 5 * 6)  # both halves' glyphs, one box


def test_the_xlsx_inventory_survives_a_title_with_control_characters(tmp_path):
    """Real scans have born-digital pages with broken fonts: their first line made the xlsx writer raise."""
    from openpyxl import load_workbook

    from pipeline.audit import AuditLog
    from pipeline.inventory import write_inventory

    log = AuditLog(tmp_path / "audit.jsonl", "0" * 64)
    log.write(
        {
            "type": "document",
            "document": "a.pdf",
            "input": "a.pdf",
            "output": "a.pdf",
            "number": 1,
            "status": "released",
            "reason": "",
            "pages": 2,
            "redactions": 0,
            "grounds": [],
            "title": "\x0f%2@<A>\x01.1>2?",
            "date": "",
        }
    )
    log.sync()
    write_inventory(tmp_path, {})
    ws = load_workbook(tmp_path / "inventory.xlsx").active
    title = next(c.value for c in ws[2] if c.value and "%2@<A>" in c.value)
    assert title.split() == ["%2@<A>", ".1>2?"]  # control characters became spaces (pipeline.safetext)


@needs_ocr
@pytest.mark.slow
def test_a_low_confidence_scan_is_held_by_run_but_released_after_review(tmp_path, monkeypatch):
    """``run`` must not release it unreviewed; ``scan`` + ``apply`` is the way out, as the reason says."""
    from pipeline import scanpages
    from pipeline.api import apply, run, scan

    monkeypatch.setattr(scanpages, "LOW_CONFIDENCE", 101.0)  # every page counts as poorly read
    src = tmp_path / "in"
    src.mkdir()
    scanned_pdf(src / "brief.pdf", [page_image(LETTER)])
    held = tmp_path / "run"
    run([src], held, workers=0, log=lambda msg: None)
    (doc,) = records(held, "document")
    assert doc["status"] == "needs-ocr" and "low OCR confidence" in doc["reason"]
    assert not (held / "documents" / "brief.pdf").exists()
    reviewed = tmp_path / "reviewed"
    scan([src], reviewed, workers=0, log=lambda msg: None)
    apply(reviewed, "J. Coördinator", workers=0, log=lambda msg: None)
    (doc,) = [r for r in records(reviewed, "document") if r["status"] != "proposed"]
    assert doc["status"] == "released"
    assert "Verbeek" not in pdftotext(reviewed / "documents" / "brief.pdf")


def test_findings_next_to_a_word_ocr_was_unsure_of_are_flagged_for_review():
    from pipeline.model import Page
    from pipeline.scanpages import FLAG, page_from_ocr

    def word(text: str, x: float, conf: float) -> ocr.Word:
        chars = tuple((x + i * 5, 10.0, x + i * 5 + 5, 20.0) for i in range(len(text)))
        return ocr.Word(text, x, 10.0, x + 5 * len(text), 20.0, conf, 0, chars)

    filler = [word("en", 300 + 20 * k, 95.0) for k in range(20)]
    words = [
        word("Gesprek", 0, 95.0),
        word("met", 40, 95.0),
        word("Pletra", 60, 41.0),
        word("Vries", 95, 93.0),
    ]
    low: list[tuple[int, int]] = []
    page = page_from_ocr(Page(0, 595, 842), ocr.PageOcr(0, words + filler, 0.0), low)
    assert [page.text[s:e] for s, e in low] == ["Pletra"]
    state = ScanState(pages={0: PageStats(24, 90.0, 0.0)}, scanned=[0], uncertain={0: low})
    far = page.text.rindex("en")
    rows = [
        {"span": f"0:{page.text.index('Vries')}:{page.text.index('Vries') + 5}"},
        {"span": f"0:{far}:{far + 2}"},
    ]
    state.flag_rows(rows)
    assert [r["ocr_flag"] for r in rows] == [FLAG, ""]
    assert ScanState.from_dict(state.to_dict()).uncertain == {0: low}
