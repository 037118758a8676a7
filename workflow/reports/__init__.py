"""Reports for the task force and the committees: stalled cases, quarterly status, gains against
the targets, the portfolio; built from database queries and written as text, CSV, JSON, Excel or
HTML (see docs/reports.md)."""
