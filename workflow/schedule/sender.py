"""Deliver the outbox over SMTP: claim each due mail, send it, mark it sent, or try it again later.

While the mail server is down nothing is lost: the mail stays queued and is tried again with a
growing pause (by default 1, 2, 4 ... minutes, at most 6 hours); once it has failed for
`GIVE_UP_AFTER` it is marked failed, listed by `tiltag outbox list --failed` and queued again by
`tiltag outbox retry`. A mail the server refuses for good (a 5xx reply to its recipient or
content, e.g. an unknown address) is failed at once. Delivery is at least once: a sender that
stops between the server's acceptance and marking the mail sent, or whose wait for that
acceptance times out, leaves the mail to be sent again, with the same Message-ID.
"""

from __future__ import annotations

import os
import re
import smtplib
import socket
import ssl
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import charset
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr

from sqlalchemy import Engine

from workflow.base.clock import Clock, local_date
from workflow.base.errors import UsageError
from workflow.base.logs import get_logger
from workflow.base.text import clean_email, holds_encoded_word
from workflow.schedule.config import Schedule
from workflow.schedule.daily import no_longer_called_for
from workflow.schedule.outbox import (
    SECRET_KINDS,
    OutboxRow,
    UnreadableMail,
    claim,
    due_mail,
    fail_unreadable,
    forget_secret,
    mark_failed_attempt,
    mark_sent,
    withdraw,
)
from workflow.schedule.recipients import deactivated_recipient

__all__ = [
    "GIVE_UP_AFTER",
    "MAX_PAUSE",
    "SendReport",
    "SmtpSettings",
    "compose",
    "send_now",
    "send_outbox",
]

log = get_logger("tiltag.mailer")

# A mail is given up when it has kept failing this long (a mail server down over a long weekend
# is waited out); the pause between attempts doubles up to MAX_PAUSE.
GIVE_UP_AFTER = timedelta(days=3)
MAX_PAUSE = timedelta(hours=6)
SECURITIES = ("none", "starttls", "tls")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Bodies as quoted-printable UTF-8: readable in the raw mail, safe over any mail server.
_UTF8 = charset.Charset("utf-8")
_UTF8.body_encoding = charset.QP
_VARIABLES = frozenset(
    f"TILTAG_SMTP_{name}"
    for name in ("HOST", "PORT", "SECURITY", "USER", "PASSWORD", "TIMEOUT", "RETRY_SECONDS")
)


@dataclass(frozen=True)
class SmtpSettings:
    """Where mail goes and how patiently. From the environment: TILTAG_SMTP_HOST, _PORT,
    _SECURITY, _USER, _PASSWORD, _TIMEOUT (seconds), _RETRY_SECONDS (the first pause after a
    failure; it doubles with each failure, up to 6 hours)."""

    host: str = "localhost"
    port: int = 25
    security: str = "none"  # none | starttls | tls
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0
    retry_seconds: float = 60.0

    @classmethod
    def configured(
        cls, file: Mapping[str, str], env: Mapping[str, str] = os.environ
    ) -> SmtpSettings:
        """The settings of the schedule file (`smtp:`), each overridden by its variable if set."""
        return cls.from_env({**file, **{k: v for k, v in env.items() if k in _VARIABLES}})

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> SmtpSettings:
        """Raises UsageError for a port or security setting that makes no sense."""
        security = env.get("TILTAG_SMTP_SECURITY", "none")
        if security not in SECURITIES:
            raise UsageError(
                f"TILTAG_SMTP_SECURITY must be one of {', '.join(SECURITIES)} (got {security!r})"
            )
        default_port = {"none": 25, "starttls": 587, "tls": 465}[security]
        try:
            port = int(env.get("TILTAG_SMTP_PORT", default_port))
            timeout = float(env.get("TILTAG_SMTP_TIMEOUT", 30))
            retry_seconds = float(env.get("TILTAG_SMTP_RETRY_SECONDS", 60))
        except ValueError as exc:
            raise UsageError(
                f"TILTAG_SMTP_PORT, _TIMEOUT and _RETRY_SECONDS must be numbers: {exc}"
            ) from None
        if timeout <= 0 or retry_seconds <= 0:
            raise UsageError("TILTAG_SMTP_TIMEOUT and _RETRY_SECONDS must be above 0")
        if not 0 < port < 65536:
            raise UsageError(f"TILTAG_SMTP_PORT must be a port number (got {port})")
        return cls(
            host=env.get("TILTAG_SMTP_HOST", "localhost"),
            port=port,
            security=security,
            user=env.get("TILTAG_SMTP_USER") or None,
            password=env.get("TILTAG_SMTP_PASSWORD") or None,
            timeout=timeout,
            retry_seconds=retry_seconds,
        )


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    withdrawn: int = 0

    def __str__(self) -> str:
        text = f"sent {self.sent}, to retry {self.retried}, failed {self.failed}"
        return text + (f", withdrawn {self.withdrawn}" if self.withdrawn else "")


def compose(mail: OutboxRow, sender: str, now: datetime) -> Message:
    """The message for an outbox row: plain text and HTML, its stable Message-ID.

    Headers are encoded and folded the classic way (RFC 2047 encoded words, lines of at most 78
    characters): the newer folding of the email package doubles or drops a space in some long
    Danish subjects.

    Raises:
        ValueError: a header would not be one plain line as the message is read (a name or
            subject holding a control character or an encoded word, an address that is not one
            plain address). Nothing of it reaches the server.
    """
    subject = " ".join(mail.subject.split())
    name = _display_name(mail.recipient, mail.address)
    for header, value in (("Subject", subject), ("To", name), ("From", sender)):
        if holds_encoded_word(value) or _CONTROL.search(value):
            raise ValueError(f"the {header} header would hold a line break or an encoded word")
    clean_email("address", mail.address)  # one plain address: no second one, no line break
    message = MIMEMultipart("alternative")
    message["Subject"] = Header(subject, "utf-8")  # type: ignore[assignment]
    message["From"] = sender
    message["To"] = formataddr((name, mail.address), charset="utf-8")
    message["Date"] = format_datetime(now)
    message["Message-ID"] = mail.message_id
    message["Auto-Submitted"] = "auto-generated"
    message.attach(MIMEText(mail.body_text, "plain", _UTF8))  # type: ignore[arg-type]
    message.attach(MIMEText(mail.body_html, "html", _UTF8))  # type: ignore[arg-type]
    return message


def _display_name(recipient: str, address: str) -> str:
    """The name of `Name <address>` (as `outbox.mailbox` wrote it, quoted if need be)."""
    suffix = f" <{address}>"
    if not recipient.endswith(suffix):
        return ""  # not as written: the address alone
    name = recipient[: -len(suffix)]
    if len(name) > 1 and name[0] == name[-1] == '"':
        name = re.sub(r"\\(.)", r"\1", name[1:-1])
    return name


def send_outbox(
    engine: Engine,
    settings: SmtpSettings,
    *,
    schedule: Schedule,
    clock: Clock,
    batch: int = 100,
) -> SendReport:
    """Send every mail that is due now, from the schedule's sender.

    Each mail is claimed just before it is sent, so a claim never waits behind a long batch
    (and never goes stale while this run still works on it); after any error the connection is
    opened anew. If the server cannot be reached, every due mail records the failed attempt and
    waits for the next run. A mail that cannot be read, composed or sent fails alone: the run
    goes on with the rest.
    """
    return _Run(engine, settings, schedule, clock).send_due(batch)


def send_now(
    engine: Engine, settings: SmtpSettings, *, schedule: Schedule, clock: Clock, ids: list[int]
) -> SendReport:
    """Send the mail `ids` at once if they are due (a sign-in link, say), as `send_outbox` sends
    each; one that cannot go now stays in the outbox for the next run."""
    return _Run(engine, settings, schedule, clock).send_these(ids)


class _Run:
    """One run of the sender, under a name of its own that marks the mail it holds."""

    def __init__(
        self, engine: Engine, settings: SmtpSettings, schedule: Schedule, clock: Clock
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.schedule = schedule
        self.clock = clock
        self.me = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.report = SendReport()
        self.connection: smtplib.SMTP | None = None

    def send_due(self, batch: int) -> SendReport:
        try:
            while self.send_each(due_mail(self.engine, self.clock.now(), batch)):
                pass
        finally:
            self.hang_up()
        return self.report

    def send_these(self, ids: list[int]) -> SendReport:
        try:
            self.send_each(ids)
        finally:
            self.hang_up()
        return self.report

    def send_each(self, ids: list[int]) -> bool:
        """Claim and send each mail of `ids`; whether any was taken and the server reachable."""
        taken = False
        for position, mail_id in enumerate(ids):
            row = self.claim(mail_id)
            if row is None:
                continue  # another sender has it, it is no longer due, or it could not be read
            taken = True
            if self.connection is None:
                try:
                    self.connection = _connect(self.settings)
                except (OSError, smtplib.SMTPException) as exc:
                    self.unreachable(row, ids[position + 1 :], exc)
                    return False
            if not self.send_one(self.connection, row):
                self.hang_up()
        return taken

    def hang_up(self) -> None:
        if self.connection is not None:
            _close(self.connection)
            self.connection = None

    def claim(self, mail_id: int) -> OutboxRow | None:
        """The mail, claimed for this run; None if another run has it, or if it cannot be read
        (a value no column type takes back): then it is failed here, with the reason."""
        try:
            return claim(self.engine, mail_id, self.clock.now(), self.me)
        except UnreadableMail as exc:
            error = f"cannot read the mail: {exc.reason}"
            if fail_unreadable(self.engine, mail_id, self.clock.now(), error, self.me):
                self.report.failed += 1
                log.warning("mail_failed", mail=mail_id, attempts=1, error=error)
            return None

    def unreachable(self, claimed: OutboxRow, rest: list[int], exc: Exception) -> None:
        """Record the failed attempt on the mail claimed and on every other due mail."""
        error = f"cannot reach the mail server: {exc}"
        self.failed(claimed, error)
        for mail_id in rest:
            row = self.claim(mail_id)
            if row is not None:  # else another sender has it
                self.failed(row, error)

    def send_one(self, connection: smtplib.SMTP, row: OutboxRow) -> bool:
        """Send one claimed mail; False if the connection should not be used again."""
        now = self.clock.now()
        with self.engine.connect() as conn:
            done = deactivated_recipient(conn, row.id) or no_longer_called_for(
                conn, row.kind, row.key, local_date(now), self.schedule
            )
        if done is not None:
            if withdraw(self.engine, row.id, now, done, self.me):
                self.forget(row)
                self.report.withdrawn += 1
                log.info("mail_withdrawn", mail=row.id, kind=row.kind, reason=done)
            return True
        try:
            message = compose(row, self.schedule.sender, now)
        except Exception as exc:  # a mail that cannot be written fails alone
            self.failed(row, f"cannot compose the mail: {_reason(exc)}", permanent=True)
            return True
        try:
            connection.send_message(message, to_addrs=[row.address])
        except (OSError, smtplib.SMTPException) as exc:
            self.failed(row, str(exc) or type(exc).__name__, permanent=_permanent(exc))
            # A refused recipient leaves the session usable; anything else may have broken it.
            return isinstance(exc, smtplib.SMTPRecipientsRefused)
        except Exception as exc:  # e.g. an address the server cannot be given
            self.failed(row, _reason(exc), permanent=True)
            return False
        if mark_sent(self.engine, row.id, self.clock.now(), self.me):
            self.forget(row)
            self.report.sent += 1
            log.info(
                "mail_sent", mail=row.id, kind=row.kind, to=row.address, message_id=row.message_id
            )
        return True

    def forget(self, row: OutboxRow) -> None:
        """A mail done with that carried a secret keeps no copy of it."""
        if row.kind in SECRET_KINDS:
            forget_secret(self.engine, row.id)

    def failed(self, row: OutboxRow, error: str, *, permanent: bool = False) -> None:
        now = self.clock.now()
        attempts = row.attempts + 1
        failing_since = row.first_failed_at or now
        if permanent or now - failing_since >= GIVE_UP_AFTER:
            if mark_failed_attempt(self.engine, row.id, now, error, self.me, retry_at=None):
                self.forget(row)
                self.report.failed += 1
                log.warning("mail_failed", mail=row.id, attempts=attempts, error=error)
            return
        pause = min(timedelta(seconds=self.settings.retry_seconds * 2 ** (attempts - 1)), MAX_PAUSE)
        if mark_failed_attempt(self.engine, row.id, now, error, self.me, retry_at=now + pause):
            self.report.retried += 1
            log.info(
                "mail_deferred", mail=row.id, attempts=attempts, retry_in=str(pause), error=error
            )


def _reason(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _close(connection: smtplib.SMTP) -> None:
    try:
        connection.quit()
    except (OSError, smtplib.SMTPException):
        connection.close()


def _permanent(exc: Exception) -> bool:
    """Whether the server refused for good (a 5xx reply): trying again would not help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.security == "tls":
        connection: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host,
            settings.port,
            timeout=settings.timeout,
            context=ssl.create_default_context(),
        )
    else:
        connection = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        if settings.security == "starttls":
            connection.starttls(context=ssl.create_default_context())
        if settings.user:
            connection.login(settings.user, settings.password or "")
    except BaseException:
        connection.close()
        raise
    return connection
