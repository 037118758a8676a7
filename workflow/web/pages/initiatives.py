"""Mine tiltag, an initiative's page, and its moves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from workflow import (
    RECORD_TYPES,
    BusinessCase,
    ConcurrentChangeError,
    Definition,
    IllegalMoveError,
    InvalidValueError,
    MoveReport,
    RecordModel,
    SignedIn,
    UnmetRequirementsError,
    advance,
    asked_by,
    benefits_awaited,
    case_economics,
    check_moves,
    get_initiative,
    iter_initiatives,
    list_decisions,
    may_change,
    read_benefits,
    read_history,
    read_records,
    read_statuses,
    status_given,
)
from workflow.base.calendar import quarter_of
from workflow.base.clock import local_date
from workflow.base.vocabulary import CHANNELS, FORUMS, LIGHTS, OUTCOMES
from workflow.definitions.model import Requirement
from workflow.web.context import web
from workflow.web.forms import GAIN_CHOICES, RECORD_FORMS, as_texts
from workflow.web.guard import DONE, Form, Id, form_text, pages
from workflow.web.people import Forbidden, Me

__all__ = ["router"]

router = pages()
# Who may never be named as the actor of a move: the checklist's requirements about the person.
PERSONAL = frozenset({"role", "actor_is"})


@dataclass(frozen=True)
class Mine:
    """One line of Mine tiltag."""

    initiative: Any
    state: Any
    needs: list[MoveReport]
    status_given: bool
    takes_status: bool
    # Whether its benefits follow-up awaits the realised gains of this year (or quarter).
    benefits_awaited: bool = False


@router.get("/")
def mine(request: Request, me: Me, done: str = "") -> Response:
    app = web(request)
    today = local_date(app.clock.now())
    quarter = quarter_of(today)
    deadline = app.schedule.calendar.status_deadline(quarter)
    lines = []
    initiatives = list(iter_initiatives(app.engine, involving=me.person.id))
    given = status_given(app.engine, [i.id for i in initiatives], quarter)
    ids = [i.id for i in initiatives]
    awaited = benefits_awaited(app.engine, app.registry, app.schedule, ids, quarter)
    for initiative in initiatives:
        definition, _, reports = check_moves(
            app.engine, app.registry, actor=me.person, initiative_id=initiative.id
        )
        state = definition.state(initiative.state)
        forward = [r for r in reports if r.transition.moves_on]
        lines.append(
            Mine(
                initiative,
                state,
                forward or reports,
                initiative.id in given,
                state.quarterly_status,
                initiative.id in awaited,
            )
        )
    return app.pages.render(
        request,
        "mine.html",
        {
            "lines": lines,
            "quarter": quarter,
            "deadline": deadline,
            "benefits_deadline": app.schedule.calendar.status_deadline(
                asked_by(app.schedule, quarter)
            ),
            "done": done if done in DONE else "",
        },
    )


def initiative_page(
    request: Request,
    me: SignedIn,
    initiative_id: int,
    *,
    problem: str | None = None,
    status: int = 200,
) -> Response:
    """The initiative's page, with `problem` shown at the top (a move that was refused)."""
    app = web(request)
    initiative = get_initiative(app.engine, initiative_id)
    definition, _, reports = check_moves(
        app.engine, app.registry, actor=me.person, initiative_id=initiative_id
    )
    records = read_records(app.engine, initiative_id)
    statuses = read_statuses(app.engine, initiative_id)
    answers = read_benefits(app.engine, initiative_id)
    category = next((c.label for c in definition.categories if c.code == initiative.category), None)
    case = records.get("business_case")
    economics = case_economics(case, definition) if isinstance(case, BusinessCase) else None
    return app.pages.render(
        request,
        "initiative.html",
        {
            "initiative": initiative,
            "definition": definition,
            "state": definition.state(initiative.state),
            "steps": lifecycle(definition, initiative.state),
            "reports": reports,
            "history": read_history(app.engine, initiative_id),
            "decisions": list_decisions(app.engine, initiative_id),
            "records": records,
            "economics": economics,
            "filed": [
                (
                    model,
                    RECORD_FORMS[kind],
                    as_texts(RECORD_FORMS[kind], record.model_dump(mode="json")),
                )
                for kind, model in record_kinds(definition)
                if kind in RECORD_FORMS and (record := records.get(kind)) is not None
            ],
            "gain_choices": GAIN_CHOICES,
            "statuses": statuses,
            "names": app.names(
                initiative.proposer,
                initiative.owner,
                *(s.given_by for s in statuses),
                *(a.given_by for a in answers),
                *_benefit_owners(records.get("business_case")),
            ),
            "category": category,
            "record_kinds": record_kinds(definition),
            "state_names": state_names(definition),
            "lights": LIGHTS,
            "forums": FORUMS,
            "outcomes": OUTCOMES,
            "channels": CHANNELS,
            "may_change": may_change(me.person, initiative.proposer, initiative.owner),
            "benefits": answers,
            "gives_benefits": me.person.handle in _benefit_owners(case)
            or may_change(me.person, initiative.proposer, initiative.owner),
            "problem": problem,
            "done": done if (done := request.query_params.get("done", "")) in DONE else "",
        },
        status=status,
    )


def record_kinds(definition: Definition) -> list[tuple[str, type[RecordModel]]]:
    """The kinds of record the definition's moves ask for, in the order records are filed."""
    asked = set()
    for transition in definition.transitions:
        for requirement in transition.all_requirements():
            if requirement.kind == "record":
                asked.add(requirement.values[0])
            elif requirement.kind == "milestones":
                asked.add("plan")
    return [(kind, model) for kind, model in RECORD_TYPES.items() if kind in asked]


def lifecycle(definition: Definition, current: str) -> list[tuple[Any, str]]:
    """The main line of the lifecycle (from the initial state, each step forward the first move
    that asks something of the case), each state marked done, current or ahead; a state off
    the line (rejected, on hold ...) is added when the initiative is in it."""
    line = [definition.initial]
    while True:
        names = {s.name for s in line}
        ahead = next(
            (
                t.dest
                for t in definition.outgoing(line[-1].name)
                if t.moves_on and t.dest in state_names(definition) and t.dest not in names
            ),
            None,
        )
        if ahead is None:
            break
        line.append(definition.state(ahead))
    if current not in {s.name for s in line}:
        line.append(definition.state(current))
    at = [s.name for s in line].index(current)
    return [
        (s, "current" if n == at else "done" if n < at else "ahead") for n, s in enumerate(line)
    ]


def state_names(definition: Definition) -> set[str]:
    return {s.name for s in definition.states}


@router.get("/initiatives/{initiative_id}")
def show(request: Request, initiative_id: Id, me: Me) -> Response:
    return initiative_page(request, me, initiative_id)


@router.post("/initiatives/{initiative_id}/moves/{trigger}")
def move(request: Request, initiative_id: Id, trigger: str, me: Me, form: Form) -> Response:
    app = web(request)
    try:
        version = int(form_text(form, "version"))
    except ValueError:
        version = None
    comment = form_text(form, "comment").strip() or None
    try:
        advance(
            app.engine,
            app.registry,
            actor=me.person,
            initiative_id=initiative_id,
            trigger=trigger,
            clock=app.clock,
            comment=comment,
            expected_version=version,
        )
    except UnmetRequirementsError as refused:
        personal = _refused_personally(request, me, initiative_id, trigger)
        if personal:
            raise Forbidden(app.pages.say(request, "move.not_yours")) from None
        problem = app.pages.say(request, "move.unmet", unmet="; ".join(refused.unmet))
        return initiative_page(request, me, initiative_id, problem=problem, status=409)
    except ConcurrentChangeError:
        problem = app.pages.say(request, "move.changed")
        return initiative_page(request, me, initiative_id, problem=problem, status=409)
    except (IllegalMoveError, InvalidValueError) as refused:
        return initiative_page(request, me, initiative_id, problem=str(refused), status=400)
    return RedirectResponse(f"/initiatives/{initiative_id}?done=moved", status_code=303)


def _personal(requirement: Requirement) -> bool:
    """Whether a requirement is about who acts (every option of an `any_of` is)."""
    if requirement.kind == "any_of":
        return all(_personal(option) for option in requirement.options)
    return requirement.kind in PERSONAL


def _refused_personally(request: Request, me: SignedIn, initiative_id: int, trigger: str) -> bool:
    """Whether the move was refused because of who asked (a role or relation they lack)."""
    app = web(request)
    _, _, reports = check_moves(
        app.engine, app.registry, actor=me.person, initiative_id=initiative_id
    )
    for report in reports:
        if report.transition.trigger == trigger:
            return any(not o.met and o.requirement.kind in PERSONAL for o in report.outcomes)
    return False


def _benefit_owners(case: Any) -> list[str | None]:
    """The benefit owners a business case names (the page shows their names)."""
    return [g.owner for g in case.gains] if isinstance(case, BusinessCase) else []
