"""The admin's pages on people: the list (searchable), adding a person, changing a person's
name, address, roles and language, and deactivating or reactivating them after a confirmation.
Only an admin sees them; everyone else gets 403."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from workflow import (
    InvalidValueError,
    Person,
    PersonRefused,
    UnknownPersonError,
    add_person,
    change_person,
    deactivate_person,
    end_sessions_of,
    find_person,
    iter_initiatives,
    list_people,
    open_initiatives_owned,
    person_problems,
    reactivate_person,
)
from workflow.base.vocabulary import LANGUAGES, ROLES
from workflow.web.context import web
from workflow.web.guard import Form, form_text, pages
from workflow.web.people import Admin, Forbidden

__all__ = ["router"]

router = pages()
# The open initiatives a person's page lists (the count says how many there are in all).
OWNED_LISTED = 50
# The notices the person page shows after a change (`?done=...`); any other is ignored.
_DONE = frozenset({"added", "changed", "deactivated", "reactivated"})
_FIELDS = ("handle", "name", "email", "roles", "language")
# The most characters of a search kept (a name or an address is shorter).
_SEARCH = 100


@router.get("/admin/people")
def people_page(request: Request, me: Admin, q: str = "") -> Response:
    app = web(request)
    wanted = " ".join(q.split())[:_SEARCH]
    owned = open_initiatives_owned(app.engine, app.registry)
    everyone = list_people(app.engine)
    shown = [p for p in everyone if _matches(p, wanted)]
    return app.pages.render(
        request,
        "admin_people.html",
        {
            "people": shown,
            "total": len(everyone),
            "q": wanted,
            "owned": owned,
            "roles": ROLES,
            "section": "people",
        },
    )


def _matches(person: Person, wanted: str) -> bool:
    """Whether the search `wanted` is in the person's handle, name, email or a role's name."""
    if not wanted:
        return True
    needle = wanted.casefold()
    haystack = [person.handle, person.name, person.email]
    haystack += [f"{ROLES[r].da} {ROLES[r].en}" for r in person.roles if r in ROLES]
    return any(needle in text.casefold() for text in haystack)


@router.get("/admin/people/new")
def new_person_page(request: Request, me: Admin) -> Response:
    return _form(request, None, {"language": "da", "roles": []})


@router.post("/admin/people/new")
def add_person_page(request: Request, me: Admin, form: Form) -> Response:
    app = web(request)
    values = _values(form)
    problems = _problems(request, values, new=True)
    if problems:
        return _form(request, None, values, problems, 400)
    try:
        person = add_person(
            app.engine,
            handle=values["handle"].strip(),
            name=values["name"],
            email=values["email"],
            roles=values["roles"],
            language=values["language"] or "da",
            actor=me.person,
            clock=app.clock,
        )
    except (InvalidValueError, PersonRefused) as refused:
        return _form(request, None, values, _errors(request, refused), 400)
    return RedirectResponse(f"/admin/people/{person.handle}?done=added", status_code=303)


@router.get("/admin/people/{handle}")
def person_page(request: Request, me: Admin, handle: str, done: str = "") -> Response:
    person = _person(request, handle)
    return _form(request, person, _stored(person), notice=done if done in _DONE else None)


@router.post("/admin/people/{handle}")
def change_person_page(request: Request, me: Admin, handle: str, form: Form) -> Response:
    app = web(request)
    person = _person(request, handle)
    values = _values(form)
    problems = _problems(request, values, new=False)
    if problems:
        return _form(request, person, values, problems, 400)
    try:
        change_person(
            app.engine,
            handle=person.handle,
            actor=me.person,
            name=values["name"],
            email=values["email"],
            roles=values["roles"],
            language=values["language"] or "da",
        )
    except (InvalidValueError, PersonRefused) as refused:
        return _form(request, person, values, _errors(request, refused), 400)
    return RedirectResponse(f"/admin/people/{person.handle}?done=changed", status_code=303)


@router.get("/admin/people/{handle}/{action}")
def confirm_page(request: Request, me: Admin, handle: str, action: str) -> Response:
    """The confirmation step before deactivating or reactivating a person."""
    app = web(request)
    person = _person(request, handle)
    _check_action(request, me.person, person, action)
    owned = open_initiatives_owned(app.engine, app.registry).get(person.id, 0)
    return app.pages.render(
        request,
        "admin_confirm.html",
        {"person": person, "action": action, "owned": owned, "section": "people"},
    )


@router.post("/admin/people/{handle}/{action}")
def act_page(request: Request, me: Admin, handle: str, action: str, form: Form) -> Response:
    app = web(request)
    person = _person(request, handle)
    _check_action(request, me.person, person, action)
    try:
        if action == "deactivate":
            closed = deactivate_person(
                app.engine, handle=person.handle, actor=me.person, clock=app.clock
            )
            end_sessions_of(app.engine, closed, app.clock)
        else:
            reactivate_person(app.engine, handle=person.handle, actor=me.person, clock=app.clock)
    except PersonRefused as refused:  # another admin did it in the meantime
        found = _person(request, handle)
        message = web(request).pages.say(request, f"admin.refused_{refused.reason}")
        return _form(request, found, _stored(found), {"active": message}, 409)
    return RedirectResponse(f"/admin/people/{person.handle}?done={action}d", status_code=303)


def _check_action(request: Request, me: Person, person: Person, action: str) -> None:
    """A known action (404 for any other); never deactivating oneself (403)."""
    if action not in ("deactivate", "reactivate"):
        raise HTTPException(404)
    if action == "deactivate" and person.handle == me.handle:
        raise Forbidden(web(request).pages.say(request, "admin.refused_yourself"))


def _person(request: Request, handle: str) -> Person:
    """The person `handle` (404 if nobody has it)."""
    try:
        return find_person(web(request).engine, handle[:64])
    except UnknownPersonError:
        raise HTTPException(404) from None


def _stored(person: Person) -> dict[str, Any]:
    """A person as the texts of their form."""
    return {
        "name": person.name,
        "email": person.email,
        "roles": sorted(person.roles),
        "language": person.language,
    }


def _values(form: FormData) -> dict[str, Any]:
    """What the admin typed, to save or to show again."""
    values: dict[str, Any] = {name: form_text(form, name) for name in _FIELDS if name != "roles"}
    values["roles"] = sorted({r for r in form.getlist("roles") if isinstance(r, str)})
    return values


def _problems(request: Request, values: dict[str, Any], *, new: bool) -> dict[str, str]:
    """Every field's problem at once, as the message beside it in the reader's language."""
    found = person_problems(
        handle=values["handle"].strip() if new else None,
        name=values["name"],
        email=values["email"],
        roles=values["roles"],
        language=values["language"] or "da",
    )
    say = web(request).pages.say
    fields = [{"role": "roles"}.get(f, f) for f in found]
    return {f: say(request, f"admin.bad_{f}") for f in _FIELDS if f in fields}


def _errors(request: Request, refused: InvalidValueError | PersonRefused) -> dict[str, str]:
    """A refusal as the message beside its field, in the reader's language."""
    say = web(request).pages.say
    if isinstance(refused, InvalidValueError):
        field = {"role": "roles"}.get(refused.field, refused.field)
        field = field if field in _FIELDS else "name"
        return {field: say(request, f"admin.bad_{field}")}
    field = {"taken": "handle", "own_admin": "roles"}.get(refused.reason, "name")
    return {field: say(request, f"admin.refused_{refused.reason}")}


def _form(
    request: Request,
    person: Person | None,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    status: int = 200,
    notice: str | None = None,
) -> Response:
    app = web(request)
    owned = open_initiatives_owned(app.engine, app.registry) if person else {}
    # Their open initiatives, each to be handed to another owner on its facts page.
    open_ones = (
        [
            i
            for i in iter_initiatives(app.engine, owner=person.handle, limit=OWNED_LISTED)
            if not app.registry.get(i.workflow, i.workflow_version).state(i.state).final
        ]
        if person
        else []
    )
    return app.pages.render(
        request,
        "admin_person.html",
        {
            "person": person,
            "values": values,
            "errors": errors or {},
            "roles": ROLES,
            "languages": LANGUAGES,
            "notice": notice,
            "owned": owned.get(person.id, 0) if person else 0,
            "open_ones": open_ones,
            "section": "people",
        },
        status=status,
    )
