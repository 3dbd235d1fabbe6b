"""IBANs failing mod-97: redacted (score above IBAN_CODE's threshold), below a valid IBAN's score, flagged."""

import pytest

from pipeline.recognizers.iban_checksum import CHECKSUM_FAILED_KEY
from pipeline.rules import load_rules

POSITIVE = [
    ("Maak het over op NL91 ABNA 0417 1643 01 t.n.v. de aanvrager.", "NL91 ABNA 0417 1643 01"),  # last digit
    ("Rekeningnummer NL19ABNA0417164300.", "NL19ABNA0417164300"),  # check digits swapped
    ("Rekening NL91ABNA041716430 (een cijfer te weinig)", "NL91ABNA041716430"),
    ("Naar NL91 ABNA 0417 1643 001 overgemaakt.", "NL91 ABNA 0417 1643 001"),  # one digit too many
    ("IBAN: DE89 3704 0044 0532 0130 01", "DE89 3704 0044 0532 0130 01"),
    ("Betaald vanaf BE68 5390 0754 7035 (bankrekening van de zoon).", "BE68 5390 0754 7035"),
]


@pytest.mark.parametrize("text, iban", POSITIVE)
def test_found_flagged_and_redacted(analyzer, text, iban):
    results = [r for r in analyzer.analyze(text, language="nl") if r.entity_type == "IBAN_CODE"]
    assert [text[r.start : r.end] for r in results] == [iban]
    (r,) = results
    assert r.recognition_metadata[CHECKSUM_FAILED_KEY] is True
    assert r.recognition_metadata["recognizer_name"] == "IbanChecksumFailedRecognizer"
    assert load_rules().entities["IBAN_CODE"].min_score <= r.score < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "Code NL12 3456 en XX91ABNA0417164300.",  # too short; unknown country
        "Referentie DE89 3704 0044 0532 0130 01 in het register.",  # foreign shape without a bank label
        "Voorbeeld: NL00 ABNA 0000 0000 00",  # form filler
        "Zaak NL91ABNA04171643 is gesloten.",  # eight account digits: not an IBAN typo
        "Productcode NL91ABNA0417164300X",  # part of a longer code
    ],
)
def test_not_returned(found, text):
    assert found(text, "IBAN_CODE") == {}


def test_valid_iban_is_not_flagged(analyzer):
    text = "IBAN NL91 ABNA 0417 1643 00"
    (r,) = [r for r in analyzer.analyze(text, language="nl") if r.entity_type == "IBAN_CODE"]
    assert r.score == 1.0 and CHECKSUM_FAILED_KEY not in (r.recognition_metadata or {})
