"""What a record may be, beyond its own fields: what its definition allows, and what the forums
have decided on it.

A record must be of a kind the initiative's definition uses, and a trial answers only the
definition's criteria. A record the forums at the current gate decide on cannot change while a
go on it stands, and past the gate the business case's kind of decision stays what they saw.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from workflow.base.errors import InvalidValueError, WorkflowError
from workflow.base.vocabulary import FORUMS
from workflow.definitions.model import Definition
from workflow.records.documents import BusinessCase, GainsReport, RecordModel
from workflow.records.reading import read_record
from workflow.storage.record_tables import DECISION

__all__ = ["check_against_definition", "check_gains_report", "keep_what_was_approved"]


def check_against_definition(definition: Definition, record: RecordModel) -> None:
    if record.KIND not in definition.record_kinds():
        raise InvalidValueError(
            "record",
            f"initiatives of {definition.key} carry no {record.KIND} record; "
            f"theirs: {', '.join(sorted(definition.record_kinds()))}",
        )
    criteria = {c.code for c in definition.criteria}
    unknown = [code for code in getattr(record, "criteria", {}) if code not in criteria]
    if unknown:
        raise InvalidValueError(
            "trial.criteria",
            f"unknown criterion {', '.join(unknown)}; criteria of {definition.key}: "
            + (", ".join(sorted(criteria)) or "none"),
        )


def check_gains_report(
    conn: Connection, definition: Definition, row: Mapping[str, Any], record: RecordModel
) -> None:
    """A gains realisation report is filed once the initiative is done and in benefits
    follow-up, and speaks of the business case's gains by their numbers, in their own kinds.

    Raises:
        WorkflowError: the initiative is not in benefits follow-up.
        InvalidValueError: a gain the business case does not have, or kroner not whole.
    """
    if not isinstance(record, GainsReport):
        return
    state = definition.state(row["state"])
    if not state.benefits_follow_up:
        raise WorkflowError(
            f"initiative {row['id']} is in {row['state']}: a gains realisation report is filed "
            "once it is done and in benefits follow-up"
        )
    case = read_record(conn, row["id"], "business_case")
    gains = case.gains if isinstance(case, BusinessCase) else []
    for realised in record.realised:
        if realised.gain > len(gains):
            raise InvalidValueError(
                "gains_report.realised",
                f"the business case of initiative {row['id']} has {len(gains)} gains; "
                f"there is no gain {realised.gain}",
            )
        if gains[realised.gain - 1].kind == "kroner":
            fractions = sorted(y for y, v in realised.years.items() if v != int(v))
            if fractions:
                raise InvalidValueError(
                    "gains_report.realised",
                    f"gain {realised.gain} is in kroner: whole kroner (see {fractions[0]})",
                )


def keep_what_was_approved(
    conn: Connection,
    definition: Definition,
    row: Mapping[str, Any],
    before: RecordModel | None,
    record: RecordModel,
) -> None:
    """Refuse a change of a record the forums decide on while a go given on it stands, and a
    change of the kind of decision once a forum has decided on it.

    The forums approved the record as it was (a business case's figures, and its kind of
    decision, which chooses the forums asked). A recycle decision sends it back to be redone;
    every go then lapses. Past the gate, the kind of decision stays what the forums saw.
    """
    if before is None or before == record:
        return
    from workflow.core.facts import latest_decisions  # facts reads records through the dossier

    state = row["state"]
    if record.KIND in definition.gate_records(state):
        standing = [f for f, d in latest_decisions(conn, row).items() if d.outcome == "go"]
        if standing:
            raise WorkflowError(
                f"the {record.LABEL.en} of initiative {row['id']} cannot change while the go of "
                f"{_named(standing)} on it stands: the go approved it as it is; a recycle "
                "decision sends it back to be redone"
            )
        return
    kind_before = getattr(before, "decision_kind", None)
    if record.KIND == "business_case" and getattr(record, "decision_kind", None) != kind_before:
        gates = [
            g.state for g in definition.gates if any(d.when_decision_kind for d in g.decisions)
        ]
        decided = conn.execute(
            select(DECISION.c.gate)
            .where(DECISION.c.initiative_id == row["id"], DECISION.c.gate.in_(gates))
            .limit(1)
        ).first()
        if decided is not None:
            gate = definition.state(decided.gate).label.en
            raise WorkflowError(
                f"the kind of decision of initiative {row['id']} cannot change after the "
                f"forums decided on it at the gate '{gate}': it chose which forums were asked"
            )


def _named(forums: list[str]) -> str:
    """`the chief group and the Economic Committee`."""
    names = [FORUMS[f].en for f in forums]
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]
