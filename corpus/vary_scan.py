"""Scanned variants for corpus/vary.py: a text variant printed and put through a scanner or a phone.

Drawn from: 100-300 dpi; 1-bit (CCITT G4), grey or colour; skew up to +-2 degrees; blur; JPEG
quality 30-95; speckle; one page fed sideways; a stamp and a signature over the signing page; a
phone photo's perspective and uneven light. Seeded: the same seed gives the same pages.
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image, ImageDraw, ImageFilter


@dataclass(frozen=True)
class Scan:
    name: str
    base: object            # the text Variant scanned
    dpi: int = 200
    mode: str = "grey"      # bw (1-bit CCITT) | grey | colour
    skew: float = 0.0       # the largest skew of a sheet, degrees
    blur: float = 0.0       # Gaussian radius at 300 dpi
    jpeg: int = 75          # quality (grey and colour)
    speckle: float = 0.0    # share of pixels flipped
    sideways: bool = False  # one page of the budget table fed turned by 90 degrees
    stamp: bool = False     # a stamp and a signature over the signing page
    phone: bool = False     # a phone photo: perspective, uneven light, colour


def draw_scans(n: int, text_variants: list, seed: int = 14) -> list[Scan]:
    rng = random.Random(seed * 7 + 1)
    pool = [v for v in text_variants if v.report != "salah-ketik"] or text_variants
    out = []
    for i in range(n):
        phone = i % 7 == 6
        mode = "colour" if phone else ["bw", "grey", "grey", "colour"][i % 4]
        dpi = 200 if phone else rng.choice([100, 150, 200, 200, 300]) if mode != "bw" else rng.choice([100, 150, 200])
        s = Scan(name="", base=pool[(i * 3) % len(pool)], dpi=dpi, mode=mode,
                 skew=round(rng.uniform(0, 2.0), 2), blur=round(rng.choice([0, 0, 0.6, 1.0]), 1),
                 jpeg=rng.choice([30, 50, 75, 95]), speckle=rng.choice([0, 0, 0.001, 0.003]),
                 sideways=i % 5 == 2, stamp=i % 3 == 1, phone=phone)
        out.append(replace(s, name=f"scan-{i:03d}-{mode}-{dpi}dpi{'-foto' if phone else ''}-{s.base.report}"))
    return out


def _stamp(img: Image.Image, rng: random.Random) -> Image.Image:
    """A round office stamp and a pen signature over the signing block, in blue and black ink."""
    img = img.convert("RGB")
    w, h = img.size
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    cx, cy, r = int(w * 0.62), int(h * 0.62), int(w * 0.09)
    for k in range(3):
        d.ellipse([cx - r + k * 6, cy - r + k * 6, cx + r - k * 6, cy + r - k * 6], outline=(40, 60, 170, 150),
                  width=max(2, w // 400))
    pts = [(cx - r * 1.2 + t * r * 0.12, cy + r * 0.2 + (rng.random() - 0.5) * r * 0.6) for t in range(20)]
    d.line(pts, fill=(10, 10, 30, 220), width=max(2, w // 500))
    return Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB")


def _phone(img: Image.Image, rng: random.Random) -> Image.Image:
    """Perspective of a page photographed from above and aside, light falling off to one corner."""
    w, h = img.size
    dx, dy = w * rng.uniform(0.02, 0.05), h * rng.uniform(0.01, 0.03)
    quad = (dx, dy, -dx * 0.3, dy * 2, w + dx * 0.5, h - dy, w - dx, h + dy * 0.5)
    img = img.transform(img.size, Image.QUAD, quad, resample=Image.BICUBIC, fillcolor=(90, 80, 70))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1.0 - 0.35 * ((xx / w) * 0.6 + (yy / h) * 0.4)
    a = np.asarray(img, dtype=np.float32) * light[..., None]
    a = a * np.array([1.0, 0.96, 0.88], dtype=np.float32)  # warm indoor light
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "RGB")


def _sheet(page, s: Scan, angle: float, rng: random.Random, np_rng, stamp: bool, sideways: bool) -> Image.Image:
    img = page.render(scale=s.dpi / 72.0, grayscale=s.mode != "colour").to_pil()
    img = img.convert("RGB" if s.mode == "colour" else "L")
    if stamp:
        img = _stamp(img, rng)
        if s.mode != "colour":
            img = img.convert("L")
    fill = (250, 250, 246) if img.mode == "RGB" else 250
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=fill)
    if s.blur:
        img = img.filter(ImageFilter.GaussianBlur(s.blur * s.dpi / 300))
    if s.phone:
        img = _phone(img.convert("RGB"), rng)
    a = np.asarray(img, dtype=np.float32)
    a = a * 0.92 + 10 + np_rng.normal(0.0, 5.0, a.shape)
    if s.speckle:
        mask = np_rng.random(a.shape[:2]) < s.speckle
        a[mask] = 0
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), img.mode)
    if s.mode == "bw":
        img = img.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1")
    if sideways:
        img = img.rotate(90, expand=True)
    return img


def _pdf(images: list[Image.Image], s: Scan) -> bytes:
    """One image per page, as scanners write them: CCITT G4 for 1-bit, JPEG for grey and colour."""
    out = pypdfium2.PdfDocument.new()
    for img in images:
        buf = io.BytesIO()
        if img.mode == "1":
            img.save(buf, format="TIFF", compression="group4")
        else:
            img.save(buf, format="JPEG", quality=s.jpeg)
        one = Image.open(io.BytesIO(buf.getvalue()))
        tmp = io.BytesIO()
        one.save(tmp, format="PDF", resolution=float(s.dpi))
        out.import_pages(pypdfium2.PdfDocument(tmp.getvalue()))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def scan(s: Scan, out: Path, pages: set[int] | None = None) -> Path:
    """The scanned copy of `s.base`; with `pages`, only those pages are scanned and the rest keep
    their text layer (a report with a few pages scanned in, and a quicker sample for CI)."""
    from vary import render
    src = out / f"{s.base.name}.pdf"
    if not src.exists():
        render(s.base, out)
    truth = json.loads((out / f"{s.base.name}.truth.json").read_text(encoding="utf-8"))
    rng = random.Random(s.name)
    np_rng = np.random.default_rng(sum(map(ord, s.name)))
    doc = pypdfium2.PdfDocument(str(src))
    budget_pages = sorted({r["halaman"] for r in truth.get("anggaran", [])})
    sideways_page = budget_pages[len(budget_pages) // 2] if s.sideways and budget_pages else None
    sign_page = min((k + 1 for k in range(len(doc)) if "NIP" in doc[k].get_textpage().get_text_range()), default=0)
    images = []
    for k in range(len(doc)):
        angle = rng.uniform(-s.skew, s.skew)
        if pages is None or k + 1 in pages:
            images.append(_sheet(doc[k], s, angle, rng, np_rng, s.stamp and k + 1 == sign_page, k + 1 == sideways_page))
        else:
            images.append(None)
    scanned = pypdfium2.PdfDocument(_pdf([im for im in images if im is not None], s))
    mixed, taken = pypdfium2.PdfDocument.new(), 0
    for k, im in enumerate(images):
        if im is None:
            mixed.import_pages(doc, [k])
        else:
            mixed.import_pages(scanned, [taken])
            taken += 1
    doc.close()
    pdf = out / f"{s.name}.pdf"
    buf = io.BytesIO()
    mixed.save(buf)
    pdf.write_bytes(buf.getvalue())
    t = dict(truth)
    t["source"] = f"{pdf.name}: scanned copy (corpus/vary_scan.py) of {src.name}. " + truth["source"]
    t["vary"] = dict(truth["vary"], scan={k: v for k, v in asdict(s).items() if k != "base"})
    (out / f"{s.name}.truth.json").write_text(json.dumps(t, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return pdf
