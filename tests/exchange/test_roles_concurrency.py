"""Two pilotes stepping down at the same moment, on two real database connections: one
succeeds, the other is told the network would be left without a pilote."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_context

from coopere.accounts.models import User
from exchange.models import Member, MemberRoleChange
from exchange.services import members
from tests.conftest import schema_of


def test_two_pilotes_cannot_both_step_down_at_once(committed_db):
    schema = schema_of("reseau-a")
    with schema_context(schema):
        assert not Member.objects.filter(group_role="pilote").exists()
        pilotes = [
            Member.objects.create(
                user=User.objects.create_user(
                    email=f"pilote-{n}@concurrence.test", first_name=f"Pilote{n}"
                ),
                display_name=f"Pilote {n}",
                address="1 rue du Four",
                group_role="pilote",
            )
            for n in (1, 2)
        ]
    barrier = threading.Barrier(2)
    done, refused, errors = [], [], []

    def step_down(pilote):
        try:
            with schema_context(schema):
                barrier.wait(timeout=10)
                members.set_group_role(actor=pilote, member=pilote, role="copilote")
                done.append(pilote.pk)
        except ValidationError as exc:
            refused.append(exc)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=step_down, args=(p,)) for p in pilotes]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors, errors
        assert (len(done), len(refused)) == (1, 1)
        assert "group_role" in refused[0].message_dict
        with schema_context(schema):
            assert Member.objects.filter(group_role="pilote").count() == 1
            assert MemberRoleChange.objects.filter(member__in=pilotes).count() == 1
    finally:
        with schema_context(schema):
            MemberRoleChange.objects.filter(member__in=pilotes).delete()
            Member.objects.filter(pk__in=[p.pk for p in pilotes]).delete()
            users = User.objects.filter(email__endswith="@concurrence.test")
            users._raw_delete(users.db)
