"""One way for a service to refuse: collect messages field by field, then raise them
together as a ValidationError that forms, commands and the API show as they are."""

from django.core.exceptions import ValidationError


class Errors(dict):
    """A service's refusals by field (a dict of lists: ValidationError takes it as is).
    Helpers that check part of an input take the caller's `errors: Errors` and add to it.

        errors = Errors()
        if not reason:
            errors.add("reason", _("Write why."))
        errors.raise_if_any()
    """

    def add(self, field: str, message) -> None:
        self.setdefault(field, []).append(message)

    def extend(self, field: str, messages) -> None:
        self.setdefault(field, []).extend(messages)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))
