"""The texts of a forum's agenda."""

from __future__ import annotations

from workflow.base.vocabulary import Label as L

__all__ = ["TEXTS"]

TEXTS: dict[str, L] = {
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
    "forum.next_meeting": L(
        "Næste møde: {meeting}. Sager, der venter nu, kommer på dets dagsorden.",
        "Next meeting: {meeting}. Cases waiting now go on its agenda.",
    ),
    "forum.no_meeting": L(
        "Der er intet kommende møde i mødekalenderen.",
        "There is no meeting to come in the schedule.",
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
    # The case presentation, linked from an initiative's page and each case on an agenda
    "presentation.pdf": L("Sagsfremstilling (PDF)", "Case presentation (PDF)"),
    "presentation.html": L("Sagsfremstilling (HTML)", "Case presentation (HTML)"),
    "presentation.of": L("for {title}", "for {title}"),
}
