"""`make citus` / `make citus-stop`: a three-node Citus cluster on loopback, built from source.

Citus is packaged neither by Debian here nor on PyPI, and it does not compile against
Debian's PostgreSQL 15; it does against the PostgreSQL 16 that `pgserver` ships in the
venv. So this module:

1. copies pgserver's `pginstall/` to `.data/citus/pginstall/` (pgserver's own copy stays
   untouched: `make run` and the tests keep a Citus-free server) and builds the Citus
   source release into that copy (`configure PG_CONFIG=<copy>/bin/pg_config`, `make -j2`,
   `make install`). The source is the release tarball from GitHub, or `CITUS_SOURCE=<path
   to a .tar.gz>` on a machine without internet;
2. initialises and starts a coordinator and two workers (and a plain PostgreSQL 16 from
   the same binaries, the baseline the figures compare with) on 127.0.0.1, ports
   CITUS_PORT (default 9700) to CITUS_PORT+3;
3. makes a database on every node with the extension, and registers the workers.

Every step is idempotent: a built Citus, an initialised or running node, an existing
database are kept. `stop` stops the four servers and keeps their data; `clean` removes
`.data/citus/` except the build. The Django side (migrations, networks, pages, figures)
is `infra/citus_check.py`.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import time
import urllib.request
import warnings
from pathlib import Path

# pgserver's import asks platformdirs for a runtime directory that root lacks: harmless.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

BASE_DIR = Path(__file__).resolve().parent.parent
ROOT = BASE_DIR / ".data" / "citus"
# The copy keeps pgserver's layout: its binaries find their libraries (libpq…) through an
# rpath relative to themselves, $ORIGIN/../../../pgserver.libs.
PGINSTALL = ROOT / "pg" / "pgserver" / "pginstall"
VERSION = os.environ.get("CITUS_VERSION", "13.2.2")
SOURCE_URL = f"https://github.com/citusdata/citus/archive/refs/tags/v{VERSION}.tar.gz"
BASE_PORT = int(os.environ.get("CITUS_PORT", "9700"))
# name -> (port offset, loads citus). "plain" is the baseline: same binaries, no Citus.
NODES = {"coordinator": (0, True), "worker1": (1, True), "worker2": (2, True), "plain": (3, False)}
WORKERS = ["worker1", "worker2"]
# Build headers Citus' configure looks for, and the Debian packages that bring them.
BUILD_HEADERS = {
    "curl/curl.h": "libcurl4-openssl-dev",
    "lz4.h": "liblz4-dev",
    "zstd.h": "libzstd-dev",
}
# PostgreSQL refuses to run as root; pgserver runs its server as this user then, so do we.
SYSTEM_USER = "pgserver"


def port(node: str) -> int:
    return BASE_PORT + NODES[node][0]


def dsn(node: str, dbname: str = "postgres") -> str:
    return f"postgres://postgres@127.0.0.1:{port(node)}/{dbname}"


def _run(cmd, **kwargs) -> subprocess.CompletedProcess:
    print("  $", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def _as_server_user() -> dict:
    return {"user": SYSTEM_USER} if os.geteuid() == 0 else {}


# --- 1. Build ------------------------------------------------------------------------


def pgserver_install() -> Path:
    import pgserver

    return Path(pgserver.__file__).parent / "pginstall"


def built() -> bool:
    control = PGINSTALL / "share" / "postgresql" / "extension" / "citus.control"
    return (PGINSTALL / "lib" / "postgresql" / "citus.so").exists() and (
        f"default_version = '{VERSION.rsplit('.', 1)[0]}" in _read(control)
    )


def _read(path: Path) -> str:
    return path.read_text() if path.exists() else ""


def build() -> None:
    if built():
        print(f"• Citus {VERSION} already built into {PGINSTALL.relative_to(BASE_DIR)}")
        return
    missing = [pkg for header, pkg in BUILD_HEADERS.items() if not _header_found(header)]
    if missing and not os.environ.get("CITUS_CONFIGURE_FLAGS"):
        sys.exit(
            "Citus needs these build headers: apt-get install "
            + " ".join(missing)
            + "\n(or CITUS_CONFIGURE_FLAGS='--without-libcurl --without-lz4 --without-zstd')"
        )
    ROOT.mkdir(parents=True, exist_ok=True)
    tarball = _source_tarball()
    src = ROOT / "build" / f"citus-{VERSION}"
    if src.exists():
        shutil.rmtree(src)
    src.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball) as archive:
        top = archive.getnames()[0].split("/", 1)[0]
        archive.extractall(src.parent, filter="data")
    if top != src.name:
        (src.parent / top).rename(src)
    # A copy of pgserver's binaries: Citus installs into it, pgserver's stays as shipped.
    copy = PGINSTALL.parent.parent
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(pgserver_install(), PGINSTALL, symlinks=True)
    shutil.copytree(pgserver_install().parent.parent / "pgserver.libs", copy / "pgserver.libs")
    pg_config = PGINSTALL / "bin" / "pg_config"
    flags = os.environ.get("CITUS_CONFIGURE_FLAGS", "").split()
    started = time.monotonic()
    _run(["./configure", f"PG_CONFIG={pg_config}", *flags], cwd=src, stdout=subprocess.DEVNULL)
    jobs = os.environ.get("CITUS_MAKE_JOBS", "2")  # shared 2-core machines: no more
    _run(["make", f"-j{jobs}", "-s"], cwd=src, stdout=subprocess.DEVNULL)
    _run(["make", "install", "-s"], cwd=src, stdout=subprocess.DEVNULL)
    print(f"• Citus {VERSION} built in {time.monotonic() - started:.0f} s into {PGINSTALL}")


def _header_found(header: str) -> bool:
    # Debian puts some under the multiarch directory (/usr/include/x86_64-linux-gnu/curl).
    return any(Path("/usr/include").glob(header)) or any(
        Path("/usr/include").glob(f"*-linux-gnu*/{header}")
    )


def _source_tarball() -> Path:
    given = os.environ.get("CITUS_SOURCE")
    if given:
        path = Path(given).expanduser().resolve()
        if not path.exists():
            sys.exit(f"CITUS_SOURCE={given}: no such file")
        return path
    path = ROOT / "src" / f"citus-{VERSION}.tar.gz"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"• downloading {SOURCE_URL}", flush=True)
        partial = path.with_suffix(".part")
        try:
            with urllib.request.urlopen(SOURCE_URL, timeout=60) as answer, partial.open("wb") as f:
                shutil.copyfileobj(answer, f)
        except OSError as exc:
            sys.exit(
                f"Could not download {SOURCE_URL} ({exc}).\n"
                f"Without internet, give the source release: CITUS_SOURCE=/path/to/"
                f"citus-{VERSION}.tar.gz make citus"
            )
        partial.rename(path)
    return path


# --- 2. Nodes ------------------------------------------------------------------------


def node_dir(node: str) -> Path:
    return ROOT / "nodes" / node


def _pg_bin(name: str) -> Path:
    return PGINSTALL / "bin" / name


def init_nodes() -> None:
    if os.geteuid() == 0:
        from pgserver.utils import ensure_prefix_permissions, ensure_user_exists

        ensure_user_exists(SYSTEM_USER)
        (ROOT / "nodes").mkdir(parents=True, exist_ok=True)
        ensure_prefix_permissions(ROOT / "nodes")
        _run(["chmod", "-R", "a+rX", PGINSTALL.parent.parent])
        shutil.chown(ROOT / "nodes", SYSTEM_USER, SYSTEM_USER)
    for node, (offset, with_citus) in NODES.items():
        data = node_dir(node)
        if (data / "PG_VERSION").exists():
            continue
        _run(
            [_pg_bin("initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8"],
            stdout=subprocess.DEVNULL, **_as_server_user(),
        )  # fmt: skip
        conf = [
            f"port = {BASE_PORT + offset}",
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{data}'",
            "max_connections = 200",
            "shared_buffers = 128MB",
            # A throw-away cluster on a shared machine: durability is not what is measured.
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "logging_collector = off",
        ]
        if with_citus:
            conf += [
                "shared_preload_libraries = 'citus'",
                "max_prepared_transactions = 200",  # Citus' two-phase commits across nodes
                "citus.node_conninfo = 'sslmode=disable'",  # loopback only
                "wal_level = logical",  # lets Citus move shards between workers
            ]
        with (data / "postgresql.conf").open("a") as f:
            f.write("\n# infra/citus.py\n" + "\n".join(conf) + "\n")


def _running(node: str) -> bool:
    result = subprocess.run(
        [_pg_bin("pg_ctl"), "-D", node_dir(node), "status"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **_as_server_user(),
    )  # fmt: skip
    return result.returncode == 0


def start_nodes() -> None:
    for node in NODES:
        if _running(node):
            print(f"• {node} already running on 127.0.0.1:{port(node)}")
            continue
        log = node_dir(node) / "server.log"
        _run(
            [_pg_bin("pg_ctl"), "-D", node_dir(node), "-l", log, "-w", "-t", "60", "start"],
            stdout=subprocess.DEVNULL, **_as_server_user(),
        )  # fmt: skip
        print(f"• {node} started on 127.0.0.1:{port(node)}")


def stop_nodes() -> None:
    if not PGINSTALL.exists():
        print("• no Citus cluster here")
        return
    stopped = 0
    for node in reversed(list(NODES)):
        if not (node_dir(node) / "PG_VERSION").exists() or not _running(node):
            continue
        stopped += 1
        _run(
            [_pg_bin("pg_ctl"), "-D", node_dir(node), "-m", "fast", "-w", "stop"],
            stdout=subprocess.DEVNULL, **_as_server_user(),
        )  # fmt: skip
        print(f"• {node} stopped")
    if not stopped:
        print("• no Citus server running")


# --- 3. Databases --------------------------------------------------------------------


def create_database(dbname: str, *, fresh: bool = False) -> None:
    """The database on every node, Citus in it, the workers registered with the coordinator;
    `fresh` drops it first. The plain node gets the same database, without Citus."""
    import psycopg

    for node in NODES:
        with psycopg.connect(dsn(node), autocommit=True) as conn:
            if fresh:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname])
            if not found.fetchone():
                conn.execute(f'CREATE DATABASE "{dbname}"')
        if NODES[node][1]:
            with psycopg.connect(dsn(node, dbname), autocommit=True) as conn:
                conn.execute("CREATE EXTENSION IF NOT EXISTS citus")
    with psycopg.connect(dsn("coordinator", dbname), autocommit=True) as conn:
        conn.execute("SELECT citus_set_coordinator_host('127.0.0.1', %s)", [port("coordinator")])
        known = {
            row[0] for row in conn.execute("SELECT nodeport FROM pg_dist_node WHERE groupid <> 0")
        }
        for worker in WORKERS:
            if port(worker) not in known:
                conn.execute("SELECT citus_add_node('127.0.0.1', %s)", [port(worker)])
        # Every schema created from now on in this database is a distributed schema: its
        # tables live together on one worker (schema-based sharding).
        conn.execute(f'ALTER DATABASE "{dbname}" SET citus.enable_schema_based_sharding = on')
    print(f"• database {dbname}: Citus on {', '.join(WORKERS)}, schema-based sharding on")


def up(dbname: str) -> None:
    build()
    init_nodes()
    start_nodes()
    create_database(dbname)


def clean() -> None:
    stop_nodes()
    shutil.rmtree(ROOT / "nodes", ignore_errors=True)
    print("• .data/citus/nodes removed (the build stays)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("action", choices=["build", "up", "stop", "clean"])
    parser.add_argument("--database", default="coopere")
    args = parser.parse_args(argv)
    if args.action == "build":
        build()
    elif args.action == "up":
        up(args.database)
    elif args.action == "stop":
        stop_nodes()
    else:
        clean()
    return 0


if __name__ == "__main__":
    sys.exit(main())
