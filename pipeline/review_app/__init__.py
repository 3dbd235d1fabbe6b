"""``woo-redact review DIR``: check and correct a scanned batch's proposals in the browser.

A local web application (standard library HTTP server, no outside assets) over the same
store ``apply`` reads, ``review/findings.csv``.  See server.py for the safety measures,
store.py for the state, render.py for page images, static/ for the pages.
"""

from __future__ import annotations

import sys
import webbrowser
from pathlib import Path

from pipeline.errors import ConfigError


def serve(
    out_dir: str | Path, *, port: int = 0, browser: bool = True, rules: str | Path | None = None
) -> None:
    """Run the review app on 127.0.0.1 until interrupted; print its URL (with the session token)."""
    from pipeline.review_app.lock import acquire
    from pipeline.review_app.render import PageRenderer
    from pipeline.review_app.server import ReviewServer
    from pipeline.review_app.store import ReviewStore
    from pipeline.rules import load_rules

    out = Path(out_dir)
    grounds = load_rules(Path(rules) if rules else None).grounds
    store = ReviewStore(out, grounds)  # before the lock: no scan, no lock file
    lock = acquire(out)
    try:
        renderer = PageRenderer({n: d["src"] for n, d in store.docs.items()})
        try:
            server = ReviewServer(store, renderer, port)
        except OSError as exc:
            raise ConfigError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
        print(f"woo-redact review: {server.url}", flush=True)
        print("woo-redact review: shows personal data; stop with Ctrl-C", file=sys.stderr, flush=True)
        if browser:
            webbrowser.open(server.url)
        try:
            server.serve_forever(poll_interval=0.5)
        except KeyboardInterrupt:
            print("woo-redact review: stopped; decisions saved are in review/findings.csv", file=sys.stderr)
        finally:
            server.server_close()
            renderer.close()
    finally:
        lock.close()
