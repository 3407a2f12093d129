"""`make run`: database, migrations, demo, a Celery worker and the web server, together.

With no DATABASE_URL, an embedded PostgreSQL runs under .data/pg. With no REDIS_URL,
Celery uses a filesystem queue under .data/celery that the worker started here consumes.
Ctrl-C, or a SIGTERM to this process alone (a supervisor, `kill`), stops everything this
started, the embedded PostgreSQL included.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PORT = os.environ.get("PORT", "8000")


def _stop_on_sigterm(signum, frame):
    # Same path as Ctrl-C: the `finally` below stops the children and the embedded server.
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopere.settings.dev")
    # Links in emails and on printed cards point at the port actually served.
    os.environ.setdefault("COOPERE_URL_PORT", PORT)
    sys.path.insert(0, str(BASE_DIR))
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    # First: the demo (invoice lines, checklist labels) is written in French, and Django keeps
    # the catalogue it loads first for the whole process — a .mo compiled later comes too late.
    call_command("compile_catalogues", verbosity=0)
    if settings.DATABASE_SOURCE == "embedded":
        # The worker and web processes below use this process's embedded server.
        from infra.database import EMBEDDED_HOST_VAR

        os.environ[EMBEDDED_HOST_VAR] = settings.DATABASES["default"]["HOST"]

    print(f"• Base de données : {settings.DATABASE_SOURCE}", flush=True)
    # Current networks are skipped after one query; the others migrate in parallel.
    call_command("migrate_networks", interactive=False, verbosity=0)
    call_command("setup_platform", verbosity=0)
    from infra.demo import load_demo

    logins = load_demo()

    python = sys.executable
    worker = subprocess.Popen(
        [
            python,
            "-m",
            "celery",
            "-A",
            "coopere",
            "worker",
            "-B",
            "--pool=solo",
            "--loglevel=WARNING",
            "-s",
            str(settings.CELERY_DATA_DIR / "beat-schedule"),
        ],
        cwd=BASE_DIR,
    )
    web = subprocess.Popen([python, "manage.py", "runserver", f"127.0.0.1:{PORT}"], cwd=BASE_DIR)
    base = settings.COOPERE_BASE_DOMAIN
    broker = "Redis" if settings.REDIS_URL else "file d'attente locale (.data/celery)"
    print(
        "\n".join(
            [
                "",
                "Coop-ère est lancé :",
                f"  site public      http://{base}:{PORT}/",
                f"  console          http://{base}:{PORT}/console/",
                f"  admin            http://{base}:{PORT}/admin/",
                f"  réseau (lancé)   http://bois-des-roches.{base}:{PORT}/",
                f"  réseau (amorçage) http://les-tilleuls.{base}:{PORT}/",
                f"  Celery           {broker}",
                "Comptes de démo (identifiant / mot de passe) :",
                *[f"  {line}" for line in logins],
                "Ctrl-C pour tout arrêter.",
                "",
            ]
        ),
        flush=True,
    )
    try:
        return web.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for proc in (web, worker):
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in (web, worker):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        if settings.DATABASE_SOURCE == "embedded":
            from infra.database import stop_embedded_database

            stop_embedded_database()
            print("Base de données intégrée arrêtée.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
