"""Page images for the review app: rendered on demand with pypdfium2, kept in memory.

Rendering is the slow part of opening a document; PDFium is not thread-safe, so one lock
serialises it, the open documents are reused, and the PNGs (fast compression: the bytes
never leave the machine) are cached per (document, page, scale).
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict

SCALE = 1.5  # 108 dpi: readable A4 at ~900 px wide
CACHE_PAGES = 300


class PageRenderer:
    """Renders pages of the batch's input PDFs to PNG, cached."""

    def __init__(self, sources: dict[int, str], cache_pages: int = CACHE_PAGES) -> None:
        self.sources = sources
        self._lock = threading.Lock()
        self._pdfs: OrderedDict[int, object] = OrderedDict()
        self._png: OrderedDict[tuple[int, int, float], bytes] = OrderedDict()
        self._max = cache_pages

    def png(self, number: int, page: int, scale: float = SCALE) -> bytes:
        key = (number, page, scale)
        with self._lock:
            data = self._png.get(key)
            if data is not None:
                self._png.move_to_end(key)
                return data
            pdf = self._open(number)
            if not 0 <= page < len(pdf):
                raise IndexError(page)
            image = pdf[page].render(scale=scale).to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG", compress_level=1)
        data = buf.getvalue()
        with self._lock:
            self._png[key] = data
            while len(self._png) > self._max:
                self._png.popitem(last=False)
        return data

    def _open(self, number: int):
        import pypdfium2 as pdfium

        pdf = self._pdfs.get(number)
        if pdf is None:
            pdf = pdfium.PdfDocument(self.sources[number])
            self._pdfs[number] = pdf
            while len(self._pdfs) > 8:
                _, old = self._pdfs.popitem(last=False)
                old.close()
        self._pdfs.move_to_end(number)
        return pdf

    def close(self) -> None:
        with self._lock:
            for pdf in self._pdfs.values():
                pdf.close()
            self._pdfs.clear()
