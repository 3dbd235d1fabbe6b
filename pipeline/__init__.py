"""woo-redact: make Dutch government PDFs ready for release under the Woo."""

__version__ = "0.1.0"
