"""The record forms (business case, organisation, implementation plan, follow-up) and marking a
milestone done or re-planned."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from workflow import (
    RECORD_TYPES,
    ConcurrentChangeError,
    InvalidValueError,
    SignedIn,
    WorkflowError,
    change_milestone,
    get_initiative,
    may_change,
    read_history,
    read_records,
    set_record,
)
from workflow.base.clock import local_date
from workflow.base.vocabulary import Label
from workflow.web.context import web
from workflow.web.forms import (
    GAIN_CHOICES,
    GAIN_COLUMNS,
    RECORD_FORMS,
    as_data,
    as_date,
    as_texts,
    form_texts,
)
from workflow.web.guard import Form, Id, form_text, pages
from workflow.web.pages.initiatives import initiative_page, record_kinds
from workflow.web.people import Forbidden, Me

__all__ = ["router"]

router = pages()
# How many empty rows a table of a form offers beyond those filled in.
SPARE_ROWS = 1


def _allowed(request: Request, me: SignedIn, initiative_id: int, kind: str) -> Any:
    """The initiative, if the person may file its record of `kind`.

    Raises:
        NotFoundError: no such initiative.
        Forbidden: not theirs to change, or not a record its lifecycle asks for.
    """
    app = web(request)
    initiative = get_initiative(app.engine, initiative_id)
    if not may_change(me.person, initiative.proposer, initiative.owner):
        raise Forbidden(app.pages.say(request, "record.not_yours"))
    definition = app.registry.get(initiative.workflow, initiative.workflow_version)
    if kind not in RECORD_FORMS or kind not in dict(record_kinds(definition)):
        raise Forbidden(app.pages.say(request, "record.not_asked"))
    return initiative


def _form(
    request: Request,
    initiative: Any,
    kind: str,
    texts: dict[str, Any],
    *,
    version: int,
    errors: dict[str, str] | None = None,
    changes: list[Any] | None = None,
    status: int = 200,
    extra_rows: dict[str, int] | None = None,
) -> Response:
    app = web(request)
    return app.pages.render(
        request,
        "record.html",
        {
            "initiative": initiative,
            "behalf": app.behalf(request.state.signed_in.person, initiative),
            "kind": kind,
            "model": RECORD_TYPES[kind],
            "fields": RECORD_FORMS[kind],
            "values": texts,
            "errors": errors or {},
            "version": version,
            "changes": changes or [],
            "spare": {k: SPARE_ROWS + v for k, v in (extra_rows or {}).items()},
            "added": next(iter(extra_rows or {}), None),
            "spare_rows": SPARE_ROWS,
            "gain_columns": GAIN_COLUMNS,
            "gain_choices": GAIN_CHOICES,
        },
        status=status,
    )


@router.get("/initiatives/{initiative_id}/records/{kind}")
def record_form(request: Request, initiative_id: Id, kind: str, me: Me) -> Response:
    initiative = _allowed(request, me, initiative_id, kind)
    record = read_records(web(request).engine, initiative_id).get(kind)
    data = record.model_dump(mode="json") if record is not None else {}
    texts = as_texts(RECORD_FORMS[kind], data)
    return _form(request, initiative, kind, texts, version=initiative.version)


@router.post("/initiatives/{initiative_id}/records/{kind}")
def file_record(request: Request, initiative_id: Id, kind: str, me: Me, form: Form) -> Response:
    app = web(request)
    initiative = _allowed(request, me, initiative_id, kind)
    fields = RECORD_FORMS[kind]
    texts = form_texts(fields, form)
    try:
        read_version = int(form_text(form, "version"))
    except ValueError:
        read_version = initiative.version
    more = form_text(form, "add_row")
    if more:  # a row more for a table: show the form again, nothing saved
        return _form(request, initiative, kind, texts, version=read_version, extra_rows={more: 1})
    try:
        set_record(
            app.engine,
            app.registry,
            actor=me.person,
            initiative_id=initiative_id,
            kind=kind,
            clock=app.clock,
            data=as_data(fields, texts),
            expected_version=read_version,
        )
    except ConcurrentChangeError:
        since = [e for e in read_history(app.engine, initiative_id) if e.version > read_version]
        return _form(
            request,
            initiative,
            kind,
            texts,
            version=read_version,
            changes=since,
            status=409,
        )
    except InvalidValueError as refused:
        errors = _errors(request, refused, fields)
        return _form(
            request, initiative, kind, texts, version=read_version, errors=errors, status=400
        )
    except WorkflowError as refused:  # e.g. what a forum's go stands on may not change
        errors = {"record": app.pages.say(request, "record.refused", problem=str(refused))}
        return _form(
            request, initiative, kind, texts, version=read_version, errors=errors, status=409
        )
    return RedirectResponse(f"/initiatives/{initiative_id}?done=record", status_code=303)


def _errors(request: Request, refused: InvalidValueError, fields: Any) -> dict[str, str]:
    """The problems of a refused record, each beside its field (the record as a whole: first)."""
    app = web(request)
    language = app.pages.language(request)
    keys = {f.name: f.key for f in fields} | {f.part: f.key for f in fields if f.part}
    found: dict[str, str] = {}
    for name, words in (refused.fields or {"": Label(refused.problem, refused.problem)}).items():
        text = words.da if language == "da" else words.en
        found[keys.get(name, "record")] = text
    return found


@router.post("/initiatives/{initiative_id}/milestones/{number}")
def milestone(request: Request, initiative_id: Id, number: Id, me: Me, form: Form) -> Response:
    app = web(request)
    initiative = _allowed(request, me, initiative_id, "plan")
    reason = form_text(form, "replanned").strip() or None
    due_text = as_date(form_text(form, "due")) if reason else ""
    try:
        due = date.fromisoformat(due_text) if due_text else None
    except ValueError:
        message = app.pages.say(request, "plan.bad_due", given=due_text[:20])
        return initiative_page(request, me, initiative_id, problem=message, status=400)
    try:
        change_milestone(
            app.engine,
            app.registry,
            actor=me.person,
            initiative_id=initiative.id,
            number=number,
            clock=app.clock,
            done_on=None if reason else local_date(app.clock.now()),
            replanned=reason,
            due=due,
        )
    except InvalidValueError as refused:
        return initiative_page(request, me, initiative_id, problem=refused.problem, status=400)
    return RedirectResponse(f"/initiatives/{initiative_id}?done=milestone", status_code=303)
