"""A case presentation written as one self-contained HTML page (A4 portrait when printed) or as
a PDF laid out from that page by WeasyPrint, in one language; every text a person typed escaped."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import IO, Any

from jinja2 import Environment, PackageLoader, select_autoescape

from workflow.base.errors import UsageError
from workflow.base.files import write_whole
from workflow.base.formats import amount, when
from workflow.base.vocabulary import Label
from workflow.reports.case import CasePresentation, figure

__all__ = ["CASE_FORMATS", "case_bytes", "case_format", "write_case", "write_case_file"]

CASE_FORMATS = ("html", "pdf")

# Every heading and word of the page, in both languages.
WORDS: dict[str, Label] = {
    "presentation": Label("Sagsfremstilling", "Case presentation"),
    "number": Label("Tiltag nr.", "Initiative no."),
    "area": Label("Område", "Area"),
    "owner": Label("Projektejer", "Project owner"),
    "category": Label("Kategori", "Category"),
    "state": Label("Tilstand", "State"),
    "background": Label("Baggrund", "Background"),
    "solution": Label("Løsning", "Solution"),
    "alternatives": Label("Alternativer", "Alternatives"),
    "economics": Label("Økonomi", "Economics"),
    "gain": Label("Gevinst", "Gain"),
    "counted": Label("Opgjort som", "Counted as"),
    "benefit_owner": Label("gevinstejer", "benefit owner"),
    "investment": Label("Investering", "Investment"),
    "running": Label("Driftsudgifter", "Running costs"),
    "net": Label("Nettogevinst i kroner", "Net gain in kroner"),
    "npv": Label("Nettonutidsværdi", "Net present value"),
    "rate": Label("diskonteringsrente", "discount rate"),
    "payback": Label("Tilbagebetalingstid", "Payback"),
    "years": Label("år", "years"),
    "never": Label("tilbagebetales ikke", "does not pay back"),
    "quality_effect": Label("Forventet kvalitetseffekt", "Expected quality effect"),
    "follow": Label("Opfølgning", "Follow-up"),
    "indicator": Label("indikator", "indicator"),
    "baseline": Label("udgangspunkt", "baseline"),
    "target": Label("mål", "target"),
    "no_case": Label("Der er endnu ingen business case.", "There is no business case yet."),
    "no_kroner": Label(
        "Ingen gevinst i kroner: ingen nettonutidsværdi.",
        "No gain in kroner: no net present value.",
    ),
    "risks": Label("Risici", "Risks"),
    "decision_kind": Label("Beslutningstype", "Kind of decision"),
    "forums_asked": Label("Skal godkendes af", "To be approved by"),
    "none_given": Label("Ikke angivet.", "Not given."),
    "recommendation": Label("Indstilling", "Recommendation"),
    "decisions": Label("Beslutninger indtil nu", "Decisions so far"),
    "no_decisions": Label("Ingen endnu.", "None yet."),
    "meeting": Label("Møde", "Meeting"),
    "forum": Label("Forum", "Forum"),
    "at_gate": Label("Trin", "Step"),
    "outcome": Label("Beslutning", "Decision"),
    "reference": Label("Reference", "Reference"),
    "made": Label("Udarbejdet", "Made"),
    "as_of": Label("pr.", "as of"),
    "page": Label("Side", "Page"),
    "of": Label("af", "of"),
}

_SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf"}


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("workflow.reports", ""),
        autoescape=select_autoescape(["j2"], default=True),
    )
    environment.filters["first_up"] = lambda text: str(text)[:1].upper() + str(text)[1:]
    return environment


def case_format(fmt: str | None, output: Path | None) -> str:
    """The format asked, else the one the output file's suffix names, else HTML.

    Raises:
        UsageError: an unknown format, or a suffix that names neither HTML nor PDF.
    """
    if fmt is not None:
        if fmt not in CASE_FORMATS:
            raise UsageError(f"a case presentation is html or pdf, not {fmt[:20]!r}")
        return fmt
    if output is None:
        return "html"
    found = _SUFFIXES.get(output.suffix.lower())
    if found is None:
        raise UsageError(
            f"which format is {output.name}? give --format html|pdf or a file ending in .html "
            "or .pdf"
        )
    return found


def _page(case: CasePresentation, language: str) -> str:
    def say(label: Label) -> str:
        return label.text(language)

    def day(value: Any) -> str:
        return value.isoformat() if language == "en" else f"{value:%d.%m.%Y}"

    def cell(value: float, money: bool = False) -> str:
        return f"{figure(value)} kr." if money else figure(value)

    return (
        _environment()
        .get_template("case.html.j2")
        .render(
            case=case,
            language=language,
            say=say,
            words={key: label.text(language) for key, label in WORDS.items()},
            day=day,
            cell=cell,
            money=lambda value: f"{amount(value)} kr.",
            made=when(case.generated_at),
            rate=figure(case.economics.discount_rate * 100) if case.economics else "",
        )
    )


def write_case(case: CasePresentation, fmt: str, out: IO[Any], language: str) -> None:
    """Write the presentation as `fmt` (html to a text stream, pdf to a binary one)."""
    page = _page(case, language)
    if fmt == "pdf":
        from workflow.reports.pdf import pdf_of_page

        pdf_of_page(page, out)
    else:
        out.write(page)


def write_case_file(case: CasePresentation, fmt: str, path: Path, language: str) -> None:
    """Write the presentation to `path`, which appears whole or not at all.

    Raises:
        UsageError: the folder cannot be written.
    """
    write_whole(path, lambda out: write_case(case, fmt, out, language), binary=fmt == "pdf")


def case_bytes(case: CasePresentation, fmt: str, language: str) -> bytes:
    """The presentation as the bytes of a file (for the web)."""
    if fmt == "pdf":
        made = io.BytesIO()
        write_case(case, fmt, made, language)
        return made.getvalue()
    return _page(case, language).encode("utf-8")
