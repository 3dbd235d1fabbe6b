"""Tagged PDFs stay tagged through redaction, and their structure tree leaks nothing.

Tagged inputs come from two independent producers: WeasyPrint's PDF/UA-1 output and
LibreOffice's tagged PDF export of a .docx.  The outputs of ``python -m pipeline run``
are checked with tools independent of pipeline.tags: pikepdf walking the structure tree,
the ``pdfua`` checker, and pdftotext for the page text.
"""

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from pdfs import text_pdf

from pipeline import tags
from pipeline.model import Secret
from pipeline.verify import verify_pdf

NAME = "Sanne Bakker"
FIGURE_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def weasy_pdf(path: Path) -> Path:
    weasyprint = pytest.importorskip("weasyprint")
    html = f"""<html lang="nl"><head><title>Notitie van {NAME}</title></head><body>
    <h1>Notitie over de pilot</h1>
    <p>Vanochtend heb ik met {NAME} van UWV gesproken over de cijfers.</p>
    <p>De minister wil de brief voor 24 maart tekenen.</p>
    <img src="data:image/png;base64,{FIGURE_PNG}" alt="Foto van {NAME} bij de opening" width="40" height="40">
    </body></html>"""
    weasyprint.HTML(string=html).write_pdf(str(path), pdf_variant="pdf/ua-1")
    return path


def libreoffice_pdf(path: Path) -> Path:
    docx = pytest.importorskip("docx")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice not installed")
    d = docx.Document()
    d.core_properties.title = "Verslag overleg met Petra Jansen"
    d.add_heading("Verslag overleg", 1)
    d.add_paragraph("Op 14 maart 2023 sprak de afdeling met Petra Jansen over de aanvraag.")
    d.add_paragraph("De planning van het project wordt in april besproken.")
    src = path.with_suffix(".docx")
    d.save(src)
    export = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{path.parent / 'lo-profile'}",
            "--convert-to",
            export,
            "--outdir",
            str(path.parent),
            str(src),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    src.unlink()
    return path


def tree_strings(pdf: pikepdf.Pdf) -> list[str]:
    """Every string below /StructTreeRoot (an independent walk, not pipeline.tags)."""
    out: list[str] = []
    seen: set = set()

    def walk(obj, depth=0):
        if depth > 100:
            return
        if isinstance(obj, pikepdf.String):
            out.append(str(obj))
        elif isinstance(obj, pikepdf.Array):
            for x in obj:
                walk(x, depth + 1)
        elif isinstance(obj, pikepdf.Dictionary):
            if obj.objgen != (0, 0):
                if obj.objgen in seen:
                    return
                seen.add(obj.objgen)
            for k, v in obj.items():
                if k not in ("/P", "/Pg", "/Parent"):
                    walk(v, depth + 1)

    walk(pdf.Root.StructTreeRoot)
    return out


def elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found = []

    def walk(node):
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def content_mcids(pdf: pikepdf.Pdf, page: pikepdf.Page) -> set[int]:
    out = set()
    for inst in pikepdf.parse_content_stream(page):
        if str(inst.operator) == "BDC" and isinstance(inst.operands[1], pikepdf.Dictionary):
            if "/MCID" in inst.operands[1]:
                out.add(int(inst.operands[1].MCID))
    return out


def failed_rules(path: Path) -> set[str]:
    from pdfua import validate

    return {f.rule_id for f in validate(str(path)).findings}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    src = tmp_path_factory.mktemp("in")
    weasy_pdf(src / "weasy.pdf")
    libreoffice_pdf(src / "libre.pdf")
    text_pdf(src / "plain.pdf", [f"Notitie van {NAME} over de pilot."], title=f"Notitie {NAME}")
    out = tmp_path_factory.mktemp("out")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "0"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    return src, out, proc


@pytest.mark.slow
@pytest.mark.parametrize("name, person", [("weasy.pdf", NAME), ("libre.pdf", "Petra Jansen")])
def test_tagged_input_stays_tagged_and_leaks_nothing(run, name, person):
    src, out, proc = run
    assert proc.returncode == 0, proc.stderr
    output = out / "documents" / name
    text = subprocess.run(["pdftotext", str(output), "-"], capture_output=True, text=True).stdout
    assert person.split()[1] not in text and "5.1.2e" in text
    # PDF/UA: every font embedded, the labels' too (pdffonts, Poppler)
    fonts = subprocess.run(["pdffonts", str(output)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts), fonts
    # passes at least the checks the input passes (pdfua, independent of the pipeline)
    assert failed_rules(output) <= failed_rules(src / name)
    with pikepdf.open(output) as pdf:
        assert pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root
        with pikepdf.open(src / name) as original:
            assert str(pdf.Root.Lang) == str(original.Root.Lang)  # the document's own language is kept
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        title = str(pdf.docinfo.Title)
        assert "5.1.2e" in title and person.split()[1] not in title
        strings = tree_strings(pdf)
        for part in person.split():
            assert not any(part in s for s in strings), strings
        # the label is a tagged Span whose text is the ground code, in the paragraph it redacts
        labels = [e for e in elements(pdf) if str(e.get("/ActualText", "")) == "5.1.2e"]
        assert labels and all(e.S == "/Span" for e in labels)
        assert all(e.P.get("/S") not in (None, "/Document") for e in labels)
        # ... read where the name was: the sentence's text before and after it are its siblings
        for e in labels:
            siblings = [k.objgen if isinstance(k, pikepdf.Dictionary) else int(k) for k in e.P.K]
            at = siblings.index(e.objgen)
            assert 0 < at < len(siblings) - 1, siblings
        # every MCID the tree refers to is still in the page content: removed content left no element
        for e in elements(pdf):
            kids = e.get("/K")
            pg = e.get("/Pg")
            ids = [
                int(k)
                for k in (list(kids) if isinstance(kids, pikepdf.Array) else [kids])
                if isinstance(k, int)
            ]
            if pg is not None and ids:
                page = next(p for p in pdf.pages if p.obj.objgen == pg.objgen)
                assert set(ids) <= content_mcids(pdf, page)


@pytest.mark.slow
def test_figure_alt_text_is_redacted_not_dropped(run):
    _, out, proc = run
    assert proc.returncode == 0, proc.stderr
    with pikepdf.open(out / "documents" / "weasy.pdf") as pdf:
        figures = [e for e in elements(pdf) if e.S == "/Figure"]
        assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
        assert all("Bakker" not in str(f.Alt) for f in figures)


@pytest.mark.slow
def test_untagged_input_stays_untagged_with_language_and_redacted_title(run):
    _, out, proc = run
    assert proc.returncode == 0, proc.stderr
    with pikepdf.open(out / "documents" / "plain.pdf") as pdf:
        assert "/StructTreeRoot" not in pdf.Root and "/MarkInfo" not in pdf.Root
        assert str(pdf.Root.Lang) == "nl"
        assert str(pdf.docinfo.Title) == "Notitie 5.1.2e"


@pytest.mark.slow
def test_accessibility_is_recorded_and_shown(run):
    _, out, proc = run
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in (out / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    docs = {r["output"]: r for r in records if r.get("type") == "document"}
    weasy = docs["weasy.pdf"]["accessibility"]
    assert weasy["input"]["passes"] and weasy["output"]["passes"] and weasy["worse"] == []
    assert weasy["worse_warnings"] == []  # the PDF/UA identification is kept too
    plain = docs["plain.pdf"]["accessibility"]
    assert not plain["output"]["passes"] and "UA-01-005" in plain["output"]["errors"]
    with (out / "inventory.csv").open(encoding="utf-8-sig") as fh:
        rows = {r["Bestand"]: r for r in csv.DictReader(fh, delimiter=";")}
    assert "PDF/UA-controle: geslaagd" in rows["weasy.pdf"]["Toelichting"]
    assert "PDF/UA-controle: niet geslaagd" in rows["plain.pdf"]["Toelichting"]
    assert "PDF/UA" in (out / "report.html").read_text(encoding="utf-8")


def test_structure_tree_is_a_leak_channel_verification_catches(tmp_path):
    """A name left in the tree (here a /T attribute) fails verification, though the page text is clean."""
    src = weasy_pdf(tmp_path / "in.pdf")
    with pikepdf.open(src) as pdf:
        elements(pdf)[0].T = pikepdf.String(f"Opgesteld door {NAME}")
        pdf.trailer.Info = pikepdf.Dictionary(Producer="woo-redact", Title="Notitie")
        pdf.save(tmp_path / "leaky.pdf")
    problems = tags.structure_problems(tmp_path / "leaky.pdf", [Secret("S1", NAME)])
    assert problems and "S1" in problems[0]
    result = verify_pdf(tmp_path / "leaky.pdf", [Secret("S1", NAME)])
    assert not result.passed


def test_unchecked_words_in_a_tree_string_are_replaced_fail_closed():
    class R:
        text, ground = NAME, "5.1.2e"

    tagging = tags.TagInput.build("", [R()], ["Foto van de opening door Sanne Bakker"])
    assert tags.redact_string(f"Foto van {NAME}", tagging)[0] == "Foto van 5.1.2e"
    # "Jan Visser" never appeared in the page text, so detection never saw it
    assert tags.redact_string("Foto van Jan Visser", tagging)[0] == tags.UNCHECKED


def test_structure_keys_for_an_allow_list_sanitizer():
    assert {"/StructTreeRoot", "/MarkInfo", "/Lang", "/ViewerPreferences"} <= tags.STRUCTURE_KEYS["catalog"]
    assert {"/StructParents", "/Tabs"} <= tags.STRUCTURE_KEYS["page"]


def test_writer_redacts_attribute_strings_and_replaces_unchecked_alt_text(tmp_path):
    """Without a detector (the writer called directly) only strings made of checked words survive."""
    from pipeline.redact import redact_pdf

    src = weasy_pdf(tmp_path / "in.pdf")
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        elements(pdf)[0].A = pikepdf.Dictionary(
            O=pikepdf.Name.Table, Summary=pikepdf.String(f"Overzicht van {NAME}")
        )
        pdf.save(src)

    class R:
        text, ground = NAME, "5.1.2e"

    tagging = tags.TagInput.build("Notitie", [R()], ["Overzicht van de cijfers"])
    redact_pdf(src, tmp_path / "out.pdf", [], tagging=tagging)
    with pikepdf.open(tmp_path / "out.pdf") as pdf:
        assert str(elements(pdf)[0].A.Summary) == "Overzicht van 5.1.2e"
        figure = next(e for e in elements(pdf) if e.S == "/Figure")
        assert str(figure.Alt) == tags.UNCHECKED  # "Foto ... bij de opening" was never checked
        assert not any("Bakker" in s for s in tree_strings(pdf))


@pytest.mark.slow
def test_verify_dir_finds_a_name_in_the_structure_tree(run, tmp_path):
    """``woo-redact verify DIR`` re-reads the tree and title too, not only the page text."""
    _, out, proc = run
    assert proc.returncode == 0, proc.stderr
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    doc = copy / "documents" / "weasy.pdf"
    with pikepdf.open(doc, allow_overwriting_input=True) as pdf:
        elements(pdf)[0].T = pikepdf.String(f"Opgesteld door {NAME}")
        pdf.save(doc)
    check = subprocess.run(
        [sys.executable, "-m", "pipeline", "verify", str(copy)], capture_output=True, text=True, timeout=300
    )
    assert check.returncode == 1
    report = check.stdout + check.stderr
    assert "documents/weasy.pdf (structure tree, title): redacted string" in report
    assert NAME not in report  # named by reference only
