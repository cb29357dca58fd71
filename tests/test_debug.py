"""`lakip debug` draws what the reader saw on a page."""

from __future__ import annotations

from PIL import Image

from conftest import CORPUS, run_lakip


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
