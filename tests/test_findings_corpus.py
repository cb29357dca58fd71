"""Findings on the seed report: what a reviewer must be shown, checked against the seed text."""

from __future__ import annotations

import csv

import pytest


@pytest.fixture(scope="module")
def temuan(corpus_dataset):
    with open(corpus_dataset / "temuan.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rid = next(r["id_laporan"] for r in csv.DictReader(open(corpus_dataset / "laporan.csv", encoding="utf-8"))
               if "narasi" in r["berkas"])
    return [r for r in rows if r["id_laporan"] == rid]


def _has(rows, aturan, dilaporkan, hitung):
    return any(r["aturan"] == aturan and r["nilai_dilaporkan"] == dilaporkan and r["nilai_hitung"] == hitung
               for r in rows)


def test_apip_capaian_printed_100_computed_95(temuan):
    assert _has(temuan, "indikator.capaian", "100", "95")


def test_digits_against_words(temuan):
    # 'Undangan berjumlah 20 (Dua Ratus)' (BAB III, 2.1)
    assert _has(temuan, "angka.kata_berbeda", "20", "200")


def test_achievement_sentences(temuan):
    # street lights: 74 planned, 74 done, '99 %'; procurement: 5 of 5, '98 %'
    assert _has(temuan, "indikator.capaian_narasi", "99", "100")
    assert _has(temuan, "indikator.capaian_narasi", "98", "100")


def test_paragraph_repeated_under_another_heading(temuan):
    rep = [r for r in temuan if r["aturan"] == "teks.paragraf_berulang"]
    assert any("3.11" in r["pesan"] for r in rep)


def test_capping_at_100_is_info_and_the_budget_tree_has_no_error(temuan):
    capped = [r for r in temuan if r["aturan"] == "indikator.capaian_dibatasi"]
    assert capped and all(r["keparahan"] == "info" for r in capped)
    assert [r for r in temuan if r["keparahan"] == "error"] == []


def test_every_finding_has_a_listed_rule_with_page_and_severity(corpus_dataset):
    from extract.core.findings import RULES
    with open(corpus_dataset / "temuan.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["aturan"] in RULES for r in rows)
    assert all(r["keparahan"] in ("error", "warning", "info") and r["halaman"] for r in rows)
