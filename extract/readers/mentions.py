"""One fact, many mentions: a budget line printed in the realisation table, again in a plan
table, in an executive-summary list and in a paragraph is one row, taken from its most
authoritative mention (a table with realisation over a table of pagu only, over prose). A
mention whose figures disagree becomes a finding naming both values and both pages."""

from __future__ import annotations

import difflib
import re

from ..core.findings import rule
from ..core.patterns import normalize_space
from .anggaran import Line, report_unplaced
from .common import Context

# the findings this module writes: id, severity, what is checked, the message (Indonesian)
rule("anggaran.rencana_dilewati", "info",
     "a plan table's lines (Renja, RKA, pagu indikatif) that the realisation table does not hold are not exported",
     "tabel rencana '{judul}' (halaman {halaman}) memuat pagu indikatif; laporan ini memuat tabel realisasi, "
     "jadi {n} baris yang hanya ada di tabel rencana tidak diekspor")
rule("anggaran.sebutan_berbeda", "warning",
     "a budget line printed in two tables with different figures (the more authoritative one is exported)",
     "{field} '{nama}' tercetak {dipakai} di halaman {halaman_lain} tetapi {lain} di halaman {halaman}; "
     "nilai {sumber} yang diekspor")

# words that name who carries a kegiatan out, or where, added in prose to a line's name
_TAIL = re.compile(r"\s+(?:(?:yang\s+)?(?:di)?laka?s+anakan|oleh\s+(?:badan|dinas|biro|bidang|seksi|uptd)"
                   r"|pada\s+(?:badan|dinas|biro)|,?\s*dengan\s+(?:alokasi|anggaran|pagu|jumlah)|,?\s*melalui\b).*$", re.I)
_LEVEL = re.compile(r"^\s*(?:sub\s*kegiatan|kegiatan|program)\s*:?\s*", re.I)
_FIRST_WORD = re.compile(r"^\s*([A-Za-z]+)\s+")


def _drop_misspelt_level(name: str) -> str:
    """'Kegiatn Penyusunan ...', 'Progam ...': a level word mistyped is still the level word."""
    m = _FIRST_WORD.match(name)
    if m and any(difflib.SequenceMatcher(None, m.group(1).lower(), w).ratio() >= 0.8 for w in ("kegiatan", "program")):
        return name[m.end():]
    return name


def _key(name: str) -> str:
    t = _drop_misspelt_level(_LEVEL.sub("", normalize_space(name)))
    t = _TAIL.sub("", t)
    return " ".join(re.findall(r"[a-z0-9]+", t.lower()))


def _likeness(a: str, b: str) -> float:
    """How surely two names are one line's: the same words, one name holding the other's
    (at least three words), or a close spelling."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    wa, wb = a.split(), b.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(short) >= 3 and " ".join(short) in " ".join(long_):
        return 0.95
    if len(short) >= 2 and long_[:len(short)] == short and all(re.fullmatch(r"\d{4}", w) for w in long_[len(short):]):
        return 0.95  # 'Festival Kuliner' / 'Festival Kuliner 2016': the year added
    return difflib.SequenceMatcher(None, a, b).ratio()


def authority(ln: Line, real_groups: set[str]) -> int:
    """3 a table with realisation, 2 a table of pagu only, 1 prose with realisation, 0 other prose."""
    if ln.sumber == "tabel":
        return 3 if ln.group in real_groups else 2
    return 1 if ln.realisasi is not None else 0


def _overlap(a: str, b: str) -> float:
    """Share of the shorter name's words found in the other ('... Kantor' / '... Kantor Dinas Provinsi')."""
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def _same_figures(a: Line, b: Line) -> bool:
    """Both the pagu and the realisasi printed, and equal; or one of them printed by both, equal
    to the rupiah and not a round amount (a realisation of 1.317.842.560 is no coincidence)."""
    if all(getattr(a, f) is not None and getattr(a, f) == getattr(b, f) for f in ("pagu", "realisasi")):
        return True
    shared = [(getattr(a, f), getattr(b, f)) for f in ("pagu", "realisasi")
              if getattr(a, f) is not None and getattr(b, f) is not None]
    return bool(shared) and all(x == y for x, y in shared) and any(x >= 10_000_000 and x % 1_000_000 for x, _ in shared)


_COMMON_CAPS = {"UPTD", "APBD", "APBN", "DAK", "OPD", "SKPD", "BLUD", "PNS", "ASN", "TP", "DK", "DBHCHT", "RSUD"}


def _acronyms(name: str) -> set[str]:
    """A unit's or a scheme's own acronym in a name ('BPSB', 'BLKI'), not the field's common ones."""
    words = re.findall(r"[A-Za-z]+", name)
    if sum(w.isupper() for w in words) > len(words) / 2:
        return set()  # a name written in capitals has no acronym to tell
    return {w for w in re.findall(r"\b[A-Z]{3,8}\b", name) if w not in _COMMON_CAPS}


def _twin_figures(a: Line, b: Line) -> bool:
    """Pagu and realisasi both printed by both, equal, the realisation uneven ('2.046.813.729'):
    two kegiatan of a report never share such a pair by chance."""
    return all(getattr(a, f) is not None and getattr(a, f) == getattr(b, f) for f in ("pagu", "realisasi")) \
        and a.realisasi >= 1_000_000 and a.realisasi % 1000 != 0


def _figures_agree(a: Line, b: Line) -> bool | None:
    """True when a shared figure is equal, False when one differs, None when none is shared."""
    shared = [(getattr(a, f), getattr(b, f)) for f in ("pagu", "realisasi")
              if getattr(a, f) is not None and getattr(b, f) is not None]
    if not shared:
        return None
    return all(x == y for x, y in shared)


def merge_mentions(lines: list[Line], ctx: Context, unplaced: list[Line] = ()) -> list[Line]:
    """The budget lines of every table and of the prose, each fact once (see the module).
    `unplaced`: table rows whose level their own table does not tell; one that another mention
    places (the same name, figures not contradicting) is that line's mention, the others are
    reported and left out."""
    real_groups = {ln.group for ln in lines if ln.sumber == "tabel" and ln.realisasi is not None}
    for ln in list(lines) + list(unplaced):
        ln.printed.setdefault(ln.group, (ln.pagu, ln.realisasi))
    order = {id(ln): k for k, ln in enumerate(lines)}
    ranked = sorted(lines, key=lambda ln: (-authority(ln, real_groups), order[id(ln)]))
    kept: list[Line] = []
    alias: dict[int, Line] = {}
    keys = {id(ln): _key(ln.nama) for ln in lines}
    # a table naming one line twice with other figures gives shares (per indicator, per unit):
    # its rows are not other mentions of another table's lines unless their figures agree
    seen: dict[str, set] = {}
    shares = set()
    for ln in lines:
        if ln.sumber == "tabel" and (ln.pagu is not None or ln.realisasi is not None):
            # (a program and its only kegiatan often share a name: that is not a share)
            if (ln.tingkat, keys[id(ln)]) in seen.setdefault(ln.group, set()):
                shares.add(ln.group)
            seen[ln.group].add((ln.tingkat, keys[id(ln)]))
    for ln in ranked:
        best, best_score = None, 0.0
        for k in kept:
            if (k.group == ln.group and ln.sumber == "tabel") or k.unit != ln.unit:
                continue  # two rows of one table are two lines, however alike their names
            score = _likeness(keys[id(k)], keys[id(ln)])
            if _same_figures(k, ln) and _overlap(keys[id(k)], keys[id(ln)]) >= 0.75:
                score = max(score, 0.95)  # pagu and realisasi to the rupiah, most words shared: one line
            elif k.tingkat == ln.tingkat and _twin_figures(k, ln) and _overlap(keys[id(k)], keys[id(ln)]) >= 0.4:
                score = max(score, 0.95)  # both figures to the rupiah, an uneven realisation: one line renamed
            elif k.tingkat == ln.tingkat and k.pagu is not None and k.pagu == ln.pagu and _acronyms(k.nama) and \
                    _acronyms(k.nama) == _acronyms(ln.nama) and _overlap(keys[id(k)], keys[id(ln)]) >= 0.6:
                # 'Penyelenggaraan Administrasi Perkantoran UPTD BPSB' / '... Balai Pengawasan
                # dan Sertifikasi Benih (BPSB)': the unit's acronym and the budget
                score = max(score, 0.95)
            if k.tingkat != ln.tingkat and (ln.sumber == "tabel" or k.sumber != "tabel" or score < 0.95
                                            or alias.get(id(ln.parent), ln.parent) is k):
                continue  # prose may name a table line's level otherwise, for the very same name
                # (a program and its only kegiatan often share a name: they stay two lines)
            agree = _figures_agree(k, ln)
            if agree is False and k.sumber == ln.sumber == "tabel" and {k.group, ln.group} & shares:
                continue
            if agree is True:
                score += 0.1
            elif agree is False:
                score -= 0.05
            if score > best_score:
                best, best_score = k, score
        if best is None or best_score < 0.9:
            kept.append(ln)
            continue
        _merge_into(best, ln, ctx)
        alias[id(ln)] = best
    _place(kept, list(unplaced), ctx)
    if real_groups:  # the year's realisation is printed: a plan's other lines are not this budget's
        plans = [ln for ln in kept if ln.rencana and ln.group not in real_groups]
        for group in dict.fromkeys(ln.group for ln in plans):
            mine = [ln for ln in plans if ln.group == group]
            ctx.finding("anggaran.rencana_dilewati", mine[0].halaman, mine[0].rencana[:60], judul=mine[0].rencana,
                        n=len(mine))
        kept = [ln for ln in kept if not (ln.rencana and ln.group not in real_groups)]
    for ln in kept:
        while ln.parent is not None and id(ln.parent) in alias:
            ln.parent = alias[id(ln.parent)]
    kept.sort(key=lambda ln: order[id(ln)])
    return kept


def _place(kept: list[Line], unplaced: list[Line], ctx: Context) -> None:
    taken: set[tuple[int, str]] = set()  # (line, table): one row per table for each line
    lost = []
    for u in sorted(unplaced, key=lambda u: u.realisasi is None):  # a realisation table's rows first
        ku = _key(u.nama)
        best, best_score = None, 0.0
        for k in kept:
            if (id(k), u.group) in taken or k.unit != u.unit or k.group == u.group:
                continue
            score = _likeness(_key(k.nama), ku)
            agree = _figures_agree(k, u)
            if agree is False and score < 0.95:
                continue  # a looser name match must not contradict a figure
            score += 0.1 if agree else 0.0
            if score > best_score:
                best, best_score = k, score
        if best is None or best_score < 0.9:
            lost.append(u)
            continue
        taken.add((id(best), u.group))
        if u.realisasi is not None and best.realisasi is None:
            # the realisation table's row is the more authoritative mention: its figures and page
            _merge_into(u, best, ctx)
            for f in ("pagu", "realisasi", "persen", "persen_fisik", "halaman", "bbox"):
                setattr(best, f, getattr(u, f))
            best.rencana = ""  # realised: not a plan's line any more
        else:
            _merge_into(best, u, ctx)
    report_unplaced(ctx, lost)


def _merge_into(kept: Line, other: Line, ctx: Context) -> None:
    """`other` is another mention of `kept`: it fills what `kept` lacks; a differing figure is a
    finding (table against prose keeps its old rule id)."""
    for g, figures in other.printed.items():
        kept.printed.setdefault(g, figures)
    for f in ("pagu", "realisasi"):
        mine, theirs = getattr(kept, f), getattr(other, f)
        if mine is not None and theirs is not None and mine != theirs:
            if {kept.sumber, other.sumber} == {"tabel", "narasi"}:
                table, text = (kept, other) if kept.sumber == "tabel" else (other, kept)
                ctx.finding("anggaran.tabel_narasi_berbeda", text.halaman, kept.nama[:60], getattr(text, f),
                            getattr(table, f), text.bbox, halaman_lain=table.halaman, field=f, nama=kept.nama,
                            di_tabel=getattr(table, f), halaman_tabel=table.halaman, di_teks=getattr(text, f),
                            halaman_teks=text.halaman)
            else:
                ctx.finding("anggaran.sebutan_berbeda", other.halaman, kept.nama[:60], theirs, mine, other.bbox,
                            halaman_lain=kept.halaman, field=f, nama=kept.nama, dipakai=mine, lain=theirs,
                            sumber="tabel realisasi" if kept.realisasi is not None else "tabel")
        elif mine is None and theirs is not None:
            setattr(kept, f, theirs)
    for f in ("persen", "persen_fisik", "kode"):
        if getattr(kept, f) is None and getattr(other, f) is not None:
            setattr(kept, f, getattr(other, f))
    if kept.parent is None and other.parent is not None and kept.tingkat != "program":
        kept.parent = other.parent
