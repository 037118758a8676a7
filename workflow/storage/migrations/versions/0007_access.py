"""the web, part 2: a person can be deactivated; for whom the task force acted; through what a
decision was recorded; personal access tokens of the JSON API; private calendar feeds

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("deactivated_at", _WHEN(), nullable=True))
    with op.batch_alter_table("decision") as batch:
        batch.add_column(sa.Column("channel", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("channel_detail", sa.String(length=200), nullable=True))
    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("on_behalf_of_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_event_on_behalf_of_id", "person", ["on_behalf_of_id"], ["id"])
    op.create_table(
        "access_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", _WHEN(), nullable=False),
        sa.Column("expires_at", _WHEN(), nullable=False),
        sa.Column("used_at", _WHEN(), nullable=True),
        sa.Column("revoked_at", _WHEN(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_access_token_person_id", "access_token", ["person_id"])
    op.create_table(
        "calendar_feed",
        sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", _WHEN(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("person_id"),
        sa.UniqueConstraint("token_hash"),
    )


def downgrade() -> None:
    op.drop_table("calendar_feed")
    op.drop_index("ix_access_token_person_id", table_name="access_token")
    op.drop_table("access_token")
    with op.batch_alter_table("event") as batch:
        batch.drop_constraint("fk_event_on_behalf_of_id", type_="foreignkey")
        batch.drop_column("on_behalf_of_id")
    with op.batch_alter_table("decision") as batch:
        batch.drop_column("channel_detail")
        batch.drop_column("channel")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("deactivated_at")
