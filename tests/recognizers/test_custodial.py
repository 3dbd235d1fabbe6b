"""Detainee registration numbers and cell/room numbers: only in custodial text, only after a label."""

import pytest

DETAINEE = [
    ("Gedetineerde J. (reg.nr. 1234567) verblijft op afdeling B.", "1234567"),
    ("Registratienummer: 1234567\nInrichting: PI Vught", "1234567"),
    ("SKN: 12345678", "12345678"),  # own label: no custodial word needed
    ("Strafrechtketennummer 12345678 is bekend.", "12345678"),
    ("Gedetineerde 7654321 weigerde het urinecontrole.", "7654321"),
    ("De gedetineerde met registratienummer 1.234.567 weigerde de insluiting.", "1.234.567"),
    ("Gedetineerdennummer: 0012345", "0012345"),
]


@pytest.mark.parametrize("text, number", DETAINEE)
def test_detainee_numbers(found, text, number):
    assert found(text, "NL_DETAINEE_NUMBER") == {number: pytest.approx(0.85)}


@pytest.mark.parametrize(
    "text",
    [
        "Registratienummer KvK 12345678 van de stichting.",  # generic label, no custodial word
        "Het registratienummer 12345678 van de zorgverlener.",
        "In 2023 waren er 1234 gedetineerden.",  # a count, not after the label
        "Gedetineerde nr. 12 is verplaatst.",  # too short for a registration number
        "Registratienummer: 1234567-2024 (PI Vught)",  # part of a longer code
    ],
)
def test_detainee_numbers_not_returned(found, text):
    assert found(text, "NL_DETAINEE_NUMBER") == {}


CELLS = [
    ("Gedetineerde verblijft op afdeling B, cel 2.14.", "cel 2.14"),
    ("Op kamer 114 van de EBI werd een gedetineerde aangetroffen.", "kamer 114"),
    ("De gedetineerde op celnummer A1-23 is overgeplaatst.", "celnummer A1-23"),
    ("Na het incident is hij in isoleercel 3 geplaatst (PI Zwolle).", "isoleercel 3"),
    ("PI Vught, celnr. B.12", "celnr. B.12"),
    ("Ingesloten op cel 12a.", "cel 12a"),
]


@pytest.mark.parametrize("text, number", CELLS)
def test_cell_numbers_in_custodial_text(found, text, number):
    assert found(text, "NL_CELL_NUMBER") == {number: pytest.approx(0.85)}


def test_the_wing_stays_readable(found):
    text = "De gedetineerde van afdeling C0 verblijft in cel 14, zie artikel 14."
    assert found(text, "NL_CELL_NUMBER") == {"cel 14": pytest.approx(0.85)}


@pytest.mark.parametrize(
    "text",
    [
        "Vul in cel B12 van het rekenblad het bedrag in.",  # spreadsheet, no custodial word
        "Overleg in kamer 2.14, derde verdieping.",  # office
        "De inrichting van de werkplek in kamer 2.14 is klaar.",  # "inrichting" as furnishing
        "Brief aan de Tweede Kamer 2023-2024 over de PI.",  # parliament, a year
        "De gedetineerde zat in 2020 op cel in Vught.",  # no number after the label
        "De gedetineerde stond op, kamer -12 graden.",
    ],
)
def test_cell_numbers_not_returned(found, text):
    assert found(text, "NL_CELL_NUMBER") == {}
