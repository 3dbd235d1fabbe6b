"""Data shipped inside the package: ``rules/`` and ``models/`` (links to the repository's
top-level folders in a source checkout, copies in an installed wheel)."""

from pathlib import Path

DATA = Path(__file__).parent
RULES = DATA / "rules"
MODELS = DATA / "models"
