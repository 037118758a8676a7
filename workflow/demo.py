"""The demo portfolio: real initiatives from the seeds, moved through the lifecycle during 2010."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from workflow.clock import FixedClock
from workflow.database import connect, location, resolve_url, schema_revision, sqlite_path
from workflow.engine import advance
from workflow.errors import WorkflowError
from workflow.initiatives import edit, propose
from workflow.people import PersonRecord, add_person
from workflow.registry import Registry
from workflow.schema import upgrade

__all__ = ["DEMO_START", "DemoResult", "new_demo_database", "run_demo"]

DEMO_START = datetime(2010, 2, 1, 9, 0, tzinfo=UTC)

# handle, name, email, roles
PEOPLE = (
    ("admin", "Systemadministrator", "it@soroe.example.dk", ("admin",)),
    ("hanne", "Hanne Ravn", "hanne.ravn@soroe.example.dk", ("task_force",)),
    ("jens", "Jens Holm", "jens.holm@soroe.example.dk", ("chief_group",)),
    ("birgit", "Birgit Sørensen", "birgit.soerensen@soroe.example.dk", ("economic_committee",)),
    ("soeren", "Søren Bæk", "soeren.baek@soroe.example.dk", ("project_owner", "chief_group")),
    ("ulla", "Ulla Krogh", "ulla.krogh@soroe.example.dk", ("project_owner",)),
    ("aase", "Åse Møller", "aase.moeller@soroe.example.dk", ("proposer",)),
)

# title, category, proposer, owner, area, description, moves [(trigger, actor, comment)]
INITIATIVES: tuple[
    tuple[str, str, str, str | None, str, str, tuple[tuple[str, str, str | None], ...]], ...
] = (
    (
        "Udbud af forsikring",
        "indkoeb",
        "ulla",
        "ulla",
        "Økonomi",
        "Fælles udbud af kommunens forsikringer for at opnå bedre priser.",
        (
            ("select", "jens", None),
            ("approve_case", "birgit", None),
            ("organise", "ulla", None),
            ("start", "ulla", None),
            ("complete", "ulla", None),
            ("realise", "hanne", "Besparelse på 1,2 mio. kr. årligt realiseret."),
        ),
    ),
    (
        "Udbud af bankforretninger samt formue- og gældspleje",
        "indkoeb",
        "aase",
        "ulla",
        "Økonomi",
        "Samlet udbud af bank, formue- og gældsforvaltning.",
        (
            ("select", "jens", None),
            ("approve_case", "birgit", None),
            ("organise", "ulla", None),
            ("start", "ulla", None),
        ),
    ),
    (
        "Udbud af revision",
        "indkoeb",
        "aase",
        "ulla",
        "Økonomi",
        "Genudbud af revisionsydelsen.",
        (("select", "jens", None), ("approve_case", "jens", None)),
    ),
    (
        "Digital refusion af sygedagpenge og barselsdagpenge",
        "digitalisering",
        "aase",
        "soeren",
        "Jobcenter",
        "Digital selvbetjening af refusionsanmodninger fra arbejdsgivere.",
        (("select", "jens", None), ("approve_case", "birgit", None), ("organise", "soeren", None)),
    ),
    (
        "Forebyggelse af sygefravær",
        "sygefravaer",
        "ulla",
        "soeren",
        "HR",
        "Tidlig dialog og fastholdelsessamtaler i alle centre.",
        (("select", "jens", None),),
    ),
    (
        "Centralisering af visitationskompetencen på det specialiserede område",
        "strukturtilpasninger",
        "aase",
        None,
        "Social",
        "Én fælles visitation i stedet for visitation i hvert center.",
        (
            ("select", "soeren", None),
            ("hold", "hanne", "Afventer ny organisering af Center for Social."),
        ),
    ),
    (
        "Robotstøvsugere i ældreplejen",
        "arbejdsgange",
        "aase",
        "ulla",
        "Ældre",
        "Robotstøvsugere hos borgere i hjemmeplejen frigør tid til omsorg.",
        (),
    ),
    (
        "Græsslåningsrobotter på boldbanerne",
        "arbejdsgange",
        "aase",
        None,
        "Teknik",
        "",
        (),
    ),
    (
        "Digitale ambassadører",
        "digitalisering",
        "aase",
        None,
        "Borgerservice",
        "Medarbejdere hjælper kolleger og borgere i gang med digitale løsninger.",
        (("reject", "jens", "Dækkes af den fælleskommunale digitaliseringsstrategi."),),
    ),
    (
        "Institutioner deler lokaler",
        "strukturtilpasninger",
        "ulla",
        "ulla",
        "Dagtilbud",
        "Daginstitutioner og skoler deler lokaler og udearealer.",
        (("withdraw", "ulla", "Indgår i skolestrukturanalysen i stedet."),),
    ),
)


@dataclass(frozen=True)
class DemoResult:
    """What the demo made, for the CLI to show."""

    people: list[PersonRecord]
    initiative_ids: list[int]
    moves: int


def new_demo_database(given: str) -> Engine:
    """A new, migrated database for the demo. A SQLite file is replaced; other databases must
    not hold tiltag tables yet (the demo never touches a database in use).

    Raises:
        WorkflowError: the (non-SQLite) database already has tiltag tables.
    """
    url = resolve_url(given)
    path = sqlite_path(url)
    if path is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = connect(url, create=True)
    if schema_revision(engine) is not None:
        raise WorkflowError(
            f"the demo needs a new database, and {location(engine)} is in use; "
            "give --database a new SQLite file"
        )
    upgrade(engine)
    return engine


def run_demo(engine: Engine, registry: Registry) -> DemoResult:
    """Fill a new database with people and ten initiatives and move them, three weeks a step."""
    clock = FixedClock(DEMO_START)
    admin: PersonRecord | None = None
    people: dict[str, PersonRecord] = {}
    for handle, name, email, roles in PEOPLE:
        people[handle] = add_person(
            engine, handle=handle, name=name, email=email, roles=roles, actor=admin, clock=clock
        )
        admin = admin or people[handle]
    ids = []
    for title, category, proposer, owner, area, description, _ in INITIATIVES:
        clock.advance(days=1)
        ids.append(
            propose(
                engine,
                registry,
                actor=people[proposer],
                title=title,
                description=description,
                category=category,
                area=area,
                owner=owner,
                clock=clock,
            )
        )
    # A case proposed without an owner gets one from the task force before it moves on.
    clock.advance(days=2)
    edit(
        engine,
        registry,
        actor=people["hanne"],
        initiative_id=ids[5],
        changes={"owner": "soeren"},
        clock=clock,
    )
    moves = 0
    for step in range(max(len(spec[6]) for spec in INITIATIVES)):
        clock.advance(weeks=3)
        for initiative_id, spec in zip(ids, INITIATIVES, strict=True):
            if step < len(spec[6]):
                trigger, actor, comment = spec[6][step]
                advance(
                    engine,
                    registry,
                    actor=people[actor],
                    initiative_id=initiative_id,
                    trigger=trigger,
                    comment=comment,
                    clock=clock,
                )
                moves += 1
    return DemoResult(list(people.values()), ids, moves)
