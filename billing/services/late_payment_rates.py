"""The ECB rates late-payment interest follows (billing/late_payment.py): an operator
records the rate in force on 1 January and on 1 July, from the console."""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.late_payment import half_year_start
from billing.models import EcbRate
from coopere.accounts.models import User
from coopere.validation import Errors

MAX_RATE_BP = 3000  # 30 %: a typing error beyond, not a rate


def record_ecb_rate(
    *, valid_from: datetime.date | None, rate_bp: int | None, by: User | None
) -> EcbRate:
    """Record (or correct) the rate in force on `valid_from`, 1 January or 1 July, at most
    the next half-year's (the ECB announces it before)."""
    errors = Errors()
    if valid_from is None:
        errors.add("valid_from", _("Give the date the rate is in force: 1 January or 1 July."))
    elif (valid_from.month, valid_from.day) not in ((1, 1), (7, 1)):
        errors.add(
            "valid_from", _("Late-payment interest follows the rate of 1 January or 1 July.")
        )
    elif valid_from > half_year_start(timezone.localdate()) + relativedelta(months=6):
        errors.add("valid_from", _("Record a rate once its half-year is near, not years ahead."))
    if rate_bp is None or not 0 <= rate_bp <= MAX_RATE_BP:
        errors.add("rate_bp", _("Write the rate in percent, between 0 and 30, for example 2,15."))
    errors.raise_if_any()
    rate, _created = EcbRate.objects.update_or_create(
        valid_from=valid_from, defaults={"rate_bp": rate_bp, "recorded_by": by}
    )
    return rate
