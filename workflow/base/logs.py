"""Structured logging: one event per meaningful thing that happened, as console text or JSON."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["configure_logging", "get_logger", "request_logging", "reset_logging"]


# How events are rendered, set by the command line; applied on the first event logged.
_settings: dict[str, Any] = {"format": "console", "level": logging.INFO, "applied": False}


class _LazyLogger:
    """A structlog logger that imports and configures structlog only when something is logged.

    Read-only commands never log, so they never pay for importing structlog.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._standard = logging.getLogger(name)  # looked up once: `getLogger` takes a lock

    def debug(self, event: str, **facts: Any) -> None:
        if self._enabled(logging.DEBUG):
            self._logger().debug(event, **facts)

    def info(self, event: str, **facts: Any) -> None:
        if self._enabled(logging.INFO):
            self._logger().info(event, **facts)

    def warning(self, event: str, **facts: Any) -> None:
        if self._enabled(logging.WARNING):
            self._logger().warning(event, **facts)

    @contextmanager
    def refusals(self, event: str, **facts: Any) -> Iterator[None]:
        """Log a refusal raised in the block (a `WorkflowError`) with its reason; it goes on."""
        from workflow.base.errors import WorkflowError

        try:
            yield
        except WorkflowError as refusal:
            self.info(event, **facts, reason=str(refusal))
            raise

    def _enabled(self, level: int) -> bool:
        # Decided before structlog is touched, so an event nobody sees costs next to nothing.
        if _settings.get("requested"):
            return level >= int(_settings["level"])
        return self._standard.isEnabledFor(level)

    def _logger(self) -> Any:
        import structlog

        if not _settings["applied"] and _settings.get("requested"):
            configure_logging(_settings["format"], _settings["level"])
        return structlog.get_logger(self._name)


def get_logger(name: str) -> _LazyLogger:
    return _LazyLogger(name)


def request_logging(log_format: str = "console", level: int = logging.INFO) -> None:
    """Ask for `configure_logging(log_format, level)` once the first event is logged."""
    _settings.update(format=log_format, level=level, applied=False, requested=True)


def reset_logging() -> None:
    """Forget any requested or applied configuration (for tests)."""
    import structlog

    _settings.update(applied=False, requested=False)
    structlog.reset_defaults()


def configure_logging(log_format: str = "console", level: int = logging.INFO) -> None:
    """Send structlog events (and the standard loggers of our libraries) to stderr.

    Args:
        log_format: "console" for people, "json" for machines (one JSON object per line).
    """
    import structlog

    _settings["applied"] = True
    renderer: Any = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # The libraries' own loggers are chatty at INFO; keep their warnings only.
    for noisy in ("transitions", "sqlalchemy", "alembic", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
