"""Detect: the analysis text joins soft line breaks so wrapped names reach the NER whole."""

from __future__ import annotations

import pdfs
import pytest

from pipeline.detect import analysis_text, detect
from pipeline.extract import extract

PROSE = [
    "Naar aanleiding van ons gesprek van vanochtend stuur ik je de notitie. Kun je Joëlle",
    "Janssen vragen of de uitvoeringstoets al met het UWV is afgestemd voor vrijdag?",
    "",
    "Van: Sanne Bakker",
    "Aan: Piet de Vries",
]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = pdfs.text_pdf(tmp_path_factory.mktemp("d") / "wrap.pdf", ["\n".join(PROSE)], author=None)
    return extract(path).pages[0]


def test_soft_break_after_a_full_line_becomes_a_space_offsets_unchanged(page):
    text = analysis_text(page)
    assert len(text) == len(page.text)
    assert "Joëlle Janssen" in text and "Joëlle\nJanssen" in page.text
    # short header lines keep their breaks: "Sanne Bakker" must not run on into "Aan"
    assert "Sanne Bakker\nAan:" in text


def test_a_name_wrapped_at_the_margin_is_found_whole(page):
    from pipeline.engine import Engine

    engine = Engine.load()
    found = [f for f in detect(page_doc(page), engine.analyzer, engine.entities) if f.entity == "PERSON"]
    assert any(f.text.split() == ["Joëlle", "Janssen"] for f in found), [f.text for f in found]


def page_doc(page):
    from pipeline.model import Document

    return Document(path="wrap.pdf", pages=[page])


def test_a_form_value_ending_at_the_margin_is_not_joined_to_the_next_label(tmp_path):
    """A two-column form: the value cell reaches the right margin but starts mid-page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "form.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 11)
    prose = "De aanvraag is op tijd ontvangen en wordt binnen acht weken na ontvangst behandeld door"
    rows = [("Naam", "Rick van der Goudriaan Vermeulen-Bakker"), ("Burgerservicenummer", "554788366")]
    c.drawString(72, 760, prose)
    y = 740
    for label, value in rows:
        c.drawString(72, y, label)
        c.drawRightString(A4[0] - 72, y, value)
        y -= 16
    c.showPage()
    c.save()
    page = extract(path).pages[0]
    text = analysis_text(page)
    i = page.text.index("Burgerservicenummer")
    assert text[i - 1] == "\n"  # the label keeps its own line
