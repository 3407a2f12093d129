"""The ECB rates late-payment interest follows: recorded by an operator for 1 January
and 1 July; each late day at its half-year's rate (a public buyer: the rate of the
half-year the interest began in); the console asks for a missing half-year's rate."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from billing import selectors
from billing.late_payment import late_charges
from billing.models import EcbRate
from billing.services.late_payment_rates import record_ecb_rate

pytestmark = pytest.mark.calendar_edges  # half-year arithmetic

PAGE = "/console/partenaires/taux-bce/"
DUE = datetime.date(2026, 6, 20)  # interest runs from 21 June: 10 days in H1, then H2
MOMENT = timezone.make_aware(datetime.datetime(2026, 8, 14, 10, 0))


@pytest.fixture(autouse=True)
def _no_rates(db):
    EcbRate.objects.all().delete()  # only this test's rates count


def test_each_late_day_takes_its_half_years_rate():
    record_ecb_rate(valid_from=datetime.date(2026, 1, 1), rate_bp=215, by=None)
    record_ecb_rate(valid_from=datetime.date(2026, 7, 1), rate_bp=400, by=None)
    on = DUE + datetime.timedelta(days=30)  # 10 days at 12.15 %, 20 days at 14 %
    charges = late_charges(amount_cents=100000, due_on=DUE, on=on, public_buyer=False)
    # 1 000 € × (10 × 12.15 % + 20 × 14 %) / 365 = 3.33 + 7.67 = 11.00 €
    assert (charges.days_late, charges.rate_bp, charges.interest_cents) == (30, 1400, 1100)
    # A public buyer: the rate of 1 January (interest began on 21 June) + 8 points, all along.
    public = late_charges(amount_cents=100000, due_on=DUE, on=on, public_buyer=True)
    assert (public.rate_bp, public.interest_cents) == (1015, 834)


def test_a_half_year_without_a_rate_keeps_the_last_one_recorded(settings):
    settings.COOPERE_ECB_RATE_BP = 999  # only when nothing is recorded before
    record_ecb_rate(valid_from=datetime.date(2026, 1, 1), rate_bp=300, by=None)
    on = datetime.date(2027, 3, 1)
    assert late_charges(amount_cents=100000, due_on=on, on=on, public_buyer=False).rate_bp == 1300
    before = datetime.date(2025, 11, 1)
    assert late_charges(amount_cents=1, due_on=before, on=before, public_buyer=False).rate_bp == (
        1999
    )


@time_machine.travel(MOMENT, tick=False)
def test_only_the_first_of_january_or_july_and_a_plausible_rate():
    with pytest.raises(ValidationError) as caught:
        record_ecb_rate(valid_from=datetime.date(2026, 7, 2), rate_bp=-5, by=None)
    errors = caught.value.message_dict
    assert "1er janvier ou du 1er juillet" in errors["valid_from"][0]
    assert "entre 0 et 30" in errors["rate_bp"][0]
    with pytest.raises(ValidationError):
        record_ecb_rate(valid_from=datetime.date(2028, 1, 1), rate_bp=200, by=None)  # too far
    record_ecb_rate(valid_from=datetime.date(2027, 1, 1), rate_bp=200, by=None)  # the next one
    record_ecb_rate(valid_from=datetime.date(2027, 1, 1), rate_bp=210, by=None)  # corrected
    assert list(EcbRate.objects.values_list("valid_from", "rate_bp")) == [
        (datetime.date(2027, 1, 1), 210)
    ]


@time_machine.travel(MOMENT, tick=False)
def test_an_operator_records_the_rate_the_console_asks_for(operator_client, operator):
    invoices_page = operator_client.get("/console/partenaires/factures/").content.decode()
    assert "Le taux BCE en vigueur au 1er juillet 2026 n’est pas saisi" in invoices_page.replace(
        "'", "’"
    )
    page = operator_client.get(PAGE)
    assert page.status_code == 200
    assert "Aucun taux n’est saisi pour le 1er juillet 2026" in page.content.decode().replace(
        "'", "’"
    )
    response = operator_client.post(PAGE, {"valid_from": "2026-07-01", "rate": "2,15"}, follow=True)
    text = response.content.decode()
    assert "Le taux BCE en vigueur au 1er juillet 2026 est enregistré." in text
    assert "2,15" in text and "Aucun taux" not in text
    rate = EcbRate.objects.get()
    assert (rate.valid_from, rate.rate_bp, rate.recorded_by) == (
        datetime.date(2026, 7, 1),
        215,
        operator,
    )
    assert selectors.ecb_rate_missing(timezone.localdate()) is None
    invoices_page = operator_client.get("/console/partenaires/factures/").content.decode()
    assert "n’est pas saisi" not in invoices_page.replace("'", "’")


@time_machine.travel(MOMENT, tick=False)
def test_bad_input_is_refused_in_french_and_nothing_written(operator_client):
    response = operator_client.post(PAGE, {"valid_from": "2026-07-15", "rate": "deux"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "1er janvier ou du 1er juillet" in text
    assert "entre 0 et 30" in text
    assert not EcbRate.objects.exists()


def test_only_operators_reach_the_rates(logged_in, make_partner_user, partner_a, client_for):
    partner_user = logged_in(make_partner_user(partner_a, "compta@lisses.fr"))
    assert partner_user.get(PAGE).status_code == 403
    assert partner_user.post(PAGE, {"valid_from": "2026-07-01", "rate": "9"}).status_code == 403
    assert client_for(None).get(PAGE).status_code == 302  # to the login page
    assert not EcbRate.objects.exists()
