"""What an unpaid invoice costs its buyer once past its due date (French law).

Late-payment interest runs from the day after the due date at the European Central Bank's
main refinancing rate plus 10 points (art. L. 441-10 of the Code de commerce), plus 8
points for a public buyer (art. R. 2192-31 of the Code de la commande publique), both
settings; and a fixed 40 € indemnity for recovery costs is owed once per invoice
(art. D. 441-5). Simple interest on the amount incl. VAT, per day over 365 days, rounded
half up to the cent.
"""

import datetime
from dataclasses import dataclass

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


def interest_rate_bp(*, public_buyer: bool) -> int:
    margin = (
        settings.COOPERE_PUBLIC_LATE_INTEREST_MARGIN_BP
        if public_buyer
        else settings.COOPERE_LATE_INTEREST_MARGIN_BP
    )
    return settings.COOPERE_ECB_RATE_BP + margin


def late_charges(
    *, amount_cents: int, due_on: datetime.date, on: datetime.date, public_buyer: bool
) -> LateCharges:
    days = max((on - due_on).days, 0)
    rate = interest_rate_bp(public_buyer=public_buyer)
    # cents × rate (bp / 10,000) × days / 365, rounded half up in integers.
    denominator = 10000 * 365
    interest = (amount_cents * rate * days * 2 + denominator) // (2 * denominator)
    indemnity = settings.COOPERE_RECOVERY_INDEMNITY_CENTS if days > 0 else 0
    return LateCharges(days, rate, interest, indemnity)
