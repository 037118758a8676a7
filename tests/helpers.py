"""Shared test helpers: complete records (the shapes of workflow/demo.py), forum decisions, and a
walk along the happy path to any state of a lifecycle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, func, select

from workflow.approvals.decisions import Recorded, decide
from workflow.approvals.dossier import change_milestone, set_record
from workflow.base.clock import FixedClock
from workflow.core.initiatives import get_initiative, propose
from workflow.core.moves import Moved, advance
from workflow.core.people import Person
from workflow.definitions.registry import Registry
from workflow.storage.core_tables import EVENT, INITIATIVE
from workflow.storage.record_tables import DECISION, GAIN, MILESTONE, RECORD

People = dict[str, Person]

# `python -c RUN_TILTAG ...` runs the `tiltag` command in a process of its own.
RUN_TILTAG = "from workflow.cli import main; main()"

BUSINESS_CASE: dict[str, Any] = {
    "solution": "Fælles udbud af kommunens forsikringer med forsikringsmægler.",
    "alternatives": "Forlænge nuværende aftaler; udbud i samarbejde med Ringsted.",
    "investments": {2010: 250_000},
    "running_costs": {2010: 50_000, 2011: 50_000, 2012: 50_000},
    "gains": [{"kind": "kroner", "years": {2010: 600_000, 2011: 1_200_000, 2012: 1_200_000}}],
    "quality_effect": "Samme dækning, færre selvrisici.",
    "risks": "Få tilbudsgivere på markedet.",
    "indicator": "Samlet præmie pr. år",
    "baseline": "4,8 mio. kr. (2009)",
    "target": "3,6 mio. kr. fra 2011",
    "responsible": "Ulla Krogh, Økonomi",
    "involved": "Indkøb, Jura, forsikringsmægler",
    "decision_kind": "administrative",
}
ORGANISATION: dict[str, Any] = {
    "project_leader": "Karen Dahl",
    "steering_group": ["Direktør Hanne Ravn", "Centerchef Ulla Krogh"],
    "project_group": ["Indkøb", "Økonomi", "Jura"],
    "stakeholder_group": ["MED-udvalget"],
}
PLAN: dict[str, Any] = {
    "start": "2010-06-01",
    "description": "Udbud efter EU's regler med forsikringsmægler som rådgiver.",
    "communication": "Nyhedsbrev til centrene ved hver milepæl.",
    "milestones": [
        {"phase": "Forberedelse", "title": "Udbudsmateriale klar", "due": "2010-08-01"},
        {"phase": "Udbud", "title": "Tilbudsfrist", "due": "2010-10-01", "owner": "ulla"},
        {"phase": "Implementering", "title": "Nye policer i kraft", "due": "2011-01-01"},
    ],
    "tolerances": {"time_days": 30, "cost_percent": 10, "notify": ["hanne"]},
}
FOLLOW_UP: dict[str, Any] = {
    "realised_gains": {2010: 550_000},
    "quality_effect_achieved": "Samme dækning; to færre selvrisici pr. år.",
    "verdict": "achieved",
}
TRIAL: dict[str, Any] = {
    "purpose": "Skoler og daginstitutioner får selv visitationen af støttetimer.",
    "criteria": {
        "naermere_institutionerne": "Visitation flyttes fra forvaltningen til lederne.",
        "maalbar_effekt": "Sagsbehandlingstid og tilfredshed måles før og efter.",
        "kan_skaleres": "Kan udbredes til alle 28 institutioner.",
        "inden_for_rammen": "Inden for den eksisterende ramme til støttetimer.",
    },
    "start": "2010-04-01",
    "end": "2010-09-30",
}
TRIAL_EVALUATION: dict[str, Any] = {
    "quality_effect_achieved": "Sagsbehandlingstiden faldt fra 6 til 2 uger.",
    "verdict": "achieved",
}
COMPLETE: dict[str, dict[str, Any]] = {
    "business_case": BUSINESS_CASE,
    "organisation": ORGANISATION,
    "plan": PLAN,
    "follow_up": FOLLOW_UP,
    "trial": TRIAL,
}

# Who records each forum's decisions in the tests (see the `people` fixture).
DECIDER = {"chief_group": "jens", "economic_committee": "birgit", "city_council": "carl"}

# The happy path of each lifecycle: (trigger, who moves, comment); before each move the helpers
# file what the move needs and record the go of every forum its gate needs.
HAPPY_PATH: dict[str, list[tuple[str, str, str | None]]] = {
    "effektivisering": [
        ("select", "hanne", None),
        ("approve_case", "ulla", None),
        ("organise", "ulla", None),
        ("start", "ulla", None),
        ("complete", "ulla", None),
        ("realise", "hanne", "1,2 mio. kr. om året"),
    ],
    "proevehandling": [
        ("approve", "hanne", None),
        ("start", "ulla", None),
        ("evaluate", "ulla", None),
        ("scale", "hanne", None),
    ],
}


@dataclass
class Desk:
    """The engine, registry, cast and clock of a test, with the steps people take."""

    engine: Engine
    registry: Registry
    people: People
    clock: FixedClock

    def propose(self, workflow: str = "effektivisering", **values: Any) -> int:
        """A proposal by aase, owned by ulla, with every field a lifecycle asks for."""
        fields: dict[str, Any] = {
            "title": "Udbud af forsikring",
            "description": "Fælles udbud af kommunens forsikringer.",
            "category": "indkoeb" if workflow == "effektivisering" else None,
            "area": "Økonomi",
            "owner": "ulla",
            **values,
        }
        actor = self.people[fields.pop("by", "aase")]
        return propose(
            self.engine, self.registry, actor=actor, workflow=workflow, clock=self.clock, **fields
        )

    def decide(
        self,
        id_: int,
        forum: str = "chief_group",
        outcome: str = "go",
        *,
        by: str | None = None,
        justification: str = "Begrundet i sagsfremstillingen.",
        redo: str | None = None,
        gate: str | None = None,
        meeting: date | None = None,
        reference: str = "Referat, pkt. 4",
    ) -> Recorded:
        return decide(
            self.engine,
            self.registry,
            actor=self.people[by or DECIDER[forum]],
            initiative_id=id_,
            forum=forum,
            outcome=outcome,
            meeting_date=meeting or self.clock.now().date(),
            reference=reference,
            justification=justification,
            redo=redo,
            gate=gate,
            clock=self.clock,
        )

    def go(self, id_: int, *forums: str) -> None:
        """Each forum (default: the chief group) says go at the initiative's gate."""
        for forum in forums or ("chief_group",):
            self.decide(id_, forum, "go")

    def file(
        self, id_: int, kind: str, data: dict[str, Any] | None = None, *, by: str = "ulla"
    ) -> int:
        """File a record (default: the complete one of `kind`); return the new version."""
        _, version = set_record(
            self.engine,
            self.registry,
            actor=self.people[by],
            initiative_id=id_,
            kind=kind,
            data=COMPLETE[kind] if data is None else data,
            clock=self.clock,
        )
        return version

    def done(self, id_: int, number: int, *, by: str = "ulla") -> int:
        _, version = change_milestone(
            self.engine,
            self.registry,
            actor=self.people[by],
            initiative_id=id_,
            number=number,
            done_on=self.clock.now().date(),
            clock=self.clock,
        )
        return version

    def advance(
        self, id_: int, trigger: str, by: str, comment: str | None = None, *, wait: bool = True
    ) -> Moved:
        """Move the initiative, a week later (or, without `wait`, on the clock's day)."""
        if wait:
            self.clock.advance(days=7)
        return advance(
            self.engine,
            self.registry,
            actor=self.people[by],
            initiative_id=id_,
            trigger=trigger,
            clock=self.clock,
            comment=comment,
        )

    def prepare(self, id_: int, trigger: str) -> None:
        """File what `trigger` needs and record the go of every forum at the gate."""
        workflow = get_initiative(self.engine, id_).workflow
        needs: dict[tuple[str, str], list[str]] = {
            ("effektivisering", "select"): ["go"],
            ("effektivisering", "approve_case"): ["business_case", "go"],
            ("effektivisering", "organise"): ["organisation"],
            ("effektivisering", "start"): ["plan"],
            ("effektivisering", "complete"): ["milestones"],
            ("effektivisering", "realise"): ["follow_up"],
            ("proevehandling", "approve"): ["trial", "go"],
            ("proevehandling", "evaluate"): ["follow_up:trial"],
            ("proevehandling", "scale"): ["go"],
        }
        for need in needs.get((workflow, trigger), []):
            if need == "go":
                self.go(id_, *self.forums_needed(id_))
            elif need == "milestones":
                for number in range(1, len(PLAN["milestones"]) + 1):
                    self.done(id_, number)
            elif need == "follow_up:trial":
                self.file(id_, "follow_up", TRIAL_EVALUATION)
            else:
                self.file(id_, need)

    def forums_needed(self, id_: int) -> tuple[str, ...]:
        from workflow.records.reading import read_record

        initiative = get_initiative(self.engine, id_)
        definition = self.registry.get(initiative.workflow, initiative.workflow_version)
        gate = definition.gate(initiative.state)
        assert gate is not None, f"{initiative.state} is not a gate"
        with self.engine.connect() as conn:
            case = read_record(conn, id_, "business_case")
        return gate.required(getattr(case, "decision_kind", None))

    def in_execution(self, id_: int) -> None:
        """Bring the initiative to execution with the milestones due by now done: on time, no
        tolerance of its plan is exceeded (for tests about status reminders)."""
        self.bring_to(id_, "execution")
        for number in (1, 2):
            self.done(id_, number)

    def bring_to(self, id_: int, state: str) -> None:
        """Walk the happy path (filing and deciding what each move needs) until `state`."""
        initiative = get_initiative(self.engine, id_)
        for trigger, by, comment in HAPPY_PATH[initiative.workflow]:
            if get_initiative(self.engine, id_).state == state:
                return
            self.prepare(id_, trigger)
            self.advance(id_, trigger, by, comment)
        assert get_initiative(self.engine, id_).state == state


def snapshot(engine: Engine) -> tuple[Any, ...]:
    """Every initiative row and record, and the number of rows of each table that grows."""
    with engine.connect() as conn:
        rows = conn.execute(select(INITIATIVE).order_by(INITIATIVE.c.id)).all()
        records = conn.execute(
            select(RECORD.c.initiative_id, RECORD.c.kind, RECORD.c.data).order_by(
                RECORD.c.initiative_id, RECORD.c.kind
            )
        ).all()
        counts = tuple(
            conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (EVENT, DECISION, RECORD, GAIN, MILESTONE)
        )
    return tuple(tuple(r) for r in rows), tuple(tuple(r) for r in records), counts
