"""Extraction code must work from the structure of LAKIPs, not from one document's contents."""

from __future__ import annotations

import json
import re

from conftest import CORPUS, ROOT

CODE = [p for d in ("extract", "models") for p in (ROOT / d).rglob("*.py")]


def _corpus_terms() -> set[str]:
    terms = set()
    for t in CORPUS.glob("*.truth.json"):
        truth = json.loads(t.read_text(encoding="utf-8"))
        lap = truth["laporan"]
        terms |= {lap["kecamatan"], lap["kabupaten_kota"], lap["penandatangan"], lap["tempat_laporan"], lap["nip_penandatangan"]}
        terms |= {w["desa_kelurahan"] for w in truth["wilayah"]}
        for b in truth["belanja"]:
            terms |= {str(b["pagu"]), f"{b['pagu']:,}".replace(",", ".")}
    return terms


def test_no_corpus_name_or_figure_in_extraction_code():
    text = {p: p.read_text(encoding="utf-8").lower() for p in CODE}
    hits = [(p.name, term) for term in _corpus_terms() for p, t in text.items()
            if re.search(r"\b" + re.escape(term.lower()) + r"\b", t)]
    assert hits == []
