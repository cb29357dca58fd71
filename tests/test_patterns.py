"""Indonesian text patterns: each case is a form printed in real reports (DESIGN.md)."""

from decimal import Decimal

import pytest

from extract.core.patterns import (Number, Unreadable, level_of, parse_amount, parse_date, parse_decimal,
                              parse_gender, parse_golongan, parse_nip, parse_pendidikan, slug, strip_level_word,
                              terbilang_to_int)


@pytest.mark.parametrize("text,value", [
    ("1.234.567,00", "1234567.00"), ("1.234.567,-", "1234567"), ("Rp.1.234.567", "1234567"),
    ("Rp. 3.489.328.596,-", "3489328596"), ("1,002,654,953.00", "1002654953.00"),
    ("17.320.000.00", "17320000.00"), ("30", "30"), ("0", "0"), ("Rp 28.764.500.000,00", "28764500000.00"),
])
def test_amount_formats(text, value):
    got = parse_amount(text)
    assert isinstance(got, Number) and got.value == Decimal(value) and not got.repaired


def test_amount_repair_only_when_unambiguous():
    got = parse_amount("163.305..000")
    assert isinstance(got, Number) and got.value == 163305000 and got.repaired
    assert isinstance(parse_amount("3.8000.000.000,00"), Unreadable)  # two readings: left empty


@pytest.mark.parametrize("text", ["-", "n/a", "", "–"])
def test_empty_marks(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text,value", [("91,19 %", "91.19"), ("(101%)", "101"), ("106.81", "106.81"),
                                        ("89.88 %", "89.88"), ("32,24", "32.24"), ("62,00", "62.00")])
def test_decimals_and_percents(text, value):
    assert parse_decimal(text).value == Decimal(value)


@pytest.mark.parametrize("words,n", [("Dua Belas", 12), ("seratus", 100), ("tiga puluh empat", 34),
                                     ("Dua Ratus", 200), ("sebelas", 11), ("dua ratus tiga puluh", 230),
                                     ("seribu dua ratus lima puluh", 1250), ("Empat", 4), ("bukan angka", None)])
def test_terbilang(words, n):
    assert terbilang_to_int(words) == n


def test_dates_nip_golongan():
    assert parse_date("Seri Tanjung, Januari 2024") == "2024-01"
    assert parse_date("Bandung, 15 Pebruari 2017") == "2017-02-15"
    assert parse_date("Bandung, 31-12-2016") == "2016-12-31"
    assert parse_nip("NIP. 19840415 201001 1 025") == "198404152010011025"
    assert parse_golongan("Pembina Tingkat I (IV/b)") == "IV/b"
    assert parse_golongan("Penata Tingkat I/ III.d") == "III/d"
    assert parse_golongan("Golongan III") == "III"


@pytest.mark.parametrize("text,code", [("Strata 2 (dua)", "S2"), ("S-1", "S1"), ("Diploma III", "D3"),
                                       ("D.IV", "D4"), ("SLTA / Sederajat", "SLTA"), ("SMP", "SLTP"),
                                       ("Sekolah Dasar", "SD"), ("D I", "D1"), ("d3", "D3"),
                                       ("PNS di UPTD sebanyak 233 orang", None), ("di Dinas", None)])
def test_pendidikan(text, code):
    assert parse_pendidikan(text) == code


def test_gender_row_names():
    assert [parse_gender(t) for t in ("1. Laki-laki", "Laki - laki", "Pria", "2. Perempuan", "Wanita", "Jumlah")] == \
        ["L", "L", "L", "P", "P", None]


def test_level_words_and_slug():
    assert level_of("Sub Kegiatan Penyediaan Gaji") == "sub_kegiatan"
    assert level_of("Sub-Kegiatan X") == "sub_kegiatan"
    assert level_of("Kegiatan X") == "kegiatan" and level_of("Program X") == "program"
    assert level_of("Penyediaan") is None
    assert strip_level_word("Program Penunjang Urusan") == "Penunjang Urusan"
    assert slug("../../etc/Passwd") == "etc-passwd"


def test_fake_bold_pages_are_detected():
    from types import SimpleNamespace

    from extract.pages.pdfium import dedupe, has_doubled_chars
    c = lambda t, x: SimpleNamespace(text=t, x0=x, top=10.0)
    doubled = [c("T", 10), c("T", 10.3), c("a", 16), c("a", 16.2)]
    assert has_doubled_chars(doubled) and [ch.text for ch in dedupe(doubled)] == ["T", "a"]
    assert not has_doubled_chars([c("T", 10), c("a", 16), c("a", 22)])


def test_nip_printed_alone_without_its_label():
    """disnakertrans p4 signs with '19621121 198909 1 001' under the pangkat, no 'NIP'."""
    from extract.core.patterns import parse_nip
    assert parse_nip("19621121 198909 1 001") == "196211211989091001"
    assert parse_nip("NIP. 19640129 198803 1 004") == "196401291988031004"
    assert parse_nip("12345678 123456 1 123") is None  # not a date and a month: not a NIP
    assert parse_nip("Jumlah 196211211989091001 orang") is None  # a long number inside a sentence
