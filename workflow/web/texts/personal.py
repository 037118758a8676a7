"""The texts of a person's own pages: the API's access tokens and the calendar feed."""

from __future__ import annotations

from workflow.base.vocabulary import Label as L

__all__ = ["TEXTS"]

TEXTS: dict[str, L] = {
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
    "done.benefits": L(
        "Tak. De realiserede gevinster er gemt.", "Thank you. The realised gains are saved."
    ),
    "done.record": L("Gemt.", "Saved."),
    "done.milestone": L("Milepælen er opdateret.", "The milestone is updated."),
    "done.proposed": L(
        "Tak for forslaget. Det er nu til screening.", "Thank you. It is now up for screening."
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
        "møderne i de fora, du er medlem af (chefgruppen, Økonomiudvalget, Byrådet), og"
        " deres dagsordensfrister.",
        "the meetings of the forums you are a member of (the chief group, the Economic"
        " Committee, the City Council), and their agenda deadlines.",
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
    "calendar.kind_agenda": L(
        "Dagsordensfrist til mødet {meeting}", "Agenda deadline for the meeting of {meeting}"
    ),
    "calendar.time": L("kl. {start}–{end}", "{start}–{end}"),
}
