import pytest


@pytest.mark.parametrize(
    "text, number",
    [
        ("V-nummer: 1234567890", "1234567890"),
        ("v-nr. 12 34 56 78 90", "12 34 56 78 90"),
        ("Het vreemdelingennummer van betrokkene 3012345678 is bekend.", "3012345678"),
        ("De vreemdeling (V-nummer 3012345678) diende een aanvraag in.", "3012345678"),
        ("Vnr: 2345.678.901", "2345.678.901"),
    ],
)
def test_labelled_numbers(found, text, number):
    assert found(text, "NL_V_NUMBER") == {number: pytest.approx(0.85)}


@pytest.mark.parametrize(
    "text",
    [
        "Nummer 1234567890 staat in het systeem.",
        "V-nummer 123456789",  # nine digits
        "IV-nummer 1234567890",  # another label that ends in v-nummer
        "BTW-nummer 1234567890",
        "V-nummer:\n1234567890 is het kenmerk.",  # label on another line
    ],
)
def test_not_returned(found, text):
    assert found(text, "NL_V_NUMBER") == {}
