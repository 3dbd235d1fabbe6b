import pytest

from pipeline.recognizers.bsn import elfproef


def test_elfproef():
    assert elfproef("123456782")
    assert elfproef("111222333")
    assert not elfproef("123456789")
    assert not elfproef("000000000")
    assert not elfproef("12345678")


@pytest.mark.parametrize("written", ["123456782", "1234.56.782", "123 456 782"])
def test_valid_bsn_forms(found, written):
    assert list(found(f"Betrokkene heeft nummer {written} opgegeven.", "NL_BSN")) == [written]


def test_context_gives_high_score(found):
    bare = found("Nummer 123456782 staat in het dossier.", "NL_BSN")["123456782"]
    assert 0.3 <= bare < 0.7
    for label in ("BSN", "burgerservicenummer", "sofinummer", "BSN-nummer"):
        assert found(f"Zijn {label}: 123456782.", "NL_BSN")["123456782"] >= 0.85, label


@pytest.mark.parametrize(
    "text",
    [
        "BSN 123456789 is ongeldig.",  # fails the 11-check even with context
        "Burgerservicenummer 1234.56.789.",
        "Zaak 2023-123456782-01 en 1234567820.",  # part of longer numbers
        "Het bedrag is € 123 456 782.",
        "Vulnummer 111111110.",
    ],
)
def test_never_returned(found, text):
    assert found(text, "NL_BSN") == {}
