"""The texts of the finance team's page: the budget adjustments to confirm."""

from __future__ import annotations

from workflow.base.vocabulary import Label as L

__all__ = ["TEXTS"]

TEXTS: dict[str, L] = {
    "budget.menu": L("Budgettilpasninger", "Budget adjustments"),
    "budget.title": L("Budgettilpasninger", "Budget adjustments"),
    "budget.intro": L(
        "Når et tiltags gevinster tæller, tilpasses områdets budget med de kroner, business "
        "casen hjemtager centralt, år for år. Bekræft hver tilpasning som forventet, eller ret "
        "beløbet og sig hvorfor. Kroner, der bliver i området, tilpasses ikke.",
        "Once an initiative's gains count, its area's budget is adjusted by the kroner its "
        "business case takes back centrally, year by year. Confirm each adjustment as expected, "
        "or correct the amount and say why. Kroner kept in the area are not adjusted.",
    ),
    "budget.to_confirm": L("Til bekræftelse ({count})", "To confirm ({count})"),
    "budget.none": L("Intet at bekræfte.", "Nothing to confirm."),
    "budget.confirmed": L("Bekræftet ({count})", "Confirmed ({count})"),
    "budget.initiative": L("Tiltag", "Initiative"),
    "budget.year": L("Budgetår", "Budget year"),
    "budget.area": L("Område", "Area"),
    "budget.expected": L("Forventet centralt", "Expected centrally"),
    "budget.adjusted": L("Tilpasset", "Adjusted"),
    "budget.account": L("Konto", "Account"),
    "budget.amount": L("Beløb (kr.)", "Amount (DKK)"),
    "budget.note": L("Begrundelse for rettelse", "Why corrected"),
    "budget.confirm": L("Bekræft", "Confirm"),
    "budget.confirm_one": L("Bekræft {title} {year}", "Confirm {title} {year}"),
    "budget.done": L(
        "Tilpasningen af tiltag {id} i {year} er bekræftet.",
        "The adjustment of initiative {id} in {year} is confirmed.",
    ),
    "budget.when": L("Bekræftet i", "Confirmed in"),
    "budget.file": L(
        "Kvartalets fil til økonomisystemet ({quarter})",
        "The quarter's file for the finance system ({quarter})",
    ),
    "budget.not_yours": L(
        "Budgettilpasninger bekræftes af økonomiteamet.",
        "Budget adjustments are confirmed by the finance team.",
    ),
}
