"""Real reports nobody on the project wrote: the run completes, nothing crashes."""

from __future__ import annotations

import csv

from conftest import DEV_DOCS, REFERENCE, need_shared, run_lakip


def test_dev_docs_complete_without_crash(tmp_path):
    need_shared()
    pdfs = sorted(DEV_DOCS.rglob("*.pdf"))
    res = run_lakip("extract", str(DEV_DOCS), "--out", str(tmp_path / "o"), "--reference", str(REFERENCE))
    assert "Traceback" not in res.stderr
    with open(tmp_path / "o" / "laporan.csv", newline="", encoding="utf-8") as f:
        read = {r["berkas"] for r in csv.DictReader(f)}
    with open(tmp_path / "o" / "gagal.csv", newline="", encoding="utf-8") as f:
        failed = list(csv.DictReader(f))
    assert failed == [] and res.returncode == 0
    assert read == {p.name for p in pdfs}
    # the phone-camera scan has no text layer: its one page is read by OCR
    with open(tmp_path / "o" / "laporan.csv", newline="", encoding="utf-8") as f:
        ocr = {r["berkas"]: r["halaman_ocr"] for r in csv.DictReader(f)}
    assert ocr["rkt-kecamatan-giritontro-2019.pdf"] == "1"
    assert {v for k, v in ocr.items() if k != "rkt-kecamatan-giritontro-2019.pdf"} == {"0"}
