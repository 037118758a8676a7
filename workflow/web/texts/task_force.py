"""The texts of the task force's pages: the overview, the outbox, reports to download."""

from __future__ import annotations

from workflow.base.vocabulary import Label as L

__all__ = ["TEXTS"]

TEXTS: dict[str, L] = {
    # The list of every initiative
    "listing.title": L("Alle tiltag", "All initiatives"),
    "listing.intro": L(
        "Hele porteføljen, 50 ad gangen. Vælg et udsnit; adressen husker det.",
        "The whole portfolio, 50 at a time. Choose a part; the address keeps it.",
    ),
    "listing.caption": L("Tiltagene, side {page}", "The initiatives, page {page}"),
    "listing.pages": L("Listens sider", "The list's pages"),
    "listing.page": L("Side {page}", "Page {page}"),
    "listing.previous": L("Forrige side", "Previous page"),
    "listing.next": L("Næste side", "Next page"),
    # The task force's overview
    "overview.title": L("Overblik over porteføljen", "Portfolio overview"),
    "overview.menu": L("Overblik", "Overview"),
    "overview.intro": L(
        "Pipeline, tiltag der står stille, kvartalets status og gevinsterne mod målet. Vælg et"
        " udsnit herunder; adressen husker det, så du kan gemme eller sende visningen.",
        "Pipeline, stalled initiatives, the quarter's status and the gains against the target."
        " Choose a part below; the address keeps it, so you can bookmark or mail the view.",
    ),
    "overview.not_yours": L(
        "Overblikket er for task forcen og administratorerne.",
        "The overview is for the task force and the administrators.",
    ),
    "overview.filter": L("Udsnit", "Filter"),
    "overview.all": L("Alle", "All"),
    "overview.category": L("Kategori", "Category"),
    "overview.show": L("Vis", "Show"),
    "overview.owner_hint": L("Brugernavn, fx ulla", "User name, e.g. ulla"),
    "overview.clear": L("Vis alle", "Show all"),
    "overview.pipeline": L("Pipeline", "Pipeline"),
    "overview.nothing": L("Ingen tiltag i dette udsnit.", "No initiatives in this part."),
    "overview.stalled": L("Tiltag der står stille", "Stalled initiatives"),
    "overview.none_stalled": L("Ingen tiltag står stille.", "No initiative is stalled."),
    "overview.why": L("Hvorfor", "Why"),
    "overview.lacks": L("Mangler for at komme videre", "Missing to move on"),
    "overview.lacks_nothing": L("Intet: kan flyttes", "Nothing: it can move"),
    "overview.waits": L("Venter på en beslutning", "Waits for a decision"),
    "overview.days": L("{days} dage her", "{days} days here"),
    "overview.more_stalled": L("Viser de første {count}.", "Showing the first {count}."),
    "overview.whole_report": L("Hent hele rapporten", "Download the whole report"),
    "overview.lights": L("Status for {quarter}", "Status for {quarter}"),
    "overview.missing_count": L("mangler status", "no status yet"),
    "overview.missing": L(
        "Har ikke givet status for {quarter}", "Have not given their status for {quarter}"
    ),
    "overview.more_missing": L("Viser {shown} af {count}.", "Showing {shown} of {count}."),
    "overview.gains": L("Gevinster mod målet", "Gains against the target"),
    "overview.gains_filtered": L(
        "Gevinsterne er udsnittets; målet er hele kommunens.",
        "The gains are this part's; the target is the whole municipality's.",
    ),
    "overview.year": L("År", "Year"),
    "overview.target": L("Mål", "Target"),
    "overview.expected": L("Forventet", "Expected"),
    "overview.realised": L("Realiseret", "Realised"),
    "overview.reports": L("Hent rapporter", "Download reports"),
    # The outbox
    "outbox.title": L("Udbakken", "The outbox"),
    "outbox.intro": L(
        "Mails der ikke kunne sendes, og hvorfor, og mails der venter på at blive sendt. En mail"
        " der prøves igen, sendes ved planlæggerens næste runde til modtagerens adresse, som den"
        " er nu.",
        "Mail that could not be sent, and why, and mail waiting to be sent. A mail retried goes"
        " with the scheduler's next round, to the recipient's address as it is now.",
    ),
    "outbox.failed": L("Fejlede ({count})", "Failed ({count})"),
    "outbox.none_failed": L("Ingen mails er fejlet.", "No mail has failed."),
    "outbox.waiting": L("Venter ({count})", "Waiting ({count})"),
    "outbox.none_waiting": L("Ingen mails venter.", "No mail is waiting."),
    "outbox.to": L("Til", "To"),
    "outbox.subject": L("Emne", "Subject"),
    "outbox.attempts": L("Forsøg", "Attempts"),
    "outbox.why": L("Hvorfor", "Why"),
    "outbox.next": L("Sendes", "Goes"),
    "outbox.for_day": L("dagens mail for {day}", "the mail of {day}"),
    "outbox.since": L("fejlet siden {when}", "failing since {when}"),
    "outbox.choose_column": L("Vælg", "Choose"),
    "outbox.choose_one": L("Vælg: {subject}", "Choose: {subject}"),
    "outbox.retry_chosen": L("Prøv de valgte igen", "Retry the chosen"),
    "outbox.retry_all": L("Prøv alle fejlede igen", "Retry all failed"),
    "outbox.retried": L(
        "{count} mail(s) sendes igen ved næste runde.",
        "{count} mail(s) go again with the next round.",
    ),
    "outbox.choose": L("Vælg de mails, der skal prøves igen.", "Choose the mail to retry."),
    "outbox.gone": L(
        "En af de valgte mails er ikke længere fejlet (en anden har måske prøvet den igen)."
        " Se listen herunder.",
        "One of the chosen mails has not failed any longer (someone may have retried it)."
        " See the list below.",
    ),
    "outbox.more": L(
        "Listen viser de første 200; hele udbakken: tiltag outbox list.",
        "The list shows the first 200; the whole outbox: tiltag outbox list.",
    ),
    # Reports to download
    "reports.title": L("Hent rapporter", "Download reports"),
    "reports.intro": L(
        "De samme rapporter som kommandoen tiltag report skriver. En stor rapport laves i"
        " baggrunden; siden viser, hvor langt den er.",
        "The same reports the command tiltag report writes. A big report is made in the"
        " background; the page shows how far it has come.",
    ),
    "reports.which": L("Rapport", "Report"),
    "reports.takes.now": L("Som i dag", "As of today"),
    "reports.takes.year_quarter": L("For et kvartal eller et år", "For a quarter or a year"),
    "reports.takes.year": L("For et år eller alle år", "For a year or every year"),
    "reports.year": L("Budgetår", "Budget year"),
    "reports.no_year": L("Dette år / alle år", "This year / every year"),
    "reports.quarter": L("Kvartal", "Quarter"),
    "reports.whole_year": L("Hele året", "The whole year"),
    "reports.quarter_n": L("{n}. kvartal", "Quarter {n}"),
    "reports.format": L("Filtype", "File type"),
    "reports.fmt.xlsx": L("Excel (xlsx)", "Excel (xlsx)"),
    "reports.fmt.pdf": L("PDF til dagsordenen", "PDF for the agenda"),
    "reports.fmt.html": L("Side til udskrift (html)", "Printable page (html)"),
    "reports.fmt.csv": L("CSV (rapportens hovedtabel)", "CSV (the report's main table)"),
    "reports.fmt.json": L("JSON (til andre systemer)", "JSON (for other systems)"),
    "reports.make": L("Lav rapporten", "Make the report"),
    "reports.choose": L("Vælg en rapport og en filtype.", "Choose a report and a file type."),
    "reports.bad_period": L(
        "Vælg et budgetår mellem 2000 og 2100 og et kvartal 1-4.",
        "Choose a budget year from 2000 to 2100 and a quarter 1-4.",
    ),
    "reports.ready": L("Rapporten er klar.", "The report is ready."),
    "reports.fetch": L("Hent {name}", "Download {name}"),
    "reports.failed": L("Rapporten kunne ikke laves: {why}", "The report could not be made: {why}"),
    "reports.again": L("Prøv igen", "Try again"),
    "reports.making": L(
        "Rapporten laves … ({seconds} sekunder indtil nu)",
        "The report is being made … ({seconds} seconds so far)",
    ),
    "reports.wait": L("Vent venligst", "Please wait"),
    "reports.leave": L(
        "Du kan forlade siden og komme tilbage; rapporten gemmes et døgn.",
        "You may leave the page and come back; the report is kept for a day.",
    ),
    "reports.refresh": L("Opdater", "Refresh"),
}
