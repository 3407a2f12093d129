"""A member's own data, for their download (RGPD), read through the registry
(`exchange.personal_data`): the profile, then one section per table.

- JSON: `{"profile": {...}, "<table key>": [{field: value}, ...], ...}`, raw values
  (choices by their code, dates in ISO 8601, a linked row by its name).
- CSV: one value a row, `section;champ;valeur` (the section is the table's French name and
  the row's number), written like every CSV of the platform (`frontend.spreadsheet`): French
  field names, `oui`/`non`, dates `31/12/2026 23:59` in Paris time, choices by their label,
  and any text a spreadsheet would run as a formula (`=HYPERLINK(…)`) defused.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone, translation

from . import personal_data
from .models import Member

HEADER = ["section", "champ", "valeur"]
PROFILE = "profil"


def _name(obj) -> str:
    """A linked row as a person reads it."""
    if isinstance(obj, Member):
        return obj.display_name
    for attr in ("title", "item", "subject", "name"):
        if getattr(obj, attr, None):
            return str(getattr(obj, attr))
    if getattr(obj, "starts_at", None):  # a café: when and where, in Paris time
        when = timezone.localtime(obj.starts_at).strftime("%d/%m/%Y %H:%M")
        return f"{when} {obj.place_name or obj.video_url}".strip()
    if hasattr(obj, "post"):  # a connection: the post it is about
        return _name(obj.post)
    if hasattr(obj, "cafe"):
        return _name(obj.cafe)
    if type(obj).__str__ is not models.Model.__str__:
        return str(obj)
    return f"{obj._meta.verbose_name} {obj.pk}"


def _typed(obj, name: str):
    """(model field, value) of one exported field; linked rows and files as text."""
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return field, ", ".join(_name(o) for o in getattr(obj, name).all())
    if field.is_relation:
        linked = getattr(obj, name)
        return field, _name(linked) if linked is not None else None
    value = getattr(obj, name)
    if isinstance(value, models.fields.files.FieldFile):
        value = value.name or ""
    return field, value


def _profile(member: Member) -> list[tuple]:
    user = member.user
    items = [(user, n, csv) for n, csv in personal_data.USER_FIELDS.items()]
    items += [(member, n, csv) for n, csv in personal_data.MEMBER_FIELDS.items()]
    return [(name, csv, *_typed(obj, name)) for obj, name, csv in items]


def _tables(member: Member):
    """(entry, [[(name, csv name, field, value), ...] per row]) for each registered table."""
    for entry in personal_data.TABLES:
        related = [
            name
            for name in entry.fields
            if entry.model_class._meta.get_field(name).is_relation
            and not entry.model_class._meta.get_field(name).many_to_many
        ]
        rows = personal_data.rows_of(entry, member).select_related(*related).order_by("pk")
        yield (
            entry,
            [
                [(name, csv, *_typed(obj, name)) for name, csv in entry.fields.items()]
                for obj in rows
            ],
        )


def _json_value(value):
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def member_data(member: Member) -> dict:
    data = {"profile": {name: _json_value(v) for name, _csv, _f, v in _profile(member)}}
    for entry, rows in _tables(member):
        data[entry.key] = [{name: _json_value(v) for name, _c, _f, v in row} for row in rows]
    return data


def _csv_value(field, value):
    if value in (None, ""):
        return value
    if getattr(field, "choices", None) and not field.is_relation:
        return str(dict(field.flatchoices).get(value, value))
    return value


def member_data_rows(member: Member) -> list[list]:
    """The CSV rows; labels in the network's language (French)."""
    rows = []
    with translation.override(settings.LANGUAGE_CODE):
        for _n, csv, field, value in _profile(member):
            rows.append([PROFILE, csv, _csv_value(field, value)])
        for entry, table_rows in _tables(member):
            for index, row in enumerate(table_rows, start=1):
                for _n, csv, field, value in row:
                    rows.append([f"{entry.section} {index}", csv, _csv_value(field, value)])
    return rows
