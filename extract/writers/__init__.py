"""Rows and findings in, files out: the dataset of the contract (`dataset`: CSV, JSON, Parquet,
DuckDB, xlsx, datapackage.json), the audit site (`site`), the comparison across years and
kecamatan (`compare`), the debug drawing of one page (`debug`); every output folder built beside
its place and swapped in, never one holding a user's files (`outdir`)."""
