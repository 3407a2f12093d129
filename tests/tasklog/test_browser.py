"""In Chromium, on a phone-sized screen: an operator sees the count of failed tasks on the
console home, opens the list and marks one as handled."""

import pytest
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from tasklog import services
from tasklog.models import FailedTask
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
EMAIL = "operatrice-taches@coopere.test"


@pytest.fixture
def failure(site):
    """A failure no user makes (the worker's signal does), and an operator."""
    with schema_context(get_public_schema_name()):
        coach = create_operator(email=EMAIL, password=PASSWORD, first_name="Odile")
        failure = services.record_failure(
            task_name="exchange.send_activation_email",
            schema_name="n_reseau_a",
            args=[424242],
            exception="SMTPServerDisconnected: Connection unexpectedly closed",
        )
    yield failure
    with schema_context(get_public_schema_name()):
        FailedTask.objects.filter(pk=failure.pk).delete()
        User.objects.filter(pk=coach.pk)._raw_delete(using="default")


def test_an_operator_marks_a_failed_task_as_handled(site, new_page, failure):
    page = new_page(**PHONE)
    log_in(page, site.url(None, "/connexion/"), EMAIL)

    page.goto(site.url(None, "/console/"))
    page.get_by_role("link", name="1 tâche en échec à traiter").click()
    page.get_by_role("heading", name="Tâches en échec", level=1).wait_for()
    expect(page.get_by_text("SMTPServerDisconnected").first).to_be_visible()
    page.screenshot(path=ARTIFACTS / "failed-tasks-phone.png", full_page=True)

    page.get_by_role("button", name="Marquer comme traitée").click()
    page.get_by_text("« exchange.send_activation_email » est marquée comme traitée.").wait_for()
    expect(page.get_by_text("Aucune tâche en échec à traiter.")).to_be_visible()
    failure.refresh_from_db()
    assert failure.handled_at is not None and failure.handled_by.email == EMAIL
