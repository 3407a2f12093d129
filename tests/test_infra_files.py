"""The container and service files, read without running them (this machine has no
container runtime, systemd or nginx): each parses, and each starts the same commands as
`make prod` (infra/prodserver.py), so the paths that are not run here cannot drift from
the one that is (tests/test_make_prod.py)."""

import configparser
import json
import re
import shlex
from pathlib import Path

import yaml

from coopere.settings.base import SELLER_SETTINGS
from infra import prodserver

ROOT = Path(__file__).resolve().parents[1]
# coopere/settings/prod.py's REQUIRED (importing it without them all set fails, by design).
REQUIRED = ["SECRET_KEY", "REDIS_URL", "EMAIL_URL", "ALLOWED_HOSTS", *SELLER_SETTINGS]
SYSTEMD = ROOT / "infra" / "systemd"


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def _containerfile() -> list[tuple[str, str]]:
    """(instruction, arguments), continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Containerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0], line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read_string((SYSTEMD / name).read_text())
    return parser


def _exec_start(name: str) -> list[str]:
    words = shlex.split(_unit(name)["Service"]["ExecStart"])
    words[0] = Path(words[0]).name  # /srv/coopere/.venv/bin/gunicorn -> gunicorn
    return words


def test_compose_has_the_stack_and_the_same_commands():
    compose = _compose()
    services = compose["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "worker", "beat"}
    for name in ("migrate", "web", "worker", "beat"):
        assert services[name]["build"]["dockerfile"] == "Containerfile"
        assert services[name]["environment"]["REDIS_URL"].startswith("redis://redis:")
        assert services[name]["environment"]["DATABASE_URL"].endswith("@db:5432/coopere")
    assert services["web"]["command"] == prodserver.WEB
    assert services["worker"]["command"] == prodserver.WORKER
    assert services["beat"]["command"][: len(prodserver.BEAT)] == prodserver.BEAT
    migrate = services["migrate"]["command"][-1]
    assert migrate == " && ".join(
        "python manage.py " + " ".join(command) for command in prodserver.MIGRATE
    )
    for name in ("web", "worker", "beat"):
        after = services[name]["depends_on"]["migrate"]["condition"]
        assert after == "service_completed_successfully"
    assert services["db"]["image"].endswith("postgres:15")
    assert "/sante/" in " ".join(services["web"]["healthcheck"]["test"])
    assert set(compose["volumes"]) == {"pgdata", "redisdata", "media"}


def test_containerfile_builds_what_make_prod_builds():
    instructions = _containerfile()
    kinds = [kind for kind, _ in instructions]
    assert kinds[0] == "FROM" and "python:3.11" in instructions[0][1]
    runs = " ".join(args for kind, args in instructions if kind == "RUN")
    for command in prodserver.BUILD:
        assert "python manage.py " + " ".join(command) in runs
    assert "postgresql-client-15" in runs  # export_network / restore_network
    assert "libpango" in runs  # WeasyPrint
    cmd = next(args for kind, args in instructions if kind == "CMD")
    assert json.loads(cmd) == prodserver.WEB
    assert "USER" in kinds  # not root at run time
    # Every variable production requires gets a build-time stand-in for collectstatic.
    build = next(args for kind, args in instructions if kind == "RUN" and "collectstatic" in args)
    for name in REQUIRED:
        assert f"{name}=" in build


def test_systemd_units_start_the_same_commands():
    assert _exec_start("coopere-web.service") == prodserver.WEB
    assert _exec_start("coopere-worker.service") == prodserver.WORKER
    assert _exec_start("coopere-beat.service")[: len(prodserver.BEAT)] == prodserver.BEAT
    for name in ("coopere-web.service", "coopere-worker.service", "coopere-beat.service"):
        unit = _unit(name)
        assert unit["Service"]["EnvironmentFile"] == "/etc/coopere/env"
        assert unit["Install"]["WantedBy"] == "multi-user.target"
        assert "DJANGO_SETTINGS_MODULE=coopere.settings.prod" in (SYSTEMD / name).read_text()


def test_nginx_site_serves_every_sub_domain_to_the_web_processes():
    text = (ROOT / "infra" / "nginx" / "coopere.conf").read_text()
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    assert code.count("{") == code.count("}")
    assert re.search(r"server_name\s+coopere\.fr\s+\*\.coopere\.fr;", code)
    assert "proxy_set_header Host $host;" in code  # the host picks the network
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in code  # SECURE_PROXY_SSL_HEADER
    assert "location /media/" not in code  # members-only files go through the application
    static = re.search(r"location /static/ \{\s*alias ([^;]+);", code).group(1)
    web = (SYSTEMD / "coopere-web.service").read_text()
    assert f"STATIC_ROOT={static.rstrip('/')}" in web
    port = re.search(r"server 127\.0\.0\.1:(\d+);", code).group(1)
    assert f"GUNICORN_BIND=127.0.0.1:{port}" in web


def test_the_example_environment_names_every_required_variable():
    example = (ROOT / "infra" / "env.prod.example").read_text()
    named = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.M))
    assert set(REQUIRED) - {"REDIS_URL"} <= named
    assert "REDIS_URL" in named


def test_the_image_leaves_out_local_state():
    for name in (".containerignore", ".dockerignore"):  # podman reads the first, docker the second
        ignored = set((ROOT / name).read_text().split())
        assert {".venv", ".data", ".env.prod", ".git"} <= ignored
