"""No network at run time: the whole detector loads and runs with sockets disabled."""

import socket

import pytest

from pipeline.engine import Engine


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("woo-redact tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_engine_loads_and_detects_without_network(no_network):
    engine = Engine.load()  # default rules: the shipped model, loaded by path
    assert engine.model.ner and engine.model.sha256
    text = "Mail sanne.bakker@minszw.nl of bel 06-12345678; BSN 111222333."
    found = {(r.entity_type, text[r.start : r.end]) for r in engine.analyzer.analyze(text, language="nl")}
    assert ("EMAIL_ADDRESS", "sanne.bakker@minszw.nl") in found
    assert ("PHONE_NUMBER", "06-12345678") in found
    assert ("NL_BSN", "111222333") in found
    # Presidio's own recognizers (English, tldextract) must not be in the registry
    names = {r.name for r in engine.analyzer.registry.recognizers}
    assert "EmailRecognizer" not in names and "UrlRecognizer" not in names
