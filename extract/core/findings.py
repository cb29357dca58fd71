"""Every finding lakip writes, in one list: its stable id (`aturan` in temuan.csv), its
severity, what it checks (for `lakip rules` and the README) and its message, in Indonesian
for the reviewers who read temuan.csv and the audit site.

Severity: `error` means the document contradicts itself; `warning` that something is probably
wrong (in the document or in the reading); `info` is worth knowing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from models import Temuan

from .numbers import angka


@dataclass(frozen=True)
class Rule:
    aturan: str
    keparahan: str
    checks: str  # English: what the rule checks (lakip rules, README)
    pesan: str  # Indonesian message template, filled with str.format


RULES: dict[str, Rule] = {}  # every rule, registered by the module whose code writes it


def rule(aturan: str, keparahan: str, checks: str, pesan: str) -> Rule:
    """Declare a rule next to the code that writes its findings."""
    assert aturan not in RULES, f"rule {aturan} declared twice"
    RULES[aturan] = Rule(aturan, keparahan, checks, pesan)
    return RULES[aturan]


# raised by models.validate.build, which turns a value its model refuses into a finding
rule("nilai.tidak_valid", "warning",
     "a value outside its valid range (NIP of 18 digits, year, money >= 0, percent) not exported",
     "nilai {kolom} {nilai} tidak diekspor: {alasan}")



def fmt(v) -> str:
    """A value inside a message, as Indonesian readers write it (1.234.567.890; 12,5)."""
    if isinstance(v, bool) or not isinstance(v, (int, float, Decimal)):
        return str(v)
    if v == int(v) and abs(v) < 10_000:
        return str(int(v))  # years, pages and counts are written without a separator
    return angka(v)


def plain(v) -> str | None:
    """A value in the nilai_* columns: plain, as every number of the dataset."""
    if v is None:
        return None
    if not isinstance(v, (int, float, Decimal)) or isinstance(v, bool):
        return str(v)
    d = Decimal(str(v))
    return str(int(d)) if d == d.to_integral_value() else f"{d.normalize():f}"


def temuan(aturan: str, halaman: int | None = None, subjek: str = "", dilaporkan=None, hitung=None, bbox=None,
           keparahan: str | None = None, id_laporan: str = "", halaman_lain: int | None = None, **values) -> Temuan:
    """One finding of rule `aturan`, its message filled from `values` (numbers written the
    Indonesian way) and its nilai_* columns from `dilaporkan` / `hitung` (plain)."""
    rule = RULES[aturan]
    selisih = None
    if isinstance(dilaporkan, (int, float, Decimal)) and isinstance(hitung, (int, float, Decimal)) \
            and not isinstance(dilaporkan, bool):
        selisih = plain(round(Decimal(str(dilaporkan)) - Decimal(str(hitung)), 4))
    values.setdefault("halaman", halaman if halaman else "?")
    values.setdefault("halaman_lain", halaman_lain if halaman_lain else "?")
    pesan = rule.pesan.format(**{k: fmt(v) for k, v in values.items()})
    return Temuan(id_laporan=id_laporan, aturan=aturan, keparahan=keparahan or rule.keparahan, pesan=pesan,
                  halaman=halaman,
                  subjek=str(subjek)[:120], nilai_dilaporkan=plain(dilaporkan), nilai_hitung=plain(hitung),
                  selisih=selisih, bbox=bbox, halaman_lain=halaman_lain)
