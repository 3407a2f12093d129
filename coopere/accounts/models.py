"""One user model for every schema.

Its table exists in `public` (Coop-ère staff, partner staff) and in each network schema
(residents). The same primary key in two schemas is two different people, which is why
sessions live per schema and are bound to it.
"""

import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: a code read aloud at a café or typed by an elderly resident.
MEMBER_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_member_code() -> str:
    raw = "".join(secrets.choice(MEMBER_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_member_code(value: str) -> str:
    cleaned = "".join(ch for ch in value.upper() if ch.isalnum())
    return f"{cleaned[:4]}-{cleaned[4:]}" if len(cleaned) == 8 else cleaned


# Addresses under the reserved `.invalid` top-level domain (RFC 2606) name Coop-ère's own
# support accounts inside networks (support.services). Nobody else may hold one: a resident
# registered under a coach's support address would be reused as the coach's identity.
RESERVED_EMAIL_SUFFIX = ".invalid"


def is_reserved_email(email: str | None) -> bool:
    return bool(email) and email.strip().lower().endswith(RESERVED_EMAIL_SUFFIX)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        email = self.normalize_email(email).lower() if email else None
        if is_reserved_email(email) and extra.get("kind") != User.Kind.OPERATOR:
            raise ValueError("addresses under .invalid are kept for Coop-ère's support users")
        if not email and not extra.get("member_code"):
            extra["member_code"] = new_member_code()
        user = self.model(email=email, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra):
        extra.setdefault("kind", User.Kind.RESIDENT)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(kind=User.Kind.OPERATOR, is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    class Kind(models.TextChoices):
        OPERATOR = "operator", _("Coop-ère staff")
        PARTNER = "partner", _("Partner staff")
        RESIDENT = "resident", _("Resident")

    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    member_code = models.CharField(
        _("member code"),
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Lets a resident without email log in."),
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("can use the admin"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(member_code__isnull=False),
                name="user_has_login",
                violation_error_message=_("A user needs an email address or a member code."),
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.email or self.member_code or str(self.pk)

    def save(self, *args, **kwargs):
        if self.email:
            self.email = self.email.strip().lower()
        else:
            self.email = None
        if not self.email and not self.member_code:
            self.member_code = new_member_code()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name
