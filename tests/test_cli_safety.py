"""Nothing a user owns is lost: lakip replaces only folders it wrote itself, checks --out before
reading anything, leaves the previous dataset when nothing could be read, reads a file given twice
once, and answers every user error with one line (no traceback) and a sensible exit status."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import CORPUS_PDFS, ROOT, run_lakip

NARASI = next(p for p in CORPUS_PDFS if p.name.endswith("-2023-narasi.pdf"))
TABEL = next(p for p in CORPUS_PDFS if p.name.endswith("-2023-tabel.pdf"))


def _one_line(res) -> str:
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in res.stderr, res.stderr
    return lines[0]


def _snapshot(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def dataset(tmp_path):
    out = tmp_path / "dataset"
    res = run_lakip("extract", str(NARASI), "--out", str(out), "--cache", str(tmp_path / "cache"))
    assert res.returncode == 0, res.stderr
    return out


def test_extract_refuses_a_folder_holding_a_users_files(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "skripsi.docx").write_bytes(b"my thesis")
    res = run_lakip("extract", str(NARASI), "--out", str(mine))
    assert res.returncode == 2
    assert str(mine) in _one_line(res) and "read" not in res.stderr.split(str(mine))[0]
    assert _snapshot(mine) == {"skripsi.docx": b"my thesis"}


def test_extract_replaces_its_own_dataset_and_an_empty_folder(tmp_path, dataset):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_lakip("extract", str(NARASI), "--out", str(empty), "--cache", str(tmp_path / "cache")).returncode == 0
    assert (empty / "laporan.csv").is_file() and (empty / ".lakip").is_file()
    again = run_lakip("extract", str(TABEL), "--out", str(dataset), "--cache", str(tmp_path / "cache"))
    assert again.returncode == 0, again.stderr
    assert TABEL.name in (dataset / "laporan.csv").read_text(encoding="utf-8")


def test_compare_into_a_dataset_is_refused(dataset):
    before = _snapshot(dataset)
    res = run_lakip("compare", str(dataset), "--out", str(dataset))
    assert res.returncode == 2 and str(dataset) in _one_line(res)
    assert _snapshot(dataset) == before
    inside = run_lakip("compare", str(dataset), "--out", str(dataset / "cmp"))
    assert inside.returncode == 2 and _snapshot(dataset) == before


def test_report_default_site_survives_the_next_extraction(tmp_path, dataset):
    res = run_lakip("report", str(dataset), "--pdfs", str(NARASI))
    assert res.returncode == 0, res.stderr
    site = tmp_path / "dataset-situs"
    assert (site / "index.html").is_file() and not (dataset / "report").exists()
    again = run_lakip("extract", str(NARASI), "--out", str(dataset), "--cache", str(tmp_path / "cache"))
    assert again.returncode == 0 and (site / "index.html").is_file()
    refused = run_lakip("report", str(dataset), "--out", str(dataset / "site"))
    assert refused.returncode == 2 and not (dataset / "site").exists()
    into_dataset = run_lakip("report", str(dataset), "--out", str(tmp_path / "other"), "--pdfs", str(NARASI))
    assert into_dataset.returncode == 0
    assert run_lakip("report", str(tmp_path / "other"), "--out", str(dataset)).returncode == 2  # not a dataset


def test_out_is_checked_before_reading(tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    res = run_lakip("extract", str(NARASI), "--out", str(a_file))
    assert res.returncode == 2 and "is a file" in _one_line(res) and a_file.read_text(encoding="utf-8") == "x"
    under_file = run_lakip("extract", str(NARASI), "--out", str(a_file / "sub"))
    assert under_file.returncode == 2 and "cannot write" in _one_line(under_file)
    bad_cache = run_lakip("extract", str(NARASI), "--out", str(tmp_path / "o"), "--cache", str(a_file / "c"))
    assert bad_cache.returncode == 2 and "cannot write" in _one_line(bad_cache)
    assert not (tmp_path / "o").exists()


def test_no_pdf_or_nothing_readable_leaves_the_previous_dataset(tmp_path, dataset):
    before = _snapshot(dataset)
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    (empty / "readme.txt").write_text("no pdf", encoding="utf-8")
    res = run_lakip("extract", str(empty), "--out", str(dataset))
    assert res.returncode == 1 and f"no PDF found in {empty}" in _one_line(res)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really\n")
    res = run_lakip("extract", str(broken), "--out", str(dataset), "--cache", str(tmp_path / "cache"))
    assert res.returncode == 1 and "left as it was" in res.stderr and "Traceback" not in res.stderr
    assert _snapshot(dataset) == before


def test_the_same_pdf_twice_is_read_once_and_lists_both_paths(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(NARASI, tmp_path / "a" / "laporan.pdf")
    shutil.copy(NARASI, tmp_path / "b" / "salinan laporan.pdf")
    res = run_lakip("extract", "a", "b", "--out", "o", "--cache", "c", cwd=tmp_path)
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    with open(tmp_path / "o" / "laporan.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 1
    assert rows[0]["berkas"] == "a/laporan.pdf | b/salinan laporan.pdf"  # the paths as given, relative
    assert "1 reports read" in res.stderr


def test_output_folders_honour_the_umask(tmp_path):
    for mask, mode in ((0o022, 0o755), (0o077, 0o700)):
        out = tmp_path / f"o{mode:o}"
        res = subprocess.run(["sh", "-c", f"umask {mask:03o} && exec {sys.executable} -m extract.cli extract "
                              f"'{NARASI}' --out '{out}' --cache '{tmp_path / 'c'}'"], cwd=ROOT, capture_output=True,
                             text=True)
        assert res.returncode == 0, res.stderr
        assert out.stat().st_mode & 0o777 == mode
        assert (out / "json").stat().st_mode & 0o777 == mode


def test_version_and_help_placeholders():
    res = run_lakip("--version")
    assert res.returncode == 0 and res.stdout.startswith("lakip ")
    helps = run_lakip("extract", "--help").stdout + run_lakip("compare", "--help").stdout + \
        run_lakip("report", "--help").stdout + run_lakip("debug", "--help").stdout
    assert "INPUT..." in helps and "DATASET..." in helps
    assert "<list" not in helps and "{" not in helps and "<path>" not in helps


def test_usage_errors_are_one_line(tmp_path):
    cluster = run_lakip("extract", str(NARASI), "--out", str(tmp_path / "o"), "--cluster", "no-such-scheme://x")
    assert cluster.returncode == 2 and "--cluster" in _one_line(cluster)
    for out in (tmp_path, tmp_path / "page.txt", tmp_path / "file.png" / "sub.png"):
        if out.name == "sub.png":
            (tmp_path / "file.png").write_bytes(b"x")
        res = run_lakip("debug", str(NARASI), "--page", "1", "--out", str(out))
        assert res.returncode == 2 and str(out) in _one_line(res)


def test_ctrl_c_writes_nothing_and_exits_130(tmp_path, dataset):
    before = _snapshot(dataset)
    docs = tmp_path / "docs"
    docs.mkdir()
    src = NARASI.read_bytes()
    for i in range(30):
        (docs / f"copy-{i:02d}.pdf").write_bytes(src + f"\n% copy {i}\n".encode())
    proc = subprocess.Popen([sys.executable, "-m", "extract.cli", "extract", str(docs), "--out", str(dataset),
                             "--cache", str(tmp_path / "c2"), "--jobs", "2"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            # as from a terminal's shell: a test runner started in the background (`&`)
                            # passes SIGINT on as ignored, and Python then never raises KeyboardInterrupt
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((tmp_path / "c2").glob("*.json"))) < 2:
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends to the whole job on Ctrl-C
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted; nothing was written" in err and "Traceback" not in err
    assert _snapshot(dataset) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dataset.")]  # no build folder left


def test_progress_knows_the_pages_from_the_start_and_names_the_file(tmp_path):
    """On a terminal the bar counts pages (their total known before the first document is done,
    from pdfium's cheap page count) and shows the file being read."""
    import pty
    import re as _re

    docs = [NARASI, TABEL]
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "200", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-m", "extract.cli", "extract", *map(str, docs), "--out",
                             str(tmp_path / "o"), "--cache", str(tmp_path / "c"), "--jobs", "1"], cwd=ROOT,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=300)
    os.close(master)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, screen
    frames = _re.findall(r"(\d+)/(\d+) halaman", screen)
    assert frames and {int(total) for _, total in frames} == {31 + 31}  # both reports' pages, from the start
    assert frames[0][0] == "0"  # the total was there before any page was done
    assert NARASI.name[:30] in screen or TABEL.name[:30] in screen
