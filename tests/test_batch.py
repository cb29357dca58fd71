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
