"""Scanned test PDFs: text rendered into an image (no text layer), optionally skewed and noisy."""

from __future__ import annotations

import io
import random
from pathlib import Path

A4_PT = (595.28, 841.89)

LETTER = [
    "Gemeente Zandvoort",
    "",
    "Geachte heer Verbeek,",
    "",
    "Op 12 maart 2024 ontvingen wij uw verzoek om informatie over de",
    "vergunning voor het evenemententerrein. Uw burgerservicenummer is",
    "111222333 en wij bereiken u via h.verbeek@voorbeeld.nl of telefonisch.",
    "",
    "Wij hebben de documenten beoordeeld en besluiten tot gedeeltelijke",
    "openbaarmaking van de stukken over het evenemententerrein.",
    "",
    "Met vriendelijke groet,",
    "",
    "Hendrik Verbeek",
    "Afdeling Vergunningen",
]


def page_image(lines: list[str], dpi: int = 300, skew: float = 0.0, noise: float = 0.0, seed: int = 1):
    """An A4 page image (PIL, greyscale) with ``lines`` in a 11 pt sans-serif font."""
    from PIL import Image, ImageDraw, ImageFont

    w, h = round(A4_PT[0] / 72 * dpi), round(A4_PT[1] / 72 * dpi)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("DejaVuSans.ttf", round(11 / 72 * dpi))
    y = round(1.2 * dpi)
    for line in lines:
        draw.text((round(1.0 * dpi), y), line, font=font, fill=0)
        y += round(18 / 72 * dpi)
    if skew:
        img = img.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=255)
    if noise:
        rnd = random.Random(seed)
        px = img.load()
        for _ in range(int(w * h * noise)):
            x, yy = rnd.randrange(w), rnd.randrange(h)
            px[x, yy] = 0 if px[x, yy] > 128 else 255
    return img


def scanned_pdf(path: Path, pages: list, dpi: int = 300, jpeg: bool = True) -> Path:
    """An image-only PDF: each page one image (PIL) filling an A4 page, no text at all."""
    import pikepdf

    pdf = pikepdf.new()
    for img in pages:
        buf = io.BytesIO()
        if jpeg:
            img.convert("L").save(buf, format="JPEG", quality=85)
        stream = pikepdf.Stream(pdf, buf.getvalue() if jpeg else img.convert("L").tobytes())
        stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        stream.Width, stream.Height = img.width, img.height
        stream.ColorSpace, stream.BitsPerComponent = pikepdf.Name.DeviceGray, 8
        if jpeg:
            stream.Filter = pikepdf.Name.DCTDecode
        w, h = A4_PT
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=pikepdf.Array([0, 0, w, h]),
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=stream)),
            Contents=pdf.make_stream(f"q {w:.2f} 0 0 {h:.2f} 0 0 cm /Im0 Do Q".encode()),
        )
        pdf.pages.append(pikepdf.Page(pdf.make_indirect(page)))
    path = Path(path)
    pdf.save(path)
    return path
