"""Initiatives to and from spreadsheets: tables in CSV and Excel files (`spreadsheets`), the import
of an inspiration list and the export of the portfolio (`import_export`)."""
