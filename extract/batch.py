"""Reading many PDFs: in parallel worker processes (any `concurrent.futures.Executor`), with a
cache keyed by the file's sha256 and the extractor version, so a rerun skips finished
documents. Workers return plain dicts, which every executor can ship back."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from models import Gagal, Report

from .pdf import MAX_CHARS_PER_PAGE, MAX_FILE_MB, MAX_OBJECTS_PER_PAGE, MAX_PAGES, ReadFailure, sha256_of
from .pipeline import EXTRACTOR_VERSION, extract_reports
from .reference import load


@dataclass
class BatchResult:
    reports: list[Report] = field(default_factory=list)
    failures: list[Gagal] = field(default_factory=list)
    pages: int = 0
    cached: int = 0


def read_one(path: str, reference: str | None, password: str | None) -> dict:
    """One document, in a worker: {'reports': [...], 'pages': n} or {'gagal': {...}}."""
    p = Path(path)
    try:
        reports = extract_reports(p, load(reference), password)
        return {"reports": [r.model_dump(mode="json") for r in reports],
                "pages": reports[0].laporan.jumlah_halaman if reports else 0}
    except ReadFailure as exc:
        sha = sha256_of(p) if p.is_file() else None
        return {"gagal": {"berkas": path, "sha256": sha, "tahap": exc.tahap, "alasan": exc.alasan}}
    except MemoryError:
        return {"gagal": {"berkas": path, "sha256": None, "tahap": "ekstraksi",
                          "alasan": "the document needs more memory than is available"}}


def code_signature() -> str:
    """The extractor's own code: a changed reader never serves a stale cached reading."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for p in sorted(list((root / "extract").rglob("*.py")) + list((root / "models").rglob("*.py"))):
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def reference_signature(folder: str | None) -> str:
    """The reference data a result was made with (file names, sizes, times)."""
    if not folder or not Path(folder).is_dir():
        return "none"
    parts = sorted(f"{p.name}:{p.stat().st_size}:{int(p.stat().st_mtime)}" for p in Path(folder).glob("*.csv"))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


class Cache:
    """One JSON file per (document, extractor version, reference data, password)."""

    def __init__(self, folder: Path | None, reference: str | None, password: str | None):
        self.folder = Path(folder) if folder else None
        # the password is part of the key: a wrong password never opens a cached encrypted document
        pw = hashlib.sha256(password.encode()).hexdigest() if password else "nopw"
        limits = f"{MAX_FILE_MB}-{MAX_PAGES}-{MAX_CHARS_PER_PAGE}-{MAX_OBJECTS_PER_PAGE}"
        self.salt = f"{code_signature()}-{reference_signature(reference)}-{pw}-{limits}"
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, sha: str) -> Path:
        return self.folder / f"{sha}-{hashlib.sha256(self.salt.encode()).hexdigest()[:12]}.json"

    def get(self, sha: str) -> dict | None:
        if not self.folder or not self._path(sha).exists():
            return None
        try:
            return json.loads(self._path(sha).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # a damaged cache entry is simply redone

    def put(self, sha: str, result: dict) -> None:
        if not self.folder:
            return
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False)
        os.replace(tmp, self._path(sha))  # whole or not at all, even when the run is killed


def run_batch(files: list[Path], reference: str | None = None, password: str | None = None, jobs: int = 1,
              executor: Executor | None = None, cache_dir: Path | None = None, force: bool = False,
              on_done: Callable[[Path, dict], None] | None = None) -> BatchResult:
    """Read `files`; `on_done(path, result)` is called as each document finishes (progress)."""
    out = BatchResult()
    cache = Cache(cache_dir, reference, password)
    todo: list[tuple[Path, str | None]] = []
    for f in files:
        sha = sha256_of(f) if f.is_file() else None
        hit = cache.get(sha) if sha and not force else None
        if hit is not None:
            out.cached += 1
            _collect(out, f, hit)
            if on_done:
                on_done(f, hit)
        else:
            todo.append((f, sha))

    def finish(f: Path, sha: str | None, result: dict) -> None:
        if sha and "reports" in result:
            cache.put(sha, result)
        _collect(out, f, result)
        if on_done:
            on_done(f, result)

    if executor is None and jobs <= 1:
        for f, sha in todo:
            finish(f, sha, read_one(str(f), reference, password))
        return out
    own = executor is None
    pool = executor or ProcessPoolExecutor(max_workers=jobs)
    try:
        futures = {pool.submit(read_one, str(f), reference, password): (f, sha) for f, sha in todo}
        for fut in as_completed(futures):
            f, sha = futures[fut]
            try:
                result = fut.result()
            except Exception as exc:  # a worker that died (killed, out of memory) takes only its document
                result = {"gagal": {"berkas": str(f), "sha256": sha, "tahap": "ekstraksi",
                                    "alasan": f"the worker reading this document stopped ({type(exc).__name__})"}}
            finish(f, sha, result)
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
    return out


def _collect(out: BatchResult, path: Path, result: dict) -> None:
    if "gagal" in result:
        out.failures.append(Gagal(**result["gagal"]))
        return
    for r in result["reports"]:
        rep = Report.model_validate(r)
        rep.laporan.berkas = path.name  # the same file under another name reads the same
        out.reports.append(rep)
    out.pages += result.get("pages", 0)
