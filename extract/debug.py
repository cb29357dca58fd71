"""`lakip debug PDF --page N`: draw on the page image what the reader saw, as
pdfplumber's visual debugging does: words (grey), ruling lines (red), tables and their
cells (blue), what each table was understood as (its kind and column roles), and the
values exported from this page (green boxes with the value)."""

from __future__ import annotations

from pathlib import Path

from PIL import ImageDraw

from .layout import lay_out
from .locate import understand
from .pdf import Document
from .pipeline import extract_report
from .reference import Reference
from .unruled import find_unruled_tables

KIND_COLOURS = {"anggaran": (0, 90, 255), "indikator": (160, 0, 200), "pegawai": (0, 150, 150),
                "wilayah": (200, 120, 0), "lainnya": (120, 120, 120)}


def draw_page(pdf_path: Path, page_no: int, out: Path, resolution: int = 110,
              reference: Reference | None = None, password: str | None = None) -> Path:
    report = extract_report(pdf_path, reference, password)
    with Document(pdf_path, password=password) as doc:
        if not 1 <= page_no <= doc.n_pages:
            raise ValueError(f"page {page_no} is outside 1..{doc.n_pages}")
        layout = lay_out(doc.pages)
        find_unruled_tables(layout)
        page = doc.page(page_no)
        img = doc.render(page_no, resolution)
    scale = resolution / 72.0
    draw = ImageDraw.Draw(img)

    def box(b, colour, width=2):
        draw.rectangle([b[0] * scale, b[1] * scale, b[2] * scale, b[3] * scale], outline=colour, width=width)

    for w in page.words:
        box(w.bbox, (170, 170, 170), 1)
    for x0, top, x1, bottom in page.rules:
        draw.line([x0 * scale, top * scale, x1 * scale, bottom * scale], fill=(230, 0, 0), width=1)

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
            draw.text((t.bbox[0] * scale, max(0, t.bbox[1] * scale - 12)), f"{view.kind}: {roles}", fill=colour)
    for name in ("anggaran", "belanja", "indikator", "pegawai", "wilayah"):
        for r in getattr(report, name):
            if r.halaman != page_no or not r.bbox:
                continue
            box(r.bbox, (0, 160, 0), 2)
            label = {"anggaran": lambda r: f"{r.tingkat} {r.pagu} / {r.realisasi}",
                     "belanja": lambda r: f"{r.jenis} {r.pagu} / {r.realisasi}",
                     "indikator": lambda r: f"T {r.target} R {r.realisasi} C {r.capaian}",
                     "pegawai": lambda r: f"{r.kategori}={r.jumlah}",
                     "wilayah": lambda r: f"{r.luas_km2}"}[name](r)
            draw.text((r.bbox[2] * scale + 2, r.bbox[1] * scale), label, fill=(0, 130, 0))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    img.save(out)
    return out
