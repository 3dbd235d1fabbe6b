"""Foreign numbers (+32, +49, 0049 ...) and Dutch numbers written "(0)20 ..."; Dutch +31 stays phone.py's."""

import pytest

POSITIVE = [
    ("Tel. +32 2 555 12 34", "+32 2 555 12 34", 0.95),
    ("Tel. +32 (0)2 555 12 34", "+32 (0)2 555 12 34", 0.95),
    ("Mobiel: +49 151 23456789", "+49 151 23456789", 0.95),
    ("T +49 (0)30 1234567", "+49 (0)30 1234567", 0.95),
    ("Telefoon: +90 532 123 45 67", "+90 532 123 45 67", 0.95),
    ("Tel. +212 6 12 34 56 78", "+212 6 12 34 56 78", 0.95),
    ("De zoon (+48 512 345 678) belde.", "+48 512 345 678", 0.75),
    ("Contact in Frankrijk: +33 6 12 34 56 78.", "+33 6 12 34 56 78", 0.75),
    ("Zijn nummer is +32.470.12.34.56.", "+32.470.12.34.56", 0.95),
    ("Hij is bereikbaar via 0049 30 12345678", "0049 30 12345678", 0.95),
    ("Zie 0032 470 12 34 56 hierboven.", "0032 470 12 34 56", 0.5),
    ("Bel (0)20 123 4567 vanuit Nederland.", "(0)20 123 4567", 0.95),
    ("Zie (0)6 12345678 hierboven.", "(0)6 12345678", 0.6),
    ("Tel. (+32) 2 555 12 34", "(+32) 2 555 12 34", 0.95),
    ("Bereikbaar op (+31) 6 12345678.", "(+31) 6 12345678", 0.95),
    ("Contact: (0031) 20 555 1234", "(0031) 20 555 1234", 0.75),
    ("Bel 0032 (0)2 555 12 34", "0032 (0)2 555 12 34", 0.95),
    ("Telefoon: +44 (0)20 7946 0958", "+44 (0)20 7946 0958", 0.95),
    ("Tel: +90 (532) 123 45 67", "+90 (532) 123 45 67", 0.95),
]


@pytest.mark.parametrize("text, number, score", POSITIVE)
def test_found(found, text, number, score):
    assert found(text, "PHONE_NUMBER") == {number: pytest.approx(score)}


@pytest.mark.parametrize(
    "text",
    [
        "Zaaknummer 2024-0049301234 is gesloten.",
        "Kenmerk 0049 30 12345678 in de brief.",  # a "00" figure after a case-number label
        "Een bedrag van € 0032 2 555 12 34.",
        "Versie +4 en +12 graden.",
        "Code +32 99 in de tabel.",  # too short for any Belgian number
        "Nummer +4930123456789X1 is een code.",
        "Op (0)1-2-2024 om 10 uur.",
    ],
)
def test_not_returned(found, text):
    assert found(text, "PHONE_NUMBER") == {}


@pytest.mark.parametrize("text", ["Bel +31 6 12345678.", "Tel. 0031 20 555 1234", "M +31 (0)20 123 4567"])
def test_dutch_country_code_is_found_once_by_the_dutch_recognizer(analyzer, text):
    results = [r for r in analyzer.analyze(text, language="nl") if r.entity_type == "PHONE_NUMBER"]
    assert [r.recognition_metadata["recognizer_name"] for r in results] == ["DutchPhoneRecognizer"]
