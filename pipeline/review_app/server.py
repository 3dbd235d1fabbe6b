"""The review app's HTTP server: 127.0.0.1 only, a random token on every request, no outside assets.

The pages show personal data, so: the socket is bound to the loopback address, every
request must carry the session token (``?t=``; anything else gets 403, compared in
constant time), the Host header must name the loopback address (no DNS rebinding), and
the pages may load nothing but this server's own files (Content-Security-Policy).
"""

from __future__ import annotations

import hmac
import json
import secrets
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pipeline.review import COLOURS
from pipeline.review_app.render import PageRenderer
from pipeline.review_app.store import ReviewStore

HOST = "127.0.0.1"
STATIC = {
    "/": ("batch.html", "text/html; charset=utf-8"),
    "/doc": ("doc.html", "text/html; charset=utf-8"),
    "/static/app.css": ("app.css", "text/css; charset=utf-8"),
    "/static/batch.js": ("batch.js", "text/javascript; charset=utf-8"),
    "/static/doc.js": ("doc.js", "text/javascript; charset=utf-8"),
}
CSP = "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'"
MAX_BODY = 4 << 20


class ReviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, store: ReviewStore, renderer: PageRenderer, port: int = 0, token: str | None = None):
        self.store = store
        self.renderer = renderer
        self.token = token or secrets.token_urlsafe(24)
        super().__init__((HOST, port), Handler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/?t={self.token}"


class Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # request lines carry the token and document names: keep them off the terminal

    # ---- plumbing ------------------------------------------------------------------------

    def _allowed(self) -> tuple[str, dict[str, list[str]]] | None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        token = (query.get("t") or [""])[0]
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if not hmac.compare_digest(token.encode(), self.server.token.encode()) or host not in (
            HOST,
            "localhost",
        ):
            self.close_connection = True  # an unread request body must not be taken for the next request
            self._send(HTTPStatus.FORBIDDEN, b"forbidden\n", "text/plain; charset=utf-8")
            return None
        return parts.path, query

    def _send(self, status: HTTPStatus, body: bytes, ctype: str, cache: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "private, max-age=600" if cache else "no-store")
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data: Any, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(
            status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8"
        )

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._json({"error": message}, status)

    # ---- routes --------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        allowed = self._allowed()
        if allowed is None:
            return
        path, q = allowed
        store = self.server.store
        try:
            if path in STATIC:
                name, ctype = STATIC[path]
                body = resources.files("pipeline.review_app").joinpath("static", name).read_bytes()
                if name.endswith(".html"):  # the pages' own stylesheet and script need the token too
                    body = body.replace(b'?t="', f'?t={self.server.token}"'.encode())
                self._send(HTTPStatus.OK, body, ctype)
            elif path == "/api/batch":
                self._json({"documents": store.batch(), "grounds": store.grounds, "colours": COLOURS})
            elif path == "/api/doc":
                self._json(store.doc_view(_int(q, "d")))
            elif path == "/api/count":
                self._json(store.count((q.get("text") or [""])[0]))
            elif path == "/api/search":
                self._json({"results": store.search((q.get("q") or [""])[0])})
            elif path == "/page":
                jpeg = self.server.renderer.image(_int(q, "d"), _int(q, "p"))
                self._send(HTTPStatus.OK, jpeg, "image/jpeg", cache=True)
            else:
                self._error(HTTPStatus.NOT_FOUND, "not found")
        except (KeyError, IndexError, ValueError):
            self._error(HTTPStatus.NOT_FOUND, "no such document or page")

    def do_POST(self) -> None:  # noqa: N802
        allowed = self._allowed()
        if allowed is None:
            return
        path, q = allowed
        length = int(self.headers.get("Content-Length") or 0)
        if path != "/api/save" or not 0 < length <= MAX_BODY:
            self._error(HTTPStatus.BAD_REQUEST, "bad request")
            return
        try:
            payload = json.loads(self.rfile.read(length))
            self._json(self.server.store.save(_int(q, "d"), payload))
        except KeyError:
            self._error(HTTPStatus.NOT_FOUND, "no such document")
        except (ValueError, TypeError) as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
        except OSError as exc:  # disk full, folder gone: the page says it was not saved
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"cannot write findings.csv: {exc.strerror or exc}")


def _int(q: dict[str, list[str]], key: str) -> int:
    return int((q.get(key) or [""])[0])
