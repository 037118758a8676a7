"""Text for people about the quarterly rhythm: statuses, benefits follow-up, a day's mail, the
outbox."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from workflow.base.formats import amount, money
from workflow.base.vocabulary import LIGHTS

if TYPE_CHECKING:
    from workflow.schedule.benefits import BenefitsAnswer
    from workflow.schedule.daily import DayMail
    from workflow.schedule.drafts import Queued, Skipped
    from workflow.schedule.outbox import Mail, OutboxRow
    from workflow.schedule.status import GivenStatus

__all__ = ["benefits_text", "day_text", "mail_line", "outbox_lines", "status_text"]


def status_text(statuses: list[GivenStatus]) -> str:
    if not statuses:
        return "ingen status / no status yet"
    lines = []
    for s in statuses:
        label = LIGHTS[s.light]
        lines.append(
            f"{s.quarter}  {label.da} / {label.en:<6}  "
            f"opdateret pr. / updated {s.given_on.strftime('%d.%m.%Y')} af / by {s.given_by}"
        )
        lines += [f"    {line}" for line in s.text.splitlines()]
        if s.realised_gains:
            gains = ", ".join(
                f"{year}: {money(amount)}" for year, amount in s.realised_gains.items()
            )
            lines.append(f"    realiserede gevinster / realised gains: {gains}")
        if s.spent is not None:
            lines.append(f"    forbrugt / spent: {money(s.spent)}")
    return "\n".join(lines)


def benefits_text(answers: list[BenefitsAnswer]) -> str:
    """Every answer of a benefits follow-up: the year, when and by whom, its figures."""
    if not answers:
        return "ingen realiserede gevinster givet / no realised gains given yet"
    lines = []
    for a in answers:
        lines.append(
            f"{a.year} ({a.quarter})  "
            f"opdateret pr. / updated {a.given_on.strftime('%d.%m.%Y')} af / by {a.given_by}"
        )
        if a.kroner is not None:
            lines.append(f"    realiseret / realised: {money(a.kroner)}")
        for number, figure in a.figures.items():
            lines.append(f"    gevinst / gain {number}: {amount(figure)}")
        lines += [f"    {line}" for line in a.text.splitlines()]
    return "\n".join(lines)


def mail_line(mail: Mail | Queued | Skipped) -> str:
    """One decided mail: its kind, recipient and subject; or that it is in the outbox already,
    or why it was skipped."""
    from workflow.schedule.drafts import Queued, Skipped

    if isinstance(mail, Skipped):
        shown = f"(skipped as stale: {mail.reason})"
    elif isinstance(mail, Queued):
        shown = "(in the outbox already)"
    else:
        shown = mail.subject
    return f"{mail.kind:<19} {mail.recipient:<40} {shown}"


def day_text(day_mail: DayMail, *, dry_run: bool = False) -> str:
    day = day_mail.day.isoformat()
    if dry_run:
        text = f"{day}: {day_mail.decided} mail would be sent (dry run)"
    else:
        text = f"{day}: {day_mail.decided} mail decided, {day_mail.enqueued} newly queued"
    skipped = sum(day_mail.skipped.values())
    if not skipped:
        return text
    lines = [f"{text}; {skipped} mails skipped as stale:"]
    lines += [f"  {count} {reason}" for reason, count in sorted(day_mail.skipped.items())]
    return "\n".join(lines)


def outbox_lines(rows: Iterable[OutboxRow]) -> Iterable[str]:
    """One line a mail (and its last error while unsent), as they are read."""
    shown = failed = 0
    for row in rows:
        shown += 1
        failed += row.state == "failed"
        yield (
            f"{row.id:>6}  {row.state:<7} {row.attempts:>2}  {row.decided_for.isoformat()}  "
            f"{row.kind:<19} {row.recipient}  {row.subject}"
        )
        if row.last_error and row.state == "withdrawn":
            yield f"        withdrawn: {row.last_error}"
        elif row.last_error and row.state != "sent":
            yield f"        last error: {row.last_error}"
    if not shown:
        yield "The outbox holds no such mail."
    elif failed:
        yield (
            f"{failed} failed: once the fault is mended, send again with "
            "tiltag outbox retry ID... (or --all)"
        )
