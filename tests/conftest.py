"""Shared fixtures: paths to the corpus and ../shared, and datasets built once per run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("LAKIP_SHARED", ROOT.parent / "shared"))
REFERENCE = SHARED / "reference"
DEV_DOCS = SHARED / "dev-docs"
CORPUS_PDFS = sorted(p for p in CORPUS.glob("*.pdf") if "-pindai-" not in p.name)  # scans: tests/test_ocr.py


# the real documents CI reads: all of ../shared/dev-docs but the 142-page scan, whose OCR alone
# takes about ten minutes on two cores (benchmarks/scorecard.py scores the whole set)
DEV_SLOW = {"lkip-2016-jabar-psda-pindaian.pdf"}


def dev_pdfs() -> list[Path]:
    return sorted(p for p in DEV_DOCS.rglob("*.pdf") if p.name not in DEV_SLOW)


def need_shared():
    if not SHARED.is_dir():
        pytest.skip(f"../shared is absent ({SHARED}); these tests read its documents")


def run_lakip(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The installed command as a user runs it (python -m keeps it on this interpreter)."""
    return subprocess.run([sys.executable, "-m", "extract.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=900)


@pytest.fixture(scope="session")
def corpus_dataset(tmp_path_factory) -> Path:
    need_shared()
    out = tmp_path_factory.mktemp("corpus") / "dataset"
    res = run_lakip("extract", *map(str, CORPUS_PDFS), "--out", str(out), "--reference", str(REFERENCE))
    assert res.returncode == 0, res.stderr
    return out


@pytest.fixture(scope="session")
def dev_dataset(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The dataset of the real documents (dev_pdfs), read once for every test that needs it."""
    need_shared()
    out = tmp_path_factory.mktemp("dev") / "dataset"
    res = run_lakip("extract", *map(str, dev_pdfs()), "--out", str(out), "--reference", str(REFERENCE))
    return out, res


def write_pdf(path: Path, contents: list[bytes], size: tuple[int, int] = (595, 842)) -> Path:
    """A minimal PDF, one page per content stream (Helvetica as /F1), written by hand so a test can
    build the pathological files real archives hold."""
    n = len(contents)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (4 + 2 * k) for k in range(n)) + b"] /Count %d >>" % n,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for k, content in enumerate(contents):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> "
                    b"/Contents %d 0 R >>" % (size[0], size[1], 5 + 2 * k))
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def dense_grid(n: int) -> bytes:
    """A page ruled into n x n cells: a few hundred lines, but n² cells for the table finder."""
    step = 500 / n
    lines = [b"%.2f %.2f m %.2f %.2f l S" % (50, 100 + k * step, 550, 100 + k * step) for k in range(n + 1)]
    lines += [b"%.2f %.2f m %.2f %.2f l S" % (50 + k * step, 100, 50 + k * step, 600) for k in range(n + 1)]
    return b"0.2 w\n" + b"\n".join(lines)
