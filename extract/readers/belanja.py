"""Belanja totals: the budget and its realisation by kind of spending (operasi, modal,
pegawai, barang dan jasa; before 2021 langsung / tidak langsung), from prose
("anggaran ... sebesar Rp X dengan rincian: Belanja Operasi sebesar Rp ...") and
from rows of budget tables labelled with a kind of belanja."""

from __future__ import annotations

import re

from ..core.findings import rule
from ..core.numbers import percent_agrees
from ..core.patterns import parse_amount, parse_decimal, to_plain
from .common import Context
from .prose import PAGU_WORDS, REAL_WORDS, ProseDoc

# the findings this module writes: id, severity, what is checked, the message (Indonesian)
rule("belanja.nilai_berbeda", "warning",
     "the same belanja figure printed with two values (a table's over the text's, a statement with its "
     "realisation over one without, else the first)",
     "{field} {jenis} tercetak {pertama} (halaman {halaman_lain}) dan di tempat lain {lain} (halaman {halaman}); "
     "yang pertama diekspor")


KINDS: list[tuple[str, str]] = [
    ("belanja_tidak_langsung", r"belanja\s+tidak\s+langsung"),
    ("belanja_langsung", r"belanja\s+langsung"),
    ("belanja_operasi", r"belanja\s+operasi"),
    ("belanja_modal", r"belanja\s+modal"),
    ("belanja_pegawai", r"belanja\s+pegawai"),
    ("belanja_barang_jasa", r"belanja\s+barang\s*(?:dan|&)?\s*jasa"),
    ("belanja_tidak_terduga", r"belanja\s+tidak\s+terduga"),
    ("belanja_transfer", r"belanja\s+transfer"),
    ("pendapatan", r"^\s*pendapatan\b"),
]
_LEVEL = re.compile(r"\b(program|kegiatan|sub\s*kegiatan)\b", re.I)
# 'melaksanakan program dan kegiatan dengan total belanja ...': all of them, not one item
_GENERIC_LEVELS = re.compile(r"\bprogram\s*(?:dan|/|&)\s*kegiatan\b", re.I)
_ITEM_START = re.compile(r"^\W*(?:\w{1,3}[.)]\s*)?(program|kegiatan|sub\s*kegiatan)\b", re.I)
_TOTAL_CUE = re.compile(r"\b(total|seluruh|keseluruhan|dianggarkan|disediakan|apbd|apbn|dpa|jumlah\s+anggaran)\b", re.I)
_NOT_TOTAL = re.compile(r"\b(dana\s+desa|alokasi\s+dana\s+desa|add|dd|bantuan|hibah|pajak|retribusi|gaji|"
                        r"dekonsentrasi|tugas\s+pembantuan|dak|dana\s+alokasi\s+khusus)\b", re.I)
# (funds of other sources and scopes: transfers to the kabupaten, the centre's deconcentration funds)


def kind_of(text: str) -> str | None:
    for kind, pat in KINDS:
        if re.search(pat, text, re.I):
            return kind
    return None


def _mode(doc, upto: int, back: int = 80) -> str | None:
    """pagu or realisasi: the nearest keyword before the amount."""
    for t in reversed(doc[max(0, upto - back):upto]):
        low = t.lower_
        if low in REAL_WORDS:
            return "realisasi"
        if low in PAGU_WORDS:
            if t.i > 0 and doc[t.i - 1].lower_ in REAL_WORDS and upto - t.i <= 4:
                return "realisasi"  # 'realisasi anggaran sebesar Rp': the budget's realisation
            return "pagu"
    return None


def _realisasi_follows(doc, i: int, reach: int = 15) -> bool:
    """The next amount, close by in the same sentence and of no other kind, is a realisation."""
    for t in doc[i + 1:i + 1 + reach]:
        if t.text == ".":
            return False
        if t.ent_type_ == "MONEY":
            between = doc[i + 1:t.i]
            return kind_of(between.text) is None and any(w.lower_ in REAL_WORDS for w in between)
    return False


def _clause_start(doc, i: int) -> int:
    """Back to the previous amount, sentence end or list item."""
    k = i - 1
    while k >= 0:
        t = doc[k]
        if t.ent_type_ in ("MONEY", "PERCENT") or t.text in (".", ";", ":") or re.fullmatch(r"\d{1,2}[.)]", t.text):
            return k + 1
        k -= 1
    return 0


def read_belanja_prose(ctx: Context, prose: ProseDoc) -> dict[str, dict]:
    doc = prose.doc
    found: dict[str, dict] = {}
    last: tuple[str, int] | None = None  # the kind of the previous amount and where it stood
    unnamed: list = []  # amounts no kind or total cue claimed: one may be the parts' sum
    skipped: int | None = None  # where the last amount of another scope (a program's, a transfer's) stood
    for tok in doc:
        if tok.ent_type_ != "MONEY":
            continue
        unnamed.append(tok)
        start = _clause_start(doc, tok.i)
        clause = doc[start:tok.i].text
        kind = kind_of(clause)
        after = doc[tok.i + 1:tok.i + 4].text.lower()
        in_clause = _mode(doc, tok.i, tok.i - start)
        if kind is None and last and in_clause == "realisasi" and not any(
                t.text == "." and doc[t.i - 1].lower_ not in ("rp", "rp.") for t in doc[last[1]:tok.i]) \
                and tok.i - last[1] < 15:
            kind = last[0]  # '... Gaji Rp 7.250.000.000,- dengan realisasi sebesar Rp 7.012.345.678': the same kind's
        if kind is None and in_clause == "realisasi" and skipped is not None and tok.i - skipped < 15:
            continue  # the realisation of an amount of another scope, just skipped
        if kind is None:
            if _LEVEL.search(_GENERIC_LEVELS.sub(" ", clause)) or _NOT_TOTAL.search(clause):
                skipped = tok.i
                continue
            if not (_TOTAL_CUE.search(clause) or "rincian" in after):
                continue
            if not re.search(r"\b(anggaran|dana|pagu|alokasi|realisasi|terealisasi|belanja)", clause, re.I):
                continue
            kind = "total"
        elif _LEVEL.search(clause) and _LEVEL.search(clause).start() < re.search(dict(KINDS)[kind], clause, re.I).start():
            continue  # 'Kegiatan ... belanja pegawai Rp': an item's; 'Belanja Langsung (BL) Kegiatan Rp': the kind's
        # the nearest word of the clause says pagu or realisasi; a kind named with its amount and no
        # such word, its realisation next ('Belanja Langsung (BL) Kegiatan Rp 12.500.000.000,- dengan
        # realisasi sebesar Rp ...'), states its budget; else the words before the clause decide (a list
        # under 'realisasi ... dengan rincian:')
        mode = in_clause or ("pagu" if kind_of(clause) and _realisasi_follows(doc, tok.i) else _mode(doc, tok.i))
        if mode is None:
            continue
        last = (kind, tok.i)
        got = parse_amount(tok.text)
        if got is None or not hasattr(got, "value"):
            continue
        page, bbox = prose.where(doc[tok.i:tok.i + 1])
        rec = found.setdefault(kind, {"jenis": kind})
        value = to_plain(got.value)
        source = _funding_source(doc[max(0, tok.i - 40):tok.i].text)
        rec.setdefault("_sumber", source)
        if source and rec["_sumber"] and source != rec["_sumber"]:
            continue  # another funding source's budget (APBN dekonsentrasi beside APBD): not this total
        if mode in rec:
            if mode == "realisasi" and rec[mode] == value and "persen" not in rec:
                pct = _percent_after(doc, tok.i)
                if pct is not None:
                    rec["persen"] = pct
            if rec[mode] != value and mode == "pagu" and kind != "total" and "realisasi" not in rec \
                    and _realisasi_follows(doc, tok.i):
                # (not for the total: a program's or a mission's 'jumlah anggaran' is no restatement of it)
                # the fuller statement (budget with its realisation) over a budget stated alone
                rec["_before"] = {k: rec[k] for k in ("pagu", "halaman", "bbox") if k in rec}
                rec.update(pagu=value, halaman=page, bbox=bbox)
                rec.pop("persen", None)
                continue
            if rec[mode] != value:
                rec.setdefault("_lain", []).append((mode, value, page, bbox))
                last = None  # another scope's figure (a part of the kind): its realisation is not the kind's
            continue
        unnamed.remove(tok)
        rec[mode] = value
        rec.setdefault("halaman", page)
        rec.setdefault("bbox", bbox)
        if mode == "pagu" and "persen" not in rec and start > 0 and doc[start - 1].ent_type_ == "PERCENT" \
                and doc[start].lower_ == "dari":
            # 'kinerja keuangan ... sebesar 93,40% dari jumlah anggaran sebesar Rp X': the share realised
            rec["persen"] = to_plain(getattr(parse_decimal(doc[start - 1].text.strip("()% ")), "value", None))
        if mode == "realisasi":
            pct = _percent_after(doc, tok.i)
            if pct is not None and "persen" not in rec:
                rec["persen"] = pct
    _undo_if_parts_disagree(found)
    for kind, rec in found.items():
        before = rec.get("_before")
        if before and before["pagu"] != rec["pagu"]:
            ctx.finding("belanja.nilai_berbeda", before.get("halaman"), kind, before["pagu"], rec["pagu"],
                        before.get("bbox"), halaman_lain=rec.get("halaman"), field="pagu",
                        jenis=kind.replace("_", " "), pertama=rec["pagu"], lain=before["pagu"])
    if "total" not in found:
        _total_from_parts(prose, found, unnamed)
    for rec in found.values():
        rec.pop("_sumber", None)
        rec.pop("_before", None)
    return found  # ('_lain': the kind's other printed values, settled and reported by combine_belanja)


def _report_other_values(ctx: Context, bel: dict[str, dict]) -> None:
    for kind, rec in bel.items():
        for mode, value, page, bbox in rec.pop("_lain", []):
            if value != rec.get(mode):
                ctx.finding("belanja.nilai_berbeda", page, kind, value, rec[mode], bbox, halaman_lain=rec.get("halaman"),
                            field=mode, jenis=kind.replace("_", " "), pertama=rec[mode], lain=value)


def _total_as_its_parts(found: dict[str, dict]) -> None:
    """The total stated twice with two budgets ('41.250.000.000' in the summary, '43.250.000.000'
    later): the one its kinds add up to is the total; the other is named in a finding."""
    tot = found.get("total")
    if not tot or tot.get("pagu") is None:
        return
    for kinds in _PARTITIONS:
        parts = [found[k]["pagu"] for k in kinds if found.get(k, {}).get("pagu") is not None]
        if len(parts) < 2 or sum(parts) == tot["pagu"]:
            continue
        other = next((alt for alt in tot.get("_lain", []) if alt[0] == "pagu" and alt[1] == sum(parts)), None)
        if other is not None:
            tot["_lain"] = [alt for alt in tot["_lain"] if alt is not other] + [("pagu", tot["pagu"], tot.get("halaman"),
                                                                               tot.get("bbox"))]
            tot["pagu"], tot["halaman"], tot["bbox"] = other[1], other[2], other[3]
            return


def _undo_if_parts_disagree(found: dict[str, dict]) -> None:
    """A kind's budget taken from a later, fuller statement gives way to the first one when only
    the first makes the kinds add up to the stated total (the later one was a part: the kegiatan
    of one sasaran, say)."""
    tot = (found.get("total") or {}).get("pagu")
    if tot is None:
        return
    for kinds in _PARTITIONS:
        for k in kinds:
            before = found.get(k, {}).get("_before")
            if not before:
                continue
            others = [found[o]["pagu"] for o in kinds if o != k and found.get(o, {}).get("pagu") is not None]
            if not others:
                continue
            if sum(others) + before["pagu"] == tot and sum(others) + found[k]["pagu"] != tot:
                later = {f: found[k][f] for f in ("pagu", "halaman", "bbox") if f in found[k]}
                found[k].update(before)
                for f in ("realisasi", "persen"):
                    found[k].pop(f, None)
                found[k]["_before"] = later  # (the statement set aside, for the finding)


# kinds that together make up the whole belanja: before 2021 and after
_PARTITIONS = (("belanja_langsung", "belanja_tidak_langsung"),
               ("belanja_operasi", "belanja_modal", "belanja_tidak_terduga", "belanja_transfer"))


def _total_from_parts(prose: ProseDoc, found: dict[str, dict], unnamed: list) -> None:
    """'Pelaksanaan anggaran ... sebesar Rp X meliputi Belanja Tidak Langsung ... Rp Y serta Belanja
    Langsung Rp Z': X names no kind, but it is Y + Z to the rupiah, within the same passage: the total."""
    for kinds in _PARTITIONS:
        parts = [found[k] for k in kinds if k in found]
        if len(parts) < 2:
            continue
        for mode in ("pagu", "realisasi"):
            if any(p.get(mode) is None for p in parts):
                continue
            whole = sum(p[mode] for p in parts)
            for tok in unnamed:
                got = parse_amount(tok.text)
                if got is None or not hasattr(got, "value") or to_plain(got.value) != whole:
                    continue
                page, bbox = prose.where(tok.doc[tok.i:tok.i + 1])
                if abs(page - min(p["halaman"] for p in parts)) > 1:
                    continue  # the same sum far away is another statement's
                rec = found.setdefault("total", {"jenis": "total", "halaman": page, "bbox": bbox})
                rec[mode] = whole
                break


_TOTAL_PERCENT = re.compile(r"\b(?:realisasi|penyerapan|serapan)\s+(?:keuangan|anggaran|belanja)\w*\s+"
                            r"(?:secara\s+\w+\s+)?(?:sebesar|mencapai|adalah|yaitu)?\s*$", re.I)


def read_total_percent(prose: ProseDoc) -> tuple[float, int] | None:
    """'realisasi keuangan sebesar 93,80 %' with no amount: the overall realisation rate."""
    doc = prose.doc
    for tok in doc:
        if tok.ent_type_ != "PERCENT":
            continue
        start = _clause_start(doc, tok.i)
        clause = doc[start:tok.i].text
        if _TOTAL_PERCENT.search(clause) and not _ITEM_START.match(clause):
            got = parse_decimal(tok.text)
            if got is not None and hasattr(got, "value"):
                return to_plain(got.value), prose.where(doc[tok.i:tok.i + 1])[0]
    return None


def _funding_source(text: str) -> str | None:
    m = list(re.finditer(r"\b(APBD|APBN|dekonsentrasi|tugas\s+pembantuan|DAK|BLUD)\b", text, re.I))
    return m[-1].group(1).upper().replace("DEKONSENTRASI", "APBN") if m else None


def _percent_after(doc, i: int):
    for t in doc[i + 1:i + 5]:
        if t.ent_type_ == "PERCENT":
            got = parse_decimal(t.text)
            return to_plain(got.value) if got is not None and hasattr(got, "value") else None
        if t.ent_type_ == "MONEY" or t.text == ".":
            return None
    return None


def _consistent(rec: dict) -> bool:
    """Budget, realisation and percent all printed, and the percent is realisation / budget."""
    pagu, real, pct = rec.get("pagu"), rec.get("realisasi"), rec.get("persen")
    return bool(pagu) and real is not None and pct is not None and percent_agrees(pct, pagu, real)[0]


def _sentence_holds_better(row: dict, sentence: dict) -> bool:
    """The sentence's budget, realisation and % agree, while the table row's own figures do not
    (its % is not its realisation / budget), or the row lost a figure and its % is the sentence's."""
    if not _consistent(sentence) or (row.get("pagu"), row.get("realisasi")) == \
            (sentence.get("pagu"), sentence.get("realisasi")):
        return False
    if all(row.get(f) is not None for f in ("pagu", "realisasi", "persen")):
        return not _consistent(row)
    return row.get("persen") is not None and abs(row["persen"] - sentence["persen"]) < 0.0051


def combine_belanja(ctx: Context, from_tables: dict[str, dict], from_prose: dict[str, dict], totals) -> dict[str, dict]:
    """The belanja totals from every mention: a table's row over the prose (a differing figure is
    a finding naming both pages); the total, when no row or sentence names it, is the largest
    total row of the budget tables; a total row equal to the total less the belanja tidak
    langsung is the belanja langsung, whatever its label ('TOTAL ANGGARAN (WAJIB + PILIHAN)')."""
    bel = {k: dict(v) for k, v in from_tables.items()}
    revenue = [t for t in totals if getattr(t, "revenue", False) and t.pagu]
    if revenue and "pendapatan" not in bel:
        t = max(revenue, key=lambda t: t.pagu)  # a revenue table's Jumlah: the pendapatan
        bel["pendapatan"] = {"jenis": "pendapatan", "pagu": t.pagu, "realisasi": t.realisasi, "persen": t.persen,
                             "halaman": t.halaman, "bbox": t.bbox}
    with_pagu = [t for t in totals if t.pagu and not getattr(t, "revenue", False) and not getattr(t, "jenis", None)]
    if "total" not in bel and with_pagu:
        t = max(with_pagu, key=lambda t: (t.realisasi is not None, t.pagu))
        bel["total"] = {"jenis": "total", "pagu": t.pagu, "realisasi": t.realisasi, "persen": t.persen,
                        "halaman": t.halaman, "bbox": t.bbox}
    for kind, rec in from_prose.items():
        mine = bel.get(kind)
        if mine is None and kind != "pendapatan" and rec.get("pagu"):
            # a sentence's kind whose budget a table's total row prints too: one fact, and the
            # realisation table's row is its authority ('Jumlah 5.000.000.000 | 4.912.345.678')
            row = next((t for t in with_pagu if t.pagu == rec["pagu"] and t.realisasi is not None), None)
            if row is not None:
                mine = bel[kind] = {"jenis": kind, "pagu": row.pagu, "realisasi": row.realisasi, "persen": row.persen,
                                    "halaman": row.halaman, "bbox": row.bbox}
        if mine is None:
            bel[kind] = rec
            continue
        if _sentence_holds_better(mine, rec):
            # the table's row does not hold together (a figure cut off or unreadable, its % not its
            # figures'); the sentence's budget, realisation and % do: the sentence is exported
            for f in ("pagu", "realisasi"):
                if mine.get(f) is not None and mine[f] != rec.get(f):
                    ctx.finding("belanja.nilai_berbeda", mine.get("halaman"), kind, mine[f], rec[f], mine.get("bbox"),
                                halaman_lain=rec.get("halaman"), field=f, jenis=kind.replace("_", " "),
                                pertama=rec[f], lain=mine[f])
            bel[kind] = rec
            continue
        for f in ("pagu", "realisasi", "persen"):
            if f == "persen" and rec.get(f) is not None and mine.get("pagu") and mine.get("realisasi") is not None \
                    and not percent_agrees(rec[f], mine["pagu"], mine["realisasi"])[0]:
                continue  # the sentence's % goes with its own figures, not with this row's
            if mine.get(f) is None and rec.get(f) is not None:
                mine[f] = rec[f]
            elif f != "persen" and rec.get(f) is not None and rec[f] != mine[f]:
                ctx.finding("belanja.nilai_berbeda", rec.get("halaman"), kind, rec[f], mine[f], rec.get("bbox"),
                            halaman_lain=mine.get("halaman"), field=f, jenis=kind.replace("_", " "), pertama=mine[f],
                            lain=rec[f])
    for t in totals:
        # a table's 'JUMLAH BELANJA LANGSUNG' counts its own lines (all, or those of one sasaran):
        # the kind's figure only when nothing else states it
        if getattr(t, "jenis", None) and t.jenis not in bel and t.pagu:
            bel[t.jenis] = {"jenis": t.jenis, "pagu": t.pagu, "realisasi": t.realisasi, "persen": t.persen,
                            "halaman": t.halaman, "bbox": t.bbox}
    row_total = bel.get("total")
    if row_total is not None and "total" not in from_prose and "total" not in from_tables and any(
            k != "total" and k != "pendapatan" and v.get("halaman") == row_total["halaman"]
            and (v.get("pagu"), v.get("realisasi")) == (row_total["pagu"], row_total["realisasi"])
            for k, v in bel.items()):
        del bel["total"]  # the table's total row is the sentence's kind (belanja langsung): one fact, not two
    tot, btl = bel.get("total"), bel.get("belanja_tidak_langsung")
    if "belanja_langsung" not in bel and tot and btl and tot.get("pagu") and btl.get("pagu"):
        rest = next((t for t in sorted(with_pagu, key=lambda t: t.realisasi is None)  # (with its realisation first)
                     if t.pagu == tot["pagu"] - btl["pagu"]), None)
        if rest is not None:
            bel["belanja_langsung"] = {"jenis": "belanja_langsung", "pagu": rest.pagu, "realisasi": rest.realisasi,
                                       "persen": rest.persen, "halaman": rest.halaman, "bbox": rest.bbox}
    _total_as_its_parts(bel)
    _report_other_values(ctx, bel)
    return bel
