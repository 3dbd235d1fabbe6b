"""End to end for the identifier recognizers: a custodial incident report and a letter with IDs.

Runs ``python -m pipeline run`` on PDFs built here and reads the released PDFs with
pypdfium2 (independent of the pipeline's extractor): every identifier is gone, each under
its ground, the words around them and the official named in full stay readable.
"""

import csv
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pdfs import text_pdf

INCIDENT = """Mutatierapport PI Vught
Datum incident: 12 maart 2024
Gedetineerde (reg.nr. 7654321) weigerde na de luchtplaats de insluiting.
Hij verblijft op afdeling B, cel 2.14. Na het incident is hij in isoleercel 3 geplaatst.
Rapporteur: PIW'er, inlognaam: jdvries01
Staatssecretaris Ingrid Coenradie is over het incident geinformeerd."""

LETTER = """Betreft: uw aanvraag
Uw loonheffingennummer: 123456782L01
Uw rijbewijsnummer is 5123456789 en uw V-nummer: 3012345678.
Onze betaling ging naar NL91 ABNA 0417 1643 01 t.n.v. de aanvrager.
Uw zoon is bereikbaar op +32 470 12 34 56.
Behandeld door: kbakker2"""

GONE = {
    "incident.pdf": ["7654321", "cel 2.14", "isoleercel 3", "jdvries01"],
    "brief.pdf": ["123456782L01", "5123456789", "3012345678", "NL91 ABNA", "+32 470", "kbakker2"],
}
KEPT = {
    "incident.pdf": [
        "afdeling B",
        "Gedetineerde",
        "Ingrid Coenradie",
        "Mutatierapport PI Vught",
        "luchtplaats",
    ],
    "brief.pdf": ["Uw loonheffingennummer", "Uw rijbewijsnummer is", "uw V-nummer", "Behandeld door"],
}


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    src = tmp_path_factory.mktemp("in")
    text_pdf(src / "incident.pdf", [INCIDENT], author=None)
    text_pdf(src / "brief.pdf", [LETTER], author=None)
    out = tmp_path_factory.mktemp("out")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(GONE))
def test_identifiers_are_gone_and_context_stays(released, name):
    text = " ".join(pdf_text(released / "documents" / name).split())
    for s in GONE[name]:
        assert s not in text, s
    for s in KEPT[name]:
        assert s in text, s


@pytest.mark.slow
def test_id_numbers_get_5_1_1e_and_the_rest_5_1_2e(released):
    text = pdf_text(released / "documents" / "brief.pdf")
    assert text.count("5.1.1e") >= 3  # loonheffingennummer, rijbewijs, v-nummer
    assert text.count("5.1.2e") >= 3  # IBAN, phone, login
    with (released / "inventory.csv").open(encoding="utf-8-sig") as fh:
        rows = {r["Bestand"]: r for r in csv.DictReader(fh, delimiter=";")}
    assert set(rows) == {"incident.pdf", "brief.pdf"}
