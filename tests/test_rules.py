"""The rules, each declared beside the code that writes its findings (extract/core/findings.py
holds the registry), are the one source of `lakip rules` and of the README's table; every
finding lakip writes names a declared rule."""

from __future__ import annotations

import csv
import re

from conftest import ROOT, run_lakip
import extract.cli  # noqa: F401  (imports every stage: every rule is declared)
from extract.core.findings import RULES


def test_readme_table_is_the_catalogue():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- rules -->\n", 1)[1].split("\n<!-- /rules -->", 1)[0]
    assert table == run_lakip("rules", "--markdown").stdout.strip()
    assert set(re.findall(r"^\| `([a-z_.]+)`", table, re.M)) == set(RULES)


def test_every_finding_written_is_in_the_catalogue(corpus_dataset):
    with open(corpus_dataset / "temuan.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and {r["aturan"] for r in rows} <= set(RULES)
    for r in rows:
        assert r["keparahan"] in ("error", "warning", "info")


def test_every_rule_id_used_in_the_code_is_in_the_catalogue():
    used = set()
    for p in (ROOT / "extract").rglob("*.py"):
        used |= set(re.findall(r"""["']((?:anggaran|belanja|pegawai|wilayah|angka|nilai|indikator|teks|tabel|halaman|ocr)"""
                               r"""\.[a-z_]+)["']""", p.read_text(encoding="utf-8")))
    used = {u for u in used if not u.endswith(".csv")}  # file names
    used -= {"pegawai.pendidikan", "pegawai.golongan", "pegawai.status_kepegawaian", "wilayah.luas"}  # total kinds
    assert used <= set(RULES), used - set(RULES)
