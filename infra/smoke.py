"""`make smoke`: start `make run`'s runner (embedded PostgreSQL unless DATABASE_URL), check
the public site and a demo network answer 200 and an unknown host 404, then stop it with
Ctrl-C (SIGINT) as a person would. Exit code 0 when all of that held."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

PORT = os.environ.get("SMOKE_PORT", "8765")
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
        return 1 if failures else 0
    finally:
        os.killpg(runner.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
        try:
            runner.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(runner.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
