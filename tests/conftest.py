"""Shared fixtures: the test-PDF builders live in tests/pdfs.py (importable as ``pdfs``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
