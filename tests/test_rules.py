"""Rules files: the defaults load, and every mistake is a clear ConfigError."""

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.rules import DEFAULT_RULES, load_rules


def write_rules(tmp_path: Path, body: str) -> Path:
    for name in ("grounds.yaml", "public_officials.yaml"):
        (tmp_path / name).write_text(
            (DEFAULT_RULES.parent / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    p = tmp_path / "rules.yaml"
    p.write_text(body, encoding="utf-8")
    return p


MINIMAL = """
grounds: grounds.yaml
public_officials: public_officials.yaml
model: {blank: nl}
entities:
  PERSON: {ground: 5.1.2e, min_score: 0.6}
  NL_BSN: {ground: 5.1.1e}
"""


def test_default_rules_load_with_the_complete_ground_table():
    rules = load_rules()
    for code in [
        "5.1.1a",
        "5.1.1b",
        "5.1.1c",
        "5.1.1d",
        "5.1.1e",
        "5.1.2a",
        "5.1.2b",
        "5.1.2c",
        "5.1.2d",
        "5.1.2e",
        "5.1.2f",
        "5.1.2g",
        "5.1.2h",
        "5.1.2i",
        "5.1.4",
        "5.1.5",
        "5.1.6",
        "5.2.1",
        "5.2.2",
    ]:
        assert rules.grounds[code], code
    assert rules.describe("5.1.2e") == "Eerbiediging van de persoonlijke levenssfeer"
    assert rules.entities["PERSON"].ground == "5.1.2e"
    assert rules.entities["NL_BSN"].ground == "5.1.1e"
    assert len(rules.sha256) == 64


def test_minimal_rules(tmp_path):
    rules = load_rules(write_rules(tmp_path, MINIMAL))
    assert rules.entities["PERSON"].min_score == 0.6
    assert rules.entities["NL_BSN"].min_score == 0.5
    assert rules.model == {"blank": "nl"}


@pytest.mark.parametrize(
    "body, message",
    [
        (MINIMAL.replace("5.1.1e", "5.1.9z"), "unknown Woo ground '5.1.9z'"),
        (MINIMAL.replace("5.1.1e", "10.2e"), "unknown Woo ground '10.2e'"),
        (MINIMAL + "deny:\n  - {text: Zwaluw, ground: 7.7}\n", "unknown Woo ground '7.7'"),
        (MINIMAL.replace("min_score: 0.6", "min_score: 6"), "min_score must be between 0 and 1"),
        (MINIMAL.replace("model: {blank: nl}", "model: {}"), "'model' needs one of"),
        (MINIMAL + "entitys: {}\n", "unknown key(s) entitys"),
        ("entities: [\n", "not valid YAML"),
    ],
)
def test_configuration_mistakes_are_named(tmp_path, body, message):
    with pytest.raises(ConfigError, match=None) as err:
        load_rules(write_rules(tmp_path, body))
    assert message in str(err.value)


def test_missing_rules_file(tmp_path):
    with pytest.raises(ConfigError, match="rules file not found"):
        load_rules(tmp_path / "nope.yaml")
