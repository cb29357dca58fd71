"""Field-by-field comparison of an exported dataset with a hand-checked truth JSON.

Stricter than ../shared/tools/score.py: names must match exactly (after whitespace
folding), and the page of every figure is a fact too. Returns a scorecard of
facts found / facts in truth / facts exported per table, and the list of misses.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path


def _n(x):
    if x is None or str(x).strip() == "":
        return None
    try:
        return float(x)
    except ValueError:
        return None


def _s(x) -> str:
    return re.sub(r"\s+", " ", str(x or "")).strip()


def _rows(out: Path, table: str, rid: str) -> list[dict]:
    with open(out / f"{table}.csv", newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r.get("id_laporan") == rid]


@dataclass
class Card:
    found: dict[str, int] = field(default_factory=dict)
    truth: dict[str, int] = field(default_factory=dict)
    exported: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def fact(self, table: str, ok: bool, what: str) -> None:
        self.truth[table] = self.truth.get(table, 0) + 1
        self.found[table] = self.found.get(table, 0) + bool(ok)
        if not ok:
            self.misses.append(f"{table}: {what}")

    def exported_facts(self, table: str, n: int) -> None:
        self.exported[table] = self.exported.get(table, 0) + n

    @property
    def complete(self) -> bool:
        return not self.misses and all(self.exported.get(k, 0) == v for k, v in self.truth.items())

    def render(self, title: str) -> str:
        lines = [f"scorecard {title}", f"  {'table':10s} {'found':>6s} {'truth':>6s} {'exported':>9s}"]
        for t in self.truth:
            lines.append(f"  {t:10s} {self.found[t]:6d} {self.truth[t]:6d} {self.exported.get(t, 0):9d}")
        tf, tt, te = sum(self.found.values()), sum(self.truth.values()), sum(self.exported.values())
        lines.append(f"  {'all':10s} {tf:6d} {tt:6d} {te:9d}")
        lines += [f"  MISS {m}" for m in self.misses[:40]]
        return "\n".join(lines)


def compare(out: Path, truth: dict, rid: str) -> Card:
    card = Card()
    num = lambda a, b, tol=0.0051: a is not None and b is not None and abs(float(a) - float(b)) <= tol

    if "laporan" in truth:
        rows = _rows(out, "laporan", rid)
        o = rows[0] if rows else {}
        for k, v in truth["laporan"].items():
            got = o.get(k)
            ok = num(_n(got), v, 0) if isinstance(v, (int, float)) else _s(got) == _s(v)
            card.fact("laporan", ok, f"{k}: want {v!r} got {got!r}")
        card.exported_facts("laporan", sum(1 for k in truth["laporan"] if _s(o.get(k))))

    if "belanja" in truth:
        rows = {r["jenis"]: r for r in _rows(out, "belanja", rid)}
        for t in truth["belanja"]:
            o = rows.get(t["jenis"], {})
            for f in ("pagu", "realisasi", "persen", "halaman"):
                if t.get(f) is not None:
                    card.fact("belanja", num(_n(o.get(f)), t[f]), f"{t['jenis']}.{f}: want {t[f]} got {o.get(f)}")
        card.exported_facts("belanja", sum(1 for r in rows.values() for f in ("pagu", "realisasi", "persen", "halaman")
                                           if _n(r.get(f)) is not None))

    if "anggaran" in truth:
        rows = _rows(out, "anggaran", rid)
        by_id = {r["id_baris"]: r for r in rows}
        index = {(r["tingkat"], _s(r["nama"])): r for r in rows}
        fields = ("pagu", "realisasi", "persen", "halaman")
        for t in truth["anggaran"]:
            o = index.get((t["tingkat"], _s(t["nama"])))
            card.fact("anggaran", o is not None, f"line {t['tingkat']} {t['nama']!r} not exported")
            o = o or {}
            for f in fields:
                if t.get(f) is not None:
                    card.fact("anggaran", num(_n(o.get(f)), t[f]), f"{t['nama'][:40]}.{f}: want {t[f]} got {o.get(f)}")
            parent = by_id.get(o.get("id_induk") or "", {}).get("nama")
            card.fact("anggaran", _s(parent) == _s(t.get("induk")) if t.get("induk") else not o.get("id_induk"),
                      f"{t['nama'][:40]}.induk: want {t.get('induk')!r} got {parent!r}")
        card.exported_facts("anggaran", sum(2 + sum(_n(r.get(f)) is not None for f in fields) for r in rows))
        # name + parent per line, then each figure; truth counts the same way
        card.truth["anggaran"] = sum(2 + sum(t.get(f) is not None for f in fields) for t in truth["anggaran"])

    if "indikator" in truth:
        rows = _rows(out, "indikator", rid)
        index = {_s(r["indikator"]): r for r in rows}
        fields = ("target", "realisasi", "capaian", "halaman")
        for t in truth["indikator"]:
            o = index.get(_s(t["indikator"])) or {}
            for f in fields:
                if t.get(f) is not None:
                    card.fact("indikator", num(_n(o.get(f)), t[f]), f"{t['indikator'][:40]}.{f}: want {t[f]} got {o.get(f)}")
            if t.get("sasaran"):
                card.fact("indikator", _s(o.get("sasaran")) == _s(t["sasaran"]),
                          f"{t['indikator'][:40]}.sasaran: want {t['sasaran']!r} got {o.get('sasaran')!r}")
        card.exported_facts("indikator", sum(sum(_n(r.get(f)) is not None for f in fields) + bool(_s(r.get("sasaran")))
                                             for r in rows))

    if "pegawai" in truth:
        rows = {(r["dimensi"], r["kategori"]): r for r in _rows(out, "pegawai", rid)}
        for t in truth["pegawai"]:
            o = rows.get((t["dimensi"], t["kategori"]), {})
            card.fact("pegawai", num(_n(o.get("jumlah")), t["jumlah"], 0) and num(_n(o.get("halaman")), t["halaman"], 0),
                      f"{t['dimensi']} {t['kategori']}: want {t['jumlah']} p{t['halaman']} got {o.get('jumlah')} p{o.get('halaman')}")
        card.exported_facts("pegawai", len(rows))

    if "wilayah" in truth:
        rows = {_s(r["desa_kelurahan"]): r for r in _rows(out, "wilayah", rid)}
        for t in truth["wilayah"]:
            o = rows.get(_s(t["desa_kelurahan"]), {})
            card.fact("wilayah", num(_n(o.get("luas_km2")), t["luas_km2"], 0.0001) and
                      (t.get("halaman") is None or num(_n(o.get("halaman")), t["halaman"], 0)),
                      f"{t['desa_kelurahan']}: want {t['luas_km2']} got {o.get('luas_km2')}")
        card.exported_facts("wilayah", len(rows))
    return card
