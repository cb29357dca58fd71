"""Layout in, rows out: one reader per kind of content (report metadata, budget lines from tables
and prose, belanja totals, indicators, staff, wilayah), each value with its page and box. A value
that cannot be read is left empty with a finding, never guessed."""
