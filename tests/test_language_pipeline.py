"""English and mixed PDFs through the real pipeline: English words stay, names go, the batch does not spread.

Runs ``python -m pipeline run`` on PDFs built here and reads the OUTPUT with pypdfium2
(independent of the pipeline's own extractor).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pdfs import text_pdf

ROOT = Path(__file__).resolve().parents[1]

FEDERAL = [
    """Federal Aviation Administration
Airworthiness Directives; Boeing Company Airplanes
SUMMARY: The FAA is adopting a new airworthiness directive for certain Boeing Company
Model 737 airplanes. This AD was prompted by reports of cracking in the Frame.
FOR FURTHER INFORMATION CONTACT: Jennifer Gant, Seattle Branch, phone and fax:
206-231-3500; email: jennifer.gant@faa.gov.
The NPRM published in the Federal Register on March 3, 2020. Hello World
Costs of Compliance: we estimate that this AD affects 120 airplanes of U.S. registry.""",
    """Getting Started
Open the Form and click Page Setup. The Print window appears.
Hello World is the first example program. Run it with Python.
Japan, China and Korea use other paper sizes. Contact Support for help. Thanks, The Team""",
]
MIXED = """Van: Willem Register <w.register@minszw.nl>
Aan: Sanne Bakker
Onderwerp: reactie op de vragen

Beste Sanne,

Hieronder de tekst die wij van de Amerikaanse collega's kregen, met het verzoek om die door te sturen.

The Form must be sent to The Team before the end of the month. Please note that the Page
with the Hello World example was removed from the register of the programme.

Met vriendelijke groet,

Willem Register"""


@pytest.mark.slow
def test_english_and_mixed_pdfs(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text_pdf(src / "federal-register-2020-17221.pdf", FEDERAL, author="")
    text_pdf(src / "mail-reactie.pdf", [MIXED], author="")
    text_pdf(src / "hello-world.pdf", ["English:\nHello World"], author="")
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    docs = tmp_path / "out" / "documents"
    names = sorted(p.name for p in docs.glob("*.pdf"))
    assert names == ["federal-register-2020-17221.pdf", "hello-world.pdf", "mail-reactie.pdf"]  # names stay

    def text(name: str) -> str:
        pdf = pdfium.PdfDocument(docs / name)
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)

    english = text("federal-register-2020-17221.pdf")
    for word in ("Hello World", "Form", "Page", "The Team", "Japan", "Boeing Company", "Federal Register"):
        assert word in english, word
    assert "Gant" not in english and "jennifer.gant@faa.gov" not in english  # a person is still a person

    mixed = text("mail-reactie.pdf")
    for word in ("The Form", "The Team", "the Page", "Hello World", "register of"):
        assert word in mixed, word
    for personal in ("Willem", "Register <", "Sanne", "Bakker", "w.register@minszw.nl"):
        assert personal not in mixed, personal
    assert mixed.count("Register") == 0 and "register" in mixed  # the surname goes, the word stays

    records = [json.loads(line) for line in (tmp_path / "out" / "audit.jsonl").read_text().splitlines()]
    released = {r["document"] for r in records if r["type"] == "document" and r["status"] == "released"}
    assert len(released) == 3
    assert "Hello World" in text("hello-world.pdf")
