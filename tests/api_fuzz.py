"""API fuzzing with schemathesis: the network API's own OpenAPI schema drives the requests.

The app is called in-process through its WSGI entry point (werkzeug's client, real cookies
and CSRF header, the network's host name), inside the test's transaction: every write is
rolled back at the end. Path ids are drawn mostly from rows that exist in network A (so
detail and write endpoints are reached), sometimes from anywhere.

Used by tests/test_api_fuzz.py (bounded, in `make test`) and by `make fuzz` (longer: more
examples, every check, a summary): `COOPERE_FUZZ_EXAMPLES` and `COOPERE_FUZZ_CHECKS=all`.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import FailureGroup
from werkzeug.test import Client

from coopere.wsgi import application

EXAMPLES = int(os.environ.get("COOPERE_FUZZ_EXAMPLES", "4"))
ALL_CHECKS = os.environ.get("COOPERE_FUZZ_CHECKS") == "all"

# What the bounded run checks: no 5xx, and status, content type and body as documented.
BASIC_CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
]

# Which rows a path's `{id}` names, by the path's first segment after /api/.
ID_KINDS = {"posts": "post", "connections": "connection", "themes": "theme"}


def checks() -> list:
    load_all_checks()
    return CHECKS.get_all() if ALL_CHECKS else CHECKS.get_by_names(BASIC_CHECKS)


@dataclass
class Summary:
    """Requests per operation and status, and failures, across personas and modes."""

    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def record(self, label: str, status: int) -> None:
        self.statuses[label][status] += 1

    @property
    def requests(self) -> int:
        return sum(sum(c.values()) for c in self.statuses.values())

    def text(self) -> str:
        lines = [
            f"API fuzz: {len(self.statuses)} operations, {self.requests} requests, "
            f"{len(self.failures)} failures, {self.seconds:.1f} s "
            f"(examples per operation and mode: {EXAMPLES}; "
            f"checks: {'all' if ALL_CHECKS else ', '.join(BASIC_CHECKS)})"
        ]
        for label in sorted(self.statuses):
            counts = ", ".join(f"{s}×{n}" for s, n in sorted(self.statuses[label].items()))
            lines.append(f"  {label:<48} {counts}")
        lines.extend(f"FAILURE {failure}" for failure in self.failures)
        return "\n".join(lines)


# The app is reached as "localhost" (where werkzeug's test client keeps the cookies a case
# carries) and told the network's host name here, as a proxy would pass it on.
LOCAL = "http://localhost"


def for_host(host: str):
    def app(environ, start_response):
        environ["HTTP_HOST"] = host
        return application(environ, start_response)

    return app


def log_in(app, login: str, password: str) -> dict:
    """Log in through the login page; the session and CSRF cookies a browser would keep."""
    client = Client(app)
    page = client.get("/connexion/", base_url=LOCAL)
    assert page.status_code == 200, page.status_code
    token = client.get_cookie("csrftoken").value
    response = client.post(
        "/connexion/",
        base_url=LOCAL,
        data={"username": login, "password": password, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302, (response.status_code, response.get_data()[:500])
    # Logging in rotates the CSRF token.
    return {name: client.get_cookie(name).value for name in ("sessionid", "csrftoken")}


def load_schema(app, session_id: str):
    """The schema as the network's host serves it at /api/schema/, with the member's session
    as the value of its security scheme (`cookieAuth`, the `sessionid` cookie): schemathesis
    sends it, and checks that probe authentication know it is the real one."""
    response = Client(app).get("/api/schema/", base_url=LOCAL, query_string={"format": "json"})
    assert response.status_code == 200, response.status_code
    # Business rules live in the services, not in the schema (a title of blanks, an amount
    # in a post): schema-valid input they refuse answers 400, which is not a failure.
    config = schemathesis.Config.from_dict(
        {
            "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", 400, 403, 404]}},
            "auth": {"openapi": {"cookieAuth": {"api_key": session_id}}},
        }
    )
    schema = schemathesis.openapi.from_dict(response.json, config=config)
    schema.app = app  # checks that send requests of their own call the app in-process too
    return schema


class in_process_requests:  # a context manager, named as such
    """As Django's test client does: a request through the WSGI handler must not close the
    test's connection (that would end its transaction). Refused requests (4xx) are the point
    of the run: their log lines are muted; server errors are still logged."""

    def __enter__(self):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        self.logger = logging.getLogger("django.request")
        self.level = self.logger.level
        self.logger.setLevel(logging.ERROR)

    def __exit__(self, *exc):
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        self.logger.setLevel(self.level)


def _ids_strategy(ids: dict[str, list[int]], kind: str):
    """Mostly an id that exists in network A, sometimes any integer (missing rows, zero,
    negative, huge)."""
    known = ids.get(kind) or [1]
    return st.one_of(
        st.sampled_from(known),
        st.sampled_from(known),
        st.sampled_from(known),
        st.integers(min_value=-(2**31), max_value=2**63),
    )


def fuzz_operation(operation, *, app, cookies: dict, ids: dict, summary: Summary, label: str):
    """Run one operation's positive and negative examples; failures go to the summary."""
    kind = ID_KINDS.get(operation.path.split("/")[2])
    wanted = checks()
    headers = {"X-CSRFToken": cookies["csrftoken"]}
    transport = {"app": app, "base_url": LOCAL, "headers": headers}
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategy = operation.as_strategy(generation_mode=mode)
        if "{id}" in operation.path and kind:
            strategy = st.tuples(strategy, _ids_strategy(ids, kind)).map(_with_id)

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            print_blob=False,
        )
        @given(case=strategy)
        def run(case):
            # The session cookie comes from the schema's auth; the CSRF pair from here.
            case.cookies = {**(case.cookies or {}), "csrftoken": cookies["csrftoken"]}
            response = case.call(**transport)
            summary.record(f"{operation.method.upper()} {operation.path}", response.status_code)
            try:
                case.validate_response(
                    response, checks=wanted, headers=headers, transport_kwargs=transport
                )
            except FailureGroup as failure:
                summary.failures.append(
                    f"[{label}, {case.meta.generation.mode.value}] "
                    f"{operation.method.upper()} {operation.path}: "
                    f"{_short(str(failure))}"
                )

        run()


def _with_id(pair):
    case, value = pair
    # Negative cases may put a string or a float there on purpose: keep those.
    if isinstance((case.path_parameters or {}).get("id"), int):
        case.path_parameters["id"] = value
    return case


def _short(text: str, limit: int = 1500) -> str:
    text = re.sub(r"\n{3,}", "\n\n", text.strip())
    return text if len(text) <= limit else text[:limit] + " …"


def fuzz_all(*, personas: dict, host: str, ids: dict, summary: Summary) -> None:
    started = time.monotonic()
    app = for_host(host)
    with in_process_requests():
        for label, (login, password) in personas.items():
            cookies = log_in(app, login, password)
            schema = load_schema(app, cookies["sessionid"])
            for result in schema.get_all_operations():
                fuzz_operation(
                    result.ok(), app=app, cookies=cookies, ids=ids, summary=summary, label=label
                )
    summary.seconds += time.monotonic() - started
