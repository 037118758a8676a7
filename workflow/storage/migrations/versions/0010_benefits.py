"""benefits follow-up: the answers of the benefit owners of initiatives that have ended

A table of its own, `benefits_answer`, touching no other: an answer gives the kroner (and the
figures of the time and quality gains) an initiative realised in a budget year so far.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "benefits_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("kroner", sa.BigInteger(), nullable=True),
        sa.Column("figures", sa.JSON(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("given_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("given_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["given_by"], ["person.id"]),
        sa.ForeignKeyConstraint(["initiative_id"], ["initiative.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("benefits_answer", schema=None) as batch_op:
        batch_op.create_index(
            "ix_benefits_answer_initiative_id", ["initiative_id", "year", "quarter"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("benefits_answer", schema=None) as batch_op:
        batch_op.drop_index("ix_benefits_answer_initiative_id")
    op.drop_table("benefits_answer")
