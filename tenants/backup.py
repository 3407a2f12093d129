"""One network's backup and restore: its schema, its public rows and its files, in one file.

`export_network(slug=..., path=...)` writes a gzipped tar holding
- `manifest.json`: format, slug, schema, when, PostgreSQL and pg_dump versions;
- `schema.dump`: `pg_dump --format=custom --schema=<schema>` (tables, sequences, the
  schema's own django_migrations);
- `public.json`: the Network row, its Domains, and every public row that belongs to it —
  each model of a public-only app with a foreign key to Network (snapshots, checklist and
  its ticks, phase transitions, amorceurs, relays, documents, platform opening, apéro-info,
  letter, coaching sessions and alerts). Rows they point at in public travel by natural
  key: users by email, the region by code, checklist versions by number and items by
  (version, key). Rows whose required link has no natural key (a training of the whole
  platform) are left out and counted in the manifest. Billing (subscriptions, invoices)
  belongs to partners, not to one network: it stays with the whole-database backup;
- `files/`: the network's media (under its schema in the media storage) and `public-files/`
  the files of its public rows (console documents, attachments).

`restore_network(path=...)` refuses, before writing anything, when the slug, the schema or
a domain already exists; then `pg_restore --single-transaction`, then the public rows in
one transaction (the schema is dropped again if they fail), then the files. A user named
by the archive and missing here is created inactive without a password: history keeps its
author, nobody gains access. PostgreSQL's client tools must be at least the server's
version: `pg_tool` picks Debian's /usr/lib/postgresql/<major>/bin or pgserver's.
"""

import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from coopere.accounts.models import User
from onboarding.models import ChecklistItem, ChecklistVersion

from .models import Domain, Network, Region

FORMAT = 1
DUMP_OPTIONS = ("--format=custom", "--no-owner", "--no-privileges")
# All or nothing: a failed restore leaves no half schema behind.
RESTORE_OPTIONS = ("--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error")


# --- PostgreSQL's client tools ------------------------------------------------------------


def _tool_major(binary: str) -> int | None:
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    found = re.search(r"(\d+)(?:\.\d+)?", out.stdout)
    return int(found.group(1)) if found else None


def server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore of the server's major version (or newer)."""
    major = server_major()
    for candidate in _candidates(name, major):
        if candidate.exists() and (_tool_major(str(candidate)) or 0) >= major:
            return str(candidate)
    raise ValidationError(
        {
            "tools": [
                _("No %(tool)s for PostgreSQL %(major)s was found (set COOPERE_PG_BIN).")
                % {"tool": name, "major": major}
            ]
        }
    )


def _candidates(name: str, major: int):
    if os.environ.get("COOPERE_PG_BIN"):
        yield Path(os.environ["COOPERE_PG_BIN"]) / name
    yield Path(f"/usr/lib/postgresql/{major}/bin") / name  # Debian's postgresql-client-N
    import pgserver  # the embedded server's own tools (PostgreSQL 16)

    yield Path(pgserver.__file__).parent / "pginstall" / "bin" / name
    if shutil.which(name):
        yield Path(shutil.which(name))


def _pg_args() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432)]
    args += ["--username", db.get("USER") or "postgres", "--dbname", db["NAME"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


# --- what belongs to a network in public ------------------------------------------------

# Rows in public that others point at, and how an archive names them.
NATURAL_KEYS = {
    User: lambda obj: obj.email,
    Region: lambda obj: [obj.code, obj.name],
    ChecklistVersion: lambda obj: obj.number,
    ChecklistItem: lambda obj: [obj.version.number, obj.key],
}


def owned_models() -> list[type[models.Model]]:
    """Models of public-only apps with a foreign key to Network (Domain apart)."""
    tenant_apps = set(settings.TENANT_APPS)
    found = [
        model
        for model in apps.get_models()
        if model._meta.app_config.name not in tenant_apps
        and model not in (Network, Domain)
        and any(
            (f.many_to_one or f.one_to_one) and f.related_model is Network
            for f in model._meta.concrete_fields
        )
    ]
    return sorted(found, key=lambda m: m._meta.label)


def _portable(model) -> bool:
    """False when a required link points at a row the archive cannot name."""
    return all(
        f.null or f.related_model in NATURAL_KEYS or f.related_model is Network
        for f in model._meta.concrete_fields
        if f.is_relation
    )


def _row(obj) -> dict:
    data = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or (field.is_relation and field.related_model is Network):
            continue
        if field.is_relation:
            target = getattr(obj, field.name)
            key = NATURAL_KEYS.get(field.related_model)
            data[field.name] = key(target) if target is not None and key else None
        elif isinstance(field, models.FileField):
            data[field.name] = getattr(obj, field.attname).name or ""
        else:
            data[field.name] = field.value_from_object(obj)
    return data


# --- export --------------------------------------------------------------------------------


def export_network(*, slug: str, path: str | Path) -> dict:
    """Write one network's archive to `path`; returns the manifest."""
    network = Network.objects.filter(slug=slug, state=Network.State.LIVE).first()
    if network is None:
        raise ValidationError({"slug": [_("No network has the address “%s”.") % slug]})
    schema = network.schema_name
    pg_dump = pg_tool("pg_dump")
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "schema.dump"
        args, env = _pg_args()
        run = subprocess.run(
            [pg_dump, *args, *DUMP_OPTIONS, "--schema", schema, "--file", str(dump)],
            env=env,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            raise ValidationError({"slug": [_("pg_dump failed: %s") % run.stderr.strip()]})
        with schema_context(get_public_schema_name()):
            public, public_files, skipped = _public_rows(network)
        manifest = {
            "format": FORMAT,
            "slug": slug,
            "schema": schema,
            "exported_at": timezone.now().isoformat(),
            "server_major": server_major(),
            "pg_dump": _tool_major(pg_dump),
            "rows": {label: len(rows) for label, rows in public["rows"].items()},
            "left_out": skipped,
        }
        with tarfile.open(path, "w:gz") as tar:
            _add_bytes(tar, "manifest.json", _json(manifest))
            _add_bytes(tar, "public.json", _json(public))
            tar.add(dump, arcname="schema.dump")
            for name in public_files:
                with default_storage.open(name, "rb") as handle:
                    _add_bytes(tar, f"public-files/{name}", handle.read())
            with schema_context(schema):
                for name in _walk(""):
                    with default_storage.open(name, "rb") as handle:
                        _add_bytes(tar, f"files/{name}", handle.read())
    return manifest


def _public_rows(network) -> tuple[dict, list[str], dict[str, int]]:
    rows, files, skipped, users = {}, [], {}, {}
    for model in owned_models():
        fk = next(
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is Network
        )
        objects = list(model.objects.filter(**{fk: network}))
        if not _portable(model):
            if objects:
                skipped[model._meta.label] = len(objects)
            continue
        rows[model._meta.label] = [_row(obj) for obj in objects]
        for obj in objects:
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField) and getattr(obj, field.attname):
                    files.append(getattr(obj, field.attname).name)
                if field.is_relation and field.related_model is User:
                    user = getattr(obj, field.name)
                    if user is not None:
                        users[user.email] = _user(user)
    if network.coach:
        users[network.coach.email] = _user(network.coach)
    public = {
        "network": _row(network),
        "domains": list(Domain.objects.filter(tenant=network).values("domain", "is_primary")),
        "users": users,
        "rows": rows,
    }
    return public, files, skipped


def _user(user) -> dict:
    return {"first_name": user.first_name, "last_name": user.last_name, "kind": user.kind}


def _walk(folder: str):
    try:
        dirs, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        yield f"{folder}{name}"
    for sub in dirs:
        yield from _walk(f"{folder}{sub}/")


def _json(value) -> bytes:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()


def _add_bytes(tar, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


# --- restore -------------------------------------------------------------------------------


def restore_network(*, path: str | Path) -> Network:
    """Restore an archive written by export_network into this database."""
    with tarfile.open(path, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        public = json.loads(tar.extractfile("public.json").read())
        _check_free(manifest, public)
        pg_restore = pg_tool("pg_restore")
        schema = manifest["schema"]
        with tempfile.TemporaryDirectory() as tmp:
            tar.extract("schema.dump", tmp, filter="data")
            args, env = _pg_args()
            run = subprocess.run(
                [pg_restore, *args, *RESTORE_OPTIONS, str(Path(tmp) / "schema.dump")],
                env=env,
                capture_output=True,
                text=True,
            )
        if run.returncode != 0:
            raise ValidationError({"file": [_("pg_restore failed: %s") % run.stderr.strip()]})
        try:
            with schema_context(get_public_schema_name()):
                network = _restore_public(schema, public, tar)
        except BaseException:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            raise
        with schema_context(schema):
            for member in tar.getmembers():
                if member.isfile() and member.name.startswith("files/"):
                    name = member.name.removeprefix("files/")
                    default_storage.save(name, ContentFile(tar.extractfile(member).read()))
    return network


def _check_free(manifest: dict, public: dict) -> None:
    if manifest.get("format") != FORMAT:
        raise ValidationError({"file": [_("This file is not a network backup.")]})
    slug, schema = manifest["slug"], manifest["schema"]
    domains = [d["domain"] for d in public["domains"]]
    with schema_context(get_public_schema_name()):
        if Network.objects.filter(slug=slug).exists():
            message = _(
                "A network with the address “%s” already exists in this database: "
                "nothing was restored."
            )
            raise ValidationError({"slug": [message % slug]})
        if schema_exists(schema) or Network.objects.filter(schema_name=schema).exists():
            message = _("The schema “%s” already exists in this database: nothing was restored.")
            raise ValidationError({"slug": [message % schema]})
        taken = list(Domain.objects.filter(domain__in=domains).values_list("domain", flat=True))
        if taken:
            message = _("The domain “%s” is already used in this database: nothing was restored.")
            raise ValidationError({"slug": [message % taken[0]]})


def _restore_public(schema: str, public: dict, tar) -> Network:
    with transaction.atomic():
        users = {email: _find_or_make_user(email, data) for email, data in public["users"].items()}
        network = _create(Network, _values(Network, public["network"], users))
        for domain in public["domains"]:
            Domain.objects.create(tenant=network, **domain)
        by_label = {m._meta.label: m for m in owned_models()}
        for label, rows in public["rows"].items():
            model = by_label[label]
            fk = next(
                f.name
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model is Network
            )
            for row in rows:
                values = _values(model, row, users)
                for field in model._meta.concrete_fields:
                    if isinstance(field, models.FileField) and values.get(field.name):
                        data = tar.extractfile(f"public-files/{values[field.name]}").read()
                        values[field.name] = default_storage.save(
                            values[field.name], ContentFile(data)
                        )
                _create(model, {fk: network, **values})
    return network


def _create(model, values: dict):
    """Insert, then put back the times that auto_now(_add) replaced on the way in."""
    obj = model.objects.create(**values)
    stamped = {
        f.name: values[f.name]
        for f in model._meta.concrete_fields
        if (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
        and values.get(f.name)
    }
    if stamped:
        model.objects.filter(pk=obj.pk).update(**stamped)
        obj.refresh_from_db()
    return obj


def _values(model, row: dict, users: dict) -> dict:
    values = {}
    for name, value in row.items():
        field = model._meta.get_field(name)
        if field.is_relation:
            values[name] = None if value is None else _resolve(field.related_model, value, users)
            if values[name] is None and not field.null:
                message = _(
                    "The backup refers to %(what)s “%(key)s”, which this database lacks: "
                    "nothing was restored."
                )
                what = field.related_model._meta.verbose_name
                raise ValidationError({"file": [message % {"what": what, "key": value}]})
        elif isinstance(field, models.FileField):
            values[name] = value
        else:
            values[name] = field.to_python(value)
    return values


def _resolve(target, key, users: dict):
    if target is User:
        return users[key]
    if target is Region:
        return Region.objects.get_or_create(code=key[0], defaults={"name": key[1]})[0]
    if target is ChecklistVersion:
        return ChecklistVersion.objects.filter(number=key).first()
    if target is ChecklistItem:
        return ChecklistItem.objects.filter(version__number=key[0], key=key[1]).first()
    raise ValueError(f"no natural key for {target}")


def _find_or_make_user(email: str, data: dict):
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, is_active=False, **data)
        user.set_unusable_password()
        user.save()
    return user
