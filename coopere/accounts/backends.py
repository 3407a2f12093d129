from django.contrib.auth.backends import ModelBackend

from .models import User, normalize_member_code


class EmailOrMemberCodeBackend(ModelBackend):
    """Log in with an email address, or with the member code printed on a resident's card.

    Works on the current schema only: the same address in another network is another user.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        identifier = (username or kwargs.get("email") or "").strip()
        if not identifier or password is None:
            return None
        if "@" in identifier:
            lookup = {"email": identifier.lower()}
        else:
            lookup = {"member_code": normalize_member_code(identifier)}
        try:
            user = User.objects.get(**lookup)
        except User.DoesNotExist:
            # Run the hasher anyway so a missing account takes as long as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
