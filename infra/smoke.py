"""`make smoke`: start `make run`'s runner (embedded PostgreSQL unless DATABASE_URL), check
the public site and a demo network answer 200 and an unknown host 404, then stop it with a
SIGTERM to the runner alone (as `kill` or a supervisor would) and check that the embedded
PostgreSQL stopped with it. Exit code 0 when all of that held."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PORT = os.environ.get("SMOKE_PORT", "8765")
EMBEDDED_PID_FILE = Path(__file__).resolve().parent.parent / ".data" / "pg" / "postmaster.pid"
CHECKS = [
    ("coopere.localhost", 200),
    ("bois-des-roches.coopere.localhost", 200),
    ("les-tilleuls.coopere.localhost", 200),
    ("inconnu.coopere.localhost", 404),
]


def status(host: str) -> int | None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/", headers={"Host": f"{host}:{PORT}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def main() -> int:
    env = {**os.environ, "PORT": PORT}
    runner = subprocess.Popen(
        [sys.executable, "-m", "infra.devserver"], env=env, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 300
        while status(CHECKS[0][0]) != 200:
            if runner.poll() is not None or time.monotonic() > deadline:
                print("smoke: the site never answered", flush=True)
                return 1
            time.sleep(1)
        failures = [(h, want, got) for h, want in CHECKS if (got := status(h)) != want]
        for host, want, got in failures:
            print(f"smoke: {host} answered {got}, expected {want}", flush=True)
        if not failures:
            print("smoke: 200 on the public site and demo networks, 404 on an unknown host")
        return 1 if failures else stop(runner)
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)


def stop(runner: subprocess.Popen) -> int:
    """SIGTERM to the runner only: it must stop its children and the embedded server."""
    embedded = "DATABASE_URL" not in os.environ
    runner.send_signal(signal.SIGTERM)
    try:
        runner.wait(timeout=30)
    except subprocess.TimeoutExpired:
        print("smoke: the runner did not stop within 30 s of SIGTERM", flush=True)
        return 1
    if embedded and EMBEDDED_PID_FILE.exists():
        print("smoke: the embedded PostgreSQL is still running after SIGTERM", flush=True)
        return 1
    print("smoke: SIGTERM stopped the runner" + (" and the embedded PostgreSQL" * embedded))
    return 0


if __name__ == "__main__":
    sys.exit(main())
