"""Reading PDFs back the way a reader or printer meets them."""

from __future__ import annotations

import io

from pypdf import PdfReader


def unembedded_fonts(pdf: bytes) -> set[str]:
    """Fonts a page names without carrying their program (a printer would substitute them)."""
    out = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if str(font["/BaseFont"]) not in embedded_fonts(pdf):
                out.add(str(font["/BaseFont"]))
    return out


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")


def embedded_fonts(pdf: bytes) -> set[str]:
    """Names of the fonts whose program is inside the file (what pdffonts shows as emb yes)."""
    out = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for desc in font.get("/DescendantFonts", [font]):
                d = desc.get_object().get("/FontDescriptor")
                if d is not None and "/FontFile2" in d.get_object():
                    out.add(str(font["/BaseFont"]))
    return out
