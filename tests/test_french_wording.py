"""French agreement where the English source cannot say it: an invoice is « payée », a
checklist item « coché », a project step « faite »."""

from django.template import Context, Template
from django.utils import translation

from billing.models import Invoice
from onboarding.models import ChecklistItem


def test_an_invoice_is_payee_and_a_checklist_item_coche():
    with translation.override("fr"):
        assert str(Invoice.Status.PAID.label) == "Payée"
        assert str(Invoice.Status.ISSUED.label) == "Émise"
        assert str(ChecklistItem.Kind.MANUAL.label) == "Coché par l'équipe Coop-ère"
        assert str(ChecklistItem.Kind.AUTOMATIC.label) == (
            "Calculé à partir des indicateurs du réseau"
        )


def test_a_step_is_faite_and_a_checklist_item_fait():
    with translation.override("fr"):
        step = Template('{% load i18n %}{% translate "done" context "step" %}')
        item = Template('{% load i18n %}{% translate "done" %}')
        assert step.render(Context()) == "faite"
        assert item.render(Context()) == "fait"
