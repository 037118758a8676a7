"""gains by kind, benefit owner and destination; investments and running costs per year

A business case's `investment` (in `investment_year`, else its first year with a gain),
`running_cost` (a year, for each year with a gain) and `expected_gains` (kroner) become
`investments` and `running_costs` per year and one gain in kroner, taken back centrally, owned by
the initiative's owner. The expected gain rows become net of the running costs, with the part
taken back centrally beside them; each case's every year's investment and last gain year go to
`economics`. Downgrading turns them back where they fit the old form (one investment year, one
running cost for every year with a gain, gains in kroner only, all taken back centrally) and
refuses otherwise.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_RECORD = sa.table(
    "record",
    sa.column("initiative_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("data", sa.JSON),
    sa.column("updated_at", sa.DateTime),
)
_INITIATIVE = sa.table("initiative", sa.column("id", sa.Integer), sa.column("owner_id", sa.Integer))
_PERSON = sa.table("person", sa.column("id", sa.Integer), sa.column("handle", sa.String))
_GAIN = sa.table(
    "gain",
    sa.column("initiative_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("year", sa.Integer),
    sa.column("amount", sa.BigInteger),
    sa.column("central", sa.BigInteger),
)
_ECONOMICS = sa.table(
    "economics",
    sa.column("initiative_id", sa.Integer),
    sa.column("investment", sa.BigInteger),
    sa.column("last_gain_year", sa.Integer),
)
_OLD = ("investment", "investment_year", "running_cost", "expected_gains")


def _new_form(data: dict[str, Any], owner: str | None, filed: int) -> dict[str, Any]:
    """The business case in the new form (the same figures); an investment with neither a year
    nor a gain to date it falls in the year the case was `filed`."""
    new = {k: v for k, v in data.items() if k not in _OLD}
    gains = {str(y): int(a) for y, a in (data.get("expected_gains") or {}).items()}
    years = sorted(gains, key=int)
    start = data.get("investment_year") or (int(years[0]) if years else filed)
    investment = int(data.get("investment") or 0)
    new["investments"] = {str(start): investment} if investment else {}
    cost = int(data.get("running_cost") or 0)
    new["running_costs"] = {y: cost for y in years} if cost else {}
    new["gains"] = (
        [
            {
                "kind": "kroner",
                "what": "",
                "owner": owner,
                "destination": "central",
                "unit": "",
                "baseline": None,
                "years": gains,
            }
        ]
        if gains
        else []
    )
    return new


def upgrade() -> None:
    with op.batch_alter_table("gain") as batch:
        batch.add_column(sa.Column("central", sa.BigInteger(), nullable=True))
    op.create_table(
        "economics",
        sa.Column("initiative_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("investment", sa.BigInteger(), nullable=False),
        sa.Column("last_gain_year", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["initiative_id"], ["initiative.id"]),
        sa.PrimaryKeyConstraint("initiative_id"),
    )
    conn = op.get_bind()
    cases = conn.execute(
        sa.select(_RECORD.c.initiative_id, _RECORD.c.data, _RECORD.c.updated_at, _PERSON.c.handle)
        .select_from(
            _RECORD.join(_INITIATIVE, _INITIATIVE.c.id == _RECORD.c.initiative_id).outerjoin(
                _PERSON, _PERSON.c.id == _INITIATIVE.c.owner_id
            )
        )
        .where(_RECORD.c.kind == "business_case")
        .order_by(_RECORD.c.initiative_id)
    ).all()
    for initiative_id, data, filed, owner in cases:
        case = _new_form(dict(data), owner, filed.year)
        here = _RECORD.c.initiative_id == initiative_id
        conn.execute(
            sa.update(_RECORD).where(here, _RECORD.c.kind == "business_case").values(data=case)
        )
        gains = case["gains"][0]["years"] if case["gains"] else {}
        conn.execute(
            sa.delete(_GAIN).where(
                _GAIN.c.initiative_id == initiative_id, _GAIN.c.kind == "expected"
            )
        )
        rows = [
            {"initiative_id": initiative_id, "kind": "expected", "year": int(y)}
            | {"amount": a - case["running_costs"].get(y, 0)}
            | {"central": a - case["running_costs"].get(y, 0)}
            for y, a in gains.items()
        ]
        if rows:
            conn.execute(sa.insert(_GAIN), rows)
        conn.execute(
            sa.insert(_ECONOMICS).values(
                initiative_id=initiative_id,
                investment=sum(case["investments"].values()),
                last_gain_year=max(map(int, gains), default=None),
            )
        )


def _old_form(initiative_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """The business case in the old form; refused where the old form cannot say the same."""
    investments = data.get("investments") or {}
    gains = data.get("gains") or []
    kroner = [g for g in gains if g["kind"] == "kroner"]
    costs = set((data.get("running_costs") or {}).values())
    years = {y for g in kroner for y in g["years"]}
    if (
        len(investments) > 1
        or len(kroner) != len(gains)
        or len(kroner) > 1
        or any(g["destination"] != "central" for g in kroner)
        or len(costs) > 1
        or (costs and set(data["running_costs"]) != years)
    ):
        raise RuntimeError(
            f"initiative {initiative_id}'s business case has gains or costs the schema before "
            "0008 cannot hold; nothing was changed"
        )
    old = {k: v for k, v in data.items() if k not in ("investments", "running_costs", "gains")}
    year, amount = next(iter(investments.items()), (None, 0))
    old |= {
        "investment": amount,
        "investment_year": None if year is None else int(year),
        "running_cost": next(iter(costs), 0),
        "expected_gains": kroner[0]["years"] if kroner else {},
    }
    return old


def downgrade() -> None:
    conn = op.get_bind()
    cases = conn.execute(
        sa.select(_RECORD.c.initiative_id, _RECORD.c.data).where(_RECORD.c.kind == "business_case")
    ).all()
    for initiative_id, data in cases:
        old = _old_form(initiative_id, dict(data))
        conn.execute(
            sa.update(_RECORD)
            .where(_RECORD.c.initiative_id == initiative_id, _RECORD.c.kind == "business_case")
            .values(data=old)
        )
        conn.execute(
            sa.update(_GAIN)
            .where(_GAIN.c.initiative_id == initiative_id, _GAIN.c.kind == "expected")
            .values(amount=_GAIN.c.amount + old["running_cost"])
        )
    op.drop_table("economics")
    with op.batch_alter_table("gain") as batch:
        batch.drop_column("central")
