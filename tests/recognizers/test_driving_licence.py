import pytest


@pytest.mark.parametrize(
    "text, number",
    [
        ("Rijbewijs: 5123456789", "5123456789"),
        ("Het rijbewijsnummer is 5123 456 789 (geldig tot 2031).", "5123 456 789"),
        ("Hij toonde zijn rijbewijs met nummer 4987654321.", "4987654321"),
        ("Rijbewijsnr. 51 23 45 67 89", "51 23 45 67 89"),
        ("Legitimatie: rijbewijs (nr.) 5123456789", "5123456789"),
    ],
)
def test_labelled_numbers(found, text, number):
    assert found(text, "NL_DRIVING_LICENCE") == {number: pytest.approx(0.85)}


@pytest.mark.parametrize(
    "text",
    [
        "Nummer 5123456789 in het register.",  # no label
        "Rijbewijs BE in 1 dag 1000016872022-07-01 € 695",  # a course in a table, digits glued to a date
        "Rijbewijs: 512345678",  # nine digits
        "Rijbewijs: 51234567890",  # eleven digits
        "Het rijbewijs is ingenomen.\n5123456789 is het zaaknummer.",  # label on another line
        "Rijbewijs: 5123456789-2",
    ],
)
def test_not_returned(found, text):
    assert found(text, "NL_DRIVING_LICENCE") == {}
