"""`lakip debug` draws what the reader saw on a page."""

from __future__ import annotations

from PIL import Image

from conftest import CORPUS, DEV_DOCS, need_shared, run_lakip


def test_debug_writes_an_annotated_page_image(tmp_path):
    pdf = CORPUS / "lakip-semende-darat-tengah-2023-tabel.pdf"
    out = tmp_path / "p28.png"
    res = run_lakip("debug", str(pdf), "--page", "28", "--out", str(out), "--resolution", "50")
    assert res.returncode == 0, res.stderr
    im = Image.open(out).convert("RGB")
    assert abs(im.width - round(595.3 * 50 / 72)) <= 2
    colours = {im.getpixel((x, y)) for x in range(im.width) for y in range(im.height)}
    assert (0, 160, 0) in colours       # exported values boxed in green
    assert (0, 90, 255) in colours      # the budget table (kind anggaran) in blue


def test_debug_page_out_of_range_is_a_usage_error(tmp_path):
    res = run_lakip("debug", str(CORPUS / "lakip-semende-darat-tengah-2023-tabel.pdf"), "--page", "99",
                    "--out", str(tmp_path / "x.png"))
    assert res.returncode == 2 and "outside" in res.stderr and "Traceback" not in res.stderr


def test_debug_reads_only_the_page_asked_for(tmp_path, monkeypatch):
    """On a long report lakip debug reads that page (and, for a table continued on it, the pages
    back to the table's header), not the whole document; the image carries a colour legend."""
    from extract.pages.document import Document
    from extract.pipeline import read_page

    read = []
    original = Document._read_page
    monkeypatch.setattr(Document, "_read_page", lambda self, n: read.append(n) or original(self, n))
    need_shared()
    pdf = CORPUS / "lakip-semende-darat-tengah-2023-tabel.pdf"
    read_page(pdf, 29, 50)  # a budget page of 31, understood on its own
    assert set(read) == {29}
    out = tmp_path / "p29.png"
    assert run_lakip("debug", str(pdf), "--page", "29", "--out", str(out), "--resolution", "50").returncode == 0
    assert Image.open(out).height > round(842 * 50 / 72) + 10  # the legend strip under the page
    read.clear()
    # the quarterly form's page 4 continues a table whose header is on page 1: read back to it
    form = DEV_DOCS / "realisasi-triwulan-2023-tangsel-kewilayahan1.pdf"
    read_page(form, 4, 50)
    assert sorted(set(read)) == [1, 2, 3, 4]


def test_debug_labels_stay_inside_the_image(tmp_path):
    from extract.writers.debug import label_position
    assert label_position(-30, -20, 120, 12, 400, 300) == (0, 0)
    assert label_position(390, 295, 120, 12, 400, 300) == (278, 286)
