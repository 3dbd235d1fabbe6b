import pytest


@pytest.mark.parametrize(
    "plate", ["12-ABC-3", "AB-123-C", "1-ABC-23", "XX-99-99", "99-XX-99", "GB-012-K", "4-TFX-62"]
)
def test_sidecodes(found, plate):
    assert list(found(f"De auto met {plate} stond er.", "NL_LICENSE_PLATE")) == [plate]


def test_context_raises_score(found):
    bare = found("Zie 12-ABC-3 hier.", "NL_LICENSE_PLATE")["12-ABC-3"]
    assert bare < 0.7
    assert found("Het kenteken 12-ABC-3 is bekend.", "NL_LICENSE_PLATE")["12-ABC-3"] >= 0.8


@pytest.mark.parametrize(
    "text",
    ["Datum 12-03-24 en 2024-03-12.", "Zaak WB-2023-01 en ISO-27001.", "Code AB-12-34-56 en 12-ABC-3X."],
)
def test_non_plates(found, text):
    assert found(text, "NL_LICENSE_PLATE") == {}
