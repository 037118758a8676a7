"""A forum's agenda: what waits for its decision, with the case material a member reads, and
its decisions recorded one after another from the agenda."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from workflow import (
    BusinessCase,
    DecisionRefused,
    ForumRoleError,
    InvalidValueError,
    SelfApprovalError,
    SignedIn,
    UnmetRequirementsError,
    WorkflowError,
    case_economics,
    check_moves,
    decide,
    decides_for,
    list_decisions,
    meeting_label,
    next_meeting,
    read_records,
    waiting_for,
)
from workflow.base.clock import local_date
from workflow.base.vocabulary import DECISION_KINDS, FORUMS, OUTCOMES
from workflow.web.context import web
from workflow.web.forms import as_date
from workflow.web.guard import Form, Id, form_text, pages
from workflow.web.people import WATCHERS, Forbidden, Me

__all__ = ["router"]

router = pages()
# Cases on one page of the agenda (a meeting takes a handful; the rest follow on the next page).
PAGE = 20


@dataclass(frozen=True)
class Item:
    """One case on the agenda, with what a member reads before the meeting."""

    waiting: Any
    definition: Any
    economics: Any
    decision_kind: str | None
    decisions: list[Any]
    may_decide: bool
    # What the case has and lacks for its steps forward, in the words of `check`.
    checklist: list[Any]


def _forum(request: Request, me: SignedIn, forum: str) -> None:
    if forum not in FORUMS:
        raise Forbidden(web(request).pages.say(request, "forum.unknown"))
    if forum not in me.person.roles and me.person.roles.isdisjoint(WATCHERS):
        raise Forbidden(web(request).pages.say(request, "forum.not_member"))


def _agenda(
    request: Request,
    me: SignedIn,
    forum: str,
    *,
    meeting: dict[str, str],
    after: int = 0,
    errors: dict[int, str] | None = None,
    status: int = 200,
) -> Response:
    app = web(request)
    items = []
    found = waiting_for(app.engine, app.registry, forum, after=after, limit=PAGE + 1)
    for waiting in found[:PAGE]:
        initiative = waiting.initiative
        definition, _, reports = check_moves(
            app.engine, app.registry, actor=me.person, initiative_id=initiative.id
        )
        case = read_records(app.engine, initiative.id).get("business_case")
        economics = case_economics(case, definition) if isinstance(case, BusinessCase) else None
        items.append(
            Item(
                waiting,
                definition,
                economics,
                case.decision_kind if isinstance(case, BusinessCase) else None,
                list_decisions(app.engine, initiative.id),
                decides_for(me.person, forum, definition, initiative.proposer, initiative.owner),
                [
                    o
                    for r in reports
                    if r.transition.moves_on
                    for o in r.outcomes
                    if o.requirement.about_case
                ],
            )
        )
    owners = app.names(*(i.waiting.initiative.owner for i in items))
    # The meeting the cases go to: the first whose agenda deadline has not passed.
    goes_to = next_meeting(app.schedule.meetings.get(forum, ()), local_date(app.clock.now()))
    return app.pages.render(
        request,
        "agenda.html",
        {
            "forum": forum,
            "forum_label": FORUMS[forum],
            "items": items,
            "names": owners,
            "meeting": meeting,
            "next_meeting": goes_to,
            "next_meeting_label": meeting_label(forum, goes_to) if goes_to else None,
            "errors": errors or {},
            "outcomes": OUTCOMES,
            "kinds": DECISION_KINDS,
            "forums": FORUMS,
            "done": request.query_params.get("done") == "decided",
            "after": after,
            # The next page's address, the meeting kept; None on the last page.
            "next": None
            if len(found) <= PAGE
            else "?"
            + urlencode({"after": found[PAGE - 1].initiative.id, **_meeting_query(meeting)}),
        },
        status=status,
    )


def _meeting_query(meeting: dict[str, str]) -> dict[str, str]:
    return {"meeting": meeting["date"], "reference": meeting["reference"]}


def _after(value: str) -> int:
    """The id the page starts after (0: the first page); anything else than a number is 0."""
    return int(value) if value.isdigit() and len(value) < 10 else 0


@router.get("/forums/{forum}")
def agenda(
    request: Request,
    forum: str,
    me: Me,
    meeting: str = "",
    reference: str = "",
    after: str = "",
) -> Response:
    _forum(request, me, forum)
    today = local_date(web(request).clock.now())
    shown = {"date": meeting[:10] or today.strftime("%d.%m.%Y"), "reference": reference[:200]}
    return _agenda(request, me, forum, meeting=shown, after=_after(after))


@router.post("/forums/{forum}/decisions/{initiative_id}")
def record_decision(
    request: Request, forum: str, initiative_id: Id, me: Me, form: Form
) -> Response:
    app = web(request)
    _forum(request, me, forum)
    meeting = {"date": form_text(form, "meeting")[:20], "reference": form_text(form, "reference")}
    after = _after(form_text(form, "after"))
    try:
        day = date.fromisoformat(as_date(meeting["date"]))
    except ValueError:
        problem = app.pages.say(request, "forum.bad_date", given=meeting["date"])
        errors = {initiative_id: problem}
        return _agenda(request, me, forum, meeting=meeting, after=after, errors=errors, status=400)
    try:
        decide(
            app.engine,
            app.registry,
            actor=me.person,
            initiative_id=initiative_id,
            forum=forum,
            outcome=form_text(form, "outcome"),
            meeting_date=day,
            reference=meeting["reference"],
            justification=form_text(form, "justification"),
            clock=app.clock,
            redo=form_text(form, "redo").strip() or None,
            gate=form_text(form, "gate") or None,
        )
    except (ForumRoleError, SelfApprovalError):  # who asks: no form was shown to them
        raise Forbidden(app.pages.say(request, "forum.not_yours")) from None
    except (DecisionRefused, InvalidValueError, UnmetRequirementsError, WorkflowError) as refused:
        errors = {initiative_id: str(refused)}
        return _agenda(request, me, forum, meeting=meeting, after=after, errors=errors, status=409)
    # Back to the agenda with the meeting kept, for the next case of the same meeting.
    query = urlencode({"done": "decided", "after": after, **_meeting_query(meeting)})
    return RedirectResponse(f"/forums/{forum}?{query}#agenda", status_code=303)
