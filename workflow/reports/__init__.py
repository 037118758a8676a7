"""Reports for the task force and the committees: stalled cases, quarterly status, gains against
the targets, the portfolio; built from database queries and written as text, CSV, JSON, Excel,
HTML or PDF, each in one language (see docs/reports.md)."""

# The formats a report is written in (light to import: the command line's choices).
FORMATS = ("table", "csv", "json", "xlsx", "html", "pdf")
# The formats written as bytes: not for a terminal.
BINARY = ("xlsx", "pdf")
