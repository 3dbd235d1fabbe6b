"""Officials in every written form, end to end: the real command on an .eml and PDFs of one batch.

The output is read with pdftotext, independent of the pipeline's own extractor.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from natives import eml_message
from pdfs import text_pdf

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext not installed"),
]

BODY = """Beste collega's,

Zoals besproken heeft wethouder Anna de Vries het voorstel gisteren in het college ingebracht.
De Vries wil dat de pilot na de zomer start. Arjen de Vries van team Werk maakt de planning.
Vragen over de planning kunnen naar arjen.devries@gemeente.nl of naar A. de Vries zelf.

Met vriendelijke groet,
Piet Bos
beleidsmedewerker
"""

# A second document of the same batch: it never says she is an alderman.
MEMO = [
    "Memo voorbereiding overleg\n"
    "Aanwezig: A. de Vries, Karel Smulders, Bert Hoekstra\n"
    "Actie: Karel Smulders stuurt de stukken aan a.devries@gemeente.nl.\n"
    "Karel Smulders is bereikbaar via k.smulders@gemeente.nl of 06-12345678."
]


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("officials")
    src = tmp / "in"
    src.mkdir()
    msg = eml_message(
        "Pilot werk",
        "Vries, Anna de <a.devries@gemeente.nl>",
        "Bos, Piet <p.bos@gemeente.nl>",
        BODY,
        cc="Vries, Arjen de <arjen.devries@gemeente.nl>",
    )
    (src / "pilot.eml").write_bytes(bytes(msg))
    text_pdf(src / "memo.pdf", MEMO, author=None)
    out = tmp / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out


def test_the_aldermans_header_address_and_short_forms_stay_in_the_email(batch):
    text = pdftotext(batch / "documents" / "pilot.pdf")
    assert "Vries, Anna" in text and "a.devries@gemeente.nl" in text  # the From header
    assert "wethouder Anna de Vries" in text
    assert "De Vries wil" in text  # the surname alone after the full name
    assert "A. de Vries zelf" in text
    # the civil servant with her surname and his own address, and the sender, are redacted
    for gone in ("Arjen", "arjen.devries", "Piet", "Bos", "p.bos"):
        assert gone not in text, gone


def test_another_document_of_the_batch_keeps_her_forms_not_her_colleagues(batch):
    text = pdftotext(batch / "documents" / "memo.pdf")
    assert "A. de Vries" in text and "a.devries@gemeente.nl" in text
    for gone in ("Smulders", "Karel", "Hoekstra", "k.smulders", "12345678"):
        assert gone not in text, gone
