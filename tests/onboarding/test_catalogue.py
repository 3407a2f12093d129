"""Operators edit the catalogue by publishing versions; started networks keep theirs."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coopere.accounts.models import User
from onboarding.models import ChecklistVersion
from onboarding.selectors import catalogue_items, checklist_for
from onboarding.services import publish_checklist_version, start_checklist


def test_publish_a_new_version_from_the_current_one(network_a, network_b, operator, version1):
    start_checklist(network=network_a)
    items = catalogue_items(version1)
    items.append({"phase": "amorcage", "key": "relays-met", "label": "Relais rencontrés"})
    version = publish_checklist_version(actor=operator, items=items)
    assert version.number == 2
    assert version.items.count() == version1.items.count() + 1
    relays = version.items.get(key="relays-met")
    assert (relays.kind, relays.required, relays.position) == ("manual", True, 7)
    group = version.items.get(key="group-formed")
    assert (group.kind, group.indicator, group.threshold) == ("automatic", "group_size", None)
    # A: started on version 1, keeps it; B: not started, follows the new one.
    assert checklist_for(network_a).version == version1
    assert checklist_for(network_b).version == version
    assert start_checklist(network=network_b).version == version


def test_bad_items_are_all_listed_in_french_and_nothing_is_published(operator, version1):
    items = [
        {"phase": "amorcage", "key": "ok", "label": "Bien"},
        {"phase": "ailleurs", "key": "ok", "label": ""},
        {"phase": "lancement", "key": "Pas Une Clé", "label": "X", "kind": "automatic"},
        {
            "phase": "lancement",
            "key": "petit-groupe",
            "label": "Groupe",
            "kind": "automatic",
            "indicator": "group_size",
            "threshold": 3,
        },
    ]
    with translation.override("fr"), pytest.raises(ValidationError) as exc:
        publish_checklist_version(actor=operator, items=items)
    assert exc.value.message_dict == {
        "items": [
            "Élément 2 : phase inconnue.",
            "Élément 2 : donnez-lui un libellé.",
            "Élément 2 : la clé ok est déjà utilisée.",
            "Élément 3 : donnez-lui une clé faite de minuscules sans accents, de chiffres "
            "et de tirets.",
            "Élément 3 : un élément automatique a besoin de l'un de ces indicateurs : "
            "group_size, cafes_held, newsletters_sent, residents, platform_opened.",
            "Élément 4 : un Groupe d'Animation compte au moins 4 membres.",
        ]
    }
    assert list(ChecklistVersion.objects.values_list("number", flat=True)) == [1]


def test_an_empty_catalogue_or_a_resident_is_refused(operator):
    resident = User.objects.create_user(email="rose@exemple.test", first_name="Rose")
    with translation.override("fr"), pytest.raises(ValidationError) as exc:
        publish_checklist_version(actor=resident, items=[])
    assert exc.value.message_dict == {
        "actor": ["Seule l'équipe Coop-ère peut faire cela."],
        "items": ["Une liste de contrôle compte au moins un élément."],
    }
    assert ChecklistVersion.objects.count() == 1
