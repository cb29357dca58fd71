"""The `lakip` command."""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from models import Gagal

from .batch import run_batch
from .core.findings import RULES
from .core.reference import ENV, load
from .pages.document import ReadFailure, count_pages
from .writers.dataset import write_dataset
from .writers.outdir import OutputRefused, check_output, check_writable

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="lakip turns LAKIP / LKjIP performance-accountability PDFs into a validated, "
                       "reconciled dataset (CSV, JSON, Parquet, DuckDB, xlsx and datapackage.json).")
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _version() -> str:
    try:
        return version("lakip")
    except PackageNotFoundError:
        from .pipeline import EXTRACTOR_VERSION
        return EXTRACTOR_VERSION


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"lakip {_version()}")
        raise typer.Exit()


@app.callback()
def _main(show_version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                            help="print the version and exit")) -> None:
    """lakip turns LAKIP / LKjIP performance-accountability PDFs into a validated, reconciled dataset."""


def fail(message: str, code: int = 2):
    """One line for the user, no traceback."""
    err.print(f"lakip: {message}")
    raise typer.Exit(code)


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
    out: Path = typer.Option(Path("outputs"), "--out", "-o", metavar="DIR",
                             help="dataset folder to write (replaced as a whole; only an empty folder or an "
                                  "earlier lakip dataset)"),
    reference: Optional[Path] = typer.Option(None, "--reference", envvar=ENV, metavar="DIR",
                                             help="folder with wilayah.csv / nomenklatur.csv (fills the code columns)"),
    password: Optional[str] = typer.Option(None, "--password", metavar="PW", help="password for encrypted PDFs"),
    jobs: int = typer.Option(os.cpu_count() or 1, "--jobs", "-j", min=1, metavar="N", help="documents read in parallel"),
    cache: Optional[Path] = typer.Option(None, "--cache", metavar="DIR",
                                         help="cache of finished documents (default: .lakip-cache beside --out)"),
    force: bool = typer.Option(False, "--force", help="read every document again, ignoring the cache"),
    timeout: Optional[float] = typer.Option(None, "--timeout", min=0.1, metavar="SECONDS",
                                            help="seconds one document may take before it is given up (gagal.csv)"),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", min=200, metavar="MB",
                                             help="memory cap per worker in MB; a document past it fails alone"),
    cluster: Optional[str] = typer.Option(None, "--cluster", metavar="ADDRESS",
                                          help="run on a Dask distributed cluster (scheduler address, e.g. tcp://host:8786)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress, only errors and the summary"),
    ocr: bool = typer.Option(True, "--ocr/--no-ocr",
                             help="read scanned pages and scans pasted into pages with Tesseract (--no-ocr: much "
                                  "faster; scanned pages are listed as not read)"),
) -> None:
    """Read LAKIP PDFs and write the dataset to --out.

    Every table of the contract is written (header only when empty); inputs that cannot be
    read are listed in gagal.csv and the others are still processed. Documents already read
    (same file, same lakip version) come from the cache. The output folder is checked before
    anything is read: lakip never replaces a folder holding files it did not write. Exit
    status: 0 all read, 1 some failed or nothing could be read, 2 usage error, 130 interrupted."""
    if reference is not None and not reference.is_dir():
        fail(f"--reference {reference}: not a folder")
    if not ocr:
        os.environ["LAKIP_OCR"] = "0"  # (read by every worker, and part of the cache key)
    started = time.monotonic()
    files, failures = collect_inputs(inputs)
    try:
        check_output(out, "dataset", keep=files)
        cache_dir = cache or out.resolve().parent / ".lakip-cache"
        check_writable(cache_dir, cache_dir)
    except OutputRefused as exc:
        fail(str(exc))
    for g in failures:
        err.print(f"lakip: {g.berkas}: {g.alasan}")
    if not files:
        where = ", ".join(inputs)
        fail(f"no PDF found in {where}; {out} was left as it was", 1)
    n_inputs = len(files) + len(failures)
    executor, client = None, None
    if cluster:
        executor, client = _cluster(cluster)
    show = not quiet and sys.stderr.isatty()
    total_pages = sum(count_pages(f, password) for f in files) if show else None
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[docs]}"),
                  TextColumn("{task.completed:.0f}/{task.total:.0f} halaman"), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=err, disable=not show, transient=True) as progress:
        task = progress.add_task("", total=total_pages, docs=f"0/{len(files)} berkas")
        finished = [0]

        def started_one(path: Path) -> None:
            progress.update(task, description=_short(path))

        def done(path: Path, result: dict) -> None:
            finished[0] += 1
            progress.update(task, advance=result.get("pages", 0), docs=f"{finished[0]}/{len(files)} berkas")
            if "gagal" in result:
                err.print(f"lakip: {path}: {result['gagal']['alasan']}")
            elif not show and not quiet:
                err.print(f"lakip: {path}: read")

        try:
            result = run_batch(files, str(reference) if reference else None, password, jobs, executor=executor,
                               cache_dir=cache_dir, force=force, on_done=done, timeout=timeout,
                               max_memory_mb=max_memory, on_start=started_one)
        finally:
            if client is not None:
                client.close()
    failures += result.failures
    if not result.reports:
        fail(f"none of the {n_inputs} inputs could be read; {out} was left as it was", 1)
    try:
        write_dataset(result.reports, failures, out)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}; nothing was written", 1)
    sev = Counter(t.keparahan for r in result.reports for t in r.temuan)
    took = time.monotonic() - started
    err.print(f"lakip: {n_inputs} inputs, {len(result.reports)} reports read "
              f"({result.cached} from cache), {len(failures)} failed, {result.pages} pages, findings: "
              f"{sev.get('error', 0)} error, {sev.get('warning', 0)} warning, {sev.get('info', 0)} info; "
              f"{took:.1f} s -> {out}")
    raise typer.Exit(1 if failures else 0)


def _short(path: Path, width: int = 40) -> str:
    name = path.name
    return name if len(name) <= width else name[: width - 1] + "…"


def _cluster(address: str):
    from distributed import (
        Client,  # the batch runs on the cluster's concurrent.futures executor
    )
    try:
        client = Client(address, timeout=30)
    except (OSError, ValueError, TypeError) as exc:
        fail(f"--cluster {address}: cannot reach the scheduler ({type(exc).__name__}: {exc})")
    return client.get_executor(), client


@app.command()
def debug(
    pdf: Path = typer.Argument(..., metavar="PDF", help="the PDF to look at"),
    page: int = typer.Option(..., "--page", "-p", metavar="N", help="1-based page number"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="PNG",
                                       help="image to write (default: <pdf stem>-p<N>.png)"),
    resolution: int = typer.Option(110, metavar="DPI", help="image resolution in dpi"),
    reference: Optional[Path] = typer.Option(None, "--reference", envvar=ENV, metavar="DIR",
                                             help="reference data folder"),
    password: Optional[str] = typer.Option(None, "--password", metavar="PW", help="password for encrypted PDFs"),
) -> None:
    """Draw what the reader saw on one page (only that page is read, by OCR if it is a scan):
    words, ruling lines, tables and cells (with the kind and column roles understood), and the
    values exported from the page, with a colour legend."""
    from .pipeline import read_page
    from .writers.debug import draw_page
    target = out or Path(f"{pdf.stem}-p{page}.png")
    if target.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        fail(f"--out {target}: the image must be a .png (or .jpg) file")
    if target.is_dir():
        fail(f"--out {target}: is a folder; give an image file name")
    try:
        check_writable(target.resolve().parent, target)
    except OutputRefused as exc:
        fail(str(exc))
    try:
        reports, layout, img = read_page(pdf, page, resolution, load(str(reference) if reference else None), password)
        draw_page(img, page, layout, reports, resolution).save(target)
    except ReadFailure as exc:
        fail(f"{pdf}: {exc.alasan}", 1)
    except ValueError as exc:
        fail(f"{pdf}: {exc}")
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}", 1)
    err.print(f"lakip: wrote {target}")


@app.command()
def report(
    dataset: Path = typer.Argument(..., metavar="DATASET", help="a dataset folder written by lakip extract"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="SITE",
                                       help="site folder (default: DATASET-situs beside the dataset)"),
    pdfs: List[Path] = typer.Option([], "--pdfs", metavar="DIR",
                                    help="where the PDFs are, for page crops (a folder or file; repeatable)"),
) -> None:
    """Write a static HTML audit site, in Indonesian: an index of the reports with findings by
    severity, and per report its findings (errors first), each with a crop of the page around the
    row concerned, and its tables. Opens from disk."""
    from .writers.site import write_report
    if not (dataset / "laporan.csv").is_file():
        fail(f"{dataset}: not a lakip dataset (no laporan.csv)")
    site = out or dataset.resolve().parent / f"{dataset.resolve().name}-situs"
    try:
        check_output(site, "situs", keep=[dataset, *pdfs], not_inside=[dataset])
    except OutputRefused as exc:
        fail(str(exc))
    for d in pdfs:
        if not d.exists():
            err.print(f"lakip: warning: --pdfs {d} does not exist")
    site, warning = write_report(dataset, site, pdfs)
    if warning:
        err.print(f"lakip: warning: {warning}")
    err.print(f"lakip: wrote {site / 'index.html'}")


@app.command()
def compare(
    datasets: List[Path] = typer.Argument(..., metavar="DATASET...",
                                          help="dataset folders written by lakip extract, or lakip.duckdb files"),
    out: Path = typer.Option(..., "--out", "-o", metavar="DIR",
                             help="folder for the comparison (replaced as a whole; only an empty folder or an "
                                  "earlier lakip comparison)"),
) -> None:
    """Compare reports across years and kecamatan: per-report totals, budget lines aligned across
    reports with year-over-year change, indicator series, staff per year (tidy CSVs and wide
    pivots) and an offline HTML report with charts (perbandingan.html)."""
    from .writers.compare import compare as run_compare
    for d in datasets:
        if not ((d.is_dir() and (d / "laporan.csv").is_file()) or (d.is_file() and d.suffix == ".duckdb")):
            fail(f"{d}: not a dataset folder (no laporan.csv) nor a lakip.duckdb file")
    homes = [d if d.is_dir() else d.parent for d in datasets]
    try:
        check_output(out, "perbandingan", keep=datasets, not_inside=homes)
    except OutputRefused as exc:
        fail(str(exc))
    try:
        done = run_compare(datasets, out)
    except ValueError as exc:
        fail(str(exc))
    err.print(f"lakip: comparison written to {done} (open {done / 'perbandingan.html'})")


@app.command()
def rules(markdown: bool = typer.Option(False, "--markdown", help="as the README's table")) -> None:
    """List the findings lakip writes: the `aturan` ids of temuan.csv, their severity and what each checks."""
    if markdown:
        typer.echo(rules_table())
        return
    for r in sorted(RULES.values(), key=lambda r: r.aturan):
        typer.echo(f"{r.aturan:36s} {r.keparahan:8s} {r.checks}")


def rules_table() -> str:
    """The README's table of rules, made from the registry (each rule is declared beside its code)."""
    rows = ["| aturan | keparahan | checks |", "| --- | --- | --- |"]
    rows += [f"| `{r.aturan}` | {r.keparahan} | {r.checks} |" for r in sorted(RULES.values(), key=lambda r: r.aturan)]
    return "\n".join(rows)


def _plain_placeholders(command) -> None:
    """Help shows each argument as the README writes it (`INPUT...`), not typer's `{INPUT...}...`
    with a `<list[str]>` type after it."""
    for sub in getattr(command, "commands", {}).values():
        _plain_placeholders(sub)
    for param in command.params:
        if param.param_type_name == "argument" and param.metavar:
            param.display_type_rich = lambda ctx=None: None
            param._usage_display_name = lambda m=param.metavar: m
            param._rich_display_name = lambda m=param.metavar: m


def main() -> None:
    command = typer.main.get_command(app)
    _plain_placeholders(command)
    try:
        code = command.main(prog_name="lakip", standalone_mode=False)
    except (KeyboardInterrupt, typer.Abort):
        err.print("lakip: interrupted; nothing was written")
        sys.exit(130)
    except typer.TyperException as exc:  # a usage error: typer's own message, no traceback
        exc.show()
        sys.exit(getattr(exc, "exit_code", 2))
    if code == 130:  # typer turns Ctrl-C inside a command into exit status 130, silently
        err.print("lakip: interrupted; nothing was written")
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
