"""The bounds tiltag holds to: the years of every moment, the sizes and formats of the files it
reads. Constants only, so a command can name them in its options without importing the clock
(time zones) or what reads and writes files (`tempfile`, `shutil`)."""

from __future__ import annotations

__all__ = [
    "DEFINITION_LIMIT",
    "FIRST_YEAR",
    "LAST_YEAR",
    "RECORD_LIMIT",
    "TABLE_FORMATS",
    "TABLE_LIMIT",
]

# The years every date and time tiltag takes or makes lies in: budget years, meetings, `--now`.
FIRST_YEAR, LAST_YEAR = 2000, 2100

# The files tables of initiatives are read from and written to (`transfer/spreadsheets.py`).
TABLE_FORMATS = ("csv", "xlsx")

# The most tiltag reads of a file: a definition, schedule.yaml or targets.yaml (a definition of
# 10,000 states is about 1 MB); a record file; a table to import (`tiltag import --max-size`).
DEFINITION_LIMIT = 4 * 1024 * 1024
RECORD_LIMIT = 1024 * 1024
TABLE_LIMIT = 20 * 1024 * 1024
