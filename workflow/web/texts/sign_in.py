"""The texts of signing in: by a mailed link and by the municipality's single sign-on."""

from __future__ import annotations

from workflow.base.vocabulary import Label as L

__all__ = ["TEXTS"]

TEXTS: dict[str, L] = {
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
}
