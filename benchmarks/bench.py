"""Speed of lakip against the text-extraction floor, on the same PDFs in one run.

    python benchmarks/bench.py [PDF or folder ...]   (default: corpus/ and ../shared/dev-docs/)

Prints pages/s for: pypdfium2 plain text of all pages (the floor), pdfplumber extract_text of
all pages (what a user would hand-write), and `lakip extract` with --jobs 1 (with and without
OCR) and with all cores (each a fresh process, cache disabled), the ratios, OCR seconds per
page, and the peak RSS of the lakip runs. Documents without a usable text layer (scans) are left
out of the default set: pdfplumber reads nothing of them; OCR is timed apart.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber
import pypdfium2

ROOT = Path(__file__).resolve().parent.parent


def pdfs(args: list[str]) -> list[Path]:
    roots = [Path(a) for a in args] or [ROOT / "corpus", ROOT.parent / "shared" / "dev-docs"]
    out = []
    for r in roots:
        out += sorted(r.rglob("*.pdf")) if r.is_dir() else [r]
    # scans are timed apart (OCR s/page): pdfplumber's extract_text reads nothing of them
    return [p for p in out if not scanned(p)] if not args else out


def scanned(path: Path) -> bool:
    """Most pages without a usable text layer (none, or an old OCR layer of fragments): a scan,
    which lakip reads by OCR and pdfplumber not at all."""
    sys.path.insert(0, str(ROOT))
    from extract.pages.document import Document

    with Document(path, ocr=False) as doc:
        doc.pages
        return len(doc.skipped) >= 0.5 * doc.n_pages


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def pdfium_text(files):
    for f in files:
        doc = pypdfium2.PdfDocument(str(f))
        for page in doc:
            page.get_textpage().get_text_range()
        doc.close()


def plumber_text(files):
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_text()


def lakip(files, jobs: int, *extra: str) -> tuple[float, int]:
    """Wall time and the peak RSS (kB) of the largest process of this run. A small wrapper
    process starts lakip and reports its children's peak: measured from this (large) process,
    a forked child would count the parent's pages too."""
    wrapper = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
               "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        res = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "extract.cli", "extract",
                              *map(str, files), "--out", f"{tmp}/o", "--jobs", str(jobs), "--cache", f"{tmp}/cache",
                              "--force", "--quiet", *extra], cwd=ROOT, capture_output=True, text=True)
        took = time.perf_counter() - t
    return took, int(res.stdout.strip().splitlines()[-1])


def batch_of(files: list[Path], n: int, folder: Path) -> list[Path]:
    """n documents for the parallel speed-up: the given ones, then copies (a trailing comment
    makes each copy a different file) until there are n."""
    out = []
    for k in range(n):
        src = files[k % len(files)]
        dst = folder / f"{k:02d}-{src.name}"
        dst.write_bytes(src.read_bytes() + f"\n% copy {k}\n".encode())
        out.append(dst)
    return out


def ocr_seconds_per_page(pages=range(25, 31)) -> float:
    """Seconds per page of OCR, on the seed's 200 dpi scanned variant (made by corpus/scan.py)."""
    sys.path.insert(0, str(ROOT / "corpus"))
    sys.path.insert(0, str(ROOT))
    from scan import STEM, scans

    from extract.pages.document import Document
    with tempfile.TemporaryDirectory() as tmp:
        scans(out=Path(tmp))
        with Document(Path(tmp) / f"{STEM}-pindai-200dpi.pdf") as doc:
            doc.page(1)  # Tesseract found and loaded once
            t = time.perf_counter()
            for n in pages:
                doc.page(n)
            return (time.perf_counter() - t) / len(pages)


def main() -> None:
    files = pdfs(sys.argv[1:])
    n_pages = sum(len(pypdfium2.PdfDocument(str(f))) for f in files)
    print(f"{len(files)} PDFs, {n_pages} pages")
    floor = timed(lambda: pdfium_text(files))
    plumber = timed(lambda: plumber_text(files))
    cores = os.cpu_count() or 1
    one, _ = lakip(files, 1)
    text_only, _ = lakip(files, 1, "--no-ocr")
    for name, secs in (("pypdfium2 text", floor), ("pdfplumber extract_text", plumber), ("lakip --jobs 1", one),
                       ("lakip --jobs 1 --no-ocr", text_only)):
        print(f"{name:26s} {secs:7.2f} s  {n_pages / secs:7.1f} pages/s")
    # pdfplumber reads no scan: the like-for-like ratio leaves out the pages lakip reads by OCR
    # (scans pasted into text pages, partly scanned documents), whose cost is printed below
    print(f"lakip --jobs 1 --no-ocr / pdfplumber extract_text = {text_only / plumber:.2f}  (target <= 0.5)")
    print(f"lakip --jobs 1 (with OCR) / pdfplumber extract_text = {one / plumber:.2f}")

    with tempfile.TemporaryDirectory() as tmp:
        batch = batch_of(files, 20, Path(tmp))
        b_pages = sum(len(pypdfium2.PdfDocument(str(f))) for f in batch)
        b_one, _ = lakip(batch, 1)
        b_many, _ = lakip(batch, cores)
    print(f"batch of {len(batch)} documents, {b_pages} pages: --jobs 1 {b_one:.2f} s, --jobs {cores} {b_many:.2f} s, "
          f"speed-up {b_one / b_many:.2f}  (target >= 1.7 with 2 jobs)")

    print(f"OCR: {ocr_seconds_per_page():.2f} s per scanned page (200 dpi scan, one process, pages 25-30)")

    dev = [f for f in files if "dev-docs" in str(f)] or files
    largest = max(dev, key=lambda f: f.stat().st_size)
    _, rss = lakip([largest], 1)
    print(f"peak RSS reading the largest document ({largest.name}, --jobs 1): {rss / 1024:.0f} MB  (target < 400)")


if __name__ == "__main__":
    main()
