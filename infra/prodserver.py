"""`make prod`: the production settings on this machine — real PostgreSQL and Redis,
gunicorn on loopback, a Celery worker and beat — as the deploy steps run them.

Each required production variable (coopere/settings/prod.py) gets a local value unless
already set: a secret key kept in .data/prod/secret-key, Redis on 127.0.0.1 (db 0),
emails printed on the console, the demo seller's identity, the `coopere_prod` database on
127.0.0.1 (created if missing). No TLS on loopback: the HTTPS redirect and HSTS are off,
everything else is production's. Then: compile the catalogues, collectstatic (hashed
names, WhiteNoise), migrate_networks, setup_platform, with `--demo` the demo data, and
start gunicorn, the worker and beat. Ctrl-C or a SIGTERM to this process stops them all.
"""

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA = BASE_DIR / ".data" / "prod"
PORT = os.environ.get("PORT", "8001")


def local_environment() -> dict[str, str]:
    """The process environment with a local value for each production variable not set."""
    # Read first: importing `coopere` (for the demo seller) sets DJANGO_SETTINGS_MODULE to
    # the dev settings in os.environ (the Celery app's default).
    given = dict(os.environ)
    from coopere.settings.base import DEMO_SELLER  # plain constants: no Django setup

    DATA.mkdir(parents=True, exist_ok=True)
    key_file = DATA / "secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    base = os.environ.get("COOPERE_BASE_DOMAIN", "coopere.localhost")
    defaults = {
        "DJANGO_SETTINGS_MODULE": "coopere.settings.prod",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/coopere_prod",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "SECRET_KEY": key_file.read_text().strip(),
        "EMAIL_URL": "consolemail://",
        "COOPERE_BASE_DOMAIN": base,
        "ALLOWED_HOSTS": f"{base},.{base}",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_HSTS_SECONDS": "0",
        "COOPERE_URL_SCHEME": "http",
        "COOPERE_URL_PORT": PORT,
        "STATIC_ROOT": str(DATA / "static"),
        "MEDIA_ROOT": str(DATA / "media"),
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        **DEMO_SELLER,
    }
    return {**defaults, **given}


def ensure_database(url: str) -> None:
    """CREATE DATABASE if it is missing (connecting to the server's `postgres` database)."""
    import environ
    import psycopg
    from psycopg import sql

    config = environ.Env.db_url_config(url)
    params = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
    }
    name = config["NAME"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def static_fingerprint() -> str:
    """What collectstatic reads: our static folders and the pinned packages' (by version).
    Its post-processing (hashing, compressing ~800 files) takes minutes on a loaded
    machine, so `make prod` skips it when this has not changed since the last run."""
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha256(version("Django").encode() + version("djangorestframework").encode())
    tops = [p for p in BASE_DIR.iterdir() if p.is_dir() and not p.name.startswith(".")]
    for top in sorted(tops):
        for path in sorted(top.glob("**/static/**/*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def collect_static(env: dict, static_root: Path, stamp: Path) -> bool:
    """collectstatic into `static_root`, unless nothing it reads changed since the run the
    `stamp` (kept beside, not inside, STATIC_ROOT: everything there is served) records.
    True when it ran."""
    fingerprint = f"{static_root}\n{static_fingerprint()}"
    collected = (static_root / "staticfiles.json").exists()
    if collected and stamp.exists() and stamp.read_text() == fingerprint:
        return False
    manage(env, *BUILD[1])
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint)
    return True


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


# The production commands, shared with the Containerfile, compose.yaml and the systemd
# units (tests/test_infra_files.py checks they say the same).
WEB = ["gunicorn", "-c", "infra/gunicorn.conf.py", "coopere.wsgi:application"]
WORKER = ["celery", "-A", "coopere", "worker", "--loglevel=INFO", "--concurrency=2"]
BEAT = ["celery", "-A", "coopere", "beat", "--loglevel=INFO"]
BUILD = [["compile_catalogues", "--verbosity", "0"], ["collectstatic", "--noinput"]]
MIGRATE = [["migrate_networks", "--noinput"], ["setup_platform"]]


def start(env: dict) -> list[subprocess.Popen]:
    python = sys.executable
    commands = [
        [python, "-m", *WEB],
        [python, "-m", *WORKER],
        [python, "-m", *BEAT, "-s", str(DATA / "celerybeat-schedule")],
    ]
    return [subprocess.Popen(command, cwd=BASE_DIR, env=env) for command in commands]


def stop(processes: list[subprocess.Popen]) -> None:
    for proc in processes:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # gunicorn and Celery shut down gracefully
    deadline = time.monotonic() + 20
    for proc in processes:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help="load the demo networks and logins")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    sys.path.insert(0, str(BASE_DIR))
    env = local_environment()
    ensure_database(env["DATABASE_URL"])
    print("• Préparation : catalogues, fichiers statiques, migrations", flush=True)
    for command in BUILD + MIGRATE:
        started = time.monotonic()
        if command[0] == "collectstatic":
            if not collect_static(env, Path(env["STATIC_ROOT"]), DATA / "collectstatic.stamp"):
                print("  collectstatic : rien de changé", flush=True)
                continue
        else:
            manage(env, *command)
        print(f"  {command[0]} : {time.monotonic() - started:.1f} s", flush=True)
    if args.demo:
        started = time.monotonic()
        manage(env, "load_demo")
        print(f"  load_demo : {time.monotonic() - started:.1f} s", flush=True)
    processes = start(env)
    base, port = env["COOPERE_BASE_DOMAIN"], PORT
    print(
        "\n".join(
            [
                "",
                "Coop-ère en réglages de production (gunicorn, worker et beat Celery) :",
                f"  site public   http://{base}:{port}/",
                f"  console       http://{base}:{port}/console/",
                f"  santé         http://{base}:{port}/sante/",
                f"  base          {env['DATABASE_URL']}",
                f"  Redis         {env['REDIS_URL']}",
                "Ctrl-C pour tout arrêter.",
                "",
            ]
        ),
        flush=True,
    )
    try:
        while all(proc.poll() is None for proc in processes):
            time.sleep(1)
        print("Un des processus s'est arrêté : arrêt de tous.", flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop(processes)


if __name__ == "__main__":
    sys.exit(main())
