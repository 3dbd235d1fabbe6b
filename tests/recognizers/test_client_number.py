import pytest


@pytest.mark.parametrize(
    "text, number",
    [
        ("Klantnummer: 12345678", "12345678"),
        ("Uw cliëntnummer is 4455667.", "4455667"),
        ("personeelsnummer 889900", "889900"),
        ("Registratienummer 2024-12345", "2024-12345"),
        ("relatienummer: 00012345", "00012345"),
    ],
)
def test_labelled(found, text, number):
    assert found(text, "NL_CLIENT_NUMBER") == {number: pytest.approx(0.85)}


@pytest.mark.parametrize(
    "text",
    [
        "Het bedrag van 12345678 euro.",
        "Klantnummer onbekend; zaak 123456.",  # number not right after the label
        "Klantnummer: 12",  # too short
        "Klantnummer\n123456",  # label on another line
    ],
)
def test_unlabelled_not_returned(found, text):
    assert found(text, "NL_CLIENT_NUMBER") == {}


def test_span_stops_before_following_words(found):
    assert list(found("klantnummer 123456 op 12 maart", "NL_CLIENT_NUMBER")) == ["123456"]
