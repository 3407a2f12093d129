"""The API schema documents the errors every endpoint can answer, not only its success.

drf-spectacular writes only the 200/201 an operation returns when all goes well; clients (and
the schemathesis fuzz run, tests/test_api_fuzz.py) then meet 400, 403 and 404 answers the
schema never mentions. This AutoSchema adds them where the framework produces them:

- 403 on every operation: not logged in, not a member of this network, platform not open
  yet, missing CSRF token, or a service's PermissionDenied (`{"detail": "…"}`);
- 404 when the path names a row (`{id}`), when the list is paginated (a page past the end),
  when the input has `for_member` (someone the member does not sponsor), or when a `format`
  parameter is declared (an unknown format);
- 415 on a write with a body that is not JSON (the API reads JSON only);
- 400 on every write (field errors from the input, or a rule of the service: already done,
  already retired…; a `detail` alone for a body that cannot be parsed), and on a read whose
  query parameters are a serializer (filters).

What a view declares itself with `@extend_schema(responses=…)` is kept.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, force_instance, is_serializer

# Names of the two error bodies, as components of the schema.
ERROR = "Error"
VALIDATION_ERROR = "ValidationError"

_COMPONENTS = {
    ERROR: {
        "type": "object",
        "description": "Why the request was refused or not found, in the member's language.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    VALIDATION_ERROR: {
        "type": "object",
        "description": (
            "Messages per input field (`non_field_errors` for the whole input); items of a "
            "list are keyed by their position. `detail` alone when the body cannot be read."
        ),
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": {
            "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}]
        },
    },
}

_DESCRIPTIONS = {
    "400": "Invalid input: nothing was written.",
    "403": "Not allowed (not logged in, not a member here, platform not open, or a rule).",
    "404": "Not found, or not visible to this member.",
    "415": "The body is not JSON.",
}


class NetworkAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, component in self._error_codes():
            if code not in responses:
                responses[code] = {
                    "content": {"application/json": {"schema": self._component(component)}},
                    "description": _DESCRIPTIONS[code],
                }
        return dict(sorted(responses.items()))

    def _error_codes(self):
        yield "403", ERROR
        if (
            self._names_a_row()
            or self._paginates()
            or self._acts_for_someone()
            or self._has_format_parameter()
        ):
            yield "404", ERROR
        if self.method in {"POST", "PUT", "PATCH", "DELETE"} or self._filters_by_serializer():
            yield "400", VALIDATION_ERROR
        if self.method in {"POST", "PUT", "PATCH"} and self.get_request_serializer() is not None:
            yield "415", ERROR

    def _names_a_row(self) -> bool:
        return "{" in self.path

    def _acts_for_someone(self) -> bool:
        if self.method not in {"POST", "PUT", "PATCH"}:
            return False
        serializer = force_instance(self.get_request_serializer())
        return is_serializer(serializer) and "for_member" in serializer.fields

    def _filters_by_serializer(self) -> bool:
        return any(is_serializer(p) for p in self.get_override_parameters())

    def _paginates(self) -> bool:
        return self.method == "GET" and self._is_list_view() and self._get_paginator() is not None

    def _has_format_parameter(self) -> bool:
        # DRF answers 404 to an unknown `?format=`, declared where a view has several formats.
        return bool(self._get_format_parameters())

    def _component(self, name: str) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=_COMPONENTS[name], object=name
        )
        self.registry.register_on_missing(component)
        return component.ref
