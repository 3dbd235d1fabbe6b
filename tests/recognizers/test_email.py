import pytest


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mail naar j.p.de.vries@minbzk.nl voor vragen.", "j.p.de.vries@minbzk.nl"),
        ("Contact: Sanne.Bakker@uwv.nl.", "Sanne.Bakker@uwv.nl"),
        ("<p.jansen+woo@sub.example-ministerie.nl>", "p.jansen+woo@sub.example-ministerie.nl"),
        ("(mailto:k.devries@gemeente.nl)", "k.devries@gemeente.nl"),
        ("bij (daniël.westerburg@minszw.nl) of", "daniël.westerburg@minszw.nl"),
        ("Zoë.Rippey@uwv.nl schreef", "Zoë.Rippey@uwv.nl"),
    ],
)
def test_whole_address_found(found, text, expected):
    assert list(found(text, "EMAIL_ADDRESS")) == [expected]


def test_score_high_and_boosted_by_context(found):
    assert found("Zie j.jansen@uwv.nl", "EMAIL_ADDRESS")["j.jansen@uwv.nl"] >= 0.85
    assert found("Het e-mailadres is j.jansen@uwv.nl", "EMAIL_ADDRESS")["j.jansen@uwv.nl"] == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "Twitter: @minbzk en #woo",
        "Het adres is j.jansen@ zonder domein",
        "Versie 1.2.3@build",
        "naam@localhost is geen adres",
        "/@logius.nl is OCR-ruis",
    ],
)
def test_non_addresses_ignored(found, text):
    assert found(text, "EMAIL_ADDRESS") == {}
