"""The demo's people, business cases and initiatives, each with its script of steps (DOMAIN.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

DEMO_START = datetime(2010, 1, 4, 9, 0, tzinfo=UTC)
# The third quarter's status, given before its first reminder (2 September: ten working days
# before the deadline of 16 September in the shipped schedule).
STATUS_GIVEN = datetime(2010, 9, 1, 8, 0, tzinfo=UTC)
REMINDER_DAY = date(2010, 9, 2)
# (index of the initiative, who, light, text, what it has cost so far)
STATUSES = (
    (1, "ulla", "green", "Udbuddet er sendt ud; tilbudsfristen er 1. oktober.", 180_000),
    (
        3,
        "soeren",
        "amber",
        "Leverandøren er forsinket; go-live flyttes til november.",
        470_000,
    ),
)

# handle, name, email, roles
PEOPLE = (
    ("admin", "Systemadministrator", "it@soroe.example.dk", ("admin",)),
    ("hanne", "Hanne Ravn", "hanne.ravn@soroe.example.dk", ("task_force",)),
    ("jens", "Jens Holm", "jens.holm@soroe.example.dk", ("chief_group",)),
    ("birgit", "Birgit Sørensen", "birgit.soerensen@soroe.example.dk", ("economic_committee",)),
    ("soeren", "Søren Bæk", "soeren.baek@soroe.example.dk", ("project_owner", "chief_group")),
    ("ulla", "Ulla Krogh", "ulla.krogh@soroe.example.dk", ("project_owner",)),
    ("aase", "Åse Møller", "aase.moeller@soroe.example.dk", ("proposer",)),
    ("finn", "Finn Juul", "finn.juul@soroe.example.dk", ("finance",)),
)

# A step of the script: (what, who, *details)
#   ("decide", who, forum, outcome, justification[, redo])
#   ("move", who, trigger[, comment])
#   ("record", who, kind, data)
#   ("done", who, milestone number)
#   ("budget", who, budget year, account): a budget adjustment confirmed as expected
Step = tuple[Any, ...]


def _economics(investment: int, kroner: dict[int, int], *more: dict[str, Any]) -> dict[str, Any]:
    """A business case's figures: the investment in 2010, 50.000 kr. a year to run it in each
    year with a gain in kroner, those gains taken back centrally, and `more` gains."""
    gains = [{"kind": "kroner", "years": kroner}] if kroner else []
    return {
        "investments": {2010: investment},
        "running_costs": {year: 50_000 for year in kroner},
        "gains": [*gains, *more],
    }


CASE_INSURANCE = {
    "solution": "Fælles udbud af kommunens forsikringer med forsikringsmægler.",
    "alternatives": "Forlænge nuværende aftaler; udbud i samarbejde med Ringsted.",
    **_economics(
        250_000,
        {2010: 600_000, 2011: 1_200_000, 2012: 1_200_000},
        {
            "kind": "time",
            "what": "Færre skadesager i Økonomi",
            "unit": "hours",
            "years": {2011: 400, 2012: 400},
        },
    ),
    "quality_effect": "Samme dækning, færre selvrisici.",
    "risks": "Få tilbudsgivere på markedet.",
    "indicator": "Samlet præmie pr. år",
    "baseline": "4,8 mio. kr. (2009)",
    "target": "3,6 mio. kr. fra 2011",
    "responsible": "Ulla Krogh, Økonomi",
    "involved": "Indkøb, Jura, forsikringsmægler",
    "decision_kind": "administrative",
}
CASE_BANK = {
    **CASE_INSURANCE,
    "solution": "Samlet udbud af bank, formue- og gældsforvaltning.",
    **_economics(150_000, {2011: 900_000, 2012: 900_000, 2013: 900_000}),
    "indicator": "Gebyrer og rentemarginal pr. år",
    "baseline": "2,1 mio. kr. (2009)",
    "decision_kind": "economic_committee",
}
DIGITAL_SHARE = {
    "kind": "quality",
    "what": "Andel digitale ansøgninger",
    "unit": "%",
    "baseline": 0,
    "years": {2011: 50, 2012: 80},
}
CASE_REFUND = {
    **CASE_INSURANCE,
    "solution": "Arbejdsgivere søger refusion af syge- og barselsdagpenge digitalt.",
    "alternatives": "Fortsat papirblanketter med manuel indtastning.",
    **_economics(400_000, {2011: 500_000, 2012: 700_000, 2013: 700_000}, DIGITAL_SHARE),
    "indicator": "Andel digitale ansøgninger",
    "baseline": "0 % (2010)",
    "target": "80 % i 2012",
    "responsible": "Søren Bæk, Jobcenter",
    "involved": "Jobcenter, IT, arbejdsgivere",
    "decision_kind": "economic_committee",
}
CASE_CENTRAL = {
    **CASE_REFUND,
    "solution": "Én fælles visitation på det specialiserede område.",
    **_economics(400_000, {2011: 2_000_000, 2012: 3_000_000}),
    "decision_kind": "city_council",
}
ORGANISATION = {
    "project_leader": "Karen Dahl",
    "steering_group": ["Direktør Hanne Ravn", "Centerchef Ulla Krogh"],
    "project_group": ["Indkøb", "Økonomi", "Jura"],
    "stakeholder_group": ["MED-udvalget"],
}
PLAN = {
    "start": "2010-06-01",
    "description": "Udbud efter EU's regler med forsikringsmægler som rådgiver.",
    "communication": "Nyhedsbrev til centrene ved hver milepæl; kvartalsvis status til "
    "chefgruppen.",
    "milestones": [
        {
            "phase": "Forberedelse",
            "title": "Udbudsmateriale klar",
            "due": "2010-08-01",
            "owner": "ulla",
        },
        {"phase": "Udbud", "title": "Tilbudsfrist", "due": "2010-10-01", "owner": "ulla"},
        {
            "phase": "Implementering",
            "title": "Nye policer i kraft",
            "due": "2011-01-01",
            "owner": "ulla",
        },
    ],
    "tolerances": {
        "time_days": 30,
        "cost_percent": 10,
        "gains_percent": 15,
        "notify": ["hanne", "task_force"],
    },
}
FOLLOW_UP = {
    "realised_gains": {2010: 550_000},
    "quality_effect_achieved": "Samme dækning; to færre selvrisici pr. år.",
    "verdict": "achieved",
}
TRIAL = {
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
TRIAL_EVALUATION = {
    "quality_effect_achieved": "Sagsbehandlingstiden faldt fra 6 til 2 uger.",
    "verdict": "achieved",
}

ADMIN_GO = ("decide", "jens", "chief_group", "go", "Optages i handlekataloget.")
LAUNCH = [
    ADMIN_GO,
    ("move", "hanne", "select"),
]

# title, category, proposer, owner, area, description, workflow, steps
INITIATIVES: tuple[tuple[str, str | None, str, str | None, str, str, str, list[Step]], ...] = (
    (
        "Udbud af forsikring",
        "indkoeb",
        "aase",
        "ulla",
        "Økonomi",
        "Fælles udbud af kommunens forsikringer for at opnå bedre priser.",
        "effektivisering",
        [
            *LAUNCH,
            ("record", "ulla", "business_case", CASE_INSURANCE),
            ("decide", "jens", "chief_group", "go", "Rent administrativt; igangsættes."),
            ("move", "ulla", "approve_case"),
            ("record", "ulla", "organisation", ORGANISATION),
            ("move", "ulla", "organise"),
            ("record", "ulla", "plan", PLAN),
            ("move", "ulla", "start"),
            ("done", "ulla", 1),
            ("done", "ulla", 2),
            ("done", "ulla", 3),
            ("move", "ulla", "complete"),
            ("record", "ulla", "follow_up", FOLLOW_UP),
            ("move", "hanne", "realise", "Gevinsten for 2010 er realiseret."),
            ("budget", "finn", 2011, "6.45.01"),
            ("budget", "finn", 2012, "6.45.01"),
        ],
    ),
    (
        "Udbud af bankforretninger samt formue- og gældspleje",
        "indkoeb",
        "aase",
        "ulla",
        "Økonomi",
        "Samlet udbud af bank, formue- og gældsforvaltning.",
        "effektivisering",
        [
            *LAUNCH,
            ("record", "ulla", "business_case", CASE_BANK),
            ("decide", "jens", "chief_group", "go", "Indstilles til Økonomiudvalget."),
            ("decide", "birgit", "economic_committee", "go", "Igangsættes."),
            ("move", "ulla", "approve_case"),
            ("record", "ulla", "organisation", ORGANISATION),
            ("move", "ulla", "organise"),
            ("record", "ulla", "plan", PLAN),
            ("move", "ulla", "start"),
        ],
    ),
    (
        "Udbud af revision",
        "indkoeb",
        "aase",
        "ulla",
        "Økonomi",
        "Genudbud af revisionsydelsen.",
        "effektivisering",
        [
            *LAUNCH,
            (
                "record",
                "ulla",
                "business_case",
                {**CASE_INSURANCE, **_economics(50_000, {2011: 150_000})},
            ),
            ("decide", "jens", "chief_group", "go", "Rent administrativt; igangsættes."),
            ("move", "ulla", "approve_case"),
        ],
    ),
    (
        "Digital refusion af sygedagpenge og barselsdagpenge",
        "digitalisering",
        "aase",
        "soeren",
        "Jobcenter",
        "Digital selvbetjening af refusionsanmodninger fra arbejdsgivere.",
        "effektivisering",
        [
            *LAUNCH,
            ("record", "soeren", "business_case", CASE_REFUND),
            ("decide", "jens", "chief_group", "go", "Indstilles til Økonomiudvalget."),
            ("decide", "birgit", "economic_committee", "go", "Igangsættes."),
            ("move", "soeren", "approve_case"),
            ("record", "soeren", "organisation", ORGANISATION),
            ("move", "soeren", "organise"),
        ],
    ),
    (
        "Forebyggelse af sygefravær",
        "sygefravaer",
        "ulla",
        "soeren",
        "HR",
        "Tidlig dialog og fastholdelsessamtaler i alle centre.",
        "effektivisering",
        [
            *LAUNCH,
            (
                "record",
                "soeren",
                "business_case",
                {**CASE_REFUND, **_economics(400_000, {}, DIGITAL_SHARE)},
            ),
            (
                "decide",
                "jens",
                "chief_group",
                "recycle",
                "Gevinsten er ikke gjort synlig.",
                "Beregn den forventede gevinst pr. center.",
            ),
        ],
    ),
    (
        "Centralisering af visitationskompetencen på det specialiserede område",
        "strukturtilpasninger",
        "aase",
        "soeren",
        "Social",
        "Én fælles visitation i stedet for visitation i hvert center.",
        "effektivisering",
        [
            *LAUNCH,
            ("record", "soeren", "business_case", CASE_CENTRAL),
            ("decide", "jens", "chief_group", "go", "Indstilles til Økonomiudvalget og Byrådet."),
            (
                "decide",
                "birgit",
                "economic_committee",
                "hold",
                "Afventer ny organisering af Center for Social.",
            ),
        ],
    ),
    (
        "Robotstøvsugere i ældreplejen",
        "arbejdsgange",
        "aase",
        "ulla",
        "Ældre",
        "Robotstøvsugere hos borgere i hjemmeplejen frigør tid til omsorg.",
        "effektivisering",
        [],
    ),
    (
        "Græsslåningsrobotter på boldbanerne",
        "arbejdsgange",
        "aase",
        None,
        "Teknik",
        "",
        "effektivisering",
        [],
    ),
    (
        "Digitale ambassadører",
        "digitalisering",
        "aase",
        None,
        "Borgerservice",
        "Medarbejdere hjælper kolleger og borgere i gang med digitale løsninger.",
        "effektivisering",
        [
            (
                "decide",
                "jens",
                "chief_group",
                "reject",
                "Dækkes af den fælleskommunale digitaliseringsstrategi.",
            )
        ],
    ),
    (
        "Institutioner deler lokaler",
        "strukturtilpasninger",
        "ulla",
        "ulla",
        "Dagtilbud",
        "Daginstitutioner og skoler deler lokaler og udearealer.",
        "effektivisering",
        [("move", "ulla", "withdraw", "Indgår i skolestrukturanalysen i stedet.")],
    ),
    (
        "Visitation af støttetimer tættere på institutionerne",
        "strukturtilpasninger",
        "aase",
        "soeren",
        "Skole og dagtilbud",
        "Prøvehandling: skoler og daginstitutioner visiterer selv støttetimer.",
        "proevehandling",
        [
            ("record", "soeren", "trial", TRIAL),
            ("decide", "jens", "chief_group", "go", "Opfylder kriterierne."),
            ("move", "hanne", "approve"),
            ("move", "soeren", "start"),
            ("record", "soeren", "follow_up", TRIAL_EVALUATION),
            ("move", "soeren", "evaluate"),
            ("decide", "jens", "chief_group", "go", "Skaleres til alle institutioner."),
            ("move", "hanne", "scale"),
        ],
    ),
)
