"""What an unpaid invoice costs its buyer once past its due date (French law).

Late-payment interest runs from the day after the due date at the European Central Bank's
main refinancing rate plus 10 points (art. L. 441-10 of the Code de commerce): each day at
the rate in force on 1 January or 1 July of its half-year. A public buyer owes the rate in
force on the first day of the half-year in which the interest began to run, plus 8 points
(art. R. 2192-31 of the Code de la commande publique). The rates are the ones operators
record (`EcbRate`); a half-year none covers takes the last one recorded before it, or the
COOPERE_ECB_RATE_BP setting. Plus a fixed 40 € indemnity for recovery costs, owed once per
invoice (art. D. 441-5). Simple interest on the amount incl. VAT, per day over 365 days,
rounded half up to the cent.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings


@dataclass(frozen=True)
class LateCharges:
    days_late: int
    rate_bp: int
    interest_cents: int
    indemnity_cents: int

    @property
    def total_cents(self) -> int:
        return self.interest_cents + self.indemnity_cents


def half_year_start(day: datetime.date) -> datetime.date:
    """1 January or 1 July: the day the ECB rate of `day`'s half-year is read."""
    return day.replace(month=1 if day.month < 7 else 7, day=1)


def recorded_rates() -> dict[datetime.date, int]:
    from billing.models import EcbRate

    return dict(EcbRate.objects.values_list("valid_from", "rate_bp"))


def ecb_rate_bp(day: datetime.date, rates: dict[datetime.date, int]) -> int:
    """The ECB rate in force for `day`'s half-year: recorded for it or before it."""
    start = half_year_start(day)
    known = [valid_from for valid_from in rates if valid_from <= start]
    return rates[max(known)] if known else settings.COOPERE_ECB_RATE_BP


def _margin_bp(public_buyer: bool) -> int:
    return (
        settings.COOPERE_PUBLIC_LATE_INTEREST_MARGIN_BP
        if public_buyer
        else settings.COOPERE_LATE_INTEREST_MARGIN_BP
    )


def interest_rate_bp(*, public_buyer: bool, on: datetime.date, rates=None) -> int:
    """The yearly rate of late-payment interest on day `on` (ECB rate + margin)."""
    rates = recorded_rates() if rates is None else rates
    return ecb_rate_bp(on, rates) + _margin_bp(public_buyer)


def late_charges(
    *, amount_cents: int, due_on: datetime.date, on: datetime.date, public_buyer: bool
) -> LateCharges:
    """What is owed on day `on`; `rate_bp` is the rate of `on`'s half-year (a public
    buyer's: the one fixed when interest began)."""
    days = max((on - due_on).days, 0)
    rates = recorded_rates()
    first_day = due_on + datetime.timedelta(days=1)
    if public_buyer:
        rate = interest_rate_bp(public_buyer=True, on=first_day if days else on, rates=rates)
        rate_days = rate * days
    else:
        rate = interest_rate_bp(public_buyer=False, on=on, rates=rates)
        rate_days, day = 0, first_day
        while day <= on:  # each half-year at its own rate
            next_start = half_year_start(day) + relativedelta(months=6)
            last = min(on, next_start - datetime.timedelta(days=1))
            rate_days += ((last - day).days + 1) * interest_rate_bp(
                public_buyer=False, on=day, rates=rates
            )
            day = last + datetime.timedelta(days=1)
    # cents × rate (bp / 10,000) × days / 365, rounded half up in integers.
    denominator = 10000 * 365
    interest = (amount_cents * rate_days * 2 + denominator) // (2 * denominator)
    indemnity = settings.COOPERE_RECOVERY_INDEMNITY_CENTS if days > 0 else 0
    return LateCharges(days, rate, interest, indemnity)
