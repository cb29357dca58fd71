"""The `lakip` command."""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)

from models import Gagal

from .export import write_dataset
from .pdf import ReadFailure
from .batch import run_batch
from .reconcile import RULES
from .reference import ENV, load

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="lakip turns LAKIP / LKjIP performance-accountability PDFs into a validated, "
                       "reconciled dataset (CSV + JSON + datapackage.json).")
err = Console(stderr=True, highlight=False, soft_wrap=True)


def collect_inputs(inputs: list[str]) -> tuple[list[Path], list[Gagal]]:
    """Files, folders (recursive, *.pdf) and @list.txt files (one path per line)."""
    files: list[Path] = []
    missing: list[Gagal] = []
    for item in inputs:
        if item.startswith("@"):
            lst = Path(item[1:])
            if not lst.is_file():
                missing.append(Gagal(berkas=item, tahap="baca", alasan="list file does not exist"))
                continue
            names = [ln.strip() for ln in lst.read_text(encoding="utf-8").splitlines()]
            sub, bad = collect_inputs([n for n in names if n and not n.startswith("#")])
            files += sub
            missing += bad
        elif Path(item).is_dir():
            files += sorted(p for p in Path(item).rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
        else:
            files.append(Path(item))
    seen, unique = set(), []
    for f in files:
        key = str(f.resolve()) if f.exists() else str(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing


@app.command()
def extract(
    inputs: List[str] = typer.Argument(..., metavar="INPUT...",
                                       help="PDF files, folders (searched recursively) or @list.txt"),
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="dataset folder to write (replaced as a whole)"),
    reference: Optional[Path] = typer.Option(None, "--reference", envvar=ENV,
                                             help="folder with wilayah.csv / nomenklatur.csv (fills the code columns)"),
    password: Optional[str] = typer.Option(None, "--password", help="password for encrypted PDFs"),
    jobs: int = typer.Option(os.cpu_count() or 1, "--jobs", "-j", min=1, help="documents read in parallel"),
    cache: Optional[Path] = typer.Option(None, "--cache",
                                         help="cache of finished documents (default: .lakip-cache beside --out)"),
    force: bool = typer.Option(False, "--force", help="read every document again, ignoring the cache"),
    timeout: Optional[float] = typer.Option(None, "--timeout", min=0.1,
                                            help="seconds one document may take before it is given up (gagal.csv)"),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", min=200,
                                             help="memory cap per worker in MB; a document past it fails alone"),
    cluster: Optional[str] = typer.Option(None, "--cluster",
                                          help="run on a Dask distributed cluster (scheduler address, e.g. tcp://host:8786)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress, only errors and the summary"),
) -> None:
    """Read LAKIP PDFs and write the dataset to --out.

    Every table of the contract is written (header only when empty); inputs that cannot be
    read are listed in gagal.csv and the others are still processed. Documents already read
    (same file, same lakip version) come from the cache. Exit status: 0 all read, 1 some
    failed, 2 usage error."""
    if reference is not None and not reference.is_dir():
        err.print(f"lakip: --reference {reference}: not a folder")
        raise typer.Exit(2)
    started = time.monotonic()
    files, failures = collect_inputs(inputs)
    n_inputs = len(files) + len(failures)
    for g in failures:
        err.print(f"lakip: {g.berkas}: {g.alasan}")
    cache_dir = cache or out.resolve().parent / ".lakip-cache"
    show = not quiet and sys.stderr.isatty()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=err, disable=not show, transient=True) as progress:
        docs = progress.add_task("documents", total=len(files))
        pages = progress.add_task("pages", total=None)

        def done(path: Path, result: dict) -> None:
            progress.advance(docs)
            progress.advance(pages, result.get("pages", 0))
            if "gagal" in result:
                err.print(f"lakip: {path}: {result['gagal']['alasan']}")
            elif not show and not quiet:
                err.print(f"lakip: {path}: read")

        executor, client = None, None
        if cluster:
            from distributed import Client  # the batch runs on the cluster's concurrent.futures executor
            try:
                client = Client(cluster, timeout=30)
            except OSError as exc:
                err.print(f"lakip: --cluster {cluster}: cannot reach the scheduler ({exc})")
                raise typer.Exit(2) from None
            executor = client.get_executor()
        try:
            result = run_batch(files, str(reference) if reference else None, password, jobs, executor=executor,
                               cache_dir=cache_dir, force=force, on_done=done, timeout=timeout,
                               max_memory_mb=max_memory)
        finally:
            if client is not None:
                client.close()
    failures += result.failures
    try:
        write_dataset(result.reports, failures, out)
    except OSError as exc:
        err.print(f"lakip: cannot write {out}: {exc.strerror or exc}")
        raise typer.Exit(1)
    sev = Counter(t.keparahan for r in result.reports for t in r.temuan)
    took = time.monotonic() - started
    err.print(f"lakip: {n_inputs} inputs, {len(result.reports)} reports read "
              f"({result.cached} from cache), {len(failures)} failed, {result.pages} pages, findings: "
              f"{sev.get('error', 0)} error, {sev.get('warning', 0)} warning, {sev.get('info', 0)} info; "
              f"{took:.1f} s -> {out}")
    raise typer.Exit(1 if failures else 0)


@app.command()
def debug(
    pdf: Path = typer.Argument(..., help="the PDF to look at"),
    page: int = typer.Option(..., "--page", "-p", help="1-based page number"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="PNG to write (default: <pdf stem>-p<N>.png)"),
    resolution: int = typer.Option(110, help="image resolution in dpi"),
    reference: Optional[Path] = typer.Option(None, "--reference", envvar=ENV, help="reference data folder"),
    password: Optional[str] = typer.Option(None, "--password", help="password for encrypted PDFs"),
) -> None:
    """Draw what the reader saw on one page: words, ruling lines, tables and cells (with
    the kind and column roles understood), and the values exported from the page."""
    from .debug import draw_page
    target = out or Path(f"{pdf.stem}-p{page}.png")
    try:
        draw_page(pdf, page, target, resolution, load(str(reference) if reference else None), password)
    except ReadFailure as exc:
        err.print(f"lakip: {pdf}: {exc.alasan}")
        raise typer.Exit(1)
    except ValueError as exc:
        err.print(f"lakip: {pdf}: {exc}")
        raise typer.Exit(2)
    err.print(f"lakip: wrote {target}")


@app.command()
def report(
    dataset: Path = typer.Argument(..., help="a dataset folder written by lakip extract"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="site folder (default: DATASET/report)"),
    pdfs: List[Path] = typer.Option([], "--pdfs", help="where the PDFs are, for page crops (repeatable)"),
) -> None:
    """Write a static HTML audit site: an index of the reports with findings by severity, and
    per report its findings beside a crop of the page, and its tables. Opens from disk."""
    from .report import write_report
    if not (dataset / "laporan.csv").is_file():
        err.print(f"lakip: {dataset}: not a lakip dataset (no laporan.csv)")
        raise typer.Exit(2)
    site = write_report(dataset, out, pdfs)
    err.print(f"lakip: wrote {site / 'index.html'}")


@app.command()
def compare(
    datasets: List[Path] = typer.Argument(..., metavar="DATASET...",
                                          help="dataset folders written by lakip extract, or lakip.duckdb files"),
    out: Path = typer.Option(..., "--out", "-o", help="folder for the comparison (replaced as a whole)"),
) -> None:
    """Compare reports across years and kecamatan: per-report totals, budget lines aligned across
    reports with year-over-year change, indicator series, staff per year (tidy CSVs and wide
    pivots) and an offline HTML report with charts (perbandingan.html)."""
    from .compare import compare as run_compare
    try:
        done = run_compare(datasets, out)
    except ValueError as exc:
        typer.echo(f"lakip: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(f"lakip: comparison written to {done} (open {done / 'perbandingan.html'})", err=True)


@app.command()
def rules() -> None:
    """List the reconciliation rules (the `aturan` ids of temuan.csv)."""
    for k, v in RULES.items():
        typer.echo(f"{k:36s} {v}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("lakip: interrupted; nothing was written")
        sys.exit(130)


if __name__ == "__main__":
    main()
