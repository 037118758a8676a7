"""What a business case's figures add up to: net present value and simple payback."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["Economics", "economics"]


@dataclass(frozen=True)
class Economics:
    """The computed economics of a business case."""

    net_gains: dict[int, int]  # budget year -> gains in kroner minus running costs, DKK
    net_present_value: float  # DKK, at `discount_rate`, in the money of the first year
    payback_years: float | None  # years from the first year; None if it never pays back
    discount_rate: float
    first_year: int  # the first year with an investment, a running cost or a gain


def economics(
    *,
    investments: Mapping[int, int],
    running_costs: Mapping[int, int],
    kroner: Mapping[int, int],
    discount_rate: float,
) -> Economics | None:
    """Net present value and simple payback; None when no gain in kroner is expected.

    Time runs from the start of the first year with an investment, a running cost or a gain.
    Each year's investment falls at its start, discounted by `(1 + r) ** (year - first)`; each
    year's net gain (gains in kroner less running costs) arrives over the year, discounted by
    `(1 + r) ** (year - first + 1)`. Simple payback: undiscounted, the years until the net gains
    cover the investments for good, linear within the year it happens; nothing invested
    pays back at once.
    """
    if not kroner:
        return None
    years = sorted(set(investments) | set(running_costs) | set(kroner))
    first = years[0]
    net = {y: kroner.get(y, 0) - running_costs.get(y, 0) for y in years}
    rate = 1 + discount_rate
    npv = sum(
        net[y] / rate ** (y - first + 1) - investments.get(y, 0) / rate ** (y - first)
        for y in years
    )
    payback: float | None = None
    balance = 0.0  # the net gains so far less the investments so far
    for year in years:
        balance -= investments.get(year, 0)
        flow = net[year]
        if balance < 0 <= balance + flow:
            payback = (year - first) + -balance / flow
        elif balance + flow < 0:
            payback = None  # not paid back (or no longer: a later investment or a loss)
        balance += flow
    if not any(investments.values()):
        payback = 0.0
    shown = {y: v for y, v in net.items() if y in kroner or y in running_costs}
    return Economics(shown, round(npv, 2), payback, discount_rate, first)
