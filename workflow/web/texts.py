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
    "sign_in.notice.link_closed": L(
        "Linket kan ikke bruges: din adgang til tiltag er lukket. Kontakt en administrator.",
        "The link cannot be used: your access to tiltag is closed. Contact an administrator.",
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
    "history.on_behalf": L("på vegne af {name}", "on behalf of {name}"),
    "behalf.notice": L(
        "Du handler på vegne af {name}, som ejer tiltaget. Historikken viser, at det var dig.",
        "You act on behalf of {name}, who owns the initiative. The history shows it was you.",
    ),
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
    "done.facts": L("Oplysningerne er gemt.", "The facts are saved."),
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
    "forum.intro_page": L(
        "Flere sager venter, end en side rummer; her er {count} af dem, de ældste først."
        " Mødedato og reference huskes fra sag til sag og fra side til side.",
        "More cases wait than a page holds; here are {count} of them, the oldest first. The"
        " meeting's date and reference are kept from case to case and page to page.",
    ),
    "forum.pages": L("Dagsordenens sider", "The agenda's pages"),
    "forum.first_page": L("Første side", "First page"),
    "forum.next_page": L("Næste sager", "Next cases"),
    "forum.intro_one": L(
        "1 sag venter på forummets beslutning.", "1 case waits for the forum's decision."
    ),
    "forum.intro_none": L(
        "Ingen sager venter på forummets beslutning.", "No case waits for the forum's decision."
    ),
    "forum.kind": L("Beslutningstype", "Kind of decision"),
    "forum.checklist": L("Tjekliste for næste skridt", "Checklist of the next step"),
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
    # The calendar feed
    "calendar.menu": L("Kalender", "Calendar"),
    "calendar.title": L("Kalender", "Calendar"),
    "calendar.intro": L(
        "Få dine frister fra tiltag ind i din egen kalender, i Outlook eller på telefonen. Den"
        " holder sig selv opdateret, når noget ændres i tiltag.",
        "Get your deadlines from tiltag into your own calendar, in Outlook or on your phone. It"
        " keeps itself up to date when something changes in tiltag.",
    ),
    "calendar.holds": L("Kalenderen viser", "The calendar shows"),
    "calendar.holds_status": L(
        "fristen for kvartalsstatus i dette og næste kvartal for hvert tiltag, du er"
        " projektejer for;",
        "the quarterly status deadline of this quarter and the next for each initiative you own;",
    ),
    "calendar.holds_milestones": L(
        "fristerne for de milepæle i dine tiltag, som ikke er nået endnu, og for milepæle, du"
        " selv er ansvarlig for;",
        "the due dates of the milestones of your initiatives that are not done yet, and of"
        " milestones you are responsible for;",
    ),
    "calendar.holds_meetings": L(
        "møderne i de fora, du er medlem af (chefgruppen, Økonomiudvalget, Byrådet).",
        "the meetings of the forums you are a member of (the chief group, the Economic"
        " Committee, the City Council).",
    ),
    "calendar.address_heading": L("Din kalenderadresse", "Your calendar address"),
    "calendar.none": L("Du har ingen kalenderadresse endnu.", "You have no calendar address yet."),
    "calendar.made": L(
        "Din kalenderadresse blev lavet {when}.", "Your calendar address was made {when}."
    ),
    "calendar.make": L("Lav min kalenderadresse", "Make my calendar address"),
    "calendar.renew": L("Lav en ny adresse", "Make a new address"),
    "calendar.renew_hint": L(
        "Den gamle adresse holder op med at virke med det samme. Brug det, hvis adressen er"
        " kommet ud til andre, eller hvis du har mistet den.",
        "The old address stops working at once. Use it if the address has reached others, or"
        " if you have lost it.",
    ),
    "calendar.secret": L(
        "Adressen er hemmelig: alle, der kender den, kan se dine frister uden at logge ind."
        " Del den ikke.",
        "The address is secret: anyone who knows it can see your deadlines without signing"
        " in. Do not share it.",
    ),
    "calendar.new": L("Din nye kalenderadresse er lavet", "Your new calendar address is made"),
    "calendar.once": L(
        "Kopiér adressen nu. Den vises kun denne ene gang: tiltag gemmer kun et"
        " fingeraftryk af den (en hash), ikke selve adressen, og kan ikke vise den igen."
        " Mister du den, så lav en ny.",
        "Copy the address now. It is shown this once only: tiltag stores only a fingerprint"
        " of it (a hash), not the address itself, and cannot show it again. If you lose it,"
        " make a new one.",
    ),
    "calendar.address": L("Adresse", "Address"),
    "calendar.busy": L(
        "Din adresse blev lavet i et andet vindue i samme øjeblik. Intet er ændret her; prøv igen.",
        "Your address was being made in another window at the same moment. Nothing changed"
        " here; try again.",
    ),
    "calendar.subscribe": L(
        "Abonnér på kalenderen i dit kalenderprogram",
        "Subscribe to the calendar in your calendar app",
    ),
    "calendar.how_heading": L("Sådan abonnerer du", "How to subscribe"),
    "calendar.how_outlook": L(
        "Outlook: Vælg Kalender, så Tilføj kalender og Fra internettet (i Outlook på nettet:"
        " Abonner fra internettet). Indsæt adressen, og giv kalenderen et navn.",
        "Outlook: Choose Calendar, then Add calendar and From Internet (in Outlook on the web:"
        " Subscribe from web). Paste the address and give the calendar a name.",
    ),
    "calendar.how_iphone": L(
        "iPhone og iPad: Indstillinger, Kalender, Konti, Tilføj konto, Andet, Tilføj"
        " abonnementskalender. Indsæt adressen.",
        "iPhone and iPad: Settings, Calendar, Accounts, Add Account, Other, Add Subscribed"
        " Calendar. Paste the address.",
    ),
    "calendar.how_android": L(
        "Android: Åbn Google Kalender på en computer, vælg Andre kalendere, plus og Fra"
        " webadresse, og indsæt adressen. Så kommer kalenderen også på telefonen.",
        "Android: Open Google Calendar on a computer, choose Other calendars, plus and From"
        " URL, and paste the address. The calendar then comes to the phone too.",
    ),
    "calendar.how_delay": L(
        "Kalenderprogrammerne henter kalenderen med mellemrum, ofte nogle gange i døgnet, så"
        " en ændring i tiltag kan være et par timer om at nå frem. Kalenderen kan kun læses:"
        " ret i tiltag, ikke i kalenderen.",
        "Calendar apps fetch the calendar now and then, often a few times a day, so a change"
        " in tiltag may take a few hours to arrive. The calendar is read-only: change things"
        " in tiltag, not in the calendar.",
    ),
    "calendar.coming": L("I din kalender nu", "In your calendar now"),
    "calendar.coming_none": L(
        "Der er ingen frister eller møder i din kalender lige nu.",
        "There are no deadlines or meetings in your calendar just now.",
    ),
    "calendar.more": L("… og {count} mere.", "… and {count} more."),
    "calendar.day": L("Dato", "Date"),
    "calendar.what": L("Hvad", "What"),
    "calendar.about": L("Tiltag eller forum", "Initiative or forum"),
    "calendar.kind_status": L("Statusfrist {quarter}", "Status due {quarter}"),
    "calendar.status_given": L("givet {day}", "given {day}"),
    "calendar.kind_milestone": L("Milepæl: {milestone}", "Milestone: {milestone}"),
    "calendar.kind_meeting": L("Møde", "Meeting"),
    "calendar.time": L("kl. {start}–{end}", "{start}–{end}"),
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
    # The facts of an initiative
    "facts.title": L("Ret oplysninger", "Change the facts"),
    "facts.edit": L("Ret oplysninger", "Change the facts"),
    "facts.intro": L(
        "Titel, beskrivelse, kategori, område og projektejer. Historikken viser hver ændring med"
        " den gamle og den nye værdi.",
        "Title, description, category, area and project owner. The history shows each change"
        " with the old and the new value.",
    ),
    "facts.owner_hint": L(
        "Giv tiltaget til en anden projektejer; vedkommende får det på Mine tiltag.",
        "Hand the initiative to another project owner; it shows on their Mine tiltag.",
    ),
    "facts.save": L("Gem oplysningerne", "Save the facts"),
    "facts.bad": L("Kan ikke bruges: {problem}", "Cannot be used: {problem}"),
    "facts.changed": L(
        "En anden har ændret tiltaget, siden du åbnede siden. Intet er gemt; se de nye"
        " oplysninger, og ret igen.",
        "Someone else changed the initiative since you opened the page. Nothing was saved; see"
        " the new facts and change them again.",
    ),
    "facts.not_yours": L(
        "Kun forslagsstilleren, projektejeren, task forcen og administratorerne kan rette"
        " tiltagets oplysninger.",
        "Only the proposer, the project owner, the task force and the administrators may change"
        " the initiative's facts.",
    ),
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
