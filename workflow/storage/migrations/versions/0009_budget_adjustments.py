"""budget adjustments the finance team confirms each quarter

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "budget_adjustment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("budget_year", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=True),
        sa.Column("account", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("expected", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("quarter_year", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("confirmed_by", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["confirmed_by"], ["person.id"]),
        sa.ForeignKeyConstraint(["initiative_id"], ["initiative.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_budget_adjustment_initiative_id",
        "budget_adjustment",
        ["initiative_id", "budget_year"],
    )
    op.create_index(
        "ix_budget_adjustment_quarter", "budget_adjustment", ["quarter_year", "quarter"]
    )


def downgrade() -> None:
    op.drop_index("ix_budget_adjustment_quarter", table_name="budget_adjustment")
    op.drop_index("ix_budget_adjustment_initiative_id", table_name="budget_adjustment")
    op.drop_table("budget_adjustment")
