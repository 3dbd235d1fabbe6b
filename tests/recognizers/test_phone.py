import pytest

POSITIVE = [
    "06-12345678",
    "06 12 34 56 78",
    "06-1234 5678",
    "070 - 123 45 67",
    "070-1234567",
    "(070) 123 45 67",
    "+31 (0)70 1234567",
    "+31 6 12345678",
    "0031 70 1234567",
    "088-123 45 67",
    "020-5551234",
    "0612345678",
    "+31612345678",
]


@pytest.mark.parametrize("number", POSITIVE)
def test_real_dutch_forms(found, number):
    text = f"U kunt contact opnemen via {number} als dat nodig is."
    assert list(found(text, "PHONE_NUMBER")) == [number]


def test_number_followed_by_other_figures_is_cut_right(found):
    text = "Bereikbaar op 06-12345678 12 uur per dag, (06-87654321)."
    assert set(found(text, "PHONE_NUMBER")) == {"06-12345678", "06-87654321"}


@pytest.mark.parametrize(
    "text",
    [
        "Op 12-03-2024 is het besluit genomen.",
        "Op 01-03-2024 14 uur was de zitting.",
        "Datum 2024-03-12 en tijd 10:30.",
        "Het bedrag is € 1.234.567 of 12.345,67 euro.",
        "Zaaknummer 2023-0012345 en kenmerk 2024-123456.",
        "Postcode 2511 DP Den Haag.",
        "BSN 123456782 en IBAN NL91 ABNA 0417 1643 00.",
        "Versie 0.9.1 van 0.12.3456789.",
        "Nummer 0123 456789 bestaat niet (012 is geen netnummer).",
        "Een getal van 10 cijfers: 0612345678901.",
    ],
)
def test_not_phone_numbers(found, text):
    assert found(text, "PHONE_NUMBER") == {}


def test_context_raises_score(found):
    bare = found("Zie 070-1234567 hier.", "PHONE_NUMBER")["070-1234567"]
    for label in ("tel.:", "Telefoon", "mobiel", "bereikbaar op", "T:", "M"):
        boosted = found(f"Jan Jansen\n{label} 070-1234567", "PHONE_NUMBER")["070-1234567"]
        assert boosted > bare, label


def test_single_letter_label_needs_to_be_a_word(found):
    # "Mijn" starts with M but is no "M:" label; lemma substring matching must not boost it either.
    assert found("Mijn 070-1234567", "PHONE_NUMBER")["070-1234567"] < 0.9


# Numbers of the right shape in ranges libphonenumber does not know (060, 067, 069 ...).
@pytest.mark.parametrize(
    "text, number",
    [
        ("Manager\nMinisterie van SZW\nTelefoon: 06 05 12 85 35\nE r.arslan@uwv.nl", "06 05 12 85 35"),
        ("Beleidsadviseur\nTel. 0676761595\nE-mail: u.bilgin@uwv.nl", "0676761595"),
        ("Medewerker\nUWV\nMobiel: 06 75156875\n", "06 75156875"),
        ("UWV Bezwaar en Beroep\nM +31 691739185\nE l.cant@uwv.nl", "+31 691739185"),
        ("[09:14] Silke: Bel me even op 0608370399 Staat op de site.", "0608370399"),
        ("Tel: 0123 456789", "0123 456789"),
    ],
)
def test_unassigned_range_with_phone_label_is_high(found, text, number):
    result = found(text, "PHONE_NUMBER")
    assert list(result) == [number]
    assert result[number] >= 0.85


def test_unassigned_mobile_shape_without_label_is_at_threshold(found):
    result = found("Zie 0608370399 hier.", "PHONE_NUMBER")
    assert list(result) == ["0608370399"]
    assert 0.5 <= result["0608370399"] < found("Zie 0612345678 hier.", "PHONE_NUMBER")["0612345678"]


@pytest.mark.parametrize(
    "text",
    [
        "Kenmerk 0608370399 in de brief.",
        "Zaaknummer: 06 05 12 85 35.",
        "Klantnummer 0676761595",
        "BSN 0608370399",
        "Het getal 0123 456789 zonder label.",  # unknown non-mobile range, no phone label
        "Nummer 0123 456789 bestaat niet.",  # "nummer" alone is no phone label
        "Op 06-05-2023 12:00 uur.",
        "UTR 10520401 0.00 06 06 0.00 2 00 115.37 115.37 0.00",  # a table of amounts
    ],
)
def test_shape_only_numbers_after_other_labels_are_not_phones(found, text):
    assert found(text, "PHONE_NUMBER") == {}
