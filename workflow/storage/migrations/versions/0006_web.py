"""the web: sessions, sign-in links and requests, single sign-on; a person's language; the
channel of each history event

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("language", sa.String(length=2), nullable=True))
    # "Mine tiltag" finds what a person proposed or owns.
    op.create_index("ix_initiative_proposer_id", "initiative", ["proposer_id"])
    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("channel", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("channel_detail", sa.String(length=200), nullable=True))
    op.create_table(
        "web_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("created_at", _WHEN(), nullable=False),
        sa.Column("seen_at", _WHEN(), nullable=False),
        sa.Column("ended_at", _WHEN(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_web_session_person_id", "web_session", ["person_id"])
    op.create_table(
        "sign_in_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _WHEN(), nullable=False),
        sa.Column("expires_at", _WHEN(), nullable=False),
        sa.Column("used_at", _WHEN(), nullable=True),
        sa.Column("next_path", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "sign_in_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", _WHEN(), nullable=False),
        sa.Column("address_hash", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sign_in_request_address", "sign_in_request", ["address_hash", "at"])
    op.create_index("ix_sign_in_request_client", "sign_in_request", ["client", "at"])
    op.create_table(
        "single_sign_on",
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("code_verifier", sa.String(length=128), nullable=False),
        sa.Column("next_path", sa.String(length=500), nullable=True),
        sa.Column("created_at", _WHEN(), nullable=False),
        sa.PrimaryKeyConstraint("state_hash"),
    )


def downgrade() -> None:
    op.drop_table("single_sign_on")
    op.drop_index("ix_sign_in_request_client", table_name="sign_in_request")
    op.drop_index("ix_sign_in_request_address", table_name="sign_in_request")
    op.drop_table("sign_in_request")
    op.drop_table("sign_in_link")
    op.drop_index("ix_web_session_person_id", table_name="web_session")
    op.drop_table("web_session")
    with op.batch_alter_table("event") as batch:
        batch.drop_column("channel_detail")
        batch.drop_column("channel")
    op.drop_index("ix_initiative_proposer_id", table_name="initiative")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("language")
