"""The case presentation on the web: linked from an initiative's page and from each case on a
forum's agenda, made in the reader's language, what people typed escaped, refused to someone not
signed in; against `tiltag serve` as a real process."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import Engine

from tests.helpers import Desk
from tests.test_case_presentation import HOSTILE, NPV, _waiting_for_the_committee
from tests.test_web import browser, signed_in
from tests.web_server import WebServer
from workflow.core.people import set_language


def test_a_committee_member_fetches_the_case_presentation_from_the_agenda(
    server: WebServer, desk: Desk
) -> None:
    initiative = _waiting_for_the_committee(desk)
    client = signed_in(server, "birgit")
    agenda = client.get("/forums/economic_committee")
    link = f"/initiatives/{initiative}/case.pdf?forum=economic_committee"
    assert f'href="{link}"' in agenda.text
    assert f'href="/initiatives/{initiative}/case.html?forum=economic_committee"' in agenda.text
    answer = client.get(link)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="sagsfremstilling-{initiative}.pdf"'
    )
    reader = PdfReader(io.BytesIO(answer.content))
    text = " ".join(reader.pages[0].extract_text().split())
    assert len(reader.pages) == 1
    for seen in (
        "Digital refusion af sygedagpenge",
        "Ulla Krogh",
        NPV,
        "Det indstilles, at Økonomiudvalget på grundlag af business casen godkender tiltaget",
    ):
        assert seen in text, seen


def test_the_initiatives_page_links_it_in_the_readers_language_and_escapes_what_was_typed(
    server: WebServer, desk: Desk, engine: Engine
) -> None:
    hostile = desk.propose(title=HOSTILE)
    client = signed_in(server, "ulla")
    page = client.get(f"/initiatives/{hostile}")
    assert f'href="/initiatives/{hostile}/case.pdf"' in page.text
    assert "Sagsfremstilling (PDF)" in page.text and "Sagsfremstilling (HTML)" in page.text
    html = client.get(f"/initiatives/{hostile}/case.html")
    assert html.status_code == 200 and html.headers["content-type"] == "text/html; charset=utf-8"
    assert "<script>" not in html.text and "&lt;script&gt;document.title=" in html.text
    assert "Det indstilles, at Chefgruppen godkender tiltaget" in html.text
    set_language(engine, desk.people["hanne"], "en")
    english = signed_in(server, "hanne").get(f"/initiatives/{hostile}/case.html").text
    assert english.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "Recommendation" in english and "Indstilling" not in english
    assert "It is recommended that the chief group approves the initiative" in english


def test_nobody_signed_in_gets_no_presentation_and_a_wrong_address_gets_404(
    server: WebServer, desk: Desk
) -> None:
    initiative = desk.propose(title="Robotstøvsugere i ældreplejen")
    with browser(server) as nobody:
        refused = nobody.get(f"/initiatives/{initiative}/case.pdf")
    assert refused.status_code == 303
    assert refused.headers["location"] == (
        f"/sign-in?next=%2Finitiatives%2F{initiative}%2Fcase.pdf"
    )
    assert b"%PDF" not in refused.content
    client = signed_in(server, "jens")
    assert client.get("/initiatives/999/case.pdf").status_code == 404
    assert client.get(f"/initiatives/{initiative}/case.docx").status_code == 404
    assert client.get(f"/initiatives/{initiative}/case.pdf?forum=nobody").status_code == 200
