"""Approval rules on real SQLite and PostgreSQL: forum decisions at gates, records, milestones,
the computed economics, the forums' agendas, and trials that are scaled into the main lifecycle.
Every refusal is checked word for word, and shown to have changed nothing."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from structlog.testing import capture_logs

from tests.conftest import Invoke
from tests.helpers import BUSINESS_CASE, PLAN, TRIAL, TRIAL_EVALUATION, Desk, snapshot
from workflow.approvals.decisions import list_decisions
from workflow.approvals.dossier import change_milestone, read_records
from workflow.approvals.waiting import awaiting_each, waiting_for
from workflow.base.clock import local_date
from workflow.base.errors import (
    ConcurrentChangeError,
    InvalidValueError,
    UnmetRequirementsError,
    WorkflowError,
)
from workflow.base.vocabulary import FORUMS
from workflow.core.gate_rule import GateDecisions
from workflow.core.history import read_history
from workflow.core.initiatives import edit, get_initiative
from workflow.core.moves import check_moves
from workflow.core.people import Person, add_person
from workflow.definitions.registry import DEFAULT_FOLDER, Registry, load_registry
from workflow.records.documents import BusinessCase, validate_record
from workflow.records.finance import economics
from workflow.render.approvals import records_text
from workflow.storage.record_tables import DECISION, ECONOMICS, GAIN, MILESTONE


def unmet(desk: Desk, id_: int, trigger: str, actor: str = "hanne") -> list[str]:
    """What `check` says is still missing for `trigger`, as `actor` would make it."""
    _, _, reports = check_moves(
        desk.engine, desk.registry, actor=desk.people[actor], initiative_id=id_
    )
    report = next(r for r in reports if r.transition.trigger == trigger)
    return [o.text for o in report.outcomes if not o.met and o.requirement.kind != "comment"]


def add(desk: Desk, handle: str, *roles: str) -> Person:
    person = add_person(
        desk.engine,
        handle=handle,
        name=handle.title(),
        email=f"{handle}@kommune.example.dk",
        roles=roles,
        actor=desk.people["admin"],
        clock=desk.clock,
    )
    desk.people[handle] = person
    return person


def at_business_case(desk: Desk, kind: str = "administrative") -> int:
    """An initiative selected for the catalogue, with a complete business case of `kind`."""
    id_ = desk.propose()
    desk.bring_to(id_, "business_case")
    desk.file(id_, "business_case", {**BUSINESS_CASE, "decision_kind": kind})
    return id_


# -- who may record a decision --------------------------------------------------------------


def test_only_a_holder_of_the_forums_role_may_record_its_decision_and_the_refusal_is_logged(
    desk: Desk, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    id_ = desk.propose()
    before = snapshot(engine)
    caplog.set_level(logging.INFO, logger="tiltag")
    with capture_logs() as logs, pytest.raises(WorkflowError) as caught:
        desk.decide(id_, "chief_group", "go", by="hanne")
    reason = "hanne may not record a decision of the chief group: that needs the role chief_group"
    assert str(caught.value) == reason
    assert snapshot(engine) == before
    assert logs == [
        {
            "event": "decision_refused",
            "log_level": "info",
            "initiative": id_,
            "forum": "chief_group",
            "outcome": "go",
            "actor": "hanne",
            "reason": reason,
        }
    ]


def test_a_recorded_decision_is_listed_logged_and_in_the_history(
    desk: Desk, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    id_ = desk.propose()
    caplog.set_level(logging.INFO, logger="tiltag")
    with capture_logs() as logs:
        recorded = desk.decide(
            id_,
            justification="Optages i handlekataloget.",
            reference="Chefgruppen 18.08.2010, pkt. 4",
        )
    assert (recorded.gate, recorded.forum, recorded.outcome, recorded.version) == (
        "screening",
        "chief_group",
        "go",
        2,
    )
    assert recorded.moved is None
    assert logs == [
        {
            "event": "decision",
            "log_level": "info",
            "initiative": id_,
            "gate": "screening",
            "forum": "chief_group",
            "outcome": "go",
            "actor": "jens",
            "version": 2,
        }
    ]
    [listed] = list_decisions(engine, id_)
    assert (
        listed.gate,
        listed.forum,
        listed.outcome,
        listed.meeting_date,
        listed.reference,
        listed.justification,
        listed.redo,
        listed.decided_by,
    ) == (
        "screening",
        "chief_group",
        "go",
        date(2010, 8, 18),
        "Chefgruppen 18.08.2010, pkt. 4",
        "Optages i handlekataloget.",
        None,
        "jens",
    )
    decision = read_history(engine, id_)[-1]
    assert (decision.kind, decision.field, decision.new_value, decision.comment) == (
        "decision",
        "chief_group",
        "go",
        "2010-08-18, Chefgruppen 18.08.2010, pkt. 4: Optages i handlekataloget.",
    )
    assert get_initiative(engine, id_).state == "screening"


@pytest.mark.parametrize("relation", ["owner", "proposer"])
def test_the_owner_or_proposer_may_not_decide_at_their_own_gate(
    desk: Desk, engine: Engine, relation: str
) -> None:
    add(desk, "soeren", "chief_group", "project_owner")
    id_ = desk.propose(owner="soeren") if relation == "owner" else desk.propose(by="soeren")
    before = snapshot(engine)
    with pytest.raises(WorkflowError) as caught:
        desk.decide(id_, by="soeren")
    assert str(caught.value) == (
        f"soeren proposed or owns initiative {id_} and may not decide at its gate "
        "(effektivisering@1 does not allow self-approval)"
    )
    assert snapshot(engine) == before


def test_a_definition_may_allow_self_approval(desk: Desk, engine: Engine, tmp_path: Path) -> None:
    for path in DEFAULT_FOLDER.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        (tmp_path / path.name).write_text(
            text.replace("self_approval: false", "self_approval: true"), encoding="utf-8"
        )
    desk.registry = load_registry(tmp_path)
    add(desk, "soeren", "chief_group", "project_owner")
    id_ = desk.propose(owner="soeren")
    assert desk.decide(id_, by="soeren").outcome == "go"
    assert unmet(desk, id_, "select") == []


# -- where a decision may be recorded ---------------------------------------------------------


def test_a_decision_for_a_gate_the_initiative_has_left_is_refused(
    desk: Desk, engine: Engine
) -> None:
    id_ = desk.propose()
    desk.bring_to(id_, "business_case")
    before = snapshot(engine)
    with pytest.raises(WorkflowError) as caught:
        desk.decide(id_, gate="screening")
    assert str(caught.value) == (
        f"initiative {id_} is at business_case, not at the gate screening; nothing was recorded"
    )
    assert snapshot(engine) == before
    desk.file(id_, "business_case")
    assert desk.decide(id_, gate="business_case").gate == "business_case"


def test_no_forum_decides_where_there_is_no_gate(desk: Desk, engine: Engine) -> None:
    id_ = desk.propose()
    desk.bring_to(id_, "organisation")
    before = snapshot(engine)
    with pytest.raises(WorkflowError) as caught:
        desk.decide(id_)
    assert str(caught.value) == (
        f"initiative {id_} is at organisation, where no forum decides "
        "(gates of effektivisering@1: screening, business_case)"
    )
    assert snapshot(engine) == before


def test_a_forum_that_does_not_decide_at_the_gate_is_refused(desk: Desk, engine: Engine) -> None:
    id_ = desk.propose()
    before = snapshot(engine)
    with pytest.raises(WorkflowError) as caught:
        desk.decide(id_, "economic_committee")
    assert str(caught.value) == (
        "the Economic Committee does not decide at screening; forums there: chief_group"
    )
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    "changes,message",
    [
        (
            {"meeting": date(2010, 8, 19)},
            "invalid meeting date: 2010-08-19 is after today (2010-08-18)",
        ),
        (
            {"outcome": "recycle"},
            "invalid redo: a recycle must say what must be redone (--redo)",
        ),
        (
            {"outcome": "recycle", "redo": "  "},
            "invalid redo: a recycle must say what must be redone (--redo)",
        ),
        ({"justification": "  \n "}, "invalid justification: must not be empty"),
        ({"reference": ""}, "invalid reference: must not be empty"),
        (
            {"outcome": "maybe"},
            "invalid outcome: unknown outcome 'maybe'; outcomes: go, reject, hold, recycle",
        ),
    ],
    ids=[
        "future meeting",
        "recycle without redo",
        "blank redo",
        "empty justification",
        "empty reference",
        "unknown outcome",
    ],
)
def test_a_decision_needs_a_past_meeting_a_justification_and_for_a_recycle_a_redo(
    desk: Desk, engine: Engine, changes: dict[str, Any], message: str
) -> None:
    id_ = desk.propose()
    before = snapshot(engine)
    with pytest.raises(InvalidValueError) as caught:
        desk.decide(id_, **changes)
    assert str(caught.value) == message
    assert snapshot(engine) == before


# -- what a decision does ---------------------------------------------------------------------


def test_a_reject_moves_to_rejected_with_the_justification_as_the_comment(
    desk: Desk, engine: Engine
) -> None:
    id_ = desk.propose()
    recorded = desk.decide(
        id_, outcome="reject", justification="Dækkes af den fælleskommunale strategi."
    )
    assert recorded.moved is not None
    assert (recorded.moved.trigger, recorded.moved.to_state, recorded.version) == (
        "reject",
        "rejected",
        3,
    )
    initiative = get_initiative(engine, id_)
    assert (initiative.state, initiative.version) == ("rejected", 3)
    events = read_history(engine, id_)
    assert [(e.kind, e.actor, e.version) for e in events] == [
        ("created", "aase", 1),
        ("decision", "jens", 2),
        ("transition", "jens", 3),
    ]
    assert (events[2].trigger, events[2].to_state, events[2].comment) == (
        "reject",
        "rejected",
        "Dækkes af den fælleskommunale strategi.",
    )


def test_a_reject_and_its_move_are_one_transaction(
    desk: Desk, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    id_ = desk.propose()
    before = snapshot(engine)

    def crash(*_: Any, **__: Any) -> None:
        raise RuntimeError("power cut")

    # The decision row and its event are written when the move fails: all must roll back.
    monkeypatch.setattr("workflow.approvals.decisions.move", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        desk.decide(id_, outcome="reject")
    assert snapshot(engine) == before


def test_a_hold_parks_the_initiative_and_resume_returns_it_to_the_gate(
    desk: Desk, engine: Engine
) -> None:
    id_ = at_business_case(desk, "economic_committee")
    desk.decide(id_, "chief_group")
    recorded = desk.decide(id_, "economic_committee", "hold", justification="Afventer budget.")
    assert recorded.moved is not None
    assert (recorded.moved.from_state, recorded.moved.to_state) == ("business_case", "on_hold")
    assert read_history(engine, id_)[-1].comment == "Afventer budget."
    desk.advance(id_, "resume", "hanne")
    assert get_initiative(engine, id_).state == "business_case"


def test_a_recycle_keeps_the_state_until_a_newer_go(desk: Desk, engine: Engine) -> None:
    id_ = at_business_case(desk)
    recorded = desk.decide(id_, outcome="recycle", redo="Beregn gevinsten pr. center.")
    assert (recorded.moved, get_initiative(engine, id_).state) == (None, "business_case")
    assert unmet(desk, id_, "approve_case") == [
        "Chefgruppen sendte sagen tilbage: Beregn gevinsten pr. center. / "
        "the chief group sent it back: Beregn gevinsten pr. center."
    ]
    with pytest.raises(UnmetRequirementsError):
        desk.advance(id_, "approve_case", "ulla")
    desk.decide(id_)
    assert unmet(desk, id_, "approve_case") == []
    assert desk.advance(id_, "approve_case", "ulla").to_state == "organisation"


def test_a_go_counts_only_until_the_initiative_leaves_the_gate(desk: Desk, engine: Engine) -> None:
    id_ = at_business_case(desk)
    desk.go(id_)
    assert unmet(desk, id_, "approve_case") == []
    desk.advance(id_, "hold", "hanne", "Afventer budget.")
    desk.advance(id_, "resume", "hanne")
    assert unmet(desk, id_, "approve_case") == [
        "mangler beslutning: Chefgruppen / missing decision: the chief group"
    ]
    desk.go(id_)
    assert unmet(desk, id_, "approve_case") == []


def test_a_go_at_screening_does_not_count_at_the_business_case(desk: Desk) -> None:
    id_ = desk.propose()
    desk.go(id_)
    desk.advance(id_, "select", "hanne")
    desk.file(id_, "business_case")
    assert unmet(desk, id_, "approve_case") == [
        "mangler beslutning: Chefgruppen / missing decision: the chief group"
    ]


@pytest.mark.parametrize(
    "kind,forums,missing",
    [
        (
            "administrative",
            ["chief_group"],
            ["Chefgruppen / missing decision: the chief group"],
        ),
        (
            "economic_committee",
            ["chief_group", "economic_committee"],
            [
                "Chefgruppen, Økonomiudvalget / missing decision: the chief group, "
                "the Economic Committee",
                "Økonomiudvalget / missing decision: the Economic Committee",
            ],
        ),
        (
            "city_council",
            ["chief_group", "economic_committee", "city_council"],
            [
                "Chefgruppen, Økonomiudvalget, Byrådet / missing decision: the chief group, "
                "the Economic Committee, the City Council",
                "Økonomiudvalget, Byrådet / missing decision: the Economic Committee, "
                "the City Council",
                "Byrådet / missing decision: the City Council",
            ],
        ),
    ],
)
def test_the_kind_of_decision_says_which_forums_must_say_go(
    desk: Desk, kind: str, forums: list[str], missing: list[str]
) -> None:
    id_ = at_business_case(desk, kind)
    for forum, still_missing in zip(forums, missing, strict=True):
        assert unmet(desk, id_, "approve_case") == [f"mangler beslutning: {still_missing}"]
        with pytest.raises(UnmetRequirementsError):
            desk.advance(id_, "approve_case", "ulla")
        desk.decide(id_, forum)
    assert unmet(desk, id_, "approve_case") == []
    assert desk.advance(id_, "approve_case", "ulla").to_state == "organisation"


@pytest.mark.parametrize(
    "forum,outcome",
    [
        ("chief_group", "reject"),
        ("chief_group", "hold"),
        ("economic_committee", "reject"),
        ("economic_committee", "hold"),
        ("city_council", "reject"),
        ("city_council", "hold"),
    ],
)
def test_every_forum_at_a_gate_can_reject_or_hold(
    desk: Desk, engine: Engine, forum: str, outcome: str
) -> None:
    id_ = at_business_case(desk, "city_council")
    order = ["chief_group", "economic_committee", "city_council"]
    for ahead in order[: order.index(forum)]:  # each forum decides after those listed before it
        desk.decide(id_, ahead)
    recorded = desk.decide(id_, forum, outcome)
    assert recorded.moved is not None
    assert get_initiative(engine, id_).state == {"reject": "rejected", "hold": "on_hold"}[outcome]


# -- records ----------------------------------------------------------------------------------


def _kroner(years: dict[Any, Any], destination: str = "central") -> dict[str, Any]:
    """A gain in kroner of a business case."""
    return {"kind": "kroner", "destination": destination, "years": years}


@pytest.mark.parametrize(
    "data,problem",
    [
        (
            {"investments": {2010: -5}},
            "business_case.investments.2010 must not be below 0 (got -5)",
        ),
        (
            {"running_costs": {2011: "mange"}},
            "business_case.running_costs.2011 must be a whole number (got 'mange')",
        ),
        (
            {"investments": {2010: 2.5}},
            "business_case.investments.2010 must be a whole number (got 2.5)",
        ),
        (
            {"gains": [_kroner({2011: -1})]},
            "business_case.gains.0.years.2011 must not be below 0 (got -1)",
        ),
        (
            {"gains": [_kroner({1999: 5})]},
            "business_case.gains.0.years.1999: the year must not be below 2000 (got 1999)",
        ),
        (
            {"gains": [_kroner({"2101": 5})]},
            "business_case.gains.0.years.2101: the year must not be above 2100 (got '2101')",
        ),
        (
            {"investments": {1999: 5}},
            "business_case.investments.1999: the year must not be below 2000 (got 1999)",
        ),
        ({"budget": 5}, "business_case.budget is not a field of this record"),
        (
            {"decision_kind": "mayor"},
            "business_case.decision_kind Input should be 'administrative', "
            "'economic_committee' or 'city_council' (got 'mayor')",
        ),
        (
            {"investments": {2010: True}},
            "business_case.investments.2010 must be a number, not yes/no (got True)",
        ),
        (
            {"risks": "Forsinkelse\x1b[2J"},
            "business_case.risks must not contain control characters (got 'Forsinkelse\\x1b[2J')",
        ),
        (
            {"gains": [_kroner({2011: 5, "2011": 7})]},
            "business_case.gains.0.years gives the year 2011 twice",
        ),
        (
            {"running_costs": {"2011": 500, "02011": 7}},
            "business_case.running_costs gives the year 2011 twice",
        ),
        (
            {"gains": [_kroner({2011: 1_000.5})]},
            "business_case.gains.0: a gain in kroner is whole kroner (see 2011)",
        ),
        (
            {"gains": [{"kind": "time", "unit": "days", "years": {2011: 5}}]},
            "business_case.gains.0: a gain in time is counted in hours or fte",
        ),
        (
            {"gains": [{"kind": "quality", "what": "Tilfredshed", "years": {2011: 80}}]},
            "business_case.gains.0: a quality gain names its indicator (what), unit and baseline",
        ),
        (
            {"gains": [{**_kroner({2011: 5}), "destination": "away"}]},
            "business_case.gains.0.destination Input should be 'central' or 'area' (got 'away')",
        ),
        (
            {"gains": [_kroner({2011: 5})], "investment": 5},
            "business_case: gives both investment and investments: give investments, "
            "running_costs "
            "and gains only",
        ),
    ],
    ids=[
        "negative",
        "not a number",
        "not whole",
        "negative gain",
        "year before 2000",
        "year after 2100",
        "investment year",
        "unknown field",
        "unknown kind of decision",
        "yes as an amount",
        "control character",
        "a year twice",
        "a year twice, padded",
        "kroner not whole",
        "time unit",
        "quality without unit and baseline",
        "destination",
        "old and new form together",
    ],
)
def test_a_business_case_is_validated_naming_the_field(
    desk: Desk, engine: Engine, data: dict[str, Any], problem: str
) -> None:
    id_ = desk.propose()
    before = snapshot(engine)
    with pytest.raises(InvalidValueError) as caught:
        desk.file(id_, "business_case", {**BUSINESS_CASE, **data})
    assert str(caught.value) == f"invalid business_case: {problem}"
    assert snapshot(engine) == before


def test_a_business_case_refused_on_the_command_line_exits_1(
    desk: Desk, engine: Engine, run: Invoke
) -> None:
    id_ = desk.propose()
    desk.file(id_, "business_case")
    before = snapshot(engine)
    result = run("record", "set", str(id_), "business_case", "investments.2010=-5", actor="ulla")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "Error: invalid business_case: business_case.investments.2010 must not be below 0 "
        "(got '-5')\n",
    )
    result = run("record", "set", str(id_), "business_case", "budget=5", actor="ulla")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: invalid business_case.budget: not a field that can be set this way; fields: "
        "solution, alternatives, investments, running_costs, gains, quality_effect, risks, "
        "indicator, baseline, target, responsible, involved, decision_kind\n",
    )
    assert snapshot(engine) == before


def test_only_those_who_may_change_the_initiative_file_records(desk: Desk, engine: Engine) -> None:
    id_ = desk.propose()
    before = snapshot(engine)
    with pytest.raises(WorkflowError) as caught:
        desk.file(id_, "business_case", by="jens")
    assert str(caught.value) == (
        f"jens may not change initiative {id_}: only its proposer, its owner, the task force "
        "or an admin may"
    )
    assert snapshot(engine) == before


def test_check_names_the_empty_fields_of_the_business_case(desk: Desk, run: Invoke) -> None:
    id_ = desk.propose()
    desk.bring_to(id_, "business_case")
    missing_go = "mangler beslutning: Chefgruppen / missing decision: the chief group"
    assert unmet(desk, id_, "approve_case", "ulla") == [
        "mangler: business case / missing: business case",
        missing_go,
    ]
    desk.file(id_, "business_case", {"solution": "Fælles udbud.", "risks": "Få tilbud."})
    expected = (
        "business case mangler: alternativer, indikator, udgangspunkt, mål, ansvarlig, "
        "involverede, beslutningstype, forventet gevinst eller kvalitetseffekt / "
        "business case missing: alternatives, indicator, baseline, target, responsible, "
        "involved, kind of decision, expected gains or quality effect"
    )
    assert unmet(desk, id_, "approve_case", "ulla") == [expected, missing_go]
    checked = run("check", str(id_), actor="ulla")
    assert checked.exit_code == 0
    assert f"    [ ] {expected}\n" in checked.stdout
    desk.file(id_, "business_case", {**BUSINESS_CASE, "gains": [], "running_costs": {}})  # quality
    desk.go(id_)
    assert unmet(desk, id_, "approve_case", "ulla") == []


def test_gains_and_milestones_are_rows_of_their_own(desk: Desk, engine: Engine) -> None:
    id_ = desk.propose()
    desk.file(id_, "business_case")
    desk.file(id_, "plan")
    with engine.connect() as conn:
        gains = conn.execute(
            select(GAIN.c.kind, GAIN.c.year, GAIN.c.amount).order_by(GAIN.c.year)
        ).all()
        figures = conn.execute(select(ECONOMICS.c.investment, ECONOMICS.c.last_gain_year)).one()
        milestones = conn.execute(
            select(MILESTONE.c.position, MILESTONE.c.title, MILESTONE.c.due).order_by(
                MILESTONE.c.position
            )
        ).all()
    # Net of the running costs of 50.000 kr. a year.
    assert [tuple(g) for g in gains] == [
        ("expected", 2010, 550_000),
        ("expected", 2011, 1_150_000),
        ("expected", 2012, 1_150_000),
    ]
    assert tuple(figures) == (250_000, 2012)
    assert [tuple(m) for m in milestones] == [
        (1, "Udbudsmateriale klar", date(2010, 8, 1)),
        (2, "Tilbudsfrist", date(2010, 10, 1)),
        (3, "Nye policer i kraft", date(2011, 1, 1)),
    ]


def test_a_milestone_cannot_be_due_before_the_plan_starts(desk: Desk, engine: Engine) -> None:
    id_ = desk.propose()
    before = snapshot(engine)
    early = {**PLAN["milestones"][0], "due": "2010-05-01"}
    with pytest.raises(InvalidValueError) as caught:
        desk.file(id_, "plan", {**PLAN, "milestones": [early]})
    assert str(caught.value) == (
        "invalid plan: plan: milestone 1 (Udbudsmateriale klar) is due 2010-05-01, "
        "before the plan starts (2010-06-01)"
    )
    assert snapshot(engine) == before


def test_open_milestones_block_completion_until_done_or_replanned(
    desk: Desk, engine: Engine, run: Invoke
) -> None:
    id_ = desk.propose()
    desk.bring_to(id_, "execution")
    before = snapshot(engine)
    with pytest.raises(UnmetRequirementsError) as caught:
        desk.advance(id_, "complete", "ulla")
    assert caught.value.unmet == (
        "åbne milepæle: 1. Udbudsmateriale klar, 2. Tilbudsfrist, 3. Nye policer i kraft / "
        "open milestones: 1. Udbudsmateriale klar, 2. Tilbudsfrist, 3. Nye policer i kraft",
    )
    assert snapshot(engine) == before
    done = run("milestone", "done", str(id_), "1", "--on", "2010-08-01", actor="ulla")
    version = get_initiative(engine, id_).version
    assert (done.exit_code, done.stdout) == (
        0,
        f"Initiative {id_}: milestone 1 done 2010-08-01 (version {version})\n",
    )
    replanned = run(
        "milestone",
        "replan",
        str(id_),
        "3",
        "--reason",
        "Flyttet til drift i 2011",
        actor="ulla",
    )
    assert (replanned.exit_code, replanned.stdout) == (
        0,
        f"Initiative {id_}: milestone 3 re-planned (version {version + 1})\n",
    )
    assert unmet(desk, id_, "complete", "ulla") == [
        "åbne milepæle: 2. Tilbudsfrist / open milestones: 2. Tilbudsfrist"
    ]
    desk.done(id_, 2)
    today = desk.clock.now().date()
    assert desk.advance(id_, "complete", "ulla").to_state == "follow_up"
    plan = read_records(engine, id_)["plan"]
    assert [(m.done_on, m.replanned) for m in plan.milestones] == [  # type: ignore[attr-defined]
        (date(2010, 8, 1), None),
        (today, None),
        (None, "Flyttet til drift i 2011"),
    ]


def test_a_milestone_ticked_meanwhile_is_not_lost(
    desk: Desk, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workflow.approvals.dossier

    id_ = desk.propose()
    desk.file(id_, "plan")
    from workflow.records.reading import read_record as real_read_record

    def someone_else_meanwhile(*args: Any, **kwargs: Any) -> Any:
        # Between ulla reading the plan and writing it back, hanne ticks milestone 2.
        plan = real_read_record(*args, **kwargs)
        monkeypatch.setattr(workflow.approvals.dossier, "read_record", real_read_record)
        desk.done(id_, 2, by="hanne")
        return plan

    monkeypatch.setattr(workflow.approvals.dossier, "read_record", someone_else_meanwhile)
    with pytest.raises(ConcurrentChangeError):
        desk.done(id_, 1)
    plan = read_records(engine, id_)["plan"]
    assert plan.milestones[1].done_on is not None  # type: ignore[attr-defined]
    assert plan.milestones[0].done_on is None  # type: ignore[attr-defined]


def test_a_milestone_done_in_the_future_or_replanned_without_a_reason_is_refused(
    desk: Desk, engine: Engine, run: Invoke
) -> None:
    id_ = desk.propose()
    desk.file(id_, "plan")
    before = snapshot(engine)
    ahead = run("milestone", "done", str(id_), "1", "--on", "2010-08-19", actor="ulla")
    assert (ahead.exit_code, ahead.stderr) == (
        1,
        "Error: invalid milestone: done on 2010-08-19 is in the future; mark it when it is done\n",
    )
    blank = run("milestone", "replan", str(id_), "1", "--reason", "  ", actor="ulla")
    assert (blank.exit_code, blank.stderr) == (
        1,
        "Error: invalid milestone: a re-plan needs a reason\n",
    )
    assert snapshot(engine) == before
    assert run("milestone", "done", str(id_), "1", actor="ulla").exit_code == 0


def test_a_refused_record_change_is_logged(
    desk: Desk, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    id_ = desk.propose()
    caplog.set_level(logging.INFO, logger="tiltag")
    with capture_logs() as logs, pytest.raises(InvalidValueError) as caught:
        desk.file(id_, "business_case", {"investment": -1})
    assert logs == [
        {
            "event": "record_refused",
            "log_level": "info",
            "initiative": id_,
            "record": "business_case",
            "actor": "ulla",
            "reason": str(caught.value),
        }
    ]


def test_a_milestone_that_does_not_exist_is_refused(desk: Desk, engine: Engine) -> None:
    id_ = desk.propose()
    with pytest.raises(InvalidValueError) as caught:
        desk.done(id_, 1)
    assert str(caught.value) == f"invalid plan: initiative {id_} has no implementation plan"
    desk.file(id_, "plan")
    before = snapshot(engine)
    with pytest.raises(InvalidValueError) as caught:
        desk.done(id_, 4)
    assert str(caught.value) == f"invalid milestone: initiative {id_} has milestones 1-3"
    assert snapshot(engine) == before


def test_realise_needs_the_realised_gains_where_gains_were_expected(desk: Desk) -> None:
    id_ = desk.propose()
    desk.bring_to(id_, "follow_up")
    desk.file(id_, "follow_up", {**TRIAL_EVALUATION})
    assert unmet(desk, id_, "realise") == [
        "opfølgning mangler: realiserede gevinster / follow-up missing: realised gains"
    ]
    desk.file(id_, "follow_up")
    assert unmet(desk, id_, "realise") == []


# -- computed economics -----------------------------------------------------------------------


def test_net_present_value_and_payback_by_hand() -> None:
    # Net flows 400, 400, 400 on 1000 invested at the start of 2011.
    # NPV at 10 %: -1000 + 400/1.1 + 400/1.21 + 400/1.331 = -5.26
    # payback: 600 left after 2011, 200 after 2012, paid half way through 2013: 2.5 years
    result = economics(
        investments={2011: 1000},
        running_costs={2011: 100, 2012: 100, 2013: 100},
        kroner={2013: 500, 2011: 500, 2012: 500},
        discount_rate=0.10,
    )
    assert result is not None
    assert result.net_gains == {2011: 400, 2012: 400, 2013: 400}
    assert result.net_present_value == -5.26
    assert result.payback_years == 2.5
    # Invested a year before the first gain: every flow is discounted once more.
    # NPV at 0 %: -1000 + 3 * 400 = 200; payback 1 + 2 + 0.5 years
    earlier = economics(
        investments={2010: 1000},
        running_costs={2011: 100, 2012: 100, 2013: 100},
        kroner={2011: 500, 2012: 500, 2013: 500},
        discount_rate=0.0,
    )
    assert earlier is not None
    assert (earlier.net_present_value, earlier.payback_years) == (200.0, 3.5)


def test_several_investment_years_and_running_costs_by_hand() -> None:
    # 600 at the start of 2010, 400 at the start of 2011; net gains 300 in 2010 (gain 500, cost
    # 200), 900 in 2011 and 2012 (no running cost in 2012).
    # NPV at 10 %: -600 - 400/1.1 + 300/1.1 + 700/1.21 + 900/1.331
    #   = -600 - 363.636 + 272.727 + 578.512 + 676.183 = 563.79
    # payback: -300 after 2010, -700 at the start of 2011, +0 after 700 of 2011: 1 + 1.0 years
    result = economics(
        investments={2010: 600, 2011: 400},
        running_costs={2010: 200, 2011: 200},
        kroner={2010: 500, 2011: 900, 2012: 900},
        discount_rate=0.10,
    )
    assert result is not None
    assert result.net_gains == {2010: 300, 2011: 700, 2012: 900}
    assert result.net_present_value == 563.79
    assert result.payback_years == 2.0
    # A later investment the gains have not yet covered undoes an earlier payback.
    undone = economics(
        investments={2010: 100, 2012: 1000},
        running_costs={},
        kroner={2010: 200, 2011: 200, 2012: 200},
        discount_rate=0.0,
    )
    assert undone is not None and undone.payback_years is None


def test_a_case_that_never_pays_back_and_one_without_gains() -> None:
    never = economics(
        investments={2011: 1_000_000},
        running_costs={},
        kroner={2011: 100_000, 2012: 100_000},
        discount_rate=0.04,
    )
    assert never is not None
    # -1.000.000 + 100.000/1.04 + 100.000/1.0816
    assert never.net_present_value == -811_390.53
    assert never.payback_years is None
    assert (
        economics(investments={2011: 1_000_000}, running_costs={}, kroner={}, discount_rate=0.04)
        is None
    )


def test_gains_before_the_first_investment_are_refused() -> None:
    data = {
        **BUSINESS_CASE,
        "investments": {2012: 5, 2013: 5},
        "gains": [_kroner({2010: 600_000, 2013: 5}), {**_kroner({2011: 5}), "kind": "time"}],
    }
    data["gains"][1]["unit"] = "fte"
    with pytest.raises(InvalidValueError) as caught:
        validate_record("business_case", data)
    assert str(caught.value) == (
        "invalid business_case: business_case: gains are expected in 2010, 2011, before the "
        "first investment (2012)"
    )


def test_running_costs_are_paid_from_what_goes_to_the_centre_first() -> None:
    case = validate_record(
        "business_case",
        {
            "running_costs": {2011: 300, 2012: 300, 2013: 300},
            "gains": [
                _kroner({2011: 1000, 2012: 200}),
                _kroner({2011: 500, 2012: 500}, "area"),
                {"kind": "time", "unit": "hours", "years": {2014: 10}},
            ],
        },
    )
    assert isinstance(case, BusinessCase)
    # (taken back centrally, kept in the area) a year, after running costs
    assert case.net_kroner() == {2011: (700, 500), 2012: (0, 400), 2013: (0, -300)}
    assert case.kroner("area") == {2011: 500, 2012: 500}
    assert case.last_gain_year == 2014


def test_a_business_case_in_the_old_form_is_read_as_the_same_figures() -> None:
    old = validate_record(
        "business_case",
        {
            "investment": 250_000,
            "investment_year": 2010,
            "running_cost": 50_000,
            "expected_gains": {2011: 600_000, 2012: 700_000},
        },
    )
    new = validate_record(
        "business_case",
        {
            "investments": {2010: 250_000},
            "running_costs": {2011: 50_000, 2012: 50_000},
            "gains": [_kroner({2011: 600_000, 2012: 700_000})],
        },
    )
    assert old == new
    with pytest.raises(InvalidValueError) as caught:
        validate_record("business_case", {"investment": 5})
    assert str(caught.value) == (
        "invalid business_case: business_case: an investment needs its year (investments, per "
        "budget year)"
    )


def test_a_benefit_owner_is_the_initiatives_owner_unless_named(desk: Desk, engine: Engine) -> None:
    id_ = desk.propose()
    gains = [_kroner({2011: 5}), {**_kroner({2012: 5}), "owner": "jens"}]
    desk.file(id_, "business_case", {**BUSINESS_CASE, "gains": gains})
    case = read_records(engine, id_)["business_case"]
    assert isinstance(case, BusinessCase)
    assert [g.owner for g in case.gains] == ["ulla", "jens"]
    before = snapshot(engine)
    with pytest.raises(InvalidValueError) as caught:
        desk.file(id_, "business_case", {**BUSINESS_CASE, "gains": [{**gains[1], "owner": "x"}]})
    assert str(caught.value) == (
        "invalid business_case.gains.0.owner: unknown person 'x' (see: tiltag people list)"
    )
    assert snapshot(engine) == before


def test_record_show_computes_the_economics(desk: Desk, run: Invoke) -> None:
    id_ = desk.propose()
    desk.file(id_, "business_case")
    shown = run("record", "show", str(id_), "business_case", "--format", "json")
    assert shown.exit_code == 0
    data = json.loads(shown.stdout)
    # -250.000 + 550.000/1.04 + 1.150.000/1.0816 + 1.150.000/1.124864
    #  = -250.000 + 528.846,15 + 1.063.239,65 + 1.022.345,81
    assert data["business_case"]["computed"] == {
        "net_present_value": 2_364_431.61,
        "payback_years": 250_000 / 550_000,
        "discount_rate": 0.04,
    }
    assert data["business_case"]["gains"] == [
        {
            "kind": "kroner",
            "what": "",
            "owner": "ulla",
            "destination": "central",
            "unit": "",
            "baseline": None,
            "years": {"2010": 600_000, "2011": 1_200_000, "2012": 1_200_000},
        }
    ]
    text = run("record", "show", str(id_), "business_case").stdout
    assert "  nutidsværdi / net present value (4%): 2.364.432 kr.\n" in text
    assert "  tilbagebetalingstid / simple payback: 0,5 år / 0.5 years\n" in text


# -- records from files and FIELD=VALUE -------------------------------------------------------


CASE_YAML = """\
solution: Fælles udbud af kommunens forsikringer med forsikringsmægler.
alternatives: Forlænge nuværende aftaler.
investments: {2010: 250000}
running_costs: {2010: 50000, 2011: 50000}
gains:
  - kind: kroner
    what: Lavere præmier
    years: {2010: 600000, 2011: 1200000}
  - kind: quality
    what: Skader anmeldt digitalt
    unit: "%"
    baseline: 20
    years: {2011: 60.5}
quality_effect: Samme dækning.
risks: Få tilbudsgivere.
indicator: Samlet præmie pr. år
baseline: 4,8 mio. kr. (2009)
target: 3,6 mio. kr. fra 2011
responsible: Ulla Krogh
involved: Indkøb, Jura
decision_kind: economic_committee
"""


def test_record_set_from_a_yaml_file_then_field_by_field(
    desk: Desk, run: Invoke, tmp_path: Path
) -> None:
    id_ = desk.propose()
    path = tmp_path / "case.yaml"
    path.write_text(CASE_YAML, encoding="utf-8")
    result = run("record", "set", str(id_), "business_case", "--file", str(path), actor="ulla")
    assert (result.exit_code, result.stdout) == (
        0,
        f"Initiative {id_}: business_case filed (version 2); complete\n",
    )
    result = run(
        "record",
        "set",
        str(id_),
        "business_case",
        "running_costs.2012=70000",
        "running_costs.2010=",
        "risks=",
        actor="ulla",
    )
    assert (result.exit_code, result.stdout) == (
        0,
        f"Initiative {id_}: business_case filed (version 3); still missing: risks\n",
    )
    case = read_records(desk.engine, id_)["business_case"]
    assert isinstance(case, BusinessCase)
    assert case.running_costs == {2011: 50_000, 2012: 70_000}
    assert (case.risks, case.investment) == ("", 250_000)
    assert case.gains[1].years == {2011: 60.5}
    assert (case.gains[1].owner, case.gains[1].baseline) == ("ulla", 20)
    history = run("history", str(id_)).stdout.splitlines()
    # The command line records who ran it beside --as.
    assert history[1].endswith("business_case: udfyldt / filed  [cli: drift]")
    assert history[2].endswith(
        "business_case: ændret / changed: risks, running_costs  [cli: drift]"
    )


def test_gains_are_set_field_by_field_on_the_command_line(desk: Desk, run: Invoke) -> None:
    id_ = desk.propose()
    desk.file(id_, "business_case")
    result = run(
        "record",
        "set",
        str(id_),
        "business_case",
        "gains.1.years.2013=900000",
        "gains.1.years.2010=",
        "gains.2.kind=kroner",
        "gains.2.destination=area",
        "gains.2.owner=jens",
        "gains.2.years.2011=200000",
        actor="ulla",
    )
    assert (result.exit_code, result.stderr) == (0, "")
    case = read_records(desk.engine, id_)["business_case"]
    assert isinstance(case, BusinessCase)
    assert [(g.destination, g.owner, g.years) for g in case.gains] == [
        ("central", "ulla", {2011: 1_200_000, 2012: 1_200_000, 2013: 900_000}),
        ("area", "jens", {2011: 200_000}),
    ]
    result = run("record", "set", str(id_), "business_case", "gains.1=", actor="ulla")
    assert result.exit_code == 0
    case = read_records(desk.engine, id_)["business_case"]
    assert [g.owner for g in case.gains] == ["jens"]  # type: ignore[attr-defined]
    for pair, problem in (
        ("gains.4.kind=time", "give gains.N.FIELD=VALUE or gains.N.years.YEAR=VALUE, with N "
         "one of the gains (1-1) or 2 to add one"),
        ("gains.1.colour=red", "not a field; fields: kind, what, owner, destination, unit, "
         "baseline, years"),
        ("gains.1=x", "a gain is set field by field; gains.N= removes it"),
    ):  # fmt: skip
        refused = run("record", "set", str(id_), "business_case", pair, actor="ulla")
        assert (refused.exit_code, refused.stderr) == (
            1,
            f"Error: invalid business_case.{pair.partition('=')[0]}: {problem}\n",
        )


def test_record_set_from_a_json_file_with_a_field_on_top(
    desk: Desk, run: Invoke, tmp_path: Path
) -> None:
    id_ = desk.propose()
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(PLAN, ensure_ascii=False), encoding="utf-8")
    result = run(
        "record",
        "set",
        str(id_),
        "plan",
        "--file",
        str(path),
        "tolerances.time_days=60",
        "tolerances.notify=hanne, jens",
        actor="hanne",
    )
    assert (result.exit_code, result.stdout) == (
        0,
        f"Initiative {id_}: plan filed (version 2); complete\n",
    )
    shown = json.loads(run("record", "show", str(id_), "plan", "--format", "json").stdout)
    assert shown["plan"]["tolerances"]["time_days"] == 60
    assert shown["plan"]["tolerances"]["notify"] == ["hanne", "jens"]
    assert [m["title"] for m in shown["plan"]["milestones"]] == [
        "Udbudsmateriale klar",
        "Tilbudsfrist",
        "Nye policer i kraft",
    ]


def test_a_malformed_record_file_is_named_with_its_line(
    desk: Desk, engine: Engine, run: Invoke, tmp_path: Path
) -> None:
    id_ = desk.propose()
    before = snapshot(engine)
    path = tmp_path / "case.yaml"
    path.write_text("solution: Udbud\ninvestment: 5\nrisks: få: mange\n", encoding="utf-8")
    result = run("record", "set", str(id_), "business_case", "--file", str(path), actor="ulla")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: invalid {path}: line 3: malformed YAML: mapping values are not allowed in "
        "this context\n",
    )
    broken = tmp_path / "case.json"
    broken.write_text('{"solution": "Udbud",\n "risks": }\n', encoding="utf-8")
    result = run("record", "set", str(id_), "business_case", "--file", str(broken), actor="ulla")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: invalid {broken}: line 2: malformed JSON: Expecting value\n",
    )
    assert snapshot(engine) == before


def test_record_set_needs_a_file_or_a_field(desk: Desk, run: Invoke) -> None:
    id_ = desk.propose()
    result = run("record", "set", str(id_), "business_case", actor="ulla")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: give --file FILE or at least one FIELD=VALUE\n",
    )


# -- the forums' agendas ----------------------------------------------------------------------


def test_waiting_lists_exactly_what_awaits_each_forum(
    desk: Desk, engine: Engine, registry: Registry, run: Invoke
) -> None:
    new = desk.propose(title="Ny idé")
    selected = desk.propose(title="Valgt ud")
    desk.go(selected)
    admin_case = at_business_case(desk, "administrative")
    ec_case = at_business_case(desk, "economic_committee")
    desk.go(ec_case)
    council_case = at_business_case(desk, "city_council")
    desk.go(council_case, "chief_group", "economic_committee")
    recycled = at_business_case(desk, "administrative")
    desk.decide(recycled, outcome="recycle", redo="Gevinsten skal synliggøres.")
    organised = desk.propose(title="Længere fremme")
    desk.bring_to(organised, "organisation")
    trial = desk.propose("proevehandling", title="Prøvehandling")
    evaluated = desk.propose("proevehandling", title="Evalueret prøvehandling")
    desk.bring_to(evaluated, "evaluated")
    desk.go(evaluated)

    def waiting(forum: str) -> list[tuple[int, str]]:
        return [(r.id, gate) for r, gate, _ in waiting_for(engine, registry, forum)]

    assert waiting("chief_group") == [
        (new, "screening"),
        (admin_case, "business_case"),
        (recycled, "business_case"),
        (trial, "proposed"),
    ]
    assert waiting("economic_committee") == [(ec_case, "business_case")]
    assert waiting("city_council") == [(council_case, "business_case")]
    # All the forums at once (the quarterly report's agenda), each initiative judged once.
    with engine.connect() as conn:
        each = [(f, i.id, i.state) for f, i in awaiting_each(conn, registry, batch=2)]
    assert each == [(f, *found) for f in FORUMS for found in waiting(f)]
    result = run("waiting", "economic_committee")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "Venter på Økonomiudvalget / waiting for the Economic Committee: 1"
    )
    assert result.stdout.splitlines()[1] == (
        "Næste møde / next meeting: Økonomiudvalget 21. september 2010 (frist 7. september)"
    )
    assert result.stdout.splitlines()[2].startswith(f"  {ec_case:<5} business_case        ulla ")
    assert run("waiting", "city_council").stdout.splitlines()[0] == (
        "Venter på Byrådet / waiting for the City Council: 1"
    )
    rows = json.loads(run("waiting", "chief_group", "--format", "json").stdout)
    assert [(r["id"], r["gate"]) for r in rows] == waiting("chief_group")
    with pytest.raises(InvalidValueError, match="^invalid forum: unknown forum 'mayor'"):
        waiting_for(engine, registry, "mayor")


# -- the command line -------------------------------------------------------------------------


def test_decide_and_decisions_on_the_command_line(desk: Desk, engine: Engine, run: Invoke) -> None:
    id_ = desk.propose()
    args = ["--meeting", "2010-08-18", "--reference", "Chefgruppen 18.08.2010, pkt. 4"]
    result = run(
        "decide",
        str(id_),
        "chief_group",
        "recycle",
        *args,
        "--justification",
        "Uklart.",
        "--redo",
        "Beskriv gevinsten.",
        actor="jens",
    )
    assert (result.exit_code, result.stdout) == (
        0,
        f"Initiative {id_}: chief_group recycle at screening (version 2)\n",
    )
    result = run(
        "decide",
        str(id_),
        "chief_group",
        "go",
        *args,
        "--justification",
        "Optages.",
        "--gate",
        "business_case",
        actor="jens",
    )
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: initiative {id_} is at screening, not at the gate business_case; "
        "nothing was recorded\n",
    )
    result = run(
        "decide",
        str(id_),
        "chief_group",
        "reject",
        *args,
        "--justification",
        "Dækkes andetsteds.",
        actor="jens",
    )
    assert (result.exit_code, result.stdout) == (
        0,
        f"Initiative {id_}: chief_group reject at screening; moved screening -> rejected "
        "(version 4)\n",
    )
    assert run("decisions", str(id_)).stdout == (
        "2010-08-18  screening            Chefgruppen      sendt tilbage / sent back  "
        "(Chefgruppen 18.08.2010, pkt. 4; jens)  [cli: drift]\n"
        "    Uklart.\n"
        "    gøres om / redo: Beskriv gevinsten.\n"
        "2010-08-18  screening            Chefgruppen      afvist / rejected  "
        "(Chefgruppen 18.08.2010, pkt. 4; jens)  [cli: drift]\n"
        "    Dækkes andetsteds.\n"
    )
    with engine.connect() as conn:
        assert conn.execute(select(DECISION.c.outcome).order_by(DECISION.c.id)).scalars().all() == [
            "recycle",
            "reject",
        ]


# -- trials -----------------------------------------------------------------------------------


def test_a_trial_is_approved_run_evaluated_and_scaled_into_a_new_initiative(
    desk: Desk, engine: Engine
) -> None:
    trial = desk.propose("proevehandling", title="Visitation tættere på institutionerne")
    desk.bring_to(trial, "evaluated")
    desk.go(trial)
    moved = desk.advance(trial, "scale", "hanne")
    assert (moved.to_state, moved.workflow) == ("scaled", "proevehandling@1")
    assert moved.created is not None
    scaled = get_initiative(engine, moved.created)
    assert (
        scaled.workflow,
        scaled.state,
        scaled.origin_id,
        scaled.title,
        scaled.proposer,
        scaled.owner,
        scaled.area,
        scaled.category,
        scaled.version,
    ) == (
        "effektivisering",
        "screening",
        trial,
        "Visitation tættere på institutionerne",
        "aase",
        "ulla",
        "Økonomi",
        None,
        1,
    )
    [created] = read_history(engine, scaled.id)
    assert (created.kind, created.actor, created.comment) == (
        "created",
        "hanne",
        f"skaleret fra / scaled from proevehandling {trial}",
    )
    assert [e.trigger for e in read_history(engine, trial) if e.kind == "transition"] == [
        "approve",
        "start",
        "evaluate",
        "scale",
    ]


def test_scaling_and_creating_are_one_transaction(
    desk: Desk, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    trial = desk.propose("proevehandling")
    desk.bring_to(trial, "evaluated")
    desk.go(trial)
    before = snapshot(engine)

    def crash(*_: Any, **__: Any) -> int:
        raise RuntimeError("power cut")

    monkeypatch.setattr("workflow.core.moves.create_initiative", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        desk.advance(trial, "scale", "hanne")
    assert snapshot(engine) == before


def test_a_reject_at_the_evaluation_throws_the_trial_away(desk: Desk, engine: Engine) -> None:
    trial = desk.propose("proevehandling")
    desk.bring_to(trial, "evaluated")
    recorded = desk.decide(trial, outcome="reject", justification="Ingen målbar effekt.")
    assert recorded.moved is not None
    assert (recorded.moved.trigger, recorded.moved.to_state) == ("discard", "discarded")
    assert get_initiative(engine, trial).state == "discarded"
    assert read_history(engine, trial)[-1].comment == "Ingen målbar effekt."


def test_a_trial_with_an_unknown_criterion_is_refused(desk: Desk, engine: Engine) -> None:
    trial = desk.propose("proevehandling")
    before = snapshot(engine)
    with pytest.raises(InvalidValueError) as caught:
        desk.file(trial, "trial", {**TRIAL, "criteria": {**TRIAL["criteria"], "billig": "Ja."}})
    assert str(caught.value) == (
        "invalid trial.criteria: unknown criterion billig; criteria of proevehandling@1: "
        "inden_for_rammen, kan_skaleres, maalbar_effekt, naermere_institutionerne"
    )
    assert snapshot(engine) == before


def test_a_trial_must_answer_every_criterion_before_it_is_approved(desk: Desk) -> None:
    trial = desk.propose("proevehandling")
    criteria = {k: v for k, v in TRIAL["criteria"].items() if k != "inden_for_rammen"}
    desk.file(trial, "trial", {**TRIAL, "criteria": criteria})
    missing = (
        "prøvehandling mangler: kriterie: Holder sig inden for den afsatte ramme / "
        "trial missing: criterion: Stays within the set budget"
    )
    assert unmet(desk, trial, "approve") == [missing, "mangler beslutning: Chefgruppen / "
                                             "missing decision: the chief group"]  # fmt: skip
    # The chief group approves the trial against the criteria: not before every one is answered.
    with pytest.raises(WorkflowError) as caught:
        desk.go(trial)
    assert str(caught.value) == (
        f"the chief group cannot say go at proposed on initiative {trial} yet: {missing}"
    )
    with pytest.raises(UnmetRequirementsError):
        desk.advance(trial, "approve", "hanne")
    desk.file(trial, "trial")
    desk.go(trial)
    # What was approved stands: the trial cannot be rewritten under the go.
    with pytest.raises(WorkflowError) as caught:
        desk.file(trial, "trial", {**TRIAL, "purpose": "Noget helt andet."})
    assert str(caught.value).startswith(f"the trial of initiative {trial} cannot change while")
    assert desk.advance(trial, "approve", "hanne").to_state == "approved"


def test_both_lifecycles_run_side_by_side(desk: Desk, run: Invoke) -> None:
    desk.propose(title="Udbud af forsikring")
    desk.propose("proevehandling", title="Visitation tættere på institutionerne")
    rows = json.loads(run("list", "--format", "json").stdout)
    assert [(r["title"], r["workflow"], r["state"]) for r in rows] == [
        ("Udbud af forsikring", "effektivisering", "screening"),
        ("Visitation tættere på institutionerne", "proevehandling", "proposed"),
    ]


def test_the_lifecycle_as_a_mermaid_diagram(run: Invoke) -> None:
    result = run("definitions", "show", "effektivisering", "--format", "mermaid")
    assert result.exit_code == 0
    assert result.stdout.startswith("stateDiagram-v2\n")
    assert "\n    screening --> business_case: select\n" in result.stdout
    assert "\n    note right of screening: gate: the chief group\n" in result.stdout


def test_the_business_case_cannot_change_under_a_standing_go(desk: Desk, engine: Engine) -> None:
    id_ = at_business_case(desk, "city_council")
    desk.decide(id_, "chief_group")
    desk.decide(id_, "economic_committee")
    before = snapshot(engine)
    at_city_council = {**BUSINESS_CASE, "decision_kind": "city_council"}
    for changed in ({"decision_kind": "administrative"}, {"investments": {2010: 900_000_000}}):
        with pytest.raises(WorkflowError) as caught:
            desk.file(id_, "business_case", {**at_city_council, **changed})
        assert str(caught.value) == (
            f"the business case of initiative {id_} cannot change while the go of the chief "
            "group and the Economic Committee on it stands: the go approved it as it is; a "
            "recycle decision sends it back to be redone"
        )
    assert snapshot(engine) == before
    # Filing the same case again changes nothing and is fine.
    desk.file(id_, "business_case", {**BUSINESS_CASE, "decision_kind": "city_council"})
    # A recycle sends the case back: every go lapses, and the case (and its kind) may change.
    desk.decide(id_, "chief_group", "recycle", redo="Ny vurdering af beslutningstypen.")
    desk.file(id_, "business_case", {**BUSINESS_CASE, "decision_kind": "administrative"})
    lowered = (
        "typen af beslutning blev sænket fra kræver også Byrådet til rent administrativ af ulla "
        "2010-08-25; Økonomiudvalget besluttede før og skal godkende igen / the kind of decision "
        "was lowered from needs the City Council too to purely administrative by ulla on "
        "2010-08-25; the Economic Committee decided before and must say go again"
    )
    assert unmet(desk, id_, "approve_case") == [
        "mangler beslutning: Økonomiudvalget / missing decision: the Economic Committee; "
        "Chefgruppen sendte sagen tilbage: Ny vurdering af beslutningstypen. / "
        "the chief group sent it back: Ny vurdering af beslutningstypen.; " + lowered
    ]
    # The Economic Committee approved the case as one it decides on: lowering the kind does not
    # take it out; its go on the lowered case does.
    desk.decide(id_, "chief_group")
    assert unmet(desk, id_, "approve_case") == [
        "mangler beslutning: Økonomiudvalget / missing decision: the Economic Committee; " + lowered
    ]
    desk.decide(id_, "economic_committee")
    assert unmet(desk, id_, "approve_case") == []


def test_a_forum_decides_after_those_listed_before_it_and_not_before_the_gate(
    desk: Desk, engine: Engine
) -> None:
    id_ = at_business_case(desk, "city_council")
    before = snapshot(engine)
    with pytest.raises(WorkflowError) as caught:
        desk.decide(id_, "city_council")
    assert str(caught.value) == (
        "the City Council decides at business_case after the chief group, the Economic "
        "Committee, whose go is not recorded yet"
    )
    entered = local_date(get_initiative(engine, id_).entered_state_at)
    with pytest.raises(InvalidValueError) as refused:
        desk.decide(id_, "chief_group", meeting=entered - timedelta(days=1))
    assert str(refused.value) == (
        f"invalid meeting date: {(entered - timedelta(days=1)).isoformat()} is before "
        f"initiative {id_} reached business_case ({entered.isoformat()}); a decision made then "
        "is not about this gate"
    )
    assert snapshot(engine) == before
    assert [i.id for i, _, _ in waiting_for(engine, desk.registry, "city_council")] == []
    desk.decide(id_, "chief_group")
    desk.decide(id_, "economic_committee")
    assert [i.id for i, _, _ in waiting_for(engine, desk.registry, "city_council")] == [id_]


def test_a_meeting_today_counts_in_danish_time(desk: Desk) -> None:
    # 23:30 UTC on 18 August is 01:30 on 19 August in Copenhagen (summer time).
    desk.clock.set(datetime(2010, 8, 18, 23, 30, tzinfo=UTC))
    id_ = desk.propose()
    assert desk.decide(id_, meeting=date(2010, 8, 19)).outcome == "go"
    with pytest.raises(InvalidValueError) as caught:
        desk.decide(id_, meeting=date(2010, 8, 20))
    assert str(caught.value) == "invalid meeting date: 2010-08-20 is after today (2010-08-19)"


class _NothingFiled:
    """Facts of an initiative with no records and no decisions."""

    def roles_of(self, person_id: int) -> frozenset[str]:
        return frozenset()

    def record(self, kind: str) -> None:
        return None

    def decisions(self) -> GateDecisions:
        return GateDecisions({}, frozenset())

    def decision_kind(self) -> None:
        return None

    def kind_change(self) -> None:
        return None


def test_milestones_done_is_not_met_without_a_plan(registry: Registry, desk: Desk) -> None:
    from workflow.core.requirements import Subject, evaluate
    from workflow.definitions.model import Requirement

    subject = Subject(
        initiative={"id": 1, "state": "execution", "owner_id": None, "proposer_id": None},
        definition=registry.latest("effektivisering"),
        actor=desk.people["ulla"],
        comment=None,
        facts=_NothingFiled(),
    )
    outcome = evaluate(Requirement("milestones", ("done",)), subject)
    assert (outcome.met, outcome.text) == (
        False,
        "ingen milepæle i implementeringsplanen / no milestones in the implementation plan",
    )


def test_a_record_the_workflow_does_not_use_is_refused(desk: Desk, engine: Engine) -> None:
    id_ = desk.propose()
    before = snapshot(engine)
    with pytest.raises(InvalidValueError) as caught:
        desk.file(id_, "trial")
    assert str(caught.value) == (
        "invalid record: initiatives of effektivisering@1 carry no trial record; theirs: "
        "business_case, follow_up, gains_report, organisation, plan"
    )
    assert snapshot(engine) == before


def test_a_go_by_whoever_owns_the_initiative_now_does_not_count(desk: Desk, engine: Engine) -> None:
    from workflow.core.initiatives import edit

    id_ = desk.propose()
    desk.decide(id_, "chief_group", by="jens")
    assert unmet(desk, id_, "select") == []
    # Ownership handed to the member of the chief group who said go: the go no longer counts.
    edit(
        engine,
        desk.registry,
        actor=desk.people["hanne"],
        initiative_id=id_,
        changes={"owner": "jens"},
        clock=desk.clock,
    )
    assert unmet(desk, id_, "select") == [
        "godkendt af initiativets egen forslagsstiller eller ejer: Chefgruppen / "
        "approved by the initiative's own proposer or owner: the chief group"
    ]
    with pytest.raises(UnmetRequirementsError):
        desk.advance(id_, "select", "hanne")


def test_no_go_before_the_business_case_is_filed_and_complete(desk: Desk, engine: Engine) -> None:
    id_ = desk.propose()
    desk.bring_to(id_, "business_case")
    before = snapshot(engine)
    with pytest.raises(WorkflowError) as caught:
        desk.decide(id_, "chief_group")
    assert str(caught.value) == (
        f"the chief group cannot say go at business_case on initiative {id_} yet: "
        "mangler: business case / missing: business case"
    )
    assert snapshot(engine) == before
    desk.file(id_, "business_case", {**BUSINESS_CASE, "risks": ""})
    with pytest.raises(WorkflowError) as caught:
        desk.decide(id_, "chief_group")
    assert str(caught.value).endswith(
        "business case mangler: risici / business case missing: risks"
    )
    # A recycle or a reject needs no finished case.
    desk.decide(id_, "chief_group", "recycle", redo="Beskriv risiciene.")
    assert [d.outcome for d in list_decisions(engine, id_) if d.gate == "business_case"] == [
        "recycle"
    ]


def test_the_kind_of_decision_stays_what_the_forums_saw_past_the_gate(
    desk: Desk, engine: Engine
) -> None:
    id_ = at_business_case(desk, "administrative")
    desk.go(id_, "chief_group")
    desk.advance(id_, "approve_case", "ulla")
    before = snapshot(engine)
    with pytest.raises(WorkflowError) as caught:
        desk.file(id_, "business_case", {**BUSINESS_CASE, "decision_kind": "city_council"})
    assert str(caught.value) == (
        f"the kind of decision of initiative {id_} cannot change after the forums decided on it "
        "at the gate 'Business case analysis': it chose which forums were asked"
    )
    assert snapshot(engine) == before
    # The figures may be brought up to date as the work goes on.
    desk.file(id_, "business_case", {**BUSINESS_CASE, "gains": [_kroner({2011: 1_500_000})]})


@pytest.mark.parametrize(
    "milestone,problem",
    [
        (
            {"due": "9999-12-31"},
            "plan.milestones.0.due must not be above 2100-12-31 (got '9999-12-31')",
        ),
        (
            {"due": "2010-08-01", "done_on": "2010-05-01"},
            "plan: milestone 1 (Udbudsmateriale klar) is marked done 2010-05-01, before the plan "
            "starts (2010-06-01)",
        ),
    ],
)
def test_plan_dates_are_sane(desk: Desk, milestone: dict[str, str], problem: str) -> None:
    id_ = desk.propose()
    first = {**PLAN["milestones"][0], **milestone}
    with pytest.raises(InvalidValueError) as caught:
        desk.file(id_, "plan", {**PLAN, "milestones": [first]})
    assert str(caught.value) == f"invalid plan: {problem}"
    with pytest.raises(InvalidValueError) as caught:
        desk.file(id_, "plan", {**PLAN, "start": "1900-01-01"})
    assert str(caught.value) == (
        "invalid plan: plan.start must not be below 2000-01-01 (got '1900-01-01')"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["mayor", "go", "--meeting", "2010-08-18"],
        ["chief_group", "maybe", "--meeting", "2010-08-18"],
        ["chief_group", "go"],
        ["chief_group", "go", "--meeting", "18-08-2010"],
    ],
    ids=["unknown forum", "unknown outcome", "no meeting", "meeting not a date"],
)
def test_decide_with_wrong_usage_exits_2_and_records_nothing(
    desk: Desk, engine: Engine, run: Invoke, args: list[str]
) -> None:
    id_ = desk.propose()
    before = snapshot(engine)
    result = run(
        "decide", str(id_), *args, "--reference", "R", "--justification", "J", actor="jens"
    )
    assert result.exit_code == 2
    assert snapshot(engine) == before


def test_organisation_and_tolerances_say_what_they_lack(desk: Desk) -> None:
    id_ = desk.propose()
    desk.file(id_, "organisation", {"project_leader": "Karen Dahl"})
    shown = records_text(read_records(desk.engine, id_), None, ["organisation"])
    assert shown.endswith("mangler: projektgruppe / missing: project group")
    plan = {**PLAN, "tolerances": {"time_days": 30, "notify": ["hanne"]}}
    desk.file(id_, "plan", plan)
    shown = records_text(read_records(desk.engine, id_), None, ["plan"])
    assert shown.endswith(
        "mangler: afvigelsesstyring (tid, økonomi, hvem underrettes) / "
        "missing: deviation tolerances (time, cost, who is told)"
    )
    with pytest.raises(InvalidValueError) as caught:
        desk.file(id_, "plan", {**PLAN, "tolerances": {"cost_dkk": -1}})
    assert str(caught.value) == (
        "invalid plan: plan.tolerances.cost_dkk must not be below 0 (got -1)"
    )


def test_a_milestone_cannot_be_replanned_to_before_its_plan(desk: Desk, engine: Engine) -> None:
    id_ = desk.propose()
    desk.file(id_, "plan")
    before = snapshot(engine)
    with pytest.raises(InvalidValueError) as caught:
        change_milestone(
            engine, desk.registry, actor=desk.people["ulla"], initiative_id=id_, number=3,
            replanned="Rykket frem.", due=date(2010, 5, 1), clock=desk.clock,
        )  # fmt: skip
    assert str(caught.value) == (
        "invalid plan: plan: milestone 3 (Nye policer i kraft) is due 2010-05-01, before the "
        "plan starts (2010-06-01)"
    )
    assert snapshot(engine) == before


def test_a_followup_shows_realised_against_expected_gains(desk: Desk) -> None:
    id_ = desk.propose()
    desk.file(id_, "business_case")
    desk.file(id_, "follow_up")
    shown = records_text(read_records(desk.engine, id_), None, ["follow_up"])
    assert (
        "  realiseret mod forventet / realised against expected:\n"
        "    2010: 550.000 kr. / 600.000 kr. (-50.000 kr.)\n"
        "    2011: - / 1.200.000 kr.\n"
        "    2012: - / 1.200.000 kr."
    ) in shown


# -- the kind of decision cannot be lowered past the forums that decided ----------------------


def test_lowering_the_kind_after_the_forums_decided_keeps_them_asked(
    desk: Desk, engine: Engine, run: Invoke
) -> None:
    id_ = at_business_case(desk, "city_council")
    desk.go(id_, "chief_group", "economic_committee", "city_council")
    # Parked and resumed, the gos lapse and the case may change: its owner lowers its kind.
    desk.advance(id_, "hold", "hanne", "Afventer budgetforliget.")
    desk.advance(id_, "resume", "hanne")
    lowered_on = desk.clock.now().date().isoformat()
    desk.file(id_, "business_case", {**BUSINESS_CASE, "decision_kind": "administrative"})
    desk.go(id_, "chief_group")
    lowered = (
        f"typen af beslutning blev sænket fra kræver også Byrådet til rent administrativ af ulla "
        f"{lowered_on}; Økonomiudvalget, Byrådet besluttede før og skal godkende igen / the kind "
        f"of decision was lowered from needs the City Council too to purely administrative by "
        f"ulla on {lowered_on}; the Economic Committee, the City Council decided before and "
        "must say go again"
    )
    assert unmet(desk, id_, "approve_case") == [
        "mangler beslutning: Økonomiudvalget, Byrådet / missing decision: the Economic "
        "Committee, the City Council; " + lowered
    ]
    with pytest.raises(UnmetRequirementsError):
        desk.advance(id_, "approve_case", "ulla")
    check = run("check", str(id_), actor="ulla")
    assert lowered in check.stdout
    waiting = run("waiting", "economic_committee")
    assert waiting.stdout.splitlines()[2].split()[0] == str(id_)
    assert waiting.stdout.splitlines()[3].strip() == lowered
    assert run("waiting", "city_council").stdout.splitlines() == [
        "Venter på Byrådet / waiting for the City Council: 0",
        "Næste møde / next meeting: Byrådet 26. august 2010",
    ]
    # Each forum that decided before decides on the lowered case, in the gate's order.
    desk.go(id_, "economic_committee")
    assert [i.id for i, _, _ in waiting_for(engine, desk.registry, "city_council")] == [id_]
    desk.go(id_, "city_council")
    assert desk.advance(id_, "approve_case", "ulla").to_state == "organisation"


def test_a_go_that_no_longer_counts_keeps_the_forums_after_it_waiting(
    desk: Desk, engine: Engine
) -> None:
    add(desk, "karen", "chief_group", "project_owner")
    id_ = at_business_case(desk, "city_council")
    desk.decide(id_, "chief_group", by="karen")
    desk.go(id_, "economic_committee")
    # Karen, who gave the chief group's go, becomes the owner: her go no longer counts ...
    edit(
        engine, desk.registry, actor=desk.people["ulla"], initiative_id=id_,
        changes={"owner": "karen"}, clock=desk.clock,
    )  # fmt: skip
    before = snapshot(engine)
    # ... so the City Council does not decide yet, and it is not on its agenda.
    with pytest.raises(WorkflowError) as caught:
        desk.decide(id_, "city_council")
    assert str(caught.value) == (
        "the City Council decides at business_case after the chief group, whose go does not "
        "count yet: the go of the chief group was recorded by the initiative's own proposer or "
        "owner"
    )
    assert snapshot(engine) == before
    assert [i.id for i, _, _ in waiting_for(engine, desk.registry, "city_council")] == []
    assert [i.id for i, _, _ in waiting_for(engine, desk.registry, "chief_group")] == [id_]
    desk.go(id_, "chief_group")  # Jens, not the owner
    assert [i.id for i, _, _ in waiting_for(engine, desk.registry, "city_council")] == [id_]
    desk.go(id_, "city_council")
    assert unmet(desk, id_, "approve_case", "karen") == []
