"""Records, decisions, forum queues and lifecycle diagrams as text for people."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workflow.base.formats import amount, channel_text, money, when
from workflow.base.vocabulary import FORUMS, OUTCOMES
from workflow.definitions.model import PREVIOUS, Definition
from workflow.records.documents import (
    DECISION_KINDS,
    DESTINATIONS,
    TIME_UNITS,
    VERDICTS,
    BusinessCase,
    GainsReport,
    RecordModel,
)
from workflow.records.finance import Economics
from workflow.schedule.meetings import meeting_label

if TYPE_CHECKING:
    from workflow.approvals.adjustments import Adjustment
    from workflow.approvals.decisions import ForumDecision
    from workflow.approvals.waiting import Waiting
    from workflow.schedule.meetings import Meeting

__all__ = [
    "adjustments_text",
    "decisions_text",
    "meeting_json",
    "mermaid",
    "records_text",
    "waiting_text",
]


def records_text(
    records: dict[str, RecordModel], economics: Economics | None, kinds: list[str]
) -> str:
    """The records of `kinds` (those filed), each with what it still lacks."""
    blocks = []
    for kind in kinds:
        record = records.get(kind)
        if record is None:
            continue
        lines = [f"== {record.LABEL} =="]
        for name, value in record.model_dump().items():
            lines += _field_lines(name, value)
        if kind == "business_case" and economics is not None:
            payback = (
                f"{economics.payback_years:.1f}".replace(".", ",")
                + f" år / {economics.payback_years:.1f} years"
                if economics.payback_years is not None
                else "tjener sig ikke hjem / does not pay back"
            )
            lines += [
                f"  nutidsværdi / net present value ({economics.discount_rate:.0%}): "
                f"{money(economics.net_present_value)}",
                f"  tilbagebetalingstid / simple payback: {payback}",
            ]
        case = records.get("business_case")
        if kind == "follow_up" and isinstance(case, BusinessCase) and case.kroner():
            lines += _against_expected(case.kroner(), getattr(record, "realised_gains", {}))
        if isinstance(record, GainsReport) and isinstance(case, BusinessCase):
            lines += _report_against_expected(case, record)
        missing = record.missing()
        if missing:
            da = ", ".join(label.da for label in missing)
            en = ", ".join(label.en for label in missing)
            lines.append(f"  mangler: {da} / missing: {en}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "Ingen sagsakter / no records filed"


def _against_expected(expected: dict[int, int], realised: dict[int, int]) -> list[str]:
    """Realised gains beside the business case's expected ones, year by year."""
    rows = ["  realiseret mod forventet / realised against expected:"]
    for year in sorted(expected.keys() | realised.keys()):
        got, hoped = realised.get(year), expected.get(year, 0)
        shown = money(got) if got is not None else "-"
        gap = f" ({'+' if got > hoped else ''}{money(got - hoped)})" if got is not None else ""
        rows.append(f"    {year}: {shown} / {money(hoped)}{gap}")
    return rows


def _report_against_expected(case: BusinessCase, report: GainsReport) -> list[str]:
    """Each gain the report speaks of, its realised figures beside the expected, year by year."""
    rows = []
    for realised in report.realised:
        if realised.gain > len(case.gains):
            continue
        gain = case.gains[realised.gain - 1]
        what = f", {gain.what}" if gain.what else ""
        rows.append(f"  gevinst / gain {realised.gain} ({gain.kind}{what}):")
        for year in sorted(gain.years.keys() | realised.years.keys()):
            got, hoped = realised.years.get(year), gain.years.get(year, 0)
            rows.append(f"    {year}: {'-' if got is None else amount(got)} / {amount(hoped)}")
    if rows:
        rows.insert(0, "  realiseret mod forventet / realised against expected:")
    return rows


def _field_lines(name: str, value: Any) -> list[str]:
    if name == "milestones":
        rows = [f"  {name}:"]
        for number, m in enumerate(value, start=1):
            status = (
                f"done {m['done_on']}"
                if m["done_on"]
                else f"re-planned: {m['replanned']}"
                if m["replanned"]
                else "open"
            )
            owner = f", {m['owner']}" if m["owner"] else ""
            rows.append(
                f"    {number}. [{m['phase']}] {m['title']} (due {m['due']}{owner}): {status}"
            )
        return rows
    if name in ("investments", "running_costs", "realised_gains"):
        rows = [f"  {name}:"] + [f"    {year}: {money(a)}" for year, a in sorted(value.items())]
        return rows if value else [f"  {name}: -"]
    if name == "gains":
        return [f"  {name}:", *_gain_lines(value)] if value else [f"  {name}: -"]
    if name == "decision_kind" and value:
        return [f"  {name}: {value} ({DECISION_KINDS[value]})"]
    if name == "verdict" and value:
        return [f"  {name}: {value} ({VERDICTS[value]})"]
    if isinstance(value, dict):
        return [f"  {name}:"] + [
            f"    {k}: {v}" for k, v in value.items() if v not in (None, [], "")
        ]
    if isinstance(value, list):
        return [f"  {name}: {', '.join(map(str, value)) or '-'}"]
    shown = "-" if value in (None, "") else str(value).replace("\n", "\n    ")
    return [f"  {name}: {shown}"]


def _gain_lines(gains: list[dict[str, Any]]) -> list[str]:
    """A business case's gains, one block each: kind, what, destination or unit, owner, years."""
    rows = []
    for number, g in enumerate(gains, start=1):
        kind, owner = g["kind"], f"owner {g['owner'] or '-'}"
        if kind == "kroner":
            how = f"{DESTINATIONS[g['destination']].en}, {owner}"
            figures = [money(int(v)) for v in g["years"].values()]
        else:
            unit = TIME_UNITS[g["unit"]].en if kind == "time" else g["unit"]
            baseline = f", baseline {_figure(g['baseline'])}" if kind == "quality" else ""
            how = f"unit {unit}{baseline}, {owner}"
            figures = [_figure(v) for v in g["years"].values()]
        what = f": {g['what']}" if g["what"] else ""
        rows.append(f"    {number}. {kind}{what} ({how})")
        years = "; ".join(f"{y}: {f}" for y, f in zip(g["years"], figures, strict=True))
        rows.append(f"       {years or '-'}")
    return rows


def _figure(value: float) -> str:
    """Hours, full-time equivalents or an indicator's value as a Dane writes them."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def adjustments_text(adjustments: list[Adjustment], everything: bool) -> str:
    """Budget adjustments as a table: expected beside adjusted, with the account."""
    if not adjustments:
        return (
            "Ingen budgettilpasninger / no budget adjustments"
            if everything
            else "Intet at bekræfte / nothing to confirm"
        )
    lines = [
        f"{'ID':>5}  {'YEAR':<6}{'EXPECTED':>14}{'ADJUSTED':>14}  {'ACCOUNT':<12}{'AREA':<14}TITLE"
    ]
    for a in adjustments:
        adjusted = money(a.adjusted) if a.adjusted is not None else "-"
        mark = "*" if a.to_confirm else " "
        lines.append(
            f"{a.initiative_id:>5}{mark} {a.year:<6}{money(a.expected):>14}{adjusted:>14}  "
            f"{a.account or '-':<12}{a.area or '-':<14}{a.title}"
        )
    if everything:
        lines.append("* til bekræftelse / to confirm")
    return "\n".join(lines)


def decisions_text(decisions: list[ForumDecision]) -> str:
    if not decisions:
        return "Ingen beslutninger / no decisions"
    lines = []
    for d in decisions:
        lines.append(
            f"{d.meeting_date.isoformat()}  {d.gate:<20} {FORUMS[d.forum].da:<16} "
            f"{OUTCOMES[d.outcome]}  ({d.reference}; {d.decided_by})"
            + channel_text(d.channel, d.channel_detail)
        )
        lines.append(f"    {d.justification}")
        if d.redo:
            lines.append(f"    gøres om / redo: {d.redo}")
    return "\n".join(lines)


def waiting_text(forum: str, waiting: list[Waiting], meeting: Meeting | None) -> str:
    """What waits for `forum`, under the meeting it goes to (the first whose agenda deadline
    has not passed; None: the schedule has no meeting to come)."""
    head = f"Venter på {FORUMS[forum].da} / waiting for {FORUMS[forum].en}: {len(waiting)}"
    to = (
        meeting_label(forum, meeting).da
        if meeting is not None
        else "intet kommende møde i mødekalenderen / no meeting to come in the schedule"
    )
    lines = [head, f"Næste møde / next meeting: {to}"]
    for initiative, gate, note in waiting:
        lines.append(
            f"  {initiative.id:<5} {gate:<20} {initiative.owner or '-':<12} {initiative.title}"
            f"  (siden / since {when(initiative.entered_state_at)})"
        )
        if note:
            lines.append(f"        {note}")
    return "\n".join(lines)


def meeting_json(meeting: Meeting | None) -> dict[str, str | None] | None:
    """A meeting for scripts: its date, time, agenda deadline and the last day of its figures."""
    if meeting is None:
        return None
    return {
        "date": meeting.day.isoformat(),
        "start": meeting.start.strftime("%H:%M") if meeting.start else None,
        "end": meeting.end.strftime("%H:%M") if meeting.end else None,
        "agenda_deadline": meeting.agenda_deadline.isoformat() if meeting.agenda_deadline else None,
        "figures_through": meeting.figures_through.isoformat(),
    }


def mermaid(definition: Definition) -> str:
    """The lifecycle as a Mermaid state diagram, gates and their forums noted."""
    lines = ["stateDiagram-v2"]
    for s in definition.states:
        lines.append(f'    state "{s.label.da} / {s.label.en}" as {s.name}')
    lines.append(f"    [*] --> {definition.initial.name}")
    for t in definition.transitions:
        for source in t.sources:
            dests = definition.returns_to(t) if t.dest == PREVIOUS else (t.dest,)
            for dest in dests:
                lines.append(f"    {source} --> {dest}: {t.trigger}")
    for s in definition.states:
        if s.final:
            lines.append(f"    {s.name} --> [*]")
    for gate in definition.gates:
        forums = []
        for d in gate.decisions:
            condition = f" (if {' or '.join(d.when_decision_kind)})" if d.when_decision_kind else ""
            forums.append(f"{FORUMS[d.forum].en}{condition}")
        lines.append(f"    note right of {gate.state}: gate: {', '.join(forums)}")
    return "\n".join(lines)
