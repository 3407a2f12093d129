"""`make load`: prepare `coopere_load` (or reuse it), serve it with gunicorn on loopback,
run the locust scenario headless for a bounded time, print p50/p95/errors per page type.

    make load                      # 90 s, 69 users
    make load LOAD_SECONDS=120     # longer
    python -m tests.load.run --skip-prepare   # the database is known to be ready

Goal (issue 11): no error, p95 under 300 ms for every page type. The figures are printed
and kept in .data/load/ (locust's CSV files); the exit code is 0 even when the goal is
missed (it measures; it does not gate).
"""

import argparse
import csv
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
OUT = BASE_DIR / ".data" / "load"
SETTINGS = "tests.load.settings"
STATIC_ROOT = BASE_DIR / ".data" / "load-static"
GOAL_P95_MS = 300
USERS = 69  # 50 + 10 residents, 1 animator, 3 coaches, 5 partners (locustfile.py)
SPAWN_RATE = 5  # users a second
RAMP_SECONDS = int(USERS / SPAWN_RATE) + 10


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=SETTINGS, PYTHONUNBUFFERED="1")
    env.setdefault("STATIC_ROOT", str(STATIC_ROOT))
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    return env


def prepare() -> None:
    command = [sys.executable, "-m", "tests.load.prepare"]
    subprocess.run(command, cwd=BASE_DIR, env=_env(), check=True)


def collect_static() -> None:
    """The hashed static files gunicorn's pages name (WhiteNoise's manifest), collected
    again only when a static file or a pinned package changed."""
    from infra.prodserver import collect_static

    if collect_static(_env(), STATIC_ROOT, OUT / "collectstatic.stamp"):
        print("static files collected", flush=True)


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen:
    log = open(OUT / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "coopere.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=gthread",
            f"--threads={threads}",
            "--timeout=60",
            "--graceful-timeout=5",
            "--access-logfile=-",
        ],
        cwd=BASE_DIR,
        env=_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/connexion/", headers={"Host": "coopere.localhost"}
            )
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s (see .data/load/gunicorn.log)")


def run_locust(port: int, seconds: int) -> Path:
    prefix = OUT / "locust"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(Path(__file__).with_name("locustfile.py")),
            "--headless",
            f"--users={USERS}",
            f"--spawn-rate={SPAWN_RATE}",
            # Figures once every user runs: the ramp is left out, then `seconds` measured.
            "--reset-stats",
            f"--run-time={seconds + RAMP_SECONDS}s",
            f"--host=http://127.0.0.1:{port}",
            f"--csv={prefix}",
            "--only-summary",
            "--loglevel=WARNING",
            "--exit-code-on-error=0",
        ],
        cwd=BASE_DIR,
        env=_env(),
        check=True,
    )
    return prefix.with_name("locust_stats.csv")


def summary(stats_csv: Path) -> str:
    with stats_csv.open() as f:
        rows = list(csv.DictReader(f))
    lines = [
        f"{'page type':<34} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7}",
    ]
    slow = []
    for row in rows:
        name = row["Name"]
        count, errors = int(row["Request Count"]), int(row["Failure Count"])
        if not count:
            continue  # only during the ramp (the animator's login)
        p50, p95 = row["50%"], row["95%"]
        label = "TOTAL" if name == "Aggregated" else name
        lines.append(f"{label:<34} {count:>8} {errors:>6} {p50:>7} {p95:>7}")
        if name != "Aggregated" and p95 not in ("", "N/A") and float(p95) >= GOAL_P95_MS:
            slow.append(label)
    total = next(r for r in rows if r["Name"] == "Aggregated")
    errors = int(total["Failure Count"])
    verdict = (
        "goal met: 0 errors, every p95 < 300 ms"
        if not errors and not slow
        else f"goal missed: {errors} errors; p95 ≥ 300 ms on: {', '.join(slow) or 'none'}"
    )
    return "\n".join([*lines, verdict])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", 90)))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if not args.skip_prepare:
        prepare()
    collect_static()
    port = _free_port()
    server = start_server(port, args.workers, args.threads)
    try:
        print(
            f"gunicorn on 127.0.0.1:{port} ({args.workers} workers × {args.threads} threads), "
            f"locust: {USERS} users, {RAMP_SECONDS} s of ramp, then {args.seconds} s measured…",
            flush=True,
        )
        stats = run_locust(port, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(summary(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
