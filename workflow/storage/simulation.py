"""Databases made for simulation: only there may a command write at a moment other than now.

The history never lies about when something was recorded. `--now` (`TILTAG_NOW`) lets any
command look at the portfolio as of another moment, but a command that writes with it would
backdate (or postdate) history, decisions and statuses. So a write at a claimed moment is refused
unless the database was made for simulation, from its start: `tiltag init --simulation`, the
demo's database, the tests'. Everything in such a database is simulated; a real one only ever
takes the real time.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, func, insert, select

from workflow.base.errors import UsageError
from workflow.storage.core_tables import INITIATIVE, PERSON, SETTING
from workflow.storage.database import location

__all__ = ["ensure_may_write_at", "made_for_simulation", "make_for_simulation"]

_SIMULATION = "simulation"


def made_for_simulation(engine: Engine) -> bool:
    """Whether the database was made for simulation."""
    with engine.connect() as conn:
        value = conn.execute(select(SETTING.c.value).where(SETTING.c.name == _SIMULATION)).scalar()
    return value == "yes"


def make_for_simulation(engine: Engine) -> None:
    """Mark a new database as made for simulation (idempotent).

    Raises:
        UsageError: it already holds people or initiatives: a real database does not become a
            simulated one.
    """
    with engine.begin() as conn:
        if conn.execute(select(SETTING.c.value).where(SETTING.c.name == _SIMULATION)).scalar():
            return
        held = conn.execute(select(func.count()).select_from(PERSON)).scalar_one()
        held += conn.execute(select(func.count()).select_from(INITIATIVE)).scalar_one()
        if held:
            raise UsageError(
                f"{location(engine)} already holds people or initiatives: only a new database "
                "is made for simulation"
            )
        conn.execute(insert(SETTING).values(name=_SIMULATION, value="yes"))


def ensure_may_write_at(engine: Engine, claimed: datetime | None) -> None:
    """Refuse to write at `claimed` (a `--now`) unless the database is made for simulation.

    Raises:
        UsageError: a moment other than now is claimed on a real database.
    """
    if claimed is None or made_for_simulation(engine):
        return
    raise UsageError(
        f"{location(engine)} is not made for simulation: a command that writes takes the real "
        f"time, not --now {claimed.isoformat(timespec='minutes')} (the history would tell a "
        "moment it was not recorded at); leave --now out, or rehearse on a database made with "
        "tiltag init --simulation"
    )
