"""The JSON API at /api/v1: a sub-application of the web app with its own OpenAPI description
(at /api/v1/openapi.json, the HTML pages not in it), personal access tokens as its only way in,
and problem details (RFC 9457) for every error."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from workflow.web.api.problems import MEDIA_TYPE, install
from workflow.web.api.routes import router
from workflow.web.context import Web

__all__ = ["create_api"]

_DESCRIPTION = """\
The initiatives of tiltag as JSON: list and show them, check their moves, read their history and
records, move them, record a forum's decision, give a quarter's status, and make the reports.

Every request carries a personal access token, made on the page *Adgangsnøgler / Access tokens*
(`/me/tokens`): `Authorization: Bearer tiltag_...`. The token acts as its person under the same
rules as the web and the command line, and the history records the channel `api` with the
token's name. No cookie is read, so no CSRF token is needed.

Every error is a problem details document (RFC 9457, `application/problem+json`) whose `detail`
is the command line's error message.
"""


def create_api(web: Web) -> FastAPI:
    """The API of a web process, sharing its database, definitions and clock."""
    api = FastAPI(
        title="tiltag API",
        version="1",
        description=_DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    api.state.web = web
    api.state.settings = web.settings
    api.include_router(router)
    install(api)

    def described() -> dict[str, Any]:
        if api.openapi_schema is None:
            api.openapi_schema = _problems_as_problems(
                get_openapi(
                    title=api.title,
                    version=api.version,
                    description=api.description,
                    routes=api.routes,
                    servers=[{"url": "/api/v1"}],
                )
            )
        return api.openapi_schema

    api.openapi = described  # type: ignore[method-assign]
    return api


def _problems_as_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Every error answer of every operation as what it is: `application/problem+json` with the
    Problem schema (FastAPI describes them as `application/json`, and 422 as its own shape)."""
    problem = {"$ref": "#/components/schemas/Problem"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, answer in operation.get("responses", {}).items():
                if status.isdigit() and int(status) >= 400:
                    answer["content"] = {MEDIA_TYPE: {"schema": problem}}
    components = schema.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema
