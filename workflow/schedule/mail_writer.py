"""The mail of a day's occasions: who each concerns (the queries of `mail_queries`, streamed)
and its text.

`MailWriter` turns a status occasion into a mail per owner, an escalation and the weekly digest
into one mail per task force member listing the initiatives, open milestones due around the day
into reminders and overdue notices for their owners, a forum's decisions into a notice for each
initiative's proposer and owner, a plan's time or cost tolerance exceeded into a notice for each
person the plan names to tell, and mail that failed for good into one notice for the admins
and the task force. Every mail goes to a person who is not deactivated, in their own language,
else the schedule's (`recipients`). Each mail comes out as a `Draft`, rendered only when it is
written (`Draft.write`), so mail in the outbox already need not be rendered again (it then
stands as `Queued`); mail whose moment had passed when the day is decided comes out as
`Skipped`, with the reason, and is not rendered either.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from workflow.base.calendar import Quarter
from workflow.base.clock import LOCAL_TIME
from workflow.base.formats import amount
from workflow.base.logs import get_logger
from workflow.base.vocabulary import FORUMS, LANGUAGES, OUTCOMES, Label
from workflow.definitions.registry import Registry
from workflow.schedule.config import Schedule
from workflow.schedule.drafts import Draft, Skipped
from workflow.schedule.mail_queries import (
    decided_between,
    milestones_due_between,
    missing_status,
    named_people,
)
from workflow.schedule.occasions import Occasion, stale_milestone_reminder
from workflow.schedule.recipients import Recipient, recipient, with_roles
from workflow.schedule.stalled import find_stalled
from workflow.schedule.tolerances import CostExcess, TimeExcess, cost_excesses, time_excesses
from workflow.storage.schedule_tables import OUTBOX

__all__ = [
    "DECISION_NOTICE",
    "FAILURES",
    "LISTED",
    "TOLERANCE_COST",
    "TOLERANCE_TIME",
    "MailWriter",
]

log = get_logger("tiltag.reminders")

# How many initiatives a digest or an escalation lists by name; the rest are counted.
LISTED = 100
# The kind of the notice of mail that failed for good.
FAILURES = "mail_failures"
# The kind of the notice to an initiative's proposer and owner of a forum's decision.
DECISION_NOTICE = "decision_notice"
# The kinds of the notice to the people a plan names that a tolerance of it is exceeded.
TOLERANCE_TIME = "tolerance_time"
TOLERANCE_COST = "tolerance_cost"


# The button of a mail that leads to an initiative's page.
_OPEN = {"da": "Åbn tiltaget", "en": "Open the initiative"}


class MailWriter:
    """Finds who a day's occasions concern and renders their mail, as decided on `today`."""

    def __init__(
        self,
        schedule: Schedule,
        templates: Path,
        registry: Registry,
        day: date,
        today: date | None = None,
    ) -> None:
        self.schedule = schedule
        self.templates = templates
        self.registry = registry
        self.day = day
        self.today = today or day
        # The language of a person who chose none.
        self.language = schedule.language

    def _mail(
        self,
        template: str,
        kind: str,
        key: str,
        person: Recipient,
        initiative_id: int | None,
        context: dict[str, Any],
    ) -> Draft:
        return Draft(
            key=key,
            kind=kind,
            initiative_id=initiative_id,
            recipient_id=person.id,
            recipient=person.mailbox,
            address=person.email,
            template=template,
            context={**context, "recipient": {"name": person.name, "handle": person.handle}},
            templates=self.templates,
            language=person.language,
        )

    def _page(self, initiative_id: int) -> str | None:
        """The initiative's page in the web app, if the schedule names its address."""
        link = self.schedule.link
        return f"{link}/initiatives/{initiative_id}" if link else None

    def _state_label(self, row: Any, language: str) -> str:
        label = self.registry.get(row.workflow, row.workflow_version).state(row.state).label
        return _said(label, language)

    def _people_with_roles(self, conn: Connection, *roles: str) -> list[Recipient]:
        return with_roles(conn, roles, self.language)

    def status(self, conn: Connection, occasion: Occasion) -> Iterator[Draft | Skipped]:
        assert occasion.quarter is not None and occasion.deadline is not None
        overdue = occasion.kind == "status_overdue"
        stale = occasion.stale_on(self.today)
        calendar = self.schedule.calendar
        escalation = calendar.add_working_days(occasion.deadline, self.schedule.escalate_after)
        period = str(occasion.quarter) + ("" if overdue else f"/{occasion.offset}")
        rows = conn.execute(
            missing_status(self.registry, occasion.quarter, reachable=True).execution_options(
                stream_results=True, yield_per=1000
            )
        )
        # The same for every mail of the occasion in a language.
        shared = {
            language: {
                "quarter": str(occasion.quarter),
                "quarter_text": _quarter(occasion.quarter, language),
                "deadline_text": _date(occasion.deadline, language),
                "escalation_text": _date(escalation, language),
                "overdue": overdue,
            }
            for language in LANGUAGES
        }
        for row in rows:
            person = recipient(row, self.language)
            key = f"{occasion.kind}/{period}/{row.id}/{person.id}"
            if stale:
                yield Skipped(key, occasion.kind, row.id, person.mailbox, stale)
                continue
            page = self._page(row.id)
            state_label = self._state_label(row, person.language)
            initiative = {"id": row.id, "title": row.title, "state_label": state_label}
            yield self._mail(
                "status",
                occasion.kind,
                key,
                person,
                row.id,
                {
                    **shared[person.language],
                    "initiative": initiative,
                    "action_url": f"{page}/status?quarter={occasion.quarter}" if page else None,
                },
            )

    def escalation(self, conn: Connection, occasion: Occasion) -> Iterator[Draft | Skipped]:
        assert occasion.quarter is not None and occasion.deadline is not None
        key = f"{occasion.kind}/{occasion.quarter}"
        stale = occasion.stale_on(self.today)
        if stale:
            missing = missing_status(self.registry, occasion.quarter, reachable=False).limit(1)
            if conn.execute(missing).first() is not None:
                for person in self._people_with_roles(conn, "task_force"):
                    yield Skipped(f"{key}/{person.id}", occasion.kind, None, person.mailbox, stale)
            return
        found: list[Any] = []
        total = 0
        rows = conn.execute(
            missing_status(self.registry, occasion.quarter, reachable=False).execution_options(
                stream_results=True, yield_per=1000
            )
        )
        for row in rows:
            total += 1
            if len(found) < LISTED:
                found.append(row)
        if not total:
            return
        for person in self._people_with_roles(conn, "task_force"):
            language = person.language
            listed = [
                {
                    "id": row.id,
                    "title": row.title,
                    "state_label": self._state_label(row, language),
                    "owner": row.name,
                    # Not reminded: the digest lists it too, until it has a new owner.
                    "owner_deactivated": row.owner_deactivated,
                    "url": self._page(row.id),
                }
                for row in found
            ]
            yield self._mail(
                "escalation",
                occasion.kind,
                f"{key}/{person.id}",
                person,
                None,
                {
                    "quarter_text": _quarter(occasion.quarter, language),
                    "deadline_text": _date(occasion.deadline, language),
                    "initiatives": listed,
                    "total": total,
                    "more": total - len(listed),
                },
            )

    def digest(self, conn: Connection, occasion: Occasion) -> Iterator[Draft | Skipped]:
        year, week, _ = self.day.isocalendar()
        key = f"stalled_digest/{year}-W{week:02}"
        stale = occasion.stale_on(self.today)
        if stale:
            # Not worked out: whether that week had stalled cases is not worth a look now.
            for person in self._people_with_roles(conn, "task_force"):
                yield Skipped(f"{key}/{person.id}", occasion.kind, None, person.mailbox, stale)
            return
        listed: list[dict[str, Any]] = []
        total = 0
        for stalled in find_stalled(
            conn, self.registry, self.day, self.schedule.no_status_quarters
        ):
            total += 1
            if len(listed) < LISTED:
                listed.append(
                    {
                        "id": stalled.id,
                        "title": stalled.title,
                        "owner": stalled.owner_name or "-",
                        "reasons_da": [r.da for r in stalled.reasons],
                        "reasons_en": [r.en for r in stalled.reasons],
                        "url": self._page(stalled.id),
                    }
                )
        if not total:
            return
        for person in self._people_with_roles(conn, "task_force"):
            yield self._mail(
                "stalled",
                "stalled_digest",
                f"{key}/{person.id}",
                person,
                None,
                {
                    "week": week,
                    "day_text": _date(self.day, person.language),
                    "initiatives": listed,
                    "total": total,
                    "more": total - len(listed),
                },
            )

    def failures(self, conn: Connection) -> Iterator[Draft]:
        """One notice to each admin and task force member of the mail that failed for good
        since the last notice (or ever, before the first), each with its reason."""
        until = datetime.combine(self.day, self.schedule.daily_run_at, tzinfo=LOCAL_TIME)
        last = conn.execute(
            select(func.max(OUTBOX.c.decided_for)).where(OUTBOX.c.kind == FAILURES)
        ).scalar()
        query = select(
            OUTBOX.c.id, OUTBOX.c.kind, OUTBOX.c.recipient, OUTBOX.c.subject, OUTBOX.c.last_error
        ).where(OUTBOX.c.state == "failed", OUTBOX.c.next_attempt_at < until)
        if last is not None:
            since = datetime.combine(last, self.schedule.daily_run_at, tzinfo=LOCAL_TIME)
            query = query.where(OUTBOX.c.next_attempt_at >= since)
        listed: list[dict[str, Any]] = []
        total = 0
        for row in conn.execute(query.order_by(OUTBOX.c.id)):
            total += 1
            if len(listed) < LISTED:
                listed.append(
                    {
                        "id": row.id,
                        "kind": row.kind,
                        "to": row.recipient,
                        "subject": row.subject,
                        "error": row.last_error or "-",
                    }
                )
        if not total:
            return
        for person in self._people_with_roles(conn, "admin", "task_force"):
            yield self._mail(
                "failures",
                FAILURES,
                f"{FAILURES}/{self.day.isoformat()}/{person.id}",
                person,
                None,
                {
                    "day_text": _date(self.day, person.language),
                    "mails": listed,
                    "total": total,
                    "more": total - len(listed),
                    "ids": " ".join(str(m["id"]) for m in listed),
                },
            )

    def decisions(self, conn: Connection) -> Iterator[Draft]:
        """A notice to the proposer and the owner of each decision a forum made since the day
        before's run (each decision falls in one day's window; its key makes it one mail)."""
        run_at = self.schedule.daily_run_at
        until = datetime.combine(self.day, run_at, tzinfo=LOCAL_TIME)
        since = datetime.combine(self.day - timedelta(days=1), run_at, tzinfo=LOCAL_TIME)
        for row in conn.execute(decided_between(since, until)):
            who = recipient(row, self.language)
            language = who.language
            yield self._mail(
                "decision",
                DECISION_NOTICE,
                f"{DECISION_NOTICE}/{row.decision_id}/{who.id}",
                who,
                row.id,
                {
                    "initiative": {"id": row.id, "title": row.title},
                    "forum": _said(FORUMS[row.forum], language),
                    "outcome": _said(OUTCOMES[row.outcome], language),
                    "outcome_code": row.outcome,
                    "meeting_text": _date(row.meeting_date, language),
                    "justification": row.justification,
                    "redo": row.redo,
                    "action_url": self._page(row.id),
                    "action_label": _OPEN[language],
                },
            )

    def milestones(self, conn: Connection) -> Iterator[Draft | Skipped]:
        """Reminders before open milestones fall due, and notices when they are overdue."""
        calendar = self.schedule.calendar
        before, after = self.schedule.milestone_remind_before, self.schedule.milestone_overdue_after
        # Wide enough to hold every due date whose reminder or notice falls on this day.
        earliest = self.day - timedelta(days=2 * after + 20)
        latest = self.day + timedelta(days=2 * before + 20)
        for row in conn.execute(milestones_due_between(self.registry, earliest, latest)):
            if calendar.add_working_days(row.due, -before) == self.day and before:
                kind = "milestone_reminder"
            elif calendar.add_working_days(row.due, after) == self.day:
                kind = "milestone_overdue"
            else:
                continue
            who = recipient(row, self.language)
            key = f"{kind}/{row.id}/{row.position}/{row.due.isoformat()}/{who.id}"
            stale = kind == "milestone_reminder" and stale_milestone_reminder(row.due, self.today)
            if stale:
                yield Skipped(key, kind, row.id, who.mailbox, stale)
                continue
            yield self._mail(
                "milestone",
                kind,
                key,
                who,
                row.id,
                {
                    "initiative": {"id": row.id, "title": row.title},
                    "milestone": {"position": row.position, "title": row.milestone_title},
                    "due_text": _date(row.due, who.language),
                    "example_due": (row.due + timedelta(days=30)).isoformat(),
                    "overdue": kind == "milestone_overdue",
                    "action_url": self._page(row.id),
                    "action_label": _OPEN[who.language],
                },
            )

    def tolerances(self, conn: Connection) -> Iterator[Draft]:
        """A notice to each person a plan names to tell (`tolerances.notify`: handles, or roles
        for everyone holding them; deactivated people left out) of each time or cost tolerance
        of it exceeded on the day, in the person's language. Its key names the excess (the
        milestone; the investment and cost tolerances), so each is told once."""
        found: list[TimeExcess | CostExcess] = [
            *time_excesses(conn, self.registry, self.day),
            *cost_excesses(conn, self.registry),
        ]
        if not found:
            return
        named = _named(conn, {name for excess in found for name in excess.notify}, self.language)
        for excess in found:
            told: set[int] = set()
            for name in excess.notify:
                people = named.get(("handle", name))
                if people is None:  # a handle goes before a role of the same name
                    people = named.get(("role", name))
                if people is None:
                    log.warning(
                        "tolerance_notify_unknown", initiative=excess.initiative_id, name=name
                    )
                    continue
                for person in people:
                    if person.id not in told:
                        told.add(person.id)
                        yield self._tolerance(excess, person)

    def _tolerance(self, excess: TimeExcess | CostExcess, person: Recipient) -> Draft:
        language = person.language
        context: dict[str, Any] = {
            "initiative": {"id": excess.initiative_id, "title": excess.title},
            "action_url": self._page(excess.initiative_id),
            "action_label": _OPEN[language],
        }
        if isinstance(excess, TimeExcess):
            kind = TOLERANCE_TIME
            about = f"{excess.position}/{excess.due.isoformat()}"
            context |= {
                "time": True,
                "milestone": {"position": excess.position, "title": excess.milestone_title},
                "due_text": _date(excess.due, language),
                "late_days": excess.late_days,
                "time_days": excess.time_days,
            }
        else:
            kind = TOLERANCE_COST
            kroner = "-" if excess.cost_dkk is None else str(excess.cost_dkk)
            percent = "-" if excess.cost_percent is None else f"{excess.cost_percent:g}"
            about = f"{excess.investment}/{kroner}/{percent}"
            context |= {"time": False, **_cost_texts(excess, language)}
        key = f"{kind}/{excess.initiative_id}/{about}/{person.id}"
        return self._mail("tolerance", kind, key, person, excess.initiative_id, context)


def _named(
    conn: Connection, names: set[str], schedule_language: str
) -> dict[tuple[str, str], list[Recipient]]:
    """The active people each name names, by (how, name)."""
    named: dict[tuple[str, str], list[Recipient]] = {}
    for row in conn.execute(named_people(names)):
        people = named.setdefault((row.how, row.named), [])
        if row.deactivated_at is None:
            people.append(recipient(row, schedule_language))
    return named


def _said(words: Label, language: str) -> str:
    return words.da if language == "da" else words.en


def _date(day: date, language: str) -> str:
    return day.strftime("%d.%m.%Y") if language == "da" else day.isoformat()


def _quarter(quarter: Quarter, language: str) -> str:
    if language == "da":
        return f"{quarter.number}. kvartal {quarter.year}"
    return f"Q{quarter.number} {quarter.year}"


def _kroner(value: float, language: str) -> str:
    """Kroner as people write them: `1.350.000 kr.` in Danish, `DKK 1,350,000` in English."""
    return f"{amount(value)} kr." if language == "da" else f"DKK {value:,.0f}"


def _cost_texts(excess: CostExcess, language: str) -> dict[str, str]:
    """What was spent, the budget, how much over and the tolerance exceeded, in words."""
    allowed, which = excess.allowance
    tolerance = _kroner(allowed, language)
    if which == "percent":
        sign = " %" if language == "da" else "%"
        tolerance = f"{excess.cost_percent:g}{sign} ({tolerance})"
    return {
        "spent_text": _kroner(excess.spent, language),
        "budget_text": _kroner(excess.investment, language),
        "over_text": _kroner(excess.over, language),
        "tolerance_text": tolerance,
    }
