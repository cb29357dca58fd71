"""The words LAKIP table headers are made of, read loosely: abbreviations spelt out ('Thn',
'Real.', 'Angg.'), words spaced out letter by letter ('R e a l i s a s i'), split over lines
or glued ('RealisasiKeuangan'), and misspelt ('Realiasi', 'Angaran') are brought back to the
field's vocabulary, so that a role is recognised whatever one report's wording."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

# the field's header vocabulary: what a misspelt header word is corrected to
VOCABULARY = [
    "realisasi", "terealisasi", "anggaran", "alokasi", "pagu", "plafon", "capaian", "pencapaian", "persentase",
    "persen", "keuangan", "kinerja", "indikator", "sasaran", "strategis", "program", "kegiatan", "target",
    "satuan", "jumlah", "keterangan", "pendidikan", "golongan", "kelurahan", "penduduk", "triwulan", "rencana",
    "fisik", "tahun", "uraian", "kode", "rekening", "selisih", "penyerapan", "serapan", "efisiensi", "sisa",
    "belanja", "pendapatan", "silpa", "lokasi", "sumber", "dana", "output", "outcome", "tolok", "ukur", "nomor",
    "kategori", "predikat", "kriteria", "penilaian", "pangkat", "jabatan", "laki", "perempuan", "wanita",
    "pria", "desa", "luas", "wilayah", "total", "renstra", "rpjmd", "sebelumnya", "lalu", "akhir", "awal",
    "perubahan", "murni", "revisi", "nilai", "rupiah", "jiwa", "hektar", "kepadatan", "dokumen",
]
ABBREVIATIONS = {
    "thn": "tahun", "th": "tahun", "ta": "tahun anggaran", "tw": "triwulan", "trw": "triwulan", "tri": "triwulan",
    "real": "realisasi", "rea": "realisasi", "realis": "realisasi", "angg": "anggaran", "ang": "anggaran",
    "keu": "keuangan", "jml": "jumlah", "jmlh": "jumlah", "ket": "keterangan", "sat": "satuan",
    "ind": "indikator", "indik": "indikator", "prosentase": "persentase", "presentase": "persentase",
    "pros": "persentase", "capai": "capaian", "trgt": "target", "tgt": "target", "gol": "golongan",
    "pend": "pendidikan", "kel": "kelurahan", "lk": "laki", "pr": "perempuan", "no": "no", "nmr": "nomor",
    "prog": "program", "keg": "kegiatan", "subkegiatan": "sub kegiatan", "renja": "rencana",
    "thdp": "terhadap", "thd": "terhadap", "trhdp": "terhadap", "thdap": "terhadap",
}
_WORD = re.compile(r"%|[a-z]+|\d+(?:[.,]\d+)*")


def _spaced_letters(text: str) -> str:
    """'R e a l i s a s i' -> 'Realisasi' (headers spaced out to fill a wide cell)."""
    return re.sub(r"\b(?:\w ){2,}\w\b", lambda m: m.group(0).replace(" ", ""), text)


@lru_cache(maxsize=4096)
def _word(token: str) -> str:
    if token in ABBREVIATIONS:
        return ABBREVIATIONS[token]
    if len(token) < 4 or token in VOCABULARY or token.isdigit():
        return token
    # a misspelling keeps its first letter ('Realiasi', 'Angaran'); 'bencana' is not 'rencana'
    close = [w for w in difflib.get_close_matches(token, VOCABULARY, n=3, cutoff=0.84 if len(token) >= 5 else 0.88)
             if w[0] == token[0]][:1]
    if close:
        return close[0]
    for w in ("realisasi", "anggaran", "keuangan", "kinerja", "capaian", "target", "program", "kegiatan", "kode"):
        if token.startswith(w) and len(token) > len(w) + 3:  # glued words: 'realisasikeuangan'
            return w + " " + _word(token[len(w):])
    return token


@lru_cache(maxsize=4096)
def normalize_header(text: str) -> str:
    """A header cell's text in the field's words: lower case, punctuation gone but '%',
    abbreviations and misspellings resolved, 's.d.' as 'sd'."""
    t = _spaced_letters(" ".join((text or "").split())).lower()
    t = re.sub(r"\bs\s*[./]\s*d\b\.?", " sd ", t)
    t = re.sub(r"\bt\s*\.\s*a\b\.?", " ta ", t)
    t = t.replace("(rp)", " rp ").replace("rp.", " rp ")
    return " ".join(_word(tok) for tok in _mend_broken(_WORD.findall(t)))


def _mend_broken(tokens: list[str]) -> list[str]:
    """A narrow header cell breaks a word over two lines ('Targe t', 'Renst ra', 'Satua n'): two
    tokens that make a vocabulary word together, the first not one by itself, are that word."""
    out: list[str] = []
    for tok in tokens:
        if out and tok.isalpha() and out[-1].isalpha() and out[-1] not in VOCABULARY \
                and out[-1] not in ABBREVIATIONS and out[-1] + tok in VOCABULARY:
            out[-1] += tok
        else:
            out.append(tok)
    return out
