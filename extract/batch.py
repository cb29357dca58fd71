"""Reading many PDFs: in parallel worker processes (any `concurrent.futures.Executor`), with a
cache keyed by the file's sha256 and the extractor version, so a rerun skips finished
documents. Workers return plain dicts, which every executor can ship back."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    ProcessPoolExecutor,
    as_completed,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from models import Gagal, Report

from .core.reference import load
from .pages.document import (
    MAX_CHARS_PER_PAGE,
    MAX_FILE_MB,
    MAX_GRID_CROSSINGS,
    MAX_OBJECTS_PER_PAGE,
    MAX_PAGES,
    ReadFailure,
    sha256_of,
)
from .pipeline import EXTRACTOR_VERSION, extract_reports


@dataclass
class BatchResult:
    reports: list[Report] = field(default_factory=list)
    failures: list[Gagal] = field(default_factory=list)
    pages: int = 0
    cached: int = 0


# pdfium is not thread-safe: a Dask worker running several threads reads one document at a time
_PDFIUM_LOCK = threading.Lock()


def read_one(path: str, reference: str | None, password: str | None) -> dict:
    """One document, in a worker: {'reports': [...], 'pages': n} or {'gagal': {...}}."""
    p = Path(path)
    try:
        with _PDFIUM_LOCK:
            reports = extract_reports(p, load(reference), password)
        return {"reports": [r.model_dump(mode="json") for r in reports],
                "pages": reports[0].laporan.jumlah_halaman if reports else 0}
    except ReadFailure as exc:
        sha = sha256_of(p) if p.is_file() else None
        return {"gagal": {"berkas": path, "sha256": sha, "tahap": exc.tahap, "alasan": exc.alasan}}
    except MemoryError:
        return {"gagal": {"berkas": path, "sha256": None, "tahap": "ekstraksi",
                          "alasan": "the document needs more memory than is allowed (--max-memory)"}}


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
        limits = f"{MAX_FILE_MB}-{MAX_PAGES}-{MAX_CHARS_PER_PAGE}-{MAX_OBJECTS_PER_PAGE}-{MAX_GRID_CROSSINGS}" \
            f"-ocr{os.environ.get('LAKIP_OCR', '1')}"
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
              on_done: Callable[[Path, dict], None] | None = None, timeout: float | None = None,
              max_memory_mb: int | None = None, on_start: Callable[[Path], None] | None = None) -> BatchResult:
    """Read `files`; `on_start(path)` / `on_done(path, result)` are called as each document starts
    and finishes (progress). The same file given twice (same sha256, under two names or folders)
    is read once: its one report lists every path it was given as."""
    out = BatchResult()
    cache = Cache(cache_dir, reference, password)
    names: dict[str, list[Path]] = {}  # sha256 (or the path, for a file that cannot be hashed) -> paths given
    firsts: list[tuple[Path, str | None]] = []
    for f in files:
        try:
            sha = sha256_of(f) if f.is_file() else None
        except OSError:
            sha = None
        key = sha or f"path:{f}"
        if key not in names:
            names[key] = []
            firsts.append((f, sha))
        names[key].append(f)
    given = {str(first): names[sha or f"path:{first}"] for first, sha in firsts}
    todo: list[tuple[Path, str | None]] = []
    for f, sha in firsts:
        hit = cache.get(sha) if sha and not force else None
        if hit is not None:
            out.cached += 1
            _collect(out, given[str(f)], hit)
            if on_done:
                on_done(f, hit)
        else:
            todo.append((f, sha))

    def finish(f: Path, sha: str | None, result: dict) -> None:
        if sha and "reports" in result:
            cache.put(sha, result)
        _collect(out, given[str(f)], result)
        if on_done:
            on_done(f, result)

    if executor is not None:  # any Executor (a Dask cluster's, say): no timeouts of our own
        todo.sort(key=lambda item: -(item[0].stat().st_size if item[0].is_file() else 0))
        futures = {executor.submit(read_one, str(f), reference, password): (f, sha) for f, sha in todo}
        for fut in as_completed(futures):
            f, sha = futures[fut]
            try:
                result = fut.result()
            except Exception as exc:
                result = _died(f, sha, exc)
            finish(f, sha, result)
        return out
    jobs = max(1, min(jobs, len(todo)))  # no idle workers for a short list
    if jobs > 1:  # largest first, so no worker is left with a long document at the end
        todo.sort(key=lambda item: -(item[0].stat().st_size if item[0].is_file() else 0))
    if jobs <= 1 and not timeout and not max_memory_mb:
        for f, sha in todo:
            if on_start:
                on_start(f)
            finish(f, sha, read_one(str(f), reference, password))
        return out
    _run_pool(todo, reference, password, max(jobs, 1), timeout, max_memory_mb, finish, on_start)
    return out


def _died(f: Path, sha: str | None, exc: BaseException) -> dict:
    return {"gagal": {"berkas": str(f), "sha256": sha, "tahap": "ekstraksi",
                      "alasan": f"the worker reading this document stopped ({type(exc).__name__})"}}


def _ready() -> bool:
    time.sleep(0.05)
    return True


def _warm_worker(max_memory_mb: int | None) -> None:
    """Each worker loads spaCy and pdfium once, before its first document; the memory cap, set
    after them, bounds what reading a document takes."""
    import signal

    import pypdfium2.raw  # noqa: F401  (loads the pdfium library)

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle

    from .readers.prose import nlp
    nlp()
    if max_memory_mb:
        import resource
        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _run_pool(todo, reference, password, jobs: int, timeout: float | None, max_memory_mb: int | None, finish,
              on_start: Callable[[Path], None] | None = None) -> None:
    """At most `jobs` documents in flight, so each one's clock starts when it starts. A document
    past `timeout` is given up and its worker killed; a worker that dies (out of memory, killed)
    is replaced; the documents it left unfinished are tried once more in the new pool."""
    queue = list(todo)
    attempts: dict[str, int] = {}
    while queue:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_warm_worker, initargs=(max_memory_mb,))
        running: dict = {}
        broken = False
        try:  # the workers start (and load spaCy) before any document's clock starts
            wait([pool.submit(_ready) for _ in range(jobs)], timeout=300)
        except Exception:
            pass
        try:
            while (queue or running) and not broken:
                while queue and len(running) < jobs:
                    f, sha = queue[0]
                    try:
                        fut = pool.submit(read_one, str(f), reference, password)
                    except BrokenProcessPool:
                        broken = True
                        break
                    queue.pop(0)
                    running[fut] = (f, sha, time.monotonic())
                    if on_start:
                        on_start(f)
                if broken:
                    break
                done, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
                for fut in done:
                    f, sha, _start = running.pop(fut)
                    try:
                        finish(f, sha, fut.result())
                    except BrokenProcessPool:
                        broken = True
                        running[fut] = (f, sha, _start)
                    except Exception as exc:
                        finish(f, sha, _died(f, sha, exc))
                late = [fut for fut, (_, _, start) in running.items()
                        if timeout and not fut.done() and time.monotonic() - start > timeout]
                for fut in late:
                    f, sha, _ = running.pop(fut)
                    finish(f, sha, {"gagal": {"berkas": str(f), "sha256": sha, "tahap": "ekstraksi",
                                              "alasan": f"reading took longer than {timeout:g} s and was stopped"}})
                if late:
                    broken = True  # the late worker is still busy: start afresh without it
        except BaseException:  # Ctrl-C: the workers are stopped, nothing is written
            broken = True
            raise
        finally:
            for proc in list(getattr(pool, "_processes", {}).values()) if broken else []:
                proc.kill()
            pool.shutdown(wait=not broken, cancel_futures=True)
        if broken and not running and queue:  # the pool broke with nothing in flight: count it against the next
            f, sha = queue.pop(0)
            running[None] = (f, sha, 0)
        for fut, (f, sha, _) in running.items():
            attempts[str(f)] = attempts.get(str(f), 0) + 1
            if attempts[str(f)] >= 2:
                finish(f, sha, _died(f, sha, BrokenProcessPool()))
            else:
                queue.insert(0, (f, sha))


def _collect(out: BatchResult, paths: list[Path], result: dict) -> None:
    berkas = " | ".join(str(p) for p in paths)  # the paths as given
    if "gagal" in result:
        out.failures.append(Gagal(**{**result["gagal"], "berkas": berkas}))
        return
    try:  # a worker's result that does not validate fails its document, not the batch
        reports = [Report.model_validate(r) for r in result["reports"]]
    except ValueError as exc:
        out.failures.append(Gagal(berkas=berkas, sha256=None, tahap="validasi",
                                  alasan=f"the reading did not validate ({str(exc).splitlines()[0]})"))
        return
    for rep in reports:
        rep.laporan.berkas = berkas
        out.reports.append(rep)
    out.pages += result.get("pages", 0)
