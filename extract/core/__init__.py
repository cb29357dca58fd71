"""The bottom of the pipeline, used by every stage: Indonesian text patterns (numbers in every
printed format, money, percent, terbilang, dates, NIP, golongan, level words), numbers written for
Indonesian readers, the reference lists (region codes, budget nomenclature) and the registry of
findings (each rule declared beside the code that writes it)."""
