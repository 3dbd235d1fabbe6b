"""The samples' own checklist (samples/README.md), checked on the released output (issue 14).

``R. (Ruud) Hermans`` goes as a whole; ``Jansen Logistiek B.V.`` (an employer) is not blacked
out by batch consistency although a Petra Jansen is redacted in the e-mail thread; UWV's
service number stays while UWV employees' direct lines go.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.namespans import whole_name
from pipeline.orgcontext import service_number

REPO = Path(__file__).resolve().parents[1]


def test_a_name_with_the_first_name_in_parentheses_is_one_span():
    text = "Met vriendelijke groet,\nUWV\nR. (Ruud) Hermans\nteammanager"
    i = text.index("R.")
    assert text[slice(*whole_name(text, i, i + len("R. (Ruud")))] == "R. (Ruud) Hermans"
    text = "Contactpersoon drs. M. (Marieke) van Visser-Bos, T 070"
    i = text.index("M.")
    assert text[slice(*whole_name(text, i, i + 3))] == "drs. M. (Marieke) van Visser-Bos"
    assert whole_name("Jan (UWV) Hermans", 0, 3) == (0, 3)  # no initials: left alone


def test_an_organisation_service_line_is_not_a_direct_line():
    assert service_number("Bel dan UWV Telefoon\nWerknemers: 088 - 898 92 94", 33)
    # a signature block: the organisation on one line, the person's own number below it
    for sig in ("Projectleider\nUWV\nTelefoon: ", "Procesbegeleider\nUWV\nTelefoon: "):
        assert not service_number(sig + "088 2244309", len(sig))
    assert not service_number("UWV Telefoon: 06 64 87 16 47", 14)  # a mobile number is a person's
    for before in ("T ", "Mobiele telefoon: ", "UWV Telefoon (direct): ", "Telefoon Sanne Bakker: "):
        assert not service_number(before + "088 - 898 47 21", len(before)), before


def released_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


@pytest.mark.slow
def test_the_samples_pass_their_own_checklist(tmp_path):
    src = tmp_path / "samples"
    src.mkdir()
    for pdf in (REPO / "samples").glob("*.pdf"):
        shutil.copy(pdf, src / pdf.name)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    letter = released_text(out / "documents" / "brief-burger.pdf")
    flat = " ".join(letter.split())
    for gone in ("Hermans", "Ruud", "R. (", "Timmermans", "Kramer", "06-87654321"):
        assert gone not in flat, gone
    assert ") Hermans" not in (out / "text" / "brief-burger.txt").read_text(encoding="utf-8")
    assert "Jansen Logistiek B.V." in flat
    assert "088 - 898 92 94" in flat  # UWV Telefoon Werknemers
    assert "Postbus 4102" in flat
    nota = " ".join(released_text(out / "documents" / "beslisnota.pdf").split())
    assert "Marieke" not in nota and "Visser" not in nota and "(" not in nota.split("Contactpersoon")[1][:30]
    mail = " ".join(released_text(out / "documents" / "email-thread.pdf").split())
    for gone in ("Jansen", "088 - 898 47 21", "Yvonne"):
        assert gone not in mail, gone
    table = " ".join(released_text(out / "documents" / "overzicht-tabel.pdf").split())
    assert "088 - 898 12 34" not in table and "Woo-team Noord" in table
