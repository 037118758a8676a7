"""The municipality's targets: Sorø's amounts per year, Fredericia's share of the areas' budgets,
and every malformed file refused with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from workflow.base.errors import DefinitionError
from workflow.definitions.registry import DEFAULT_FOLDER, definition_files
from workflow.reports.targets import load_targets, parse_targets

FREDERICIA = """\
municipality: Fredericia Kommune
years:
  2019:
    percent_of_budget: 1
    decentral_share: 50
    budgets:
      Børn og Unge: 1200000000
      Social og Sundhed: 1500000000
      Teknik og Miljø: 400000000
"""


def test_soroe_asks_at_least_3_5_7_and_10_million() -> None:
    targets = load_targets(DEFAULT_FOLDER)
    assert targets.municipality == "Sorø Kommune"
    assert {y: t.total for y, t in targets.years.items()} == {
        2010: 3_000_000,
        2011: 5_000_000,
        2012: 7_000_000,
        2013: 10_000_000,
    }
    assert targets.of(2010) is not None and targets.of(2010).areas == {}  # type: ignore[union-attr]
    assert targets.of(2014) is None
    # Not a definition: the registry leaves it alone.
    assert "targets.yaml" not in [p.name for p in definition_files(DEFAULT_FOLDER)]


def test_fredericia_asks_one_percent_half_of_it_in_each_area() -> None:
    target = parse_targets(FREDERICIA, "targets.yaml").of(2019)
    assert target is not None
    assert target.total == 31_000_000
    assert target.areas == {
        "Børn og Unge": 6_000_000,
        "Social og Sundhed": 7_500_000,
        "Teknik og Miljø": 2_000_000,
    }
    assert target.central == 15_500_000
    assert target.percent_of_budget == 1.0


def test_the_parts_of_a_share_add_up_to_the_whole() -> None:
    text = (
        "years:\n  2020:\n    percent_of_budget: 1\n    decentral_share: 100\n"
        "    budgets: {A: 150, B: 150, C: 150}\n"
    )
    target = parse_targets(text, "t.yaml").of(2020)
    assert target is not None
    assert (target.total, target.areas, target.central) == (6, {"A": 2, "B": 2, "C": 2}, 0)


def test_a_folder_without_targets_has_none(tmp_path: Path) -> None:
    assert load_targets(tmp_path).years == {}


def test_areas_may_carry_a_part_of_an_amount() -> None:
    text = "years:\n  2011:\n    target: 5000000\n    areas: {Økonomi: 1000000, Social: 500000}\n"
    target = parse_targets(text, "t.yaml").of(2011)
    assert target is not None and target.central == 3_500_000


@pytest.mark.parametrize(
    "text, message",
    [
        ("years:\n  2010: {target: 3000000, budget: 4}\n", "t.yaml:2: unknown key 'budget' in the "
         "target of 2010; allowed keys: target, areas, percent_of_budget, decentral_share, "
         "budgets"),
        ("years:\n  1999: {target: 3}\n", "t.yaml:2: a budget year must be 2000-2100 (got 1999)"),
        ("years:\n  '2010': {target: 3}\n",
         "t.yaml:2: a budget year must be 2000-2100 (got '2010')"),
        ("years:\n  2010: {target: -3}\n",
         "t.yaml:2: target of 2010 must be a whole number of DKK, 0 or more (got -3)"),
        ("years:\n  2010: {target: 3.5}\n",
         "t.yaml:2: target of 2010 must be a whole number of DKK, 0 or more (got 3.5)"),
        ("years:\n  2010: {target: true}\n",
         "t.yaml:2: target of 2010 must be a whole number of DKK, 0 or more (got True)"),
        ("years:\n  2010: {}\n",
         "t.yaml:2: the target of 2010 needs either target (DKK) or percent_of_budget, not both"),
        ("years:\n  2010:\n    target: 3\n    percent_of_budget: 1\n",
         "t.yaml:2: the target of 2010 needs either target (DKK) or percent_of_budget, not both"),
        ("years:\n  2010:\n    percent_of_budget: 1\n",
         "t.yaml:2: the target of 2010 asks a share of the budgets: give the areas' budgets"),
        ("years:\n  2010:\n    percent_of_budget: 0\n    budgets: {A: 1}\n",
         "t.yaml:3: percent_of_budget of the target of 2010 must be a percentage above 0 up to "
         "100 (got 0)"),
        ("years:\n  2010:\n    percent_of_budget: 1\n    decentral_share: 120\n"
         "    budgets: {A: 1}\n",
         "t.yaml:4: decentral_share of the target of 2010 must be a percentage from 0 up to 100 "
         "(got 120)"),
        ("years:\n  2010:\n    target: 3\n    areas: {A: 2, B: 2}\n",
         "t.yaml:4: the areas of 2010 are asked 4 DKK together, more than the year's target of 3"),
        ("years:\n  2010:\n    target: 3\n    budgets: {A: 2}\n",
         "t.yaml:4: budgets goes with percent_of_budget, not target"),
        ("years:\n  2010:\n    target: 3\n    target: 4\n", "t.yaml:4: duplicate key 'target'"),
        ("years: [2010]\n", "t.yaml:1: years must map budget years to their targets"),
        ("municipality: Sorø\n", "t.yaml:1: the targets lacks the required key 'years'"),
        ("years:\n  2010:\n    percent_of_budget: 1%\n    budgets: {A: 1}\n",
         "t.yaml:3: percent_of_budget of the target of 2010 must be a percentage above 0 up to "
         "100 (got '1%')"),
        ("years:\n  2010:\n    target: 9\n    areas: {Social: 1, social: 2}\n",
         "t.yaml:4: the area 'social' is named twice in areas of the target of 2010"),
    ],
)  # fmt: skip
def test_a_malformed_targets_file_is_refused_with_its_line(text: str, message: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_targets(text, "t.yaml")
    assert str(caught.value) == message
