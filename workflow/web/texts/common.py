"""The texts every page shares: the frame, the forms, the error pages, the accessibility
statement."""

from __future__ import annotations

from workflow.base.vocabulary import Label as L

__all__ = ["TEXTS"]

TEXTS: dict[str, L] = {
    # The frame of every page
    "app.name": L("Tiltag", "Tiltag"),
    "app.solution": L(
        "Effektiviserings- og innovationstiltag", "Efficiency and innovation initiatives"
    ),
    "app.skip": L("Gå til sidens indhold", "Skip to the content"),
    "app.sign_out": L("Log af", "Sign out"),
    "app.menu": L("Hovedmenu", "Main menu"),
    "app.other_language": L("English", "Dansk"),
    # Forms
    "form.problems": L("Der er problemer", "There are problems"),
    "form.error": L("Fejl", "Error"),
    "form.optional": L("valgfri", "optional"),
    "form.choose": L("Vælg", "Choose"),
    "form.save": L("Gem", "Save"),
    "form.cancel": L("Annuller", "Cancel"),
    "form.add_row": L("Tilføj række", "Add a row"),
    "form.date_hint": L("Som dd.mm.åååå, fx 01.09.2010", "As dd.mm.yyyy, e.g. 01.09.2010"),
    "gains.amount": L("Beløb (kr.)", "Amount (DKK)"),
    "gains.choice": L("Art", "Kind"),
    "gains.what": L("Hvad (indikator)", "What (indicator)"),
    "gains.unit": L("Enhed", "Unit"),
    "gains.baseline": L("Udgangspunkt", "Baseline"),
    "gains.owner": L("Gevinstejer", "Benefit owner"),
    "gains.year": L("Budgetår", "Budget year"),
    "gains.value": L("Pr. år", "A year"),
    "record.file": L("Udfyld {record}", "File the {record}"),
    "record.edit": L("Ret {record}", "Change the {record}"),
    "record.not_yours": L(
        "Kun tiltagets forslagsstiller, projektejer, task force og administratorer må udfylde"
        " dets dokumenter.",
        "Only the initiative's proposer, owner, the task force and administrators may file its"
        " records.",
    ),
    "record.refused": L("Intet er gemt: {problem}", "Nothing was saved: {problem}"),
    "record.not_asked": L(
        "Dette tiltags forløb bruger ikke det dokument.",
        "This initiative's lifecycle does not use that record.",
    ),
    "conflict.heading": L(
        "En anden har ændret tiltaget, mens du skrev",
        "Someone else changed the initiative while you were writing",
    ),
    "conflict.change": L("Ændret af {who} {when}", "Changed by {who} at {when}"),
    "conflict.kept": L(
        "Intet er gemt. Det, du skrev, står herunder: se ændringen på tiltagets side, og gem"
        " igen, når du har rettet til.",
        "Nothing was saved. What you typed is below: see the change on the initiative's page,"
        " and save again when you have adjusted it.",
    ),
    # Errors
    "error.forbidden": L("Det må du ikke", "You may not do that"),
    "error.refused": L("Forespørgslen blev afvist", "The request was refused"),
    "error.not_found": L("Siden findes ikke", "There is no such page"),
    "error.unavailable": L("Tiltag kan ikke svare lige nu", "Tiltag cannot answer just now"),
    "error.unexpected": L("Der skete en fejl", "Something went wrong"),
    "error.csrf": L(
        "Formularen er for gammel eller kom ikke fra tiltag. Intet er ændret. Gå tilbage, genindlæs"
        " siden, og prøv igen.",
        "The form is too old or did not come from tiltag. Nothing was changed. Go back, reload"
        " the page and try again.",
    ),
    "error.origin": L(
        "Forespørgslen kom fra en anden hjemmeside. Intet er ændret.",
        "The request came from another website. Nothing was changed.",
    ),
    "error.malformed": L(
        "Forespørgslen kunne ikke læses. Intet er ændret.",
        "The request could not be read. Nothing was changed.",
    ),
    "error.no_such": L(
        "Vi kan ikke finde det, du leder efter. Tjek adressen.",
        "We cannot find what you are looking for. Check the address.",
    ),
    "error.later": L(
        "Intet er gemt. Prøv igen om lidt; sker det igen, så giv en administrator fejlnummeret"
        " herunder.",
        "Nothing was saved. Try again in a while; if it happens again, give an administrator"
        " the error number below.",
    ),
    "error.home": L("Til forsiden", "To the front page"),
    "error.sign_in_again": L("Log ind igen", "Sign in again"),
    "error.request_id": L("Fejlnummer: {id}", "Error number: {id}"),
    # The accessibility statement
    "a11y.title": L("Tilgængelighedserklæring", "Accessibility statement"),
    "a11y.scope": L(
        "Denne erklæring gælder tiltag, kommunens system til effektiviserings- og"
        " innovationstiltag. Offentlige myndigheder skal leve op til WCAG 2.1 niveau AA.",
        "This statement covers tiltag, the municipality's system for efficiency and innovation"
        " initiatives. Public bodies must meet WCAG 2.1 level AA.",
    ),
    "a11y.status_heading": L("Overholdelse", "Compliance"),
    "a11y.status": L(
        "Siderne er bygget med Det Fælles Designsystem og testes automatisk med axe-core for"
        " WCAG 2.1 A og AA ved hver ændring; formularerne kan bruges med tastatur alene.",
        "The pages are built with Det Fælles Designsystem and tested automatically with"
        " axe-core for WCAG 2.1 A and AA at every change; the forms work with the keyboard"
        " alone.",
    ),
    "a11y.how_heading": L("Sådan er siderne lavet", "How the pages are made"),
    "a11y.how": L(
        "Alle sider virker uden JavaScript, har en overskrift og en titel, lader dig springe til"
        " indholdet, og viser lys og faser med ord, ikke kun med farve.",
        "Every page works without JavaScript, has a heading and a title, lets you skip to the"
        " content, and shows lights and phases in words, not by colour alone.",
    ),
    "a11y.feedback_heading": L("Giv os besked", "Tell us"),
    "a11y.feedback": L(
        "Møder du en side, du ikke kan bruge, så skriv til kommunens administrator af tiltag.",
        "If you meet a page you cannot use, write to the municipality's administrator of tiltag.",
    ),
    "a11y.complaint": L(
        "Du kan klage over manglende tilgængelighed til Digitaliseringsstyrelsen:",
        "You can complain about missing accessibility to the Danish Agency for Digital Government:",
    ),
}
