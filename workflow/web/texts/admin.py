"""The texts of the admin's pages: people and roles, import and export."""

from __future__ import annotations

from workflow.base.vocabulary import Label as L

__all__ = ["TEXTS"]

TEXTS: dict[str, L] = {
    # The admin's pages: people, import, export
    "admin.menu": L("Administration", "Administration"),
    "admin.only": L(
        "Kun en administrator af tiltag kan se denne side.",
        "Only an administrator of tiltag can see this page.",
    ),
    "admin.nav_people": L("Personer og roller", "People and roles"),
    "admin.nav_import": L("Importér inspirationsliste", "Import an inspiration list"),
    "admin.nav_export": L("Eksportér porteføljen", "Export the portfolio"),
    "admin.people_title": L("Personer og roller", "People and roles"),
    "admin.people_intro": L(
        "Alle, der kan bruge tiltag, og hvad de må. En person, hvis adgang er lukket, kan ikke"
        " logge ind; alt, hvad personen har gjort, bliver stående.",
        "Everyone who can use tiltag, and what they may do. A person whose access is closed"
        " cannot sign in; everything they did stays.",
    ),
    "admin.people_caption": L(
        "Personer med brugernavn, mail, roller, adgang og åbne tiltag, de ejer",
        "People with handle, email, roles, access and the open initiatives they own",
    ),
    "admin.search": L("Søg", "Search"),
    "admin.search_hint": L(
        "Navn, brugernavn, mail eller rolle", "Name, handle, email address or role"
    ),
    "admin.search_button": L("Søg", "Search"),
    "admin.search_clear": L("Vis alle", "Show everyone"),
    "admin.shown": L("Viser {shown} af {total} personer.", "Showing {shown} of {total} people."),
    "admin.add": L("Tilføj en person", "Add a person"),
    "admin.add_button": L("Tilføj personen", "Add the person"),
    "admin.name": L("Navn", "Name"),
    "admin.handle": L("Brugernavn", "Handle"),
    "admin.handle_hint": L(
        "Små bogstaver, tal, punktum, _ eller -, fx anne.hansen. Kan ikke ændres bagefter.",
        "Lower-case letters, digits, dot, _ or -, e.g. anne.hansen. Cannot be changed later.",
    ),
    "admin.email": L("Mailadresse", "Email address"),
    "admin.email_hint": L(
        "Arbejdsmailen: hertil sendes links til at logge ind og påmindelser.",
        "The work address: sign-in links and reminders are sent there.",
    ),
    "admin.roles": L("Roller", "Roles"),
    "admin.language": L("Sprog", "Language"),
    "admin.access": L("Adgang", "Access"),
    "admin.owned": L("Åbne tiltag, personen ejer", "Open initiatives owned"),
    "admin.active": L("Aktiv", "Active"),
    "admin.deactivated_on": L("Lukket {when}", "Closed {when}"),
    "admin.reassign": L(
        "Giv tiltagene en ny projektejer.", "Give the initiatives a new project owner."
    ),
    "admin.owns": L(
        "Personen ejer {count} åbne tiltag.", "The person owns {count} open initiatives."
    ),
    "admin.is_active": L(
        "Personen kan logge ind og bruge tiltag.", "The person can sign in and use tiltag."
    ),
    "admin.is_deactivated": L(
        "Adgangen blev lukket {when}. Personen kan ikke logge ind.",
        "The access was closed {when}. The person cannot sign in.",
    ),
    "admin.own_admin_hint": L(
        "Du kan ikke fjerne din egen rolle som administrator.",
        "You cannot remove your own administrator role.",
    ),
    "admin.deactivate": L("Luk adgangen", "Close the access"),
    "admin.reactivate": L("Genåbn adgangen", "Reopen the access"),
    "admin.confirm_deactivate": L("Luk adgangen for {name}?", "Close the access of {name}?"),
    "admin.confirm_deactivate_text": L(
        "Personen bliver logget af alle steder og kan ikke logge ind igen, hverken med link"
        " eller med kommunens login. Historik, tiltag og beslutninger bliver stående.",
        "The person is signed out everywhere and cannot sign in again, neither with a link nor"
        " with the municipality's sign-on. History, initiatives and decisions stay.",
    ),
    "admin.confirm_reactivate": L("Genåbn adgangen for {name}?", "Reopen the access of {name}?"),
    "admin.confirm_reactivate_text": L(
        "Personen kan igen logge ind med de roller, personen har.",
        "The person can sign in again, with the roles they hold.",
    ),
    "admin.done_added": L("Personen er tilføjet.", "The person has been added."),
    "admin.done_changed": L("Ændringerne er gemt.", "The changes have been saved."),
    "admin.done_deactivated": L(
        "Adgangen er lukket, og personen er logget af.",
        "The access is closed and the person is signed out.",
    ),
    "admin.done_reactivated": L("Adgangen er genåbnet.", "The access has been reopened."),
    "admin.bad_handle": L(
        "Skriv et brugernavn med 1-64 små bogstaver, tal, punktum, _ eller -, fx anne.hansen",
        "Type a handle of 1-64 lower-case letters, digits, dot, _ or -, e.g. anne.hansen",
    ),
    "admin.bad_name": L("Skriv personens navn på én linje", "Type the person's name on one line"),
    "admin.bad_email": L(
        "Skriv en mailadresse, fx anne.hansen@kommune.dk",
        "Type an email address, e.g. anne.hansen@kommune.dk",
    ),
    "admin.bad_roles": L("Vælg blandt de kendte roller", "Choose among the known roles"),
    "admin.bad_language": L("Vælg dansk eller engelsk", "Choose Danish or English"),
    "admin.refused_taken": L(
        "Brugernavnet er taget. Vælg et andet.", "The handle is taken. Choose another."
    ),
    "admin.refused_not_admin": L(
        "Kun en administrator kan ændre personer.", "Only an administrator can change people."
    ),
    "admin.refused_closed_actor": L("Din adgang er lukket.", "Your access is closed."),
    "admin.refused_own_admin": L(
        "Du kan ikke fjerne din egen rolle som administrator. Bed en anden administrator.",
        "You cannot remove your own administrator role. Ask another administrator.",
    ),
    "admin.refused_yourself": L(
        "Du kan ikke lukke din egen adgang. Bed en anden administrator.",
        "You cannot close your own access. Ask another administrator.",
    ),
    "admin.refused_already_deactivated": L(
        "Adgangen var allerede lukket.", "The access was already closed."
    ),
    "admin.refused_already_active": L(
        "Adgangen var allerede åben.", "The access was already open."
    ),
    "import.title": L("Importér inspirationsliste", "Import an inspiration list"),
    "import.intro": L(
        "Hent en inspirationsliste ind som forslag: hver række i filen bliver et forslag.",
        "Bring in an inspiration list as proposals: every row of the file becomes a proposal.",
    ),
    "import.columns": L(
        "Første række navngiver kolonnerne: titel (eller tiltag, forslag), beskrivelse,"
        " kategori, område, projektejer, forslagsstiller og livsforløb.",
        "The first row names the columns: title (or titel, tiltag, forslag), description,"
        " category, area, owner, proposer and workflow.",
    ),
    "import.all_or_none": L(
        "Alle rækker importeres, eller ingen: er en række forkert, vises hver fejl med række,"
        " kolonne og årsag, og intet importeres.",
        "Every row is imported, or none: if a row is wrong, every problem is shown with its"
        " row, column and reason, and nothing is imported.",
    ),
    "import.people": L(
        "Projektejer og forslagsstiller skrives som brugernavn eller mailadresse. Uden"
        " forslagsstiller står du som forslagsstiller.",
        "Owner and proposer are given as a handle or an email address. Without a proposer,"
        " you are the proposer.",
    ),
    "import.file": L("Fil (CSV eller Excel)", "File (CSV or Excel)"),
    "import.file_hint": L(
        "En .csv- eller .xlsx-fil på højst {mb} MB.", "A .csv or .xlsx file of at most {mb} MB."
    ),
    "import.send": L("Importér", "Import"),
    "import.done": L(
        "{count} forslag er importeret fra {name}", "{count} proposals imported from {name}"
    ),
    "import.initiative": L("Tiltag {id}", "Initiative {id}"),
    "import.refused": L("Filen kan ikke importeres", "The file cannot be imported"),
    "import.refused_file": L("{name} kan ikke importeres", "{name} cannot be imported"),
    "import.no_file": L("Vælg en fil at importere.", "Choose a file to import."),
    "import.wrong_type": L(
        "Vælg en .csv- eller .xlsx-fil. Andre filtyper kan ikke importeres.",
        "Choose a .csv or .xlsx file. Other kinds of file cannot be imported.",
    ),
    "import.empty": L("Filen er tom.", "The file is empty."),
    "import.not_table": L(
        "Filen er ikke et regneark: den indeholder ikke tekst.",
        "The file is not a spreadsheet: it does not hold text.",
    ),
    "import.unreadable": L(
        "Filen kan ikke læses som et regneark: {problem}",
        "The file cannot be read as a spreadsheet: {problem}",
    ),
    "import.no_title": L(
        "Filen har ingen kolonne til titlen. Kald en kolonne titel, tiltag eller forslag i"
        " første række.",
        "The file has no column for the title. Name a column title, tiltag or forslag in the"
        " first row.",
    ),
    "import.no_rows": L(
        "Filen har ingen rækker under overskrifterne; intet er importeret.",
        "The file holds no rows below its header; nothing was imported.",
    ),
    "import.bad_heading": L(
        "{rows} rækker i {name} kan ikke importeres, så intet er importeret",
        "{rows} rows of {name} cannot be imported, so nothing was imported",
    ),
    "import.bad_text": L(
        "Ret rækkerne i filen, og importér den igen.",
        "Correct the rows in the file and import it again.",
    ),
    "import.bad_caption": L("Rækker, der ikke kan importeres", "Rows that cannot be imported"),
    "import.row": L("Række", "Row"),
    "import.column": L("Kolonne", "Column"),
    "import.reason": L("Årsag", "Reason"),
    "export.title": L("Eksportér porteføljen", "Export the portfolio"),
    "export.intro": L(
        "Hent alle tiltag som et regneark, som tiltag export skriver det.",
        "Download every initiative as a spreadsheet, as tiltag export writes it.",
    ),
    "export.csv": L("Hent som CSV", "Download as CSV"),
    "export.xlsx": L("Hent som Excel", "Download as Excel"),
    "export.columns": L(
        "Kolonnerne er dem, en import læser (titel, beskrivelse, kategori, område, projektejer,"
        " forslagsstiller, livsforløb), og desuden nummer, tilstand og oprettelsesdag.",
        "The columns are those an import reads (title, description, category, area, owner,"
        " proposer, workflow), and besides them the id, state and day of creation.",
    ),
    "closed.title": L("Din adgang til tiltag er lukket", "Your access to tiltag is closed"),
    "closed.text": L(
        "En administrator har lukket adgangen for {name}. Mener du, det er en fejl, så kontakt"
        " en administrator af tiltag:",
        "An administrator has closed the access of {name}. If you think it is a mistake,"
        " contact an administrator of tiltag:",
    ),
}
