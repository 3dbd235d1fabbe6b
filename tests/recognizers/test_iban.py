import pytest

from pipeline.recognizers.iban import iban_valid


def test_checksum():
    assert iban_valid("NL91ABNA0417164300")
    assert iban_valid("DE89 3704 0044 0532 0130 00")
    assert not iban_valid("NL91ABNA0417164301")
    assert not iban_valid("NL91ABNA04171643")


@pytest.mark.parametrize(
    "iban",
    ["NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", "BE68 5390 0754 7034", "DE89 3704 0044 0532 0130 00"],
)
def test_found_whole(found, iban):
    result = found(f"Maak het over op {iban} t.n.v. de aanvrager.", "IBAN_CODE")
    assert result == {iban: 1.0}


def test_following_word_not_swallowed(found):
    assert list(found("Rekening NL91 ABNA 0417 1643 00 TNVX ook", "IBAN_CODE")) == ["NL91 ABNA 0417 1643 00"]


@pytest.mark.parametrize(
    "text", ["Code NL12 3456 en XX91ABNA0417164300.", "Referentie DE89 3704 0044 0532 0130 01"]
)
def test_invalid_not_returned(found, text):
    assert found(text, "IBAN_CODE") == {}


def test_checksum_failure_is_left_to_the_flagging_recognizer(analyzer):
    text = "Rekening NL91 ABNA 0417 1643 01."
    results = [r for r in analyzer.analyze(text, language="nl") if r.entity_type == "IBAN_CODE"]
    assert [r.recognition_metadata["recognizer_name"] for r in results] == ["IbanChecksumFailedRecognizer"]
