import pytest

from pipeline.recognizers.loonheffingennummer import loonheffingennummer_valid


def test_checksum_on_the_bsn_part():
    assert loonheffingennummer_valid("123456782L01")
    assert loonheffingennummer_valid("1234.56.782.L.01")
    assert not loonheffingennummer_valid("123456783L01")  # BSN part fails the 11-check
    assert not loonheffingennummer_valid("111111110L01")  # filler


@pytest.mark.parametrize(
    "text, number, score",
    [
        ("Loonheffingennummer: 123456782L01", "123456782L01", 0.95),
        ("Het loonheffingennummer van de werkgever is 1234.56.782.L.01.", "1234.56.782.L.01", 0.95),
        ("LH-nr 123 456 782 L02 (particulier)", "123 456 782 L02", 0.95),
        ("Werkgever mevrouw De Vries, 123456782L01, heeft de melding gedaan.", "123456782L01", 0.75),
        ("Zie 111222333L12 in het overzicht.", "111222333L12", 0.75),
    ],
)
def test_found(found, text, number, score):
    assert found(text, "NL_LOONHEFFINGENNUMMER") == {number: pytest.approx(score)}


@pytest.mark.parametrize(
    "text",
    [
        "Loonheffingennummer: 123456783L01",  # 11-check fails
        "Loonheffingennummer: 123456782L00",  # no subnumber 00
        "Code X123456782L01 in de applicatie.",  # inside a longer code
        "Versie 123456782L012 van het bestand.",
        "Het loonheffingennummer ontbreekt (uitval 1.04).",
        "BSN 123456782 is bekend.",
    ],
)
def test_not_returned(found, text):
    assert found(text, "NL_LOONHEFFINGENNUMMER") == {}
