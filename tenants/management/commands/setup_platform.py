from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from tenants import schema_check, services
from tenants.models import Network


class Command(BaseCommand):
    help = (
        "After migrate_schemas: make sure the public site, the template schema and the "
        "warm pool exist, then check every schema has its tables."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-pool", action="store_true", help="do not refill the pool")

    def handle(self, *args, no_pool=False, verbosity=1, **options):
        services.ensure_public_site()
        services.ensure_template(verbosity=max(verbosity - 1, 0))
        made = 0 if no_pool else services.fill_pool()
        problems = check_all_schemas()
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(
            ngettext(
                "Platform ready: template schema current, %(made)d spare schema added.",
                "Platform ready: template schema current, %(made)d spare schemas added.",
                made,
            )
            % {"made": made}
        )


def check_all_schemas() -> list[str]:
    problems = []
    missing = schema_check.missing_public_tables()
    if missing:
        problems.append(f"public: missing {', '.join(missing)}")
    leaked = schema_check.tenant_only_tables_in_public()
    if leaked:
        problems.append(f"public: holds tenant-only tables {', '.join(leaked)}")
    schemas = list(
        Network.objects.exclude(state=Network.State.PUBLIC)
        .order_by("schema_name")
        .values_list("schema_name", flat=True)
    )
    for schema, missing in schema_check.missing_tenant_tables_by_schema(schemas).items():
        problems.append(f"{schema}: missing {', '.join(missing)}")
    return problems
