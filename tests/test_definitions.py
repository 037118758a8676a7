"""Definition files: every shipped file loads; every kind of malformed file is refused precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from workflow.base.errors import DefinitionError
from workflow.definitions.loader import load_definition, parse_definition
from workflow.definitions.model import PREVIOUS
from workflow.definitions.registry import DEFAULT_FOLDER, definition_files

SHIPPED = definition_files(DEFAULT_FOLDER)
# The six steps of the efficiency lifecycle and its end.
MAIN_LINE = [
    "screening",
    "business_case",
    "organisation",
    "implementation_plan",
    "execution",
    "follow_up",
    "realised",
]

VALID = """\
name: tiny
version: 1
label: {da: Lille, en: Tiny}
states:
  draft:
    initial: true
    label: {da: Kladde, en: Draft}
  done:
    final: true
    label: {da: Færdig, en: Done}
transitions:
  - trigger: finish
    source: draft
    dest: done
    label: {da: Afslut, en: Finish}
    requires:
      - field: description
"""


def test_the_shipped_folder_has_definitions() -> None:
    assert [p.name for p in SHIPPED] == ["effektivisering.yaml", "proevehandling.yaml"]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_definition_loads_and_is_sound(path: Path) -> None:
    definition = load_definition(path)
    assert definition.initial.name
    for state in definition.states:
        assert state.label.da and state.label.en
    for transition in definition.transitions:
        assert transition.label.da and transition.label.en


def test_the_lifecycle_has_the_six_steps_and_the_side_states() -> None:
    d = load_definition(DEFAULT_FOLDER / "effektivisering.yaml")
    assert [s.name for s in d.states] == [*MAIN_LINE, "rejected", "on_hold", "withdrawn"]
    assert {s.name for s in d.states if s.final} == {"realised", "rejected", "withdrawn"}
    assert len(d.categories) == 9
    resume = next(t for t in d.transitions if t.trigger == "resume")
    assert resume.dest == PREVIOUS
    assert set(d.returns_to(resume)) == {
        "screening",
        "business_case",
        "organisation",
        "implementation_plan",
        "execution",
        "follow_up",
    }


def test_the_pipeline_follows_the_steps_that_ask_something_of_the_case() -> None:
    main = load_definition(DEFAULT_FOLDER / "effektivisering.yaml")
    trial = load_definition(DEFAULT_FOLDER / "proevehandling.yaml")
    assert [s.name for s in main.pipeline()] == MAIN_LINE
    assert [s.name for s in trial.pipeline()] == [
        "proposed",
        "approved",
        "running",
        "evaluated",
        "scaled",
    ]
    # Side moves ask only who and why: reject, hold, resume, withdraw, discard.
    assert [t.trigger for t in main.transitions if not t.moves_on] == [
        "reject",
        "hold",
        "resume",
        "withdraw",
    ]
    assert [t.trigger for t in trial.moves_on("evaluated")] == ["scale"]
    assert {s.name for s in main.states if s.counts_gains} == {
        "organisation",
        "implementation_plan",
        "execution",
        "follow_up",
        "realised",
    }


def test_gains_count_only_where_initiatives_carry_a_business_case() -> None:
    text = VALID.replace("    final: true\n", "    final: true\n    counts_gains: true\n")
    assert refusal(text) == (
        "bad.yaml:8: state 'done' counts gains, but initiatives of tiny carry no business case "
        "(no move requires one)"
    )
    with_case = text.replace("      - field: description\n", "      - record: business_case\n")
    assert parse_definition(with_case, "ok.yaml").state("done").counts_gains


def test_a_valid_definition_parses() -> None:
    d = parse_definition(VALID, "tiny.yaml")
    assert (d.key, d.initial.name, d.state("done").final) == ("tiny@1", "draft", True)


def refusal(text: str) -> str:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(text, "bad.yaml")
    return str(caught.value)


def test_malformed_yaml_names_file_and_line() -> None:
    text = VALID.replace("    dest: done\n", "    dest: [done\n")
    message = refusal(text)
    assert message.startswith("bad.yaml:15: malformed YAML")


def test_an_unknown_key_is_refused_with_the_allowed_keys() -> None:
    text = VALID.replace("    final: true\n", "    final: true\n    colour: red\n")
    assert refusal(text) == (
        "bad.yaml:10: unknown key 'colour' in state 'done'; allowed keys: "
        "label, initial, final, stall_after_days, quarterly_status, counts_gains, "
        "benefits_follow_up, description"
    )


def test_an_unknown_top_level_key_is_refused() -> None:
    assert refusal("nmae: x\n" + VALID) == (
        "bad.yaml:1: unknown key 'nmae' in the definition; allowed keys: "
        "name, version, label, description, settings, categories, criteria, states, gates, "
        "transitions"
    )


def test_a_dangling_destination_is_refused() -> None:
    assert refusal(VALID.replace("dest: done", "dest: finished")) == (
        "bad.yaml:12: transition 'finish' goes to unknown state 'finished'"
    )


def test_an_unknown_source_is_refused() -> None:
    assert refusal(VALID.replace("source: draft", "source: drafts")) == (
        "bad.yaml:12: transition 'finish' leaves unknown state 'drafts'"
    )


def test_an_unreachable_state_is_refused() -> None:
    text = VALID.replace(
        "  done:\n",
        "  orphan:\n    final: true\n    label: {da: Forældreløs, en: Orphan}\n  done:\n",
    )
    assert refusal(text) == (
        "bad.yaml:8: state 'orphan' cannot be reached from the initial state 'draft'"
    )


def test_leaving_a_final_state_is_refused() -> None:
    text = VALID + (
        "  - trigger: reopen\n    source: done\n    dest: draft\n"
        "    label: {da: Genåbn, en: Reopen}\n"
    )
    assert refusal(text) == (
        "bad.yaml:18: transition 'reopen' leaves final state 'done'; final states are ends"
    )


def test_a_dead_end_is_refused() -> None:
    text = VALID.replace("    final: true\n", "")
    assert refusal(text) == "bad.yaml:8: state 'done' is not final but no transition leaves it"


def test_exactly_one_initial_state() -> None:
    assert refusal(VALID.replace("    initial: true\n", "")).startswith(
        "bad.yaml:5: exactly one state must be initial (found: none)"
    )
    two = VALID.replace("    final: true\n", "    final: true\n    initial: true\n")
    assert "exactly one state must be initial (found: draft, done)" in refusal(two)


def test_an_unregistered_check_is_refused() -> None:
    text = VALID.replace("      - field: description", "      - check: moon_is_full")
    message = refusal(text)
    assert message.startswith(
        "bad.yaml:17: transition 'finish' requires unknown check 'moon_is_full'; known: "
    )
    assert "owner_is_project_owner" in message


def test_an_unknown_role_or_field_is_refused() -> None:
    text = VALID.replace("      - field: description", "      - role: mayor")
    assert refusal(text).startswith(
        "bad.yaml:17: transition 'finish' requires unknown role 'mayor'"
    )
    text = VALID.replace("      - field: description", "      - field: budget")
    assert refusal(text).startswith(
        "bad.yaml:17: transition 'finish' requires unknown field 'budget'"
    )


def test_a_requirement_names_exactly_one_kind() -> None:
    text = VALID.replace("      - field: description", "      - field: title\n        role: admin")
    assert refusal(text).startswith("bad.yaml:17: a requirement of transition 'finish' must have")
    text = VALID.replace("      - field: description", "      - eval: __import__('os')")
    assert refusal(text).startswith(
        "bad.yaml:17: unknown key 'eval' in a requirement of transition 'finish'; allowed keys:"
    )


def test_yes_and_no_are_not_booleans() -> None:
    # YAML 1.1 would read `no` as False; here it stays the word, so it is refused as a flag.
    text = VALID.replace("    final: true\n", "    final: yes\n")
    assert refusal(text) == "bad.yaml:9: final of state 'done' must be true or false (got 'yes')"
    d = parse_definition(VALID.replace("da: Kladde", "da: no"), "ok.yaml")
    assert d.state("draft").label.da == "no"


def test_a_duplicate_key_is_refused() -> None:
    text = VALID.replace("    final: true\n", "    final: true\n    final: false\n")
    assert refusal(text) == "bad.yaml:10: duplicate key 'final'"


def test_an_empty_file_is_refused() -> None:
    assert refusal("") == "bad.yaml: the file is empty"


def test_a_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError) as caught:
        load_definition(tmp_path / "nope.yaml")
    assert str(caught.value).startswith(f"{tmp_path / 'nope.yaml'}: cannot read the file")


def test_yaml_tags_cannot_construct_objects() -> None:
    text = VALID.replace("name: tiny", "name: !!python/object/apply:os.system ['true']")
    assert refusal(text) == (
        "bad.yaml:1: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"
    )


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_the_diagrams_in_the_docs_are_the_generated_ones(path: Path) -> None:
    from workflow.render.approvals import mermaid

    definition = load_definition(path)
    docs = (DEFAULT_FOLDER.parent / "docs" / "approvals.md").read_text(encoding="utf-8")
    assert f"```mermaid\n{mermaid(definition)}\n```" in docs


def test_a_forum_whose_reject_or_hold_the_move_would_refuse_is_refused() -> None:
    shipped = (DEFAULT_FOLDER / "effektivisering.yaml").read_text(encoding="utf-8")
    text = shipped.replace(
        "role: [task_force, chief_group, economic_committee, city_council]\n      - comment: true",
        "role: [task_force, chief_group, economic_committee]\n      - comment: true",
    )
    assert text != shipped
    line = text.splitlines().index("      - role: [task_force, chief_group, economic_committee]")
    assert refusal(text) == (
        f"bad.yaml:{line + 1}: gate 'business_case': city_council decides there, but 'hold' "
        "(what its reject or hold does) allows only the roles task_force, chief_group, "
        "economic_committee"
    )
