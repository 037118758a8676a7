"""The texts of a proposer's and an owner's pages: Mine tiltag, the initiative, the status
form, proposing, the facts."""

from __future__ import annotations

from workflow.base.vocabulary import Label as L

__all__ = ["TEXTS"]

TEXTS: dict[str, L] = {
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
    "mine.benefits": L(
        "Gevinstopfølgning {year} (frist {deadline})", "Benefits follow-up {year} (due {deadline})"
    ),
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
    "event.benefits": L("Realiserede gevinster givet", "Realised gains given"),
    "event.milestone": L("Milepæl", "Milestone"),
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
    # The benefits follow-up form
    "benefits.give": L("Giv realiserede gevinster", "Give the realised gains"),
    "benefits.heading": L("Realiserede gevinster {year}", "Realised gains {year}"),
    "benefits.intro": L(
        "Tiltaget er afsluttet, men business casen forventer gevinster til og med {last}. Giv"
        " de gevinster, tiltaget har realiseret i {year} indtil nu, senest {deadline}.",
        "The initiative has ended, but its business case expects gains up to and including"
        " {last}. Give the gains it has realised in {year} so far, by {deadline}.",
    ),
    "benefits.already": L(
        "Der er allerede givet realiserede gevinster for {year} ({when}). Nye tal erstatter dem.",
        "Realised gains for {year} were given already ({when}). New figures replace them.",
    ),
    "benefits.kroner": L("Realiseret i kroner", "Realised in kroner"),
    "benefits.kroner_hint": L(
        "Hele kroner; forventet i {year}: {expected}",
        "Whole kroner; expected in {year}: {expected}",
    ),
    "benefits.gain": L("Gevinst {number}: {what}", "Gain {number}: {what}"),
    "benefits.gain_hint": L(
        "Realiseret i {unit}; forventet i {year}: {expected}",
        "Realised in {unit}; expected in {year}: {expected}",
    ),
    "benefits.text": L("Bemærkninger", "Remarks"),
    "benefits.send": L("Giv gevinsterne", "Give the gains"),
    "benefits.title": L("Gevinstopfølgning", "Benefits follow-up"),
    "benefits.none": L("Ingen realiserede gevinster givet endnu.", "No realised gains given yet."),
    "benefits.year": L("Budgetår", "Budget year"),
    "benefits.refused": L(
        "Gevinsterne kan ikke gives: {problem}", "The gains cannot be given: {problem}"
    ),
    "benefits.not_yours": L(
        "Kun tiltagets gevinstejere, projektejer, forslagsstiller, task force og administratorer"
        " må give dets realiserede gevinster.",
        "Only the initiative's benefit owners, owner, proposer, the task force and administrators"
        " may give its realised gains.",
    ),
    "benefits.bad_kroner": L(
        "Skriv beløbet i hele kroner ({problem})", "Give the amount in whole kroner ({problem})"
    ),
    "benefits.bad_nothing": L(
        "Skriv de realiserede kroner eller en gevinsts tal",
        "Give the realised kroner or a gain's figure",
    ),
    "benefits.bad_figure": L("Skriv et tal ({problem})", "Give a number ({problem})"),
    "benefits.bad_text": L(
        "Teksten kan ikke gemmes ({problem})", "The text cannot be saved ({problem})"
    ),
    "benefits.bad_quarter": L(
        "Gevinsterne for dette kvartal kan ikke gives nu ({problem})",
        "The gains for this quarter cannot be given now ({problem})",
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
}
