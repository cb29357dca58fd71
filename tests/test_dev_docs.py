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
    # the phone-camera scan has no text layer: it is listed, with the reason, until OCR comes
    assert [(f["berkas"].rsplit("/", 1)[-1], f["tahap"]) for f in failed] == [("rkt-kecamatan-giritontro-2019.pdf", "ocr")]
    assert "no text layer" in failed[0]["alasan"] and res.returncode == 1
    assert read == {p.name for p in pdfs} - {"rkt-kecamatan-giritontro-2019.pdf"}
