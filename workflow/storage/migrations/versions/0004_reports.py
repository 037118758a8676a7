"""what a status says an initiative has cost so far; the gains statuses report, for reports

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_STATUS = sa.table(
    "status_update",
    sa.column("id", sa.Integer),
    sa.column("initiative_id", sa.Integer),
    sa.column("realised_gains", sa.JSON),
)
_GAIN = sa.table(
    "gain",
    sa.column("initiative_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("year", sa.Integer),
    sa.column("amount", sa.BigInteger),
)


def upgrade() -> None:
    with op.batch_alter_table("status_update") as batch:
        batch.add_column(sa.Column("spent", sa.BigInteger(), nullable=True))
    # The gains statuses gave so far, as `reported` gain rows: the latest status wins per year.
    conn = op.get_bind()
    latest: dict[tuple[int, int], int] = {}
    rows = conn.execute(
        sa.select(_STATUS.c.initiative_id, _STATUS.c.realised_gains)
        .where(_STATUS.c.realised_gains.is_not(None))
        .order_by(_STATUS.c.id)
    )
    for initiative_id, gains in rows:
        for year, amount in (gains or {}).items():
            latest[(initiative_id, int(year))] = int(amount)
    if latest:
        conn.execute(
            sa.insert(_GAIN),
            [
                {"initiative_id": i, "kind": "reported", "year": y, "amount": a}
                for (i, y), a in sorted(latest.items())
            ],
        )


def downgrade() -> None:
    op.execute(sa.delete(_GAIN).where(_GAIN.c.kind == "reported"))
    with op.batch_alter_table("status_update") as batch:
        batch.drop_column("spent")
