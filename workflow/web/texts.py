"""Every text of the pages, in Danish and English; a page shows one language."""

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
    # Signing in
    "sign_in.title": L("Log ind", "Sign in"),
    "sign_in.intro": L(
        "Skriv din mailadresse på arbejdet. Kender vi den, sender vi dig et link, som logger dig"
        " ind. Linket virker én gang og i 30 minutter.",
        "Type your work email address. If we know it, we send you a link that signs you in. The"
        " link works once and for 30 minutes.",
    ),
    "sign_in.email": L("Mailadresse", "Email address"),
    "sign_in.email_hint": L("Fx anne.hansen@kommune.dk", "E.g. anne.hansen@kommune.dk"),
    "sign_in.send": L("Send mig et link", "Send me a link"),
    "sign_in.sso_heading": L("Med kommunens login", "With the municipality's sign-on"),
    "sign_in.link_heading": L("Med et link på mail", "With a link by mail"),
    "sign_in.bad_email": L(
        "Skriv en mailadresse, fx anne.hansen@kommune.dk",
        "Type an email address, e.g. anne.hansen@kommune.dk",
    ),
    "sign_in.notice.signed_out": L("Du er logget af.", "You are signed out."),
    "sign_in.notice.too_many": L(
        "Der er bedt om for mange links på kort tid. Prøv igen om 15 minutter.",
        "Too many links were asked for in a short while. Try again in 15 minutes.",
    ),
    "sign_in.notice.link_unknown": L(
        "Linket kan ikke bruges. Bed om et nyt herunder.",
        "The link cannot be used. Ask for a new one below.",
    ),
    "sign_in.notice.link_used": L(
        "Linket er allerede brugt. Et link virker kun én gang; bed om et nyt herunder.",
        "The link has been used. A link works only once; ask for a new one below.",
    ),
    "sign_in.notice.link_expired": L(
        "Linket er udløbet (det virker i 30 minutter). Bed om et nyt herunder.",
        "The link has expired (it works for 30 minutes). Ask for a new one below.",
    ),
    "sign_in.notice.sso_failed": L(
        "Login med kommunens login lykkedes ikke. Prøv igen, eller bed om et link på mail.",
        "Signing in with the municipality's sign-on did not succeed. Try again, or ask for a"
        " link by mail.",
    ),
    "sign_in.notice.sso_off": L(
        "Kommunens login er ikke sat op. Bed om et link på mail.",
        "The municipality's sign-on is not set up. Ask for a link by mail.",
    ),
    "link_sent.title": L("Se din mail", "Check your mail"),
    "link_sent.text": L(
        "Hvis {address} hører til en bruger af tiltag, har vi sendt et link dertil. Det virker"
        " én gang og i 30 minutter.",
        "If {address} belongs to a user of tiltag, we have sent a link to it. It works once and"
        " for 30 minutes.",
    ),
    "link_sent.not_known": L(
        "Kommer der ingen mail, så tjek stavningen, eller spørg en administrator af tiltag.",
        "If no mail arrives, check the spelling, or ask an administrator of tiltag.",
    ),
    "link_sent.again": L("Bed om et nyt link", "Ask for a new link"),
    "link_confirm.text": L(
        "Tryk på knappen for at logge ind. Linket kan kun bruges én gang.",
        "Press the button to sign in. The link can be used only once.",
    ),
    "link_confirm.button": L("Log ind", "Sign in"),
    "unknown.title": L("Du er ikke bruger af tiltag endnu", "You are not a user of tiltag yet"),
    "unknown.text": L(
        "Kommunens login kender dig som {value}, men ingen bruger af tiltag har den adresse.",
        "The municipality's sign-on knows you as {value}, but no user of tiltag has that address.",
    ),
    "unknown.ask": L(
        "Bed en administrator af tiltag om at oprette dig:",
        "Ask an administrator of tiltag to add you:",
    ),
    "unknown.ask_it": L(
        "Bed kommunens it-afdeling om at oprette dig i tiltag.",
        "Ask the municipality's IT department to add you to tiltag.",
    ),
    "method.link": L("link på mail", "mail link"),
    "method.sso": L("kommunens login", "single sign-on"),
    # Mine tiltag
    "mine.title": L("Mine tiltag", "My initiatives"),
    "mine.intro": L(
        "De tiltag, du har foreslået eller er projektejer for. Status for {quarter} skal gives"
        " senest {deadline}.",
        "The initiatives you proposed or own. The status for {quarter} is due by {deadline}.",
    ),
    "mine.caption": L("Dine tiltag og hvad de mangler", "Your initiatives and what they need"),
    "mine.none": L("Du har ingen tiltag endnu.", "You have no initiatives yet."),
    "mine.initiative": L("Tiltag", "Initiative"),
    "mine.state": L("Fase", "Phase"),
    "mine.status": L("Status {quarter}", "Status {quarter}"),
    "mine.next": L("Næste skridt", "Next steps"),
    "mine.no_status": L("Ingen status i denne fase", "No status in this phase"),
    "mine.given": L("Givet", "Given"),
    "mine.missing": L("Mangler (frist {deadline})", "Missing (due {deadline})"),
    "mine.final": L("Ingen videre skridt.", "No further steps."),
    # The initiative's page
    "initiative.state": L("Fase", "Phase"),
    "initiative.owner": L("Projektejer", "Project owner"),
    "initiative.proposer": L("Forslagsstiller", "Proposer"),
    "initiative.area": L("Område", "Area"),
    "initiative.category": L("Kategori", "Category"),
    "initiative.workflow": L("Forløb", "Lifecycle"),
    "initiative.nobody": L("Ingen endnu", "Nobody yet"),
    "initiative.lifecycle": L("Forløbet", "The lifecycle"),
    "initiative.work": L("Det kan du gøre", "What you can do"),
    "initiative.records": L("Dokumenter", "Records"),
    "step.done": L("Gennemført", "Done"),
    "step.current": L("Her er tiltaget nu", "The initiative is here"),
    "step.ahead": L("Senere", "Later"),
    "moves.title": L("Videre herfra", "Moves from here"),
    "moves.met": L("Opfyldt", "Met"),
    "moves.unmet": L("Mangler", "Missing"),
    "moves.possible": L("Kan nu", "Possible now"),
    "moves.comment": L("Kommentar", "Comment"),
    "move.refused": L("Det kunne ikke lade sig gøre", "That could not be done"),
    "move.unmet": L("Det mangler stadig: {unmet}", "Still missing: {unmet}"),
    "move.changed": L(
        "Tiltaget er ændret af en anden, siden du åbnede siden. Se det igen, og prøv igen.",
        "Someone else changed the initiative since you opened the page. Look again and retry.",
    ),
    "move.not_yours": L(
        "Du må ikke flytte dette tiltag videre.", "You may not move this initiative on."
    ),
    "case.economics": L("Business casens økonomi", "The business case's economics"),
    "case.npv": L("Nutidsværdi", "Net present value"),
    "case.payback": L("Tilbagebetalingstid", "Payback"),
    "case.years": L("{years} år", "{years} years"),
    "case.never": L("Tjener sig ikke hjem", "Never pays back"),
    "case.rate": L("Diskonteringsrente", "Discount rate"),
    "plan.milestones": L("Milepæle", "Milestones"),
    "plan.phase": L("Fase", "Phase"),
    "plan.title": L("Milepæl", "Milestone"),
    "plan.due": L("Frist", "Due"),
    "plan.owner": L("Ansvarlig (brugernavn)", "Owner (handle)"),
    "plan.state": L("Status", "State"),
    "plan.open": L("Åben", "Open"),
    "plan.done_on": L("Nået {day}", "Done {day}"),
    "plan.replanned": L("Omplanlagt", "Re-planned"),
    "plan.mark_done": L("Marker som nået", "Mark as done"),
    "plan.replan": L("Omplanlæg", "Re-plan"),
    "plan.reason": L("Hvorfor flyttes den?", "Why does it move?"),
    "plan.new_due": L("Ny frist", "New due date"),
    "plan.bad_due": L(
        "Den nye frist {given} er ikke en dato; skriv den som dd.mm.åååå",
        "The new due date {given} is not a date; write it as dd.mm.yyyy",
    ),
    "plan.rows_hint": L(
        "Frist som dd.mm.åååå. Tøm en række for at fjerne milepælen.",
        "Due date as dd.mm.yyyy. Empty a row to remove the milestone.",
    ),
    "status.title": L("Statusopdateringer", "Status updates"),
    "status.none": L("Ingen status givet endnu.", "No status given yet."),
    "status.quarter": L("Kvartal", "Quarter"),
    "status.light": L("Status", "Status"),
    "status.text": L("Hvordan går det?", "How is it going?"),
    "status.by": L("Givet af", "Given by"),
    "status.give": L("Giv status", "Give the status"),
    "decisions.title": L("Beslutninger", "Decisions"),
    "decisions.forum": L("Forum", "Forum"),
    "decisions.outcome": L("Beslutning", "Decision"),
    "decisions.meeting": L("Møde", "Meeting"),
    "decisions.justification": L("Begrundelse", "Justification"),
    "history.title": L("Historik", "History"),
    "history.when": L("Hvornår", "When"),
    "history.who": L("Hvem", "Who"),
    "history.what": L("Hvad", "What"),
    "history.channel": L("Hvordan", "Through"),
    "event.created": L("Oprettet", "Created"),
    "event.transition": L("Flyttet", "Moved"),
    "event.edit": L("Ændret", "Changed"),
    "event.record": L("Dokument udfyldt", "Record filed"),
    "event.decision": L("Beslutning", "Decision"),
    "event.status": L("Status givet", "Status given"),
    "event.milestone": L("Milepæl", "Milestone"),
    # The access tokens of the JSON API (/me/tokens)
    "tokens.title": L("Adgangsnøgler", "Access tokens"),
    "tokens.menu": L("Adgangsnøgler", "Access tokens"),
    "tokens.intro": L(
        "En adgangsnøgle lader et program, fx et regneark eller kommunens økonomisystem, bruge"
        " tiltags API på dine vegne: det kan se tiltag og gøre det samme, som du må. Giv hver"
        " nøgle et navn, så du kan se, hvad den bruges til, og tilbagekald den, når den ikke"
        " bruges mere.",
        "An access token lets a program, e.g. a spreadsheet or the municipality's finance system,"
        " use tiltag's API on your behalf: it can see initiatives and do what you may do. Give"
        " each token a name, so you can tell what it is used for, and revoke it when it is no"
        " longer used.",
    ),
    "tokens.list_heading": L("Dine adgangsnøgler", "Your access tokens"),
    "tokens.none": L("Du har ingen adgangsnøgler.", "You have no access tokens."),
    "tokens.name": L("Navn", "Name"),
    "tokens.name_hint": L(
        "Hvad nøglen bruges til, fx Økonomisystemet", "What the token is for, e.g. Finance system"
    ),
    "tokens.days": L("Gyldig i antal dage", "Valid for days"),
    "tokens.days_hint": L("Fra 1 til 365 dage", "From 1 to 365 days"),
    "tokens.created": L("Oprettet", "Created"),
    "tokens.expires": L("Udløber", "Expires"),
    "tokens.used": L("Senest brugt", "Last used"),
    "tokens.state": L("Status", "Status"),
    "tokens.never": L("Aldrig", "Never"),
    "tokens.active": L("Aktiv", "Active"),
    "tokens.expired": L("Udløbet", "Expired"),
    "tokens.revoked_on": L("Tilbagekaldt {when}", "Revoked {when}"),
    "tokens.revoke": L("Tilbagekald", "Revoke"),
    "tokens.make_heading": L("Lav en ny adgangsnøgle", "Make a new access token"),
    "tokens.make": L("Lav adgangsnøgle", "Make access token"),
    "tokens.made_heading": L("Din nye adgangsnøgle: {name}", "Your new access token: {name}"),
    "tokens.made_warning": L(
        "Kopiér nøglen nu: den vises kun denne ene gang, og vi gemmer den ikke. Behandl den som"
        " en adgangskode, og del den ikke med andre. Den virker til og med {expires}.",
        "Copy the token now: it is shown this once only, and we do not keep it. Treat it as a"
        " password and share it with nobody. It works until {expires}.",
    ),
    "tokens.secret": L("Adgangsnøgle", "Access token"),
    "tokens.secret_hint": L(
        "Markér hele feltet og kopiér det. Programmet sender den i headeren Authorization: Bearer.",
        "Select the whole field and copy it. The program sends it in the header"
        " Authorization: Bearer.",
    ),
    "tokens.bad_name": L(
        "Skriv et navn på højst 100 tegn, fx Økonomisystemet",
        "Type a name of at most 100 characters, e.g. Finance system",
    ),
    "tokens.bad_days": L(
        "Skriv et antal dage fra 1 til 365, fx 90", "Type a number of days from 1 to 365, e.g. 90"
    ),
    "tokens.done_revoked": L(
        "Adgangsnøglen er tilbagekaldt. Den virker ikke mere.",
        "The access token is revoked. It works no more.",
    ),
    "tokens.docs": L(
        "API'ets beskrivelse (OpenAPI) findes på /api/v1/openapi.json.",
        "The API's description (OpenAPI) is at /api/v1/openapi.json.",
    ),
    "done.moved": L("Tiltaget er flyttet videre.", "The initiative has moved on."),
    "done.status": L("Tak. Din status er gemt.", "Thank you. Your status is saved."),
    "done.record": L("Gemt.", "Saved."),
    "done.milestone": L("Milepælen er opdateret.", "The milestone is updated."),
    "done.proposed": L(
        "Tak for forslaget. Det er nu til screening.", "Thank you. It is now up for screening."
    ),
    # Forms
    "form.problems": L("Der er problemer", "There are problems"),
    "form.error": L("Fejl", "Error"),
    "form.optional": L("valgfri", "optional"),
    "form.choose": L("Vælg", "Choose"),
    "form.save": L("Gem", "Save"),
    "form.cancel": L("Annuller", "Cancel"),
    "form.add_row": L("Tilføj række", "Add a row"),
    "form.date_hint": L("Som dd.mm.åååå, fx 01.09.2010", "As dd.mm.yyyy, e.g. 01.09.2010"),
    "gains.year": L("Budgetår", "Budget year"),
    "gains.amount": L("Beløb (kr.)", "Amount (DKK)"),
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
    # The status form
    "status.heading": L("Status for {quarter}", "Status for {quarter}"),
    "status.intro": L(
        "Giv en status for kvartalet senest {deadline}: et lys og et par linjer om, hvordan det"
        " går.",
        "Give the quarter's status by {deadline}: a light and a few lines on how it is going.",
    ),
    "status.already": L(
        "Der er allerede givet status for kvartalet ({when}, {light}). En ny status erstatter den.",
        "A status for the quarter was given already ({when}, {light}). A new one replaces it.",
    ),
    "status.light_green": L("det går som planlagt", "going as planned"),
    "status.light_amber": L("der er udfordringer", "there are difficulties"),
    "status.light_red": L("tiltaget er i fare", "the initiative is at risk"),
    "status.text_hint": L(
        "Fx: Udbuddet er sendt ud, og tidsplanen holder.",
        "E.g.: The tender is out and on schedule.",
    ),
    "status.spent": L("Brugt indtil nu (kr.)", "Spent so far (DKK)"),
    "status.spent_hint": L("Hele kroner", "Whole kroner"),
    "status.gains": L("Realiserede gevinster pr. budgetår", "Realised gains per budget year"),
    "status.send": L("Giv status", "Give the status"),
    "status.refused": L(
        "Status kan ikke gives: {problem}", "The status cannot be given: {problem}"
    ),
    "status.not_yours": L(
        "Kun tiltagets projektejer, forslagsstiller, task force og administratorer må give dets"
        " status.",
        "Only the initiative's owner, proposer, the task force and administrators may give its"
        " status.",
    ),
    "status.bad_light": L("Vælg grøn, gul eller rød", "Choose green, amber or red"),
    "status.bad_text": L(
        "Skriv et par linjer om, hvordan det går", "Write a few lines on how it is going"
    ),
    "status.bad_spent": L(
        "Skriv beløbet i hele kroner ({problem})", "Give the amount in whole kroner ({problem})"
    ),
    "status.bad_gains": L(
        "Skriv budgetår og beløb i hele kroner ({problem})",
        "Give budget years and amounts in whole kroner ({problem})",
    ),
    "status.bad_quarter": L(
        "Status for dette kvartal kan ikke gives nu ({problem})",
        "The status for this quarter cannot be given now ({problem})",
    ),
    # Proposing
    "propose.title": L("Foreslå et tiltag", "Propose an initiative"),
    "propose.intro": L(
        "Har du en idé til at gøre tingene bedre eller billigere? Beskriv den kort; chefgruppen"
        " screener forslagene.",
        "Do you have an idea to do things better or cheaper? Describe it briefly; the chief"
        " group screens the proposals.",
    ),
    "propose.workflow": L("Slags forslag", "Kind of proposal"),
    "propose.name": L("Titel", "Title"),
    "propose.name_hint": L("Fx: Fælles udbud af forsikring", "E.g.: Joint insurance tender"),
    "propose.description": L("Beskrivelse", "Description"),
    "propose.description_hint": L(
        "Hvad er idéen, og hvad kan den give?", "What is the idea, and what can it give?"
    ),
    "propose.area_hint": L("Fx: Økonomi eller Dagtilbud", "E.g.: Finance or Day care"),
    "propose.send": L("Send forslaget", "Send the proposal"),
    "propose.bad_title": L(
        "Skriv en titel på én linje ({problem})", "Give a one-line title ({problem})"
    ),
    "propose.bad_description": L(
        "Beskrivelsen kan ikke bruges ({problem})", "The description cannot be used ({problem})"
    ),
    "propose.bad_category": L("Vælg en af kategorierne", "Choose one of the categories"),
    "propose.bad_area": L(
        "Skriv området på én linje ({problem})", "Give the area on one line ({problem})"
    ),
    "propose.bad_workflow": L("Vælg en slags forslag", "Choose a kind of proposal"),
    # A forum's agenda
    "forum.menu": L("Dagsorden {forum}", "Agenda {forum}"),
    "forum.title": L("Dagsorden: {forum}", "Agenda: {forum}"),
    "forum.intro": L(
        "{count} sager venter på forummets beslutning. Mødedato og reference huskes fra sag til"
        " sag.",
        "{count} cases wait for the forum's decision. The meeting's date and reference are kept"
        " from case to case.",
    ),
    "forum.intro_one": L(
        "1 sag venter på forummets beslutning.", "1 case waits for the forum's decision."
    ),
    "forum.intro_none": L(
        "Ingen sager venter på forummets beslutning.", "No case waits for the forum's decision."
    ),
    "forum.kind": L("Beslutningstype", "Kind of decision"),
    "forum.earlier": L("Tidligere beslutninger", "Earlier decisions"),
    "forum.outcome": L("Beslutning", "Decision"),
    "forum.meeting": L("Mødedato", "Meeting date"),
    "forum.reference": L("Reference", "Reference"),
    "forum.reference_hint": L(
        "Fx punkt i referatet eller sagsnummer", "E.g. the minutes' item or the case number"
    ),
    "forum.justification": L("Begrundelse", "Justification"),
    "forum.redo": L("Hvad skal gøres om", "What must be redone"),
    "forum.redo_hint": L("kun når sagen sendes tilbage", "only when the case is sent back"),
    "forum.record": L("Registrer beslutningen", "Record the decision"),
    "forum.decided": L("Beslutningen er registreret.", "The decision is recorded."),
    "forum.own": L(
        "Du kan ikke beslutte om et tiltag, du selv har foreslået eller ejer.",
        "You cannot decide on an initiative you proposed or own.",
    ),
    "forum.not_yours": L(
        "Kun forummets medlemmer registrerer dets beslutninger, og ikke om egne tiltag.",
        "Only the forum's members record its decisions, and not on their own initiatives.",
    ),
    "forum.not_member": L(
        "Dagsordenen er for forummets medlemmer, task force og administratorer.",
        "The agenda is for the forum's members, the task force and administrators.",
    ),
    "forum.unknown": L("Det forum findes ikke.", "There is no such forum."),
    "forum.bad_date": L(
        "Mødedatoen {given} er ikke en dato; skriv den som dd.mm.åååå",
        "The meeting date {given} is not a date; write it as dd.mm.yyyy",
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
