"""The fast reading pass (pdfium) against pdfplumber, the exact but slow reference, on real
pages; and pages shown turned (/Rotate, text printed sideways) or cropped."""

from collections import Counter

import numpy as np
import pdfplumber
import pytest
from pypdf import PdfReader, PdfWriter

from conftest import CORPUS_PDFS, DEV_DOCS, need_shared
from extract.pages.document import Document
from extract.pages.model import TABLE_SETTINGS

# pages with ruled tables of every kind met so far: Word grids, filled-rectangle rules, rounded
# rings drawn as filled curves, a landscape form, a LibreOffice table continued across pages
PAGES = [("lakip-2016-jabar-bkpd.pdf", [17, 23, 37]), ("lkip-2016-jabar-biro-hpu.pdf", [14, 16, 20]),
         ("realisasi-triwulan-2023-tangsel-kewilayahan1.pdf", [1]), ("wonogiri/iku-kecamatan-batuwarno-2019.pdf", [3])]


def _plumber_visible(obj) -> bool:
    """What a reader sees as a rule (pdfplumber objects): no white boxes, no shaded areas."""
    def white(c):
        vals = c if isinstance(c, (list, tuple)) else [c]
        return c is not None and len(vals) > 0 and all(float(v) >= 0.97 for v in vals[:3])
    if obj.get("object_type") == "rect":
        if obj.get("fill") and not obj.get("stroke"):
            return min(obj["width"], obj["height"]) <= 2.5 and not white(obj.get("non_stroking_color"))
        return not white(obj.get("stroking_color"))
    if obj.get("object_type") in ("line", "curve"):
        return not white(obj.get("stroking_color"))
    return True


@pytest.mark.parametrize("name,pages", PAGES)
def test_words_and_tables_agree_with_pdfplumber(name, pages):
    need_shared()
    path = DEV_DOCS / name
    with Document(path) as doc, pdfplumber.open(path) as pdf:
        for n in pages:
            ours = doc.page(n)
            ref = pdf.pages[n - 1]
            theirs = Counter(w["text"] for w in ref.dedupe_chars(tolerance=1).extract_words(x_tolerance=1.5, extra_attrs=["fontname", "size"]))
            mine = Counter(w.text for w in ours.words)
            differ = sum(((theirs - mine) + (mine - theirs)).values())
            assert differ <= 0.02 * sum(theirs.values()), (name, n, (theirs - mine), (mine - theirs))
            ref_tables = [t for t in ref.filter(_plumber_visible).find_tables(TABLE_SETTINGS)
                          if len(t.rows) >= 2 and max(len(r.cells) for r in t.rows) >= 2]
            assert [len(t.rows) for t in ours.tables] == [len(t.rows) for t in ref_tables], (name, n)
            for a, b in zip(ours.tables, ref_tables):
                assert [len(r) for r in a.rows] == [len(r.cells) for r in b.rows]
                assert max(abs(u - v) for u, v in zip(a.bbox, b.bbox)) < 1.0


def _turned_copy(src, page: int, tmp_path, rotate: int = 0, crop: float = 0.0):
    w = PdfWriter()
    w.add_page(PdfReader(src).pages[page - 1])
    p = w.pages[0]
    if rotate:
        p.rotate(rotate)
    if crop:  # the visible box starts left of and below the origin: coordinates follow it
        from pypdf.generic import RectangleObject
        right, top = float(p.mediabox.right), float(p.mediabox.top)
        p.mediabox = RectangleObject([-crop, -crop, right, top])
        p.cropbox = RectangleObject([-crop, -crop, right, top])
    out = tmp_path / f"turned-{rotate}-{crop}.pdf"
    with open(out, "wb") as f:
        w.write(f)
    return out


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_page_shown_turned_is_read_as_upright(tmp_path, rotate):
    """A page with /Rotate set shows its text sideways or upside down; the reader turns it back,
    so words and table cells are those of the original page."""
    src = next(p for p in CORPUS_PDFS if p.name.endswith("-tabel.pdf"))
    turned = _turned_copy(src, 28, tmp_path, rotate=rotate)
    with Document(src) as a, Document(turned) as b:
        pa, pb = a.page(28), b.page(1)
        assert (round(pb.width), round(pb.height)) == (round(pa.width), round(pa.height))
        assert [w.text for w in pa.words] == [w.text for w in pb.words]
        assert max(abs(u - v) for wa, wb in zip(pa.words, pb.words) for u, v in zip(wa.bbox, wb.bbox)) < 0.2
        assert len(pa.tables) == len(pb.tables) == 1
        assert [len(r) for r in pa.tables[0].rows] == [len(r) for r in pb.tables[0].rows]
        ra, rb = np.asarray(a.render(28, 40), dtype=float), np.asarray(b.render(1, 40), dtype=float)
        assert ra.shape == rb.shape and np.abs(ra - rb).mean() < 1.0  # crops in the audit site line up


def test_coordinates_follow_the_crop_box(tmp_path):
    src = next(p for p in CORPUS_PDFS if p.name.endswith("-tabel.pdf"))
    cropped = _turned_copy(src, 28, tmp_path, crop=100.0)
    with Document(src) as a, Document(cropped) as b:
        pa, pb = a.page(28), b.page(1)
        assert round(pb.width) == round(pa.width) + 100 and round(pb.height) == round(pa.height) + 100
        assert [w.text for w in pa.words] == [w.text for w in pb.words]
        assert all(abs(wb.x0 - wa.x0 - 100) < 0.2 and abs(wb.top - wa.top) < 0.2 for wa, wb in zip(pa.words, pb.words))
