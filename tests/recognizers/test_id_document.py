import pytest


@pytest.mark.parametrize(
    "text, number",
    [
        ("Paspoort nummer SPECI2014, geldig tot 2030.", "SPECI2014"),
        ("Identiteitskaart: NXC4R83J1", "NXC4R83J1"),
        ("ID-kaart (documentnummer IR12BF7K4) getoond.", "IR12BF7K4"),
        ("Documentnummer\nBR7PK2KH5", "BR7PK2KH5"),
    ],
)
def test_labelled_numbers(found, text, number):
    assert found(text, "NL_ID_DOCUMENT") == {number: pytest.approx(0.85)}


@pytest.mark.parametrize(
    "text",
    [
        "Referentie SPECI2014 in het systeem.",  # no label: never returned
        "Paspoort nummer SPECO2014 (letter O komt niet voor).",
        "Paspoort nummer ABC123.",
        "Het paspoort is verlopen. Projectcode ABCDE1234 volgt verderop in een ander verband, heel ver weg.",
    ],
)
def test_not_returned(found, text):
    assert found(text, "NL_ID_DOCUMENT") == {}


@pytest.mark.parametrize(
    "text, number",
    [
        ("Een kopie van de identiteitskaart (nr. JI76U90L8) is bijgevoegd.", "JI76U90L8"),
        ("Het paspoort no. NW92BD1K3 is verlopen.", "NW92BD1K3"),
    ],
)
def test_abbreviated_number_word_between_label_and_number(found, text, number):
    assert found(text, "NL_ID_DOCUMENT") == {number: pytest.approx(0.85)}


def test_a_sentence_end_still_separates_label_and_code(found):
    assert (
        found("De identiteitskaart is verlopen. Het nr. AB1234567 is een projectcode.", "NL_ID_DOCUMENT")
        == {}
    )
