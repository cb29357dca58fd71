"""`lakip debug PDF --page N`: draw on the page image what the reader saw, as pdfplumber's
visual debugging does: words (grey), ruling lines (red), tables and their cells (coloured by
what each table was understood as, with its column roles), and the values exported from the
page (green boxes with the value). Only that page is read (by OCR when it is a scan), and the pages
before it that a table continued on it began on (up to 4), so the answer comes in seconds; a legend under the page says what each colour means."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from .locate import understand
from .pdf import Document
from .pipeline import read_document
from .reference import Reference

KIND_COLOURS = {"anggaran": (0, 90, 255), "indikator": (160, 0, 200), "pegawai": (0, 150, 150),
                "wilayah": (200, 120, 0), "lainnya": (120, 120, 120)}
WORD, RULE, VALUE = (170, 170, 170), (230, 0, 0), (0, 160, 0)
LEGEND = [(WORD, "word"), (RULE, "ruling line"), (KIND_COLOURS["anggaran"], "budget table"),
          (KIND_COLOURS["indikator"], "indicator table"), (KIND_COLOURS["pegawai"], "staff table"),
          (KIND_COLOURS["wilayah"], "wilayah table"), (KIND_COLOURS["lainnya"], "other table"),
          (VALUE, "exported value")]


BACK = 4  # pages read before the one asked for, at most, to find the header of a table continued on it


def _continues(layout, first: int) -> bool:
    """The earliest page read opens with a table whose header is not on it (no kind understood)."""
    page = layout.pages[first]
    tops = [t for t in layout.tables if t.page == first and t.bbox[1] < page.height * 0.25]
    return bool(tops) and understand(tops[0]).kind == "lainnya"


def draw_page(pdf_path: Path, page_no: int, out: Path, resolution: int = 110,
              reference: Reference | None = None, password: str | None = None) -> Path:
    with Document(pdf_path, password=password) as doc:
        first = page_no
        reports, layout = read_document(pdf_path, reference, password, only=[page_no], doc=doc)
        while first > 1 and page_no - first < BACK and _continues(layout, first):
            first -= 1  # a table continued from the page before: read back to its header
            reports, layout = read_document(pdf_path, reference, password, only=list(range(first, page_no + 1)),
                                            doc=doc)
        page = layout.pages[page_no]
        img = doc.render(page_no, resolution)
    scale = resolution / 72.0
    draw = ImageDraw.Draw(img)

    def box(b, colour, width=2):
        draw.rectangle([b[0] * scale, b[1] * scale, b[2] * scale, b[3] * scale], outline=colour, width=width)

    def label(x: float, y: float, text: str, colour) -> None:
        left, top, right, bottom = draw.textbbox((0, 0), text)
        w, h = right - left, bottom - top
        x, y = label_position(x, y, w, h, img.width, img.height)
        draw.rectangle([x - 1, y - 1, x + w + 1, y + h + 2], fill=(255, 255, 255))
        draw.text((x, y), text, fill=colour)

    for w in page.words:
        box(w.bbox, WORD, 1)
    for x0, top, x1, bottom in page.rules:
        draw.line([x0 * scale, top * scale, x1 * scale, bottom * scale], fill=RULE, width=1)
    for t in layout.tables:
        if page_no not in t.pages:
            continue
        view = understand(t)
        colour = KIND_COLOURS.get(view.kind, (0, 0, 255))
        for row in t.rows:
            for c in row:
                if c.bbox and c.page == page_no:
                    box(c.bbox, colour, 1)
        if t.page == page_no:
            box(t.bbox, colour, 3)
        roles = ", ".join(f"{k}={v}" for k, v in sorted(view.roles.items(), key=lambda kv: kv[1]))
        top = t.bbox[1] if t.page == page_no else min(c.bbox[1] for row in t.rows for c in row
                                                      if c.bbox and c.page == page_no)
        label(t.bbox[0] * scale, top * scale - 12, f"{view.kind}: {roles}", colour)
    for report in reports:
        for name in ("anggaran", "belanja", "indikator", "pegawai", "wilayah"):
            for r in getattr(report, name):
                if r.halaman != page_no or not r.bbox:
                    continue
                box(r.bbox, VALUE, 2)
                text = {"anggaran": lambda r: f"{r.tingkat} {r.pagu} / {r.realisasi}",
                        "belanja": lambda r: f"{r.jenis} {r.pagu} / {r.realisasi}",
                        "indikator": lambda r: f"T {r.target} R {r.realisasi} C {r.capaian}",
                        "pegawai": lambda r: f"{r.kategori}={r.jumlah}",
                        "wilayah": lambda r: f"{r.luas_km2}"}[name](r)
                label(r.bbox[2] * scale + 2, r.bbox[1] * scale, text, (0, 110, 0))
    img = _with_legend(img)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    img.save(out)
    return out


def label_position(x: float, y: float, w: float, h: float, width: int, height: int) -> tuple[float, float]:
    """Where a label of w x h goes so that it stays inside the image: moved left, right, up or
    down when it would run off an edge."""
    return min(max(0, x), max(0, width - w - 2)), min(max(0, y), max(0, height - h - 2))


def _with_legend(img: Image.Image) -> Image.Image:
    """The page with a strip under it naming each colour."""
    probe = ImageDraw.Draw(img)
    widths = [probe.textbbox((0, 0), text)[2] + 30 for _, text in LEGEND]
    rows, x, per_row = 1, 8, []
    for w in widths:
        if x + w > img.width - 8 and x > 8:
            rows, x = rows + 1, 8
        per_row.append((rows, x))
        x += w
    strip = Image.new("RGB", (img.width, img.height + 22 * rows + 8), (255, 255, 255))
    strip.paste(img, (0, 0))
    draw = ImageDraw.Draw(strip)
    for (colour, text), (row, x) in zip(LEGEND, per_row):
        y = img.height + 6 + (row - 1) * 22
        draw.rectangle([x, y + 2, x + 16, y + 14], outline=colour, width=3)
        draw.text((x + 22, y + 2), text, fill=(0, 0, 0))
    return strip
