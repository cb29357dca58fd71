"""Public reference lists (Kemendagri region codes, budget nomenclature), read from a
folder the user names (`--reference DIR` or $LAKIP_REFERENCE). Without them the
code columns stay empty and everything else works."""

from __future__ import annotations

import csv
import difflib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ENV = "LAKIP_REFERENCE"


def norm_name(text) -> str:
    """'Kec. Sungai  Lilin-Jaya' -> 'sungai lilin jaya' (an empty cell, read by pandas as NaN, -> '')."""
    t = text.lower() if isinstance(text, str) else ""
    t = re.sub(r"^(kabupaten|kab\.?|kota|provinsi|prov\.?|kecamatan|kec\.?)\s+", "", t.strip())
    return re.sub(r"[^a-z0-9]+", " ", t).strip()


@dataclass
class Region:
    kode: str
    nama: str
    tingkat: str
    kode_induk: str


@dataclass
class Reference:
    folder: Path | None
    regions: dict[str, Region] = field(default_factory=dict)
    by_level: dict[str, dict[str, list[Region]]] = field(default_factory=dict)
    nomenklatur: dict[str, dict[str, str]] = field(default_factory=dict)  # tingkat -> norm name -> kode

    @property
    def available(self) -> bool:
        return bool(self.regions)

    def kabupaten(self, name: str) -> Region | None:
        return self._find("kabupaten_kota", name)

    def provinsi_of(self, region: Region) -> Region | None:
        r = region
        while r and r.tingkat != "provinsi":
            r = self.regions.get(r.kode_induk)
        return r

    def kecamatan(self, name: str, kabupaten: Region | None) -> Region | None:
        cands = self.by_level.get("kecamatan", {})
        key = norm_name(name)
        pool = [r for rs in cands.values() for r in rs if kabupaten and r.kode_induk == kabupaten.kode] \
            if kabupaten else cands.get(key, [])
        exact = [r for r in pool if norm_name(r.nama) == key]
        if exact:
            return exact[0] if len(exact) == 1 else None
        names = {norm_name(r.nama): r for r in pool}
        close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.85)
        return names[close[0]] if close and kabupaten else None

    def _find(self, tingkat: str, name: str) -> Region | None:
        rs = self.by_level.get(tingkat, {}).get(norm_name(name), [])
        if len(rs) == 1:
            return rs[0]
        if len(rs) > 1:  # 'Kabupaten X' and 'Kota X' both exist: prefer what the text says
            want = "kota" if re.match(r"^\s*kota\b", name or "", re.I) else "kabupaten"
            pick = [r for r in rs if r.nama.lower().startswith(want)]
            return pick[0] if len(pick) == 1 else None
        return None

    def levels_named(self, nama: str) -> set[str]:
        """The levels at which the nomenclature has this name; a misspelt name ('Penatusahaan')
        is matched only when all its close matches are at one level."""
        key = norm_name(re.sub(r"^program\s+", "", nama, flags=re.I))
        exact = {t for t, names in self.nomenklatur.items() if key in names}
        if exact:
            return exact
        close = {t for t, names in self.nomenklatur.items()
                 if difflib.get_close_matches(key, list(names), n=1, cutoff=0.93)}
        return close

    def kecamatan_anywhere(self, name: str) -> Region | None:
        """A kecamatan by its name alone, when only one kabupaten/kota has it."""
        rs = self.by_level.get("kecamatan", {}).get(norm_name(name), [])
        return rs[0] if len(rs) == 1 else None

    def nomenklatur_code(self, tingkat: str, nama: str, bidang: str | None = None) -> str | None:
        """The national code of a line by its exact (normalized) name; the shared support
        programs' template code 'X.XX' takes the bidang when known (kecamatan: 7.01)."""
        kode = self.nomenklatur.get(tingkat, {}).get(norm_name(nama)) or None
        if kode and kode.upper().startswith("X.XX"):
            return bidang + kode[4:] if bidang else None
        return kode


@lru_cache(maxsize=4)
def load(folder: str | None) -> Reference:
    if not folder:
        folder = os.environ.get(ENV) or None
    if not folder:
        return Reference(None)
    root = Path(folder)
    ref = Reference(root)
    wil = root / "wilayah.csv"
    if wil.exists():
        with open(wil, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                r = Region(row["kode"], row["nama"], row["tingkat"], row.get("kode_induk") or "")
                ref.regions[r.kode] = r
                if r.tingkat != "desa_kelurahan":
                    ref.by_level.setdefault(r.tingkat, {}).setdefault(norm_name(r.nama), []).append(r)
    nom = root / "nomenklatur.csv"
    if nom.exists():
        with open(nom, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["tingkat"] in ("program", "kegiatan", "sub_kegiatan"):
                    names = ref.nomenklatur.setdefault(row["tingkat"], {})
                    key = norm_name(re.sub(r"^program\s+", "", row["nama"], flags=re.I))
                    # a name printed under several codes is ambiguous: resolve nothing
                    names[key] = "" if key in names and names[key] != row["kode"] else row["kode"]
    return ref
