"""A member's own data as a CSV (the RGPD download beside the JSON one): the same content as
`services.members.export_member_data`, one value a row, `section;champ;valeur`, written
like every CSV of the platform (`frontend.spreadsheet`): French column and field names,
`oui`/`non`, dates `31/12/2026 23:59` in Paris time, choices by their label."""

from datetime import datetime

from django.conf import settings
from django.utils import translation

from .models import Member, Post

HEADER = ["section", "champ", "valeur"]

FIELD_NAMES = {
    # profile
    "first_name": "prenom",
    "last_name": "nom",
    "display_name": "nom_affiche",
    "email": "email",
    "member_code": "code_membre",
    "phone": "telephone",
    "address": "adresse",
    "household_size": "personnes_au_foyer",
    "registered_at": "inscrit_le",
    "show_in_directory": "visible_dans_l_annuaire",
    "show_address": "adresse_visible",
    "share_contact": "coordonnees_partagees",
    "notification_mode": "notifications",
    "sponsor": "parrain_ou_marraine",
    # questionnaire
    "theme": "theme",
    "can_offer": "peut_proposer",
    "would_need": "aurait_besoin",
    "interested": "interesse",
    "note": "note",
    # posts
    "kind": "type",
    "title": "titre",
    "description": "description",
    "availability": "disponibilites",
    "status": "statut",
    "created_at": "creee_le",
    # messages
    "post": "annonce",
    "body": "texte",
    "at": "envoye_le",
}
DATES = {"registered_at", "created_at", "at"}
CHOICES = {
    "notification_mode": Member.Digest,
    "kind": Post.Kind,
    "status": Post.Status,
}
SECTIONS = [
    ("questionnaire", "questionnaire"),
    ("posts", "annonce"),
    ("messages", "message"),
]


def _value(field: str, value):
    if value in (None, ""):
        return value
    if field in DATES:
        return datetime.fromisoformat(value)
    if field in CHOICES:
        try:
            return str(CHOICES[field](value).label)
        except ValueError:
            return value
    return value


def member_data_rows(data: dict) -> list[list]:
    """Rows of `export_member_data(member)`; labels in the network's language (French)."""
    rows = []
    with translation.override(settings.LANGUAGE_CODE):
        for field, value in data["profile"].items():
            rows.append(["profil", FIELD_NAMES.get(field, field), _value(field, value)])
        for key, section in SECTIONS:
            for index, item in enumerate(data[key], start=1):
                for field, value in item.items():
                    rows.append(
                        [f"{section} {index}", FIELD_NAMES.get(field, field), _value(field, value)]
                    )
        for key, section in (
            ("exchanges_given", "échange donné"),
            ("exchanges_received", "échange reçu"),
        ):
            for index, done_at in enumerate(data[key], start=1):
                rows.append([f"{section} {index}", "date", _value("at", done_at)])
    return rows
