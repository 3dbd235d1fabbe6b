"""Real PDFs for the recognizer fixes of the identifier gold (issue 16): the released text, read by pdftotext.

- a paraph label the extractor joins to the line before (that line runs to the right margin);
- an ID-card number after "(nr. ";
- a postcode named as an area in running text stays readable, a citizen's postcode goes.
"""

import subprocess
import sys

import pytest
from pdfs import text_pdf

PAGE = """Verslag crisisoverleg
Het Centrale Crisisteam wordt per 1 juni afgeschaald en de taken gaan terug naar de lijn bij Bestuurszaken
Paraaf directeur: VtE
Een kopie van de identiteitskaart (nr. JI76U90L8) is bijgevoegd.
De pilot loopt in de wijken met postcode 9430 DG en omgeving.
De aanvrager woont in postcode 3511 AB.
Het overleg is gesloten."""


@pytest.fixture(scope="module")
def released_text(tmp_path_factory):
    src = tmp_path_factory.mktemp("in")
    text_pdf(src / "verslag.pdf", [PAGE], author=None, fontsize=10)
    out = tmp_path_factory.mktemp("out")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "documents" / "verslag.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(text.split())


@pytest.mark.slow
def test_identifier_fixes_in_a_released_pdf(released_text):
    for gone in ("VtE", "JI76U90L8", "3511 AB"):
        assert gone not in released_text, gone
    for kept in (
        "Paraaf directeur",
        "identiteitskaart (nr.",
        "postcode 9430 DG en omgeving",
        "Bestuurszaken",
    ):
        assert kept in released_text, kept
