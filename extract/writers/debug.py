"""`lakip debug PDF --page N`: draw on the page image what the reader saw, as pdfplumber's
visual debugging does: words (grey), ruling lines (red), tables and their cells (coloured by
what each table was understood as, with its column roles), and the values exported from the
page (green boxes with the value); a legend under the page says what each colour means.
The page is read by `pipeline.read_page` (that page only, and the pages back to the header of a
table continued on it)."""

from __future__ import annotations

from PIL import Image, ImageDraw

from ..layout.roles import understand

KIND_COLOURS = {"anggaran": (0, 90, 255), "indikator": (160, 0, 200), "pegawai": (0, 150, 150),
                "wilayah": (200, 120, 0), "lainnya": (120, 120, 120)}
WORD, RULE, VALUE = (170, 170, 170), (230, 0, 0), (0, 160, 0)
LEGEND = [(WORD, "word"), (RULE, "ruling line"), (KIND_COLOURS["anggaran"], "budget table"),
          (KIND_COLOURS["indikator"], "indicator table"), (KIND_COLOURS["pegawai"], "staff table"),
          (KIND_COLOURS["wilayah"], "wilayah table"), (KIND_COLOURS["lainnya"], "other table"),
          (VALUE, "exported value")]


def draw_page(img: Image.Image, page_no: int, layout, reports, resolution: int) -> Image.Image:
    """`img`, page `page_no` rendered at `resolution`, with what `layout` and `reports` hold of it."""
    page = layout.pages[page_no]
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
    return _with_legend(img)


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
