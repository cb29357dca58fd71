"""Scanned variants of the table report, made the way offices make them: each page printed and
put through a scanner. Deterministic (seeded), so the corpus is reproducible from the repo.

    python corpus/scan.py            (writes next to this file; needs only pypdfium2, Pillow, numpy)

- `-pindai-200dpi.pdf`: greyscale 200 dpi, each page turned slightly (a sheet fed askew),
  sensor noise, JPEG compression.
- `-pindai-1bit-100dpi.pdf`: black and white at 100 dpi, as cheap office scanners make.
- `-pindai-sebagian.pdf`: the Word export with only some pages scanned (the cover, the signed
  page, the budget table): the text layer is kept where it exists.

Each gets a truth file: a copy of the table variant's truth (same pages, same figures).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image

HERE = Path(__file__).resolve().parent
STEM = "lakip-semende-darat-tengah-2023"
SOURCE = HERE / f"{STEM}-tabel.pdf"
SCANNED_PAGES_OF_PARTIAL = [1, 3, 27, 28, 29]  # cover, signed page, the budget table


def _sheet(page, dpi: int, angle: float, rng: np.random.Generator, noise: float) -> Image.Image:
    img = page.render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    a = np.asarray(img, dtype=np.float32)
    a = a + rng.normal(0.0, noise, a.shape)
    a = a * 0.93 + 8  # paper is never quite white, ink never quite black
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")


def _image_pdf(images: list[Image.Image], dpi: int, jpeg: bool) -> bytes:
    buf = io.BytesIO()
    first, rest = images[0], images[1:]
    kw = {"quality": 60} if jpeg else {}
    first.save(buf, format="PDF", save_all=True, append_images=rest, resolution=float(dpi), **kw)
    return buf.getvalue()


def scans(source: Path = SOURCE, out: Path = HERE) -> list[Path]:
    doc = pypdfium2.PdfDocument(str(source))
    rng = np.random.default_rng(2023)
    angles = [float(x) for x in rng.uniform(-1.2, 1.2, len(doc))]
    grey = [_sheet(doc[k], 200, angles[k], rng, 6.0) for k in range(len(doc))]
    made = {f"{STEM}-pindai-200dpi.pdf": _image_pdf(grey, 200, jpeg=True)}

    bw = []
    for k in range(len(doc)):
        sheet = _sheet(doc[k], 100, angles[k] / 2, rng, 4.0)
        bw.append(sheet.point(lambda v: 255 if v > 150 else 0).convert("1"))
    made[f"{STEM}-pindai-1bit-100dpi.pdf"] = _image_pdf(bw, 100, jpeg=False)

    scanned = pypdfium2.PdfDocument(io.BytesIO(made[f"{STEM}-pindai-200dpi.pdf"]))
    partial = pypdfium2.PdfDocument.new()
    for k in range(1, len(doc) + 1):
        src = scanned if k in SCANNED_PAGES_OF_PARTIAL else doc
        partial.import_pages(src, [k - 1])
    buf = io.BytesIO()
    partial.save(buf)
    made[f"{STEM}-pindai-sebagian.pdf"] = buf.getvalue()

    truth = json.loads(source.with_name(source.name.replace(".pdf", ".truth.json")).read_text(encoding="utf-8"))
    paths = []
    for name, data in made.items():
        (out / name).write_bytes(data)
        t = dict(truth)
        t["source"] = f"{name}: scanned copy (corpus/scan.py) of {source.name}; same pages and figures. " + truth["source"]
        (out / name.replace(".pdf", ".truth.json")).write_text(json.dumps(t, ensure_ascii=False, indent=2) + "\n",
                                                               encoding="utf-8")
        paths.append(out / name)
    return paths


if __name__ == "__main__":
    for p in scans():
        print(p)
