"""tiltag: a workflow engine for the efficiency and innovation initiatives of Danish
municipalities. This is its public surface: the service functions, the results they return and the
errors they raise, which the command line, the scheduler and other shells call.

    from workflow import advance, open_database, load_registry, SystemClock

Each name is imported when it is first used (a shell that only prints its help never loads the
database layer); the modules behind them are mapped in docs/architecture.md.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = [
    "DEFAULT_FOLDER",
    "LOCAL_TIME",
    "RECORD_TYPES",
    "REMINDER_DAY",
    "SCHEDULE_FILE",
    "SCHEMA_REVISION",
    "TARGETS_FILE",
    "BusinessCase",
    "Channel",
    "Clock",
    "ConcurrentChangeError",
    "DatabaseError",
    "DayMail",
    "DecisionRefused",
    "Definition",
    "DefinitionError",
    "FixedClock",
    "ForumDecision",
    "GivenStatus",
    "HistoryEvent",
    "IllegalMoveError",
    "Imported",
    "Initiative",
    "InvalidValueError",
    "LinkRefused",
    "Mail",
    "MoveReport",
    "Moved",
    "NotFoundError",
    "Occasion",
    "OutboxRow",
    "Person",
    "Quarter",
    "RecordModel",
    "Recorded",
    "Registry",
    "RunningClock",
    "Schedule",
    "SendReport",
    "SignOnRefused",
    "SignedIn",
    "SingleSignOn",
    "Skipped",
    "SmtpSettings",
    "StoredProblem",
    "SystemClock",
    "Targets",
    "TooManyRequests",
    "UnknownAccount",
    "UnknownPersonError",
    "UnmetRequirementsError",
    "UsageError",
    "Waiting",
    "WorkflowError",
    "add_person",
    "advance",
    "begin_sign_on",
    "case_economics",
    "change_milestone",
    "change_person",
    "check_moves",
    "connect",
    "database_detail",
    "days_run",
    "decide",
    "definition_files",
    "definitions_folder",
    "edit",
    "end_session",
    "ensure_may_write_at",
    "export_initiatives",
    "find_person",
    "find_person_by_id",
    "finish_sign_on",
    "get_initiative",
    "get_logger",
    "give_status",
    "import_initiatives",
    "iter_initiatives",
    "list_decisions",
    "list_outbox",
    "list_people",
    "load_definition",
    "load_registry",
    "load_schedule",
    "load_schedule_file",
    "load_targets",
    "load_targets_file",
    "local_date",
    "location",
    "made_for_simulation",
    "make_for_simulation",
    "make_link",
    "may_change",
    "new_demo_database",
    "open_database",
    "open_session",
    "parse_instant",
    "parse_quarter",
    "propose",
    "quarter_of",
    "read_history",
    "read_record_file",
    "read_records",
    "read_statuses",
    "redeem_link",
    "request_link",
    "request_logging",
    "retry",
    "run_day",
    "run_demo",
    "schema_revision",
    "send_now",
    "send_outbox",
    "set_language",
    "set_record",
    "sign_in_url",
    "signed_in",
    "status_days",
    "stored_problems",
    "upgrade",
    "waiting_for",
]

# Where each public name lives.
_WHERE = {
    "WorkflowError": "workflow.base.errors",
    "UsageError": "workflow.base.errors",
    "DatabaseError": "workflow.base.errors",
    "DefinitionError": "workflow.base.errors",
    "NotFoundError": "workflow.base.errors",
    "UnknownPersonError": "workflow.base.errors",
    "InvalidValueError": "workflow.base.errors",
    "IllegalMoveError": "workflow.base.errors",
    "UnmetRequirementsError": "workflow.base.errors",
    "ConcurrentChangeError": "workflow.base.errors",
    "DecisionRefused": "workflow.base.errors",
    "database_detail": "workflow.base.errors",
    "Clock": "workflow.base.clock",
    "SystemClock": "workflow.base.clock",
    "FixedClock": "workflow.base.clock",
    "RunningClock": "workflow.base.clock",
    "LOCAL_TIME": "workflow.base.clock",
    "local_date": "workflow.base.clock",
    "parse_instant": "workflow.base.clock",
    "Quarter": "workflow.base.calendar",
    "parse_quarter": "workflow.base.calendar",
    "quarter_of": "workflow.base.calendar",
    "get_logger": "workflow.base.logs",
    "request_logging": "workflow.base.logs",
    "Definition": "workflow.definitions.model",
    "Registry": "workflow.definitions.registry",
    "DEFAULT_FOLDER": "workflow.definitions.registry",
    "SCHEDULE_FILE": "workflow.definitions.registry",
    "TARGETS_FILE": "workflow.definitions.registry",
    "definitions_folder": "workflow.definitions.registry",
    "definition_files": "workflow.definitions.registry",
    "load_registry": "workflow.definitions.registry",
    "load_definition": "workflow.definitions.loader",
    "SCHEMA_REVISION": "workflow.storage.database",
    "connect": "workflow.storage.database",
    "location": "workflow.storage.database",
    "open_database": "workflow.storage.database",
    "schema_revision": "workflow.storage.database",
    "upgrade": "workflow.storage.schema",
    "ensure_may_write_at": "workflow.storage.simulation",
    "made_for_simulation": "workflow.storage.simulation",
    "make_for_simulation": "workflow.storage.simulation",
    "StoredProblem": "workflow.storage.stored_values",
    "stored_problems": "workflow.storage.stored_values",
    "RECORD_TYPES": "workflow.records.documents",
    "BusinessCase": "workflow.records.documents",
    "RecordModel": "workflow.records.documents",
    "Person": "workflow.core.people",
    "Channel": "workflow.core.people",
    "find_person_by_id": "workflow.core.people",
    "may_change": "workflow.core.initiatives",
    "add_person": "workflow.core.people",
    "change_person": "workflow.core.people",
    "find_person": "workflow.core.people",
    "list_people": "workflow.core.people",
    "Initiative": "workflow.core.initiatives",
    "edit": "workflow.core.initiatives",
    "get_initiative": "workflow.core.initiatives",
    "iter_initiatives": "workflow.core.initiatives",
    "propose": "workflow.core.initiatives",
    "HistoryEvent": "workflow.core.history",
    "read_history": "workflow.core.history",
    "Moved": "workflow.core.moves",
    "MoveReport": "workflow.core.moves",
    "advance": "workflow.core.moves",
    "check_moves": "workflow.core.moves",
    "case_economics": "workflow.approvals.dossier",
    "change_milestone": "workflow.approvals.dossier",
    "read_record_file": "workflow.approvals.dossier",
    "read_records": "workflow.approvals.dossier",
    "set_record": "workflow.approvals.dossier",
    "ForumDecision": "workflow.approvals.decisions",
    "Recorded": "workflow.approvals.decisions",
    "Waiting": "workflow.approvals.decisions",
    "decide": "workflow.approvals.decisions",
    "list_decisions": "workflow.approvals.decisions",
    "waiting_for": "workflow.approvals.decisions",
    "Schedule": "workflow.schedule.config",
    "load_schedule": "workflow.schedule.config",
    "load_schedule_file": "workflow.schedule.config",
    "GivenStatus": "workflow.schedule.status",
    "give_status": "workflow.schedule.status",
    "read_statuses": "workflow.schedule.status",
    "Occasion": "workflow.schedule.occasions",
    "status_days": "workflow.schedule.occasions",
    "DayMail": "workflow.schedule.daily",
    "days_run": "workflow.schedule.daily",
    "run_day": "workflow.schedule.daily",
    "Skipped": "workflow.schedule.mail_writer",
    "Mail": "workflow.schedule.outbox",
    "OutboxRow": "workflow.schedule.outbox",
    "list_outbox": "workflow.schedule.outbox",
    "retry": "workflow.schedule.outbox",
    "SendReport": "workflow.schedule.sender",
    "SmtpSettings": "workflow.schedule.sender",
    "send_outbox": "workflow.schedule.sender",
    "Targets": "workflow.reports.targets",
    "load_targets": "workflow.reports.targets",
    "load_targets_file": "workflow.reports.targets",
    "Imported": "workflow.transfer.import_export",
    "export_initiatives": "workflow.transfer.import_export",
    "import_initiatives": "workflow.transfer.import_export",
    "REMINDER_DAY": "workflow.demo.run",
    "new_demo_database": "workflow.demo.run",
    "run_demo": "workflow.demo.run",
    "SignedIn": "workflow.access.sessions",
    "end_session": "workflow.access.sessions",
    "open_session": "workflow.access.sessions",
    "signed_in": "workflow.access.sessions",
    "LinkRefused": "workflow.access.links",
    "TooManyRequests": "workflow.access.links",
    "make_link": "workflow.access.links",
    "redeem_link": "workflow.access.links",
    "request_link": "workflow.access.links",
    "sign_in_url": "workflow.access.links",
    "SignOnRefused": "workflow.access.single_sign_on",
    "SingleSignOn": "workflow.access.single_sign_on",
    "UnknownAccount": "workflow.access.single_sign_on",
    "begin_sign_on": "workflow.access.single_sign_on",
    "finish_sign_on": "workflow.access.single_sign_on",
    "send_now": "workflow.schedule.sender",
    "set_language": "workflow.core.people",
}

if TYPE_CHECKING:
    from workflow.access.links import (
        LinkRefused,
        TooManyRequests,
        make_link,
        redeem_link,
        request_link,
        sign_in_url,
    )
    from workflow.access.sessions import SignedIn, end_session, open_session, signed_in
    from workflow.access.single_sign_on import (
        SignOnRefused,
        SingleSignOn,
        UnknownAccount,
        begin_sign_on,
        finish_sign_on,
    )
    from workflow.approvals.decisions import (
        ForumDecision,
        Recorded,
        Waiting,
        decide,
        list_decisions,
        waiting_for,
    )
    from workflow.approvals.dossier import (
        case_economics,
        change_milestone,
        read_record_file,
        read_records,
        set_record,
    )
    from workflow.base.calendar import Quarter, parse_quarter, quarter_of
    from workflow.base.clock import (
        LOCAL_TIME,
        Clock,
        FixedClock,
        RunningClock,
        SystemClock,
        local_date,
        parse_instant,
    )
    from workflow.base.errors import (
        ConcurrentChangeError,
        DatabaseError,
        DecisionRefused,
        DefinitionError,
        IllegalMoveError,
        InvalidValueError,
        NotFoundError,
        UnknownPersonError,
        UnmetRequirementsError,
        UsageError,
        WorkflowError,
        database_detail,
    )
    from workflow.base.logs import get_logger, request_logging
    from workflow.core.history import HistoryEvent, read_history
    from workflow.core.initiatives import (
        Initiative,
        edit,
        get_initiative,
        iter_initiatives,
        may_change,
        propose,
    )
    from workflow.core.moves import Moved, MoveReport, advance, check_moves
    from workflow.core.people import (
        Channel,
        Person,
        add_person,
        change_person,
        find_person,
        find_person_by_id,
        list_people,
        set_language,
    )
    from workflow.definitions.loader import load_definition
    from workflow.definitions.model import Definition
    from workflow.definitions.registry import (
        DEFAULT_FOLDER,
        SCHEDULE_FILE,
        TARGETS_FILE,
        Registry,
        definition_files,
        definitions_folder,
        load_registry,
    )
    from workflow.demo.run import REMINDER_DAY, new_demo_database, run_demo
    from workflow.records.documents import RECORD_TYPES, BusinessCase, RecordModel
    from workflow.reports.targets import Targets, load_targets, load_targets_file
    from workflow.schedule.config import Schedule, load_schedule, load_schedule_file
    from workflow.schedule.daily import DayMail, days_run, run_day
    from workflow.schedule.mail_writer import Skipped
    from workflow.schedule.occasions import Occasion, status_days
    from workflow.schedule.outbox import Mail, OutboxRow, list_outbox, retry
    from workflow.schedule.sender import SendReport, SmtpSettings, send_now, send_outbox
    from workflow.schedule.status import GivenStatus, give_status, read_statuses
    from workflow.storage.database import (
        SCHEMA_REVISION,
        connect,
        location,
        open_database,
        schema_revision,
    )
    from workflow.storage.schema import upgrade
    from workflow.storage.simulation import (
        ensure_may_write_at,
        made_for_simulation,
        make_for_simulation,
    )
    from workflow.storage.stored_values import StoredProblem, stored_problems
    from workflow.transfer.import_export import Imported, export_initiatives, import_initiatives


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'workflow' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
