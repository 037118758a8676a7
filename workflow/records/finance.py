"""What a business case's figures add up to: net present value and simple payback."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["Economics", "economics"]


@dataclass(frozen=True)
class Economics:
    """The computed economics of a business case."""

    net_gains: dict[int, int]  # budget year -> expected gain minus running cost, DKK
    net_present_value: float  # DKK, at `discount_rate`, in the investment year's money
    payback_years: float | None  # years from the investment year; None if it never pays back
    discount_rate: float


def economics(
    *,
    investment: int,
    investment_year: int | None,
    running_cost: int,
    expected_gains: Mapping[int, int],
    discount_rate: float,
) -> Economics | None:
    """Net present value and simple payback; None when there are no expected gains.

    The investment falls at the start of `investment_year` (default: the first year with gains).
    Each year with an expected gain brings that gain minus the yearly running cost, discounted
    by `(1 + discount_rate) ** (year - investment_year + 1)`: flows arrive over the year, so the
    first year's flow is discounted once. Simple payback: undiscounted, and linear within the year
    in which the cumulative net gain overtakes the investment.
    """
    if not expected_gains:
        return None
    years = sorted(expected_gains)
    start = investment_year if investment_year is not None else years[0]
    net = {year: expected_gains[year] - running_cost for year in years}
    npv = -float(investment) + sum(
        flow / (1 + discount_rate) ** (year - start + 1) for year, flow in net.items()
    )
    payback: float | None = 0.0 if investment == 0 else None
    remaining = float(investment)
    for year in years:
        flow = net[year]
        if payback is None and flow > 0 and remaining <= flow:
            payback = (year - start) + remaining / flow
        remaining -= flow
    return Economics(net, round(npv, 2), payback, discount_rate)
