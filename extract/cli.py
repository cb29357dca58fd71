"""The `lakip` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from models import Gagal, Report

from .export import write_dataset
from .pdf import ReadFailure, sha256_of
from .pipeline import extract_reports
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
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress, only errors and the summary"),
) -> None:
    """Read LAKIP PDFs and write the dataset to --out.

    Every table of the contract is written (header only when empty); inputs that cannot be
    read are listed in gagal.csv and the others are still processed. Exit status: 0 all read,
    1 some failed, 2 usage error."""
    if reference is not None and not reference.is_dir():
        err.print(f"lakip: --reference {reference}: not a folder")
        raise typer.Exit(2)
    ref = load(str(reference) if reference else None)
    files, failures = collect_inputs(inputs)
    for g in failures:
        err.print(f"lakip: {g.berkas}: {g.alasan}")
    reports: list[Report] = []
    show = not quiet and sys.stderr.isatty()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, disable=not show, transient=True) as progress:
        task = progress.add_task("reading", total=len(files))
        for f in files:
            progress.update(task, description=f"reading {f.name[:40]}")
            try:
                reports.extend(extract_reports(f, ref, password))
                if not show and not quiet:
                    err.print(f"lakip: {f}: read")
            except ReadFailure as exc:
                sha = sha256_of(f) if f.is_file() else None
                failures.append(Gagal(berkas=str(f), sha256=sha, tahap=exc.tahap, alasan=exc.alasan))
                err.print(f"lakip: {f}: {exc.alasan}")
            progress.advance(task)
    try:
        write_dataset(reports, failures, out)
    except OSError as exc:
        err.print(f"lakip: cannot write {out}: {exc.strerror or exc}")
        raise typer.Exit(1)
    n_find = sum(len(r.temuan) for r in reports)
    err.print(f"lakip: {len(reports)} read, {len(failures)} failed, {n_find} findings -> {out}")
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
