"""Batch runs: parallel workers give the same dataset as one; finished documents come from the
cache on a rerun (not with --force, nor with another password); @list inputs."""

from __future__ import annotations

import filecmp

from conftest import CORPUS_PDFS, REFERENCE, run_lakip


def _same(a, b):
    cmp = filecmp.dircmp(a, b, ignore=["lakip.duckdb"])
    return not (cmp.diff_files or cmp.left_only or cmp.right_only) and \
        not filecmp.dircmp(a / "json", b / "json").diff_files


def test_parallel_equals_serial_and_cache_is_reused(tmp_path):
    args = [*map(str, CORPUS_PDFS), "--reference", str(REFERENCE)]
    one = run_lakip("extract", *args, "--out", str(tmp_path / "one"), "--jobs", "1", "--cache", str(tmp_path / "c1"))
    two = run_lakip("extract", *args, "--out", str(tmp_path / "two"), "--jobs", "2", "--cache", str(tmp_path / "c2"))
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert _same(tmp_path / "one", tmp_path / "two")
    again = run_lakip("extract", *args, "--out", str(tmp_path / "again"), "--cache", str(tmp_path / "c2"))
    assert f"({len(CORPUS_PDFS)} from cache)" in again.stderr
    assert _same(tmp_path / "one", tmp_path / "again")
    forced = run_lakip("extract", *args, "--out", str(tmp_path / "forced"), "--cache", str(tmp_path / "c2"), "--force")
    assert "(0 from cache)" in forced.stderr and _same(tmp_path / "one", tmp_path / "forced")


def test_list_file_input(tmp_path):
    lst = tmp_path / "list.txt"
    lst.write_text(f"# two reports\n{CORPUS_PDFS[0]}\n\n{CORPUS_PDFS[1]}\n", encoding="utf-8")
    res = run_lakip("extract", f"@{lst}", "--out", str(tmp_path / "o"), "--cache", str(tmp_path / "c"))
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "o" / "laporan.csv").read_text(encoding="utf-8").count("\n") == 3
    missing = run_lakip("extract", f"@{tmp_path / 'nope.txt'}", "--out", str(tmp_path / "m"))
    assert missing.returncode == 1 and "list file does not exist" in missing.stderr


def test_killed_run_resumes_from_cache_and_writes_nothing_half(tmp_path):
    """kill -9 of the whole run in the middle: no dataset is left half-written, and the rerun
    reuses the finished documents and gives the same dataset as one clean run."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    src = next(p for p in CORPUS_PDFS if "narasi" in p.name).read_bytes()
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(10):  # distinct files (another sha256 each), the same report
        (docs / f"copy-{i:02d}.pdf").write_bytes(src + f"\n% copy {i}\n".encode())
    clean = run_lakip("extract", str(docs), "--out", str(tmp_path / "clean"), "--cache", str(tmp_path / "c1"),
                      "--jobs", "2")
    assert clean.returncode == 0, clean.stderr
    cache = tmp_path / "c2"
    proc = subprocess.Popen([sys.executable, "-m", "extract.cli", "extract", str(docs), "--out",
                             str(tmp_path / "killed"), "--cache", str(cache), "--jobs", "2"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list(cache.glob("*.json"))) < 3:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = len(list(cache.glob("*.json")))
    assert 3 <= finished < 10
    assert not (tmp_path / "killed").exists()  # nothing half-written
    again = run_lakip("extract", str(docs), "--out", str(tmp_path / "killed"), "--cache", str(cache), "--jobs", "2")
    assert again.returncode == 0 and f"({finished} from cache)" in again.stderr, again.stderr
    assert _same(tmp_path / "clean", tmp_path / "killed")


def test_timeout_and_memory_cap_fail_one_document_each(tmp_path, monkeypatch):
    """A document past --timeout is stopped and listed; a small one beside it is still read.
    Under a memory cap too small for it, the same document fails alone with a plain reason."""
    from conftest import DEV_DOCS, dense_grid, need_shared, write_pdf
    need_shared()
    small = DEV_DOCS / "wonogiri" / "rkt-2020-kecamatan-girimarto.pdf"   # 1 page
    big = write_pdf(tmp_path / "grid.pdf", [dense_grid(150)])            # 22 500 cells: about 10 s of table finding
    monkeypatch.setenv("LAKIP_MAX_GRID_CROSSINGS", "1000000")  # let the grid through to the table finder
    res = run_lakip("extract", str(small), str(big), "--out", str(tmp_path / "t"), "--cache", str(tmp_path / "c"),
                    "--timeout", "1.5", "--jobs", "2")
    assert res.returncode == 1
    gagal = (tmp_path / "t" / "gagal.csv").read_text(encoding="utf-8")
    assert big.name in gagal and "took longer than 1.5 s" in gagal and small.name not in gagal
    assert small.name in (tmp_path / "t" / "laporan.csv").read_text(encoding="utf-8")
    res = run_lakip("extract", str(small), str(big), "--out", str(tmp_path / "m"), "--cache", str(tmp_path / "c2"),
                    "--max-memory", "300", "--jobs", "2")
    assert res.returncode == 1 and f"{big.name}: the document needs more memory than is allowed" in res.stderr
    assert small.name in (tmp_path / "m" / "laporan.csv").read_text(encoding="utf-8")
    assert "Traceback" not in res.stderr


def test_dask_cluster_gives_the_same_dataset(tmp_path):
    from distributed import LocalCluster

    args = [*map(str, CORPUS_PDFS), "--reference", str(REFERENCE)]
    local = run_lakip("extract", *args, "--out", str(tmp_path / "local"), "--cache", str(tmp_path / "c1"))
    assert local.returncode == 0, local.stderr
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        res = run_lakip("extract", *args, "--out", str(tmp_path / "dask"), "--cache", str(tmp_path / "c2"),
                        "--cluster", cluster.scheduler_address)
    assert res.returncode == 0, res.stderr
    assert _same(tmp_path / "local", tmp_path / "dask")


def test_batch_of_200_with_every_kind_of_bad_file(tmp_path):
    """180 good one-page reports and 20 bad files of every kind: each bad one is one row of
    gagal.csv, every good one is exported."""
    from pypdf import PdfReader, PdfWriter

    from conftest import DEV_DOCS, need_shared
    need_shared()
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    small = (DEV_DOCS / "wonogiri" / "rkt-2020-kecamatan-girimarto.pdf").read_bytes()
    for i in range(180):
        (docs / ("sub" if i % 2 else ".") / f"ok-{i:03d}.pdf").write_bytes(small + f"\n% copy {i}\n".encode())
    bad = {}
    for i in range(4):
        (docs / f"not-pdf-{i}.pdf").write_text("hello\n", encoding="utf-8")
        bad[f"not-pdf-{i}.pdf"] = "not a PDF"
        (docs / f"truncated-{i}.pdf").write_bytes(small[: len(small) // (i + 2)])
        bad[f"truncated-{i}.pdf"] = "damaged"
        (docs / f"garbage-{i}.pdf").write_bytes(b"%PDF-1.4\n" + bytes([i]) * 5000)
        bad[f"garbage-{i}.pdf"] = "damaged"
        w = PdfWriter(clone_from=PdfReader(DEV_DOCS / "wonogiri" / "rkt-2020-kecamatan-girimarto.pdf"))
        w.add_metadata({"/Title": f"locked {i}"})
        w.encrypt(user_password=f"pw{i}", owner_password="o")
        with open(docs / f"locked-{i}.pdf", "wb") as f:
            w.write(f)
        bad[f"locked-{i}.pdf"] = "encrypted"
        empty = PdfWriter()
        with open(docs / f"empty-{i}.pdf", "wb") as f:
            empty.write(f)
        bad[f"empty-{i}.pdf"] = "no pages"
    assert len(list(docs.rglob("*.pdf"))) == 200
    res = run_lakip("extract", str(docs), "--out", str(tmp_path / "o"), "--cache", str(tmp_path / "c"), "--jobs", "2")
    assert res.returncode == 1 and "Traceback" not in res.stderr
    import csv
    with open(tmp_path / "o" / "gagal.csv", newline="", encoding="utf-8") as f:
        # identical bad files (the empty ones, say) are one file given several times: one row naming every path
        gagal = {b.rsplit("/", 1)[-1]: r["alasan"] for r in csv.DictReader(f) for b in r["berkas"].split(" | ")}
    assert set(gagal) == set(bad)
    assert all(bad[k] in v for k, v in gagal.items()), gagal
    with open(tmp_path / "o" / "laporan.csv", newline="", encoding="utf-8") as f:
        read = [r["berkas"] for r in csv.DictReader(f)]
    assert len(read) == 180 and len(set(read)) == 180
