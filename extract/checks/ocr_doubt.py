"""Figures read from a scan with digits Tesseract was unsure of: kept only when the report's own
arithmetic confirms them (a sum or a percent agrees), else left empty with a finding."""

from __future__ import annotations

from decimal import Decimal

from models.records import Report

from ..core.findings import fmt, rule, temuan
from ..pages.model import Word

# the findings this module writes: id, severity, what is checked, the message (Indonesian)
rule("ocr.angka_ragu", "warning",
     "a figure with digits OCR was unsure of, which no sum or percent confirms, was left empty",
     "OCR ragu membaca {kata}; tidak ada jumlah atau persen yang menguatkan baris ini, jadi {kolom} dikosongkan")


_FIELDS = {"anggaran": ("pagu", "realisasi", "persen"), "belanja": ("pagu", "realisasi", "persen"),
           "indikator": ("target", "realisasi", "capaian"), "pegawai": ("jumlah",), "wilayah": ("luas_km2",)}


def doubtful_words(words: list[Word], threshold: float) -> list[Word]:
    return [w for w in words if w.conf < threshold and any(ch.isdigit() for ch in w.text)]


def _inside(w: Word, page: int, bbox) -> bool:
    return w.page == page and bbox is not None and bbox[0] - 1 <= (w.x0 + w.x1) / 2 <= bbox[2] + 1 \
        and bbox[1] - 1 <= (w.top + w.bottom) / 2 <= bbox[3] + 1


def _percent_agrees(pct, part, whole) -> bool:
    if pct is None or not part or not whole:
        return pct is None
    return abs(Decimal(str(pct)) - Decimal(part) / Decimal(whole) * 100) <= Decimal("0.0051")


def _anggaran_confirmed(report: Report, row) -> bool:
    """Its lines add up to it, or it and its siblings add up to their parent; and its % fits."""
    by_id = {r.id_baris: r for r in report.anggaran}

    def adds_up(parent) -> bool:
        kids = [r for r in report.anggaran if r.id_induk == parent.id_baris]
        return bool(kids) and all(
            getattr(parent, f) is not None and all(getattr(k, f) is not None for k in kids)
            and sum(getattr(k, f) for k in kids) == getattr(parent, f) for f in ("pagu", "realisasi"))

    summed = adds_up(row) or (row.id_induk in by_id and adds_up(by_id[row.id_induk]))
    return summed and _percent_agrees(row.persen, row.realisasi, row.pagu)


def _confirmed(report: Report, table: str, row) -> bool:
    if table == "anggaran":
        return _anggaran_confirmed(report, row)
    if table == "belanja":
        kinds = {b.jenis: b for b in report.belanja}
        total, parts = kinds.get("total"), [b for b in report.belanja if b.jenis != "total"]
        return total is not None and len(parts) >= 2 and all(
            getattr(total, f) is not None and sum(getattr(b, f) or 0 for b in parts) == getattr(total, f)
            for f in ("pagu", "realisasi")) and _percent_agrees(row.persen, row.realisasi, row.pagu)
    if table == "indikator":
        return row.target is not None and row.realisasi is not None and row.capaian is not None and (
            _percent_agrees(row.capaian, row.realisasi, row.target) or _percent_agrees(row.capaian, row.target, row.realisasi))
    if table == "pegawai":
        sums = {}
        for p in report.pegawai:
            sums[p.dimensi] = sums.get(p.dimensi, 0) + p.jumlah
        return len(sums) >= 2 and len(set(sums.values())) == 1
    return False


def doubt_figures(report: Report, doubtful: list[Word]) -> None:
    """Empties the figures of rows holding an unsure digit that no sum confirms, with a finding."""
    if not doubtful:
        return
    for table, fields in _FIELDS.items():
        dropped = []
        for row in getattr(report, table):
            unsure = [w for w in doubtful if _inside(w, row.halaman, row.bbox)]
            if not unsure or _confirmed(report, table, row):
                continue
            was = {f: getattr(row, f) for f in fields if getattr(row, f, None) is not None}
            if not was:
                continue
            if table == "pegawai":
                dropped.append(row)  # a staff row is its count: without it there is no row
            else:
                for f in was:
                    setattr(row, f, None)
            name = getattr(row, "nama", None) or getattr(row, "indikator", None) or getattr(row, "kategori", None) \
                or getattr(row, "jenis", None) or getattr(row, "desa_kelurahan", "")
            words = ", ".join(f"'{w.text}' ({w.conf:.0f}%)" for w in unsure)
            report.temuan.append(temuan("ocr.angka_ragu", row.halaman, str(name)[:80], bbox=row.bbox,
                                        id_laporan=report.laporan.id_laporan, kata=words,
                                        kolom=", ".join(f"{f} {fmt(v)}" for f, v in was.items())))
        if dropped:
            setattr(report, table, [r for r in getattr(report, table) if all(r is not d for d in dropped)])
