"""The lakip dataset schema: one pydantic model per table of the contract."""
from .records import (  # noqa: F401
    BarisAnggaran, Belanja, Gagal, Indikator, Laporan, Pegawai, Provenance, Report, Temuan, Wilayah,
)
from .validate import build  # noqa: F401
