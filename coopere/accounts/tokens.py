"""Password reset tokens bound to the schema they were made in.

The same primary key in two schemas is two different people (see models.py): a link
emailed by network A must never reset the password of B's user who happens to share
that key, even if both had the same password hash and last login.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import connection


class SchemaBoundTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "coopere.accounts.tokens.SchemaBoundTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{connection.schema_name}:{super()._make_hash_value(user, timestamp)}"


password_reset_token = SchemaBoundTokenGenerator()
