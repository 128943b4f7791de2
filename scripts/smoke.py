"""`make smoke`: the README's `make demo` proven on a clean clone, from an empty .venv to every endpoint and back.

It clones the checkout's committed HEAD into a temp dir (uncommitted changes are not part of a fresh machine, so
they are not tested), runs `make demo` there on the synthetic catalogue, in a session of its own with its output
in `demo.log` beside the clone, and waits for GET /ready. The clone builds its own .venv, as a fresh machine does,
which takes a few minutes. Then it checks /predict, /ask-text in English and Spanish, /ask-visual (a real PNG) and
/stats; stops the demo as Ctrl-C would (SIGINT to its process group; SIGTERM, then SIGKILL, if that fails); and
checks that nothing is left: no process of the demo's session, none whose cwd or command line is in the temp dir,
and port 8000 free. The temp dir is removed unless --keep.

It refuses to start when port 8000 is taken (the demo cannot serve elsewhere), or when another `cinelake demo` runs
on the same PostgreSQL server (each demo drops and recreates the database cinelake_demo).

Run from the repo root: .venv/bin/python scripts/smoke.py [--timeout 900] [--keep]
Standard library and requests only. Exit status 0 when every check passed, 1 otherwise.
"""

import argparse
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import requests

from cinelake.readiness import NotReady, exited, wait_until

REPO_ROOT = Path(__file__).resolve().parents[1]
# `cinelake demo` always serves on 127.0.0.1:8000 (src/cinelake/local/demo.py); it has no option to move it.
API_HOST = "127.0.0.1"
API_PORT = 8000
# CATALOG= on the command line: the synthetic catalogue, whatever CATALOG the caller's environment or make holds.
DEMO_COMMAND = ["make", "demo", "CATALOG="]
# What run_demo prints first, once .venv is built, and last, once its stack is down.
DEMO_STARTED_LINE = "CineLake demo."
DEMO_STOPPED_LINE = "Stopped everything the demo started."
READY_TIMEOUT_S = 15 * 60
PROGRESS_EVERY_S = 30
SIGINT_GRACE_S = 60  # Ctrl-C: uvicorn, the simulator and moto stop in a few seconds
SIGNAL_GRACE_S = 10
REQUEST_TIMEOUT_S = 60  # the first question also warms up caches
LOG_TAIL_LINES = 40
# A parent make's flags (`make smoke CATALOG=...`, -j) would reach the clone's make through these.
MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")

PREDICT_BODY = {"budget": 50_000_000, "runtime": 110, "release_date": "2026-06-01", "genres": ["Action"]}
QUESTIONS = {"en": "How many movies are there?", "es": "¿Cuántas películas de terror hay?"}
CHART_QUESTION = "Average revenue by genre"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TCP_LISTEN = "0A"
LOCAL_POSTGRES = (
    "127.0.0.1",
    5432,
)  # the demo uses this server when DATABASE_URL is unset, else embeds its own  # the `st` column of /proc/net/tcp


class SmokeFailure(Exception):
    """A promise of the README that did not hold; the message says which."""


@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    process_group: int
    session: int
    state: str
    cwd: str  # "" when unreadable
    command_line: str

    def describe(self) -> str:
        return f"pid {self.pid} (state {self.state}, cwd {self.cwd or '?'}): {self.command_line or '?'}"


@dataclass(frozen=True)
class CheckResult:
    name: str
    seconds: float
    detail: str
    passed: bool


# ---------------------------------------------------------------------------------------------------------------
# What a good answer looks like (pure: unit-tested in tests/unit/test_smoke_script.py)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, which must come first; ValueError if this is no PNG."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("no PNG signature")
    header = data[len(PNG_SIGNATURE) : len(PNG_SIGNATURE) + 16]
    if len(header) < 16:
        raise ValueError("truncated before the IHDR chunk")
    _length, chunk_type, width, height = struct.unpack(">I4sII", header)
    if chunk_type != b"IHDR":
        raise ValueError(f"first chunk is {chunk_type!r}, not IHDR")
    return width, height


def check_prediction(body: dict) -> str:
    probability, version = body.get("success_probability"), body.get("model_version")
    if not isinstance(probability, int | float) or not 0 <= probability <= 1:
        raise SmokeFailure(f"success_probability {probability!r} is not between 0 and 1")
    if not isinstance(version, str) or not version:
        raise SmokeFailure(f"model_version {version!r} is empty")
    return f"success_probability={probability:.3f} model_version={version}"


def check_answer(body: dict, language: str) -> str:
    if body.get("language") != language:
        raise SmokeFailure(f"language {body.get('language')!r}, expected {language!r}")
    if not body.get("rows"):
        raise SmokeFailure(f"no rows (sql: {body.get('sql')!r})")
    answer = body.get("answer")
    if not isinstance(answer, str) or not answer.strip():
        raise SmokeFailure("empty answer")
    return f"{len(body['rows'])} row(s): {answer}"


def check_chart(content_type: str, content: bytes) -> str:
    if content_type.split(";")[0].strip() != "image/png":
        raise SmokeFailure(f"content-type {content_type!r}, expected image/png")
    try:
        width, height = png_size(content)
    except ValueError as error:
        raise SmokeFailure(f"not a valid PNG: {error}") from error
    if width <= 0 or height <= 0:
        raise SmokeFailure(f"PNG of {width}x{height} pixels")
    return f"PNG {width}x{height}, {len(content):,} bytes"


def check_stats(body: dict) -> str:
    tables = body.get("tables") or {}
    if not tables:
        raise SmokeFailure("no table counts")
    empty = [name for name, count in tables.items() if not isinstance(count, int) or count <= 0]
    if empty:
        raise SmokeFailure(f"no rows in {', '.join(empty)}: {tables}")
    return ", ".join(f"{name}={count:,}" for name, count in tables.items())


def listening_socket_inodes(proc_net_tcp: str, port: int) -> set[int]:
    """Inodes of the sockets listening on `port`, from the text of /proc/net/tcp or /proc/net/tcp6."""
    inodes = set()
    for line in proc_net_tcp.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 10 or fields[3] != TCP_LISTEN:
            continue
        local_port = int(fields[1].rsplit(":", 1)[1], 16)
        if local_port == port:
            inodes.add(int(fields[9]))
    return inodes


def leftover_processes(processes: Iterable[ProcessInfo], session: int, workdir: Path) -> list[ProcessInfo]:
    """The processes that belong to the demo: its session or process group, or anything running in `workdir`."""
    root = str(workdir)
    return [
        process
        for process in processes
        if session in (process.session, process.process_group)
        or process.cwd == root
        or process.cwd.startswith(root + os.sep)
        or root in process.command_line
    ]


def running_demos(processes: Iterable[ProcessInfo]) -> list[ProcessInfo]:
    """`cinelake demo` processes: each drops and recreates the database cinelake_demo, so two cannot share a server."""
    found = []
    for process in processes:
        words = process.command_line.split()
        if any(Path(word).name == "cinelake" and words[i + 1 : i + 2] == ["demo"] for i, word in enumerate(words)):
            found.append(process)
    return found


# ---------------------------------------------------------------------------------------------------------------
# Processes and ports, read from /proc


def read_processes() -> list[ProcessInfo]:
    """Every process but this one; those that end while being read are skipped."""
    processes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            stat = (entry / "stat").read_text()
            command_line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:  # gone meanwhile
            continue
        try:
            cwd = os.readlink(entry / "cwd")
        except OSError:  # gone, or a kernel thread
            cwd = ""
        # stat is "pid (comm) state ppid pgrp session ..."; comm may hold spaces and parentheses.
        state, _ppid, process_group, session = stat[stat.rindex(")") + 2 :].split()[:4]
        processes.append(ProcessInfo(int(entry.name), int(process_group), int(session), state, cwd, command_line))
    return processes


def port_holders(port: int) -> list[ProcessInfo]:
    """The processes holding a socket that listens on `port` (those this user may inspect)."""
    inodes: set[int] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            inodes |= listening_socket_inodes(Path(table).read_text(), port)
        except FileNotFoundError:  # no IPv6
            continue
    targets = {f"socket:[{inode}]" for inode in inodes}
    holders = []
    for process in read_processes():
        try:
            links = {os.readlink(fd) for fd in Path(f"/proc/{process.pid}/fd").iterdir()}
        except OSError:  # gone, or not ours to read
            continue
        if links & targets:
            holders.append(process)
    return holders


def port_is_free(port: int) -> bool:
    """True when nothing listens on the port (SO_REUSEADDR: a closed connection's TIME_WAIT does not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((API_HOST, port))
        except OSError:
            return False
    return True


def describe_port(port: int) -> str:
    holders = port_holders(port)
    if not holders:
        return f"port {port} is taken (by a process this user cannot inspect)"
    return f"port {port} is taken by " + "; ".join(holder.describe() for holder in holders)


# ---------------------------------------------------------------------------------------------------------------
# The run


def preflight() -> None:
    if not port_is_free(API_PORT):
        raise SmokeFailure(
            f"{describe_port(API_PORT)}. The demo serves on {API_HOST}:{API_PORT} and cannot be moved: stop that "
            "process first"
        )
    demos = running_demos(read_processes())
    if demos and shares_a_database_server():
        raise SmokeFailure(
            "another `cinelake demo` is running; it would lose its database cinelake_demo, which every demo drops "
            "and recreates: " + "; ".join(demo.describe() for demo in demos)
        )


def shares_a_database_server() -> bool:
    """Whether the demo will use a server others may use too, rather than an embedded cluster of its own."""
    if os.environ.get("DATABASE_URL"):
        return True
    if os.environ.get("CINELAKE_LOCAL_POSTGRES", "auto").lower() == "wheel":  # the demo embeds the wheel's server
        return False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(3)
        return probe.connect_ex(LOCAL_POSTGRES) == 0


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SmokeFailure(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def clone_head(repo: Path, workdir: Path) -> Path:
    changed = [line[3:] for line in git("-C", str(repo), "status", "--porcelain", "--untracked-files=no").splitlines()]
    if changed:
        print(f"Note: uncommitted changes are not part of the clone, so not tested: {', '.join(changed)}")
    clone = workdir / "cinelake"
    git("clone", "--quiet", str(repo), str(clone))
    head = git("-C", str(clone), "log", "-1", "--format=%h %s").strip()
    print(f"Cloned {repo} at {head[:100]} into {clone}")
    return clone


def start_demo(clone: Path, log_path: Path) -> subprocess.Popen:
    environment = {name: value for name, value in os.environ.items() if name not in MAKE_VARIABLES}
    # Temp files inside the workdir too: pg_ctl detaches an embedded PostgreSQL into a session of its own, and its
    # data dir (cinelake-pg-*) in the command line is then what shows it as the demo's. PostgreSQL runs as the
    # postgres user (the wheel's: pgserver) when we are root, so the workdir must be searchable by others.
    temp = clone.parent / "tmp"
    temp.mkdir()
    clone.parent.chmod(0o755)
    environment["TMPDIR"] = str(temp)
    with log_path.open("wb") as log:
        # A session of its own: Ctrl-C reaches make's whole process group, as a terminal's would.
        return subprocess.Popen(
            DEMO_COMMAND,
            cwd=clone,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def log_tail(log_path: Path, lines: int) -> list[str]:
    try:
        with log_path.open("rb") as log:
            log.seek(max(0, log_path.stat().st_size - 64_000))
            text = log.read().decode(errors="replace")
    except FileNotFoundError:
        return []
    return [line.rstrip() for line in text.splitlines() if line.strip()][-lines:]


def wait_until_ready(demo: subprocess.Popen, base_url: str, log_path: Path, timeout: float) -> dict:
    """The body of the first 200 from /ready; SmokeFailure if the demo exits or the timeout passes first."""
    started = time.monotonic()
    next_progress = started + PROGRESS_EVERY_S
    state = "not listening"

    def answer() -> dict | None:
        nonlocal state, next_progress
        try:
            response = requests.get(f"{base_url}/ready", timeout=5)
        except requests.RequestException:
            state = "not listening"
        else:
            if response.status_code == 200:
                return response.json()
            state = f"{response.status_code}: {response.text[:120]}"
        now = time.monotonic()
        if now >= next_progress:
            last_line = (log_tail(log_path, 1) or ["(empty)"])[0]
            print(f"  {now - started:5.0f} s  /ready {state}; demo log: {last_line[:100]}", flush=True)
            next_progress += PROGRESS_EVERY_S
        return None

    try:
        return wait_until(answer, what="`make demo`'s /ready", timeout=timeout, gone=exited(demo), interval=1)
    except NotReady as failure:
        raise SmokeFailure(f"{failure} (last: {state})") from None


def served_by_demo(session: int) -> None:
    """What answers on the port is the demo's own API, not a process that took the port meanwhile."""
    holders = port_holders(API_PORT)
    strangers = [holder for holder in holders if session not in (holder.session, holder.process_group)]
    if holders and len(strangers) == len(holders):
        raise SmokeFailure(f"/ready answered, but {describe_port(API_PORT)}, not by the demo")


def run_check(name: str, check: Callable[[], str]) -> CheckResult:
    started = time.perf_counter()
    try:
        detail, passed = check(), True
    except (SmokeFailure, requests.RequestException, ValueError) as error:  # ValueError: a body that is not JSON
        detail, passed = str(error), False
    result = CheckResult(name, time.perf_counter() - started, detail, passed)
    print(f"  {'ok  ' if passed else 'FAIL'} {name:18} {result.seconds * 1000:7.0f} ms  {detail[:160]}", flush=True)
    return result


def expect_status(response: requests.Response, status: int = 200) -> requests.Response:
    if response.status_code != status:
        raise SmokeFailure(f"HTTP {response.status_code}: {response.text[:200]}")
    return response


def endpoint_checks(base_url: str) -> list[CheckResult]:
    session = requests.Session()

    def post(path: str, body: dict) -> requests.Response:
        return expect_status(session.post(f"{base_url}{path}", json=body, timeout=REQUEST_TIMEOUT_S))

    def ask(language: str) -> str:
        return check_answer(post("/ask-text", {"question": QUESTIONS[language]}).json(), language)

    def chart() -> str:
        response = post("/ask-visual", {"question": CHART_QUESTION})
        return check_chart(response.headers.get("content-type", ""), response.content)

    def stats() -> str:
        return check_stats(expect_status(session.get(f"{base_url}/stats", timeout=REQUEST_TIMEOUT_S)).json())

    with session:
        return [
            run_check("POST /predict", lambda: check_prediction(post("/predict", PREDICT_BODY).json())),
            run_check("POST /ask-text en", lambda: ask("en")),
            run_check("POST /ask-text es", lambda: ask("es")),
            run_check("POST /ask-visual", chart),
            run_check("GET /stats", stats),
        ]


def group_members(session: int) -> list[ProcessInfo]:
    return [process for process in read_processes() if session in (process.session, process.process_group)]


def wait_until_gone(demo: subprocess.Popen, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while True:
        demo.poll()  # reap make, so it does not linger as a zombie of ours
        if not group_members(demo.pid):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)


def stop_demo(demo: subprocess.Popen) -> list[str]:
    """Ctrl-C to the demo's process group, then harder signals; the problems met on the way."""
    problems = []
    for signal_number, grace in ((signal.SIGINT, SIGINT_GRACE_S), (signal.SIGTERM, SIGNAL_GRACE_S)):
        try:
            os.killpg(demo.pid, signal_number)
        except ProcessLookupError:
            break
        if wait_until_gone(demo, grace):
            return problems
        still = "; ".join(process.describe() for process in group_members(demo.pid))
        problems.append(f"{grace} s after {signal_number.name} these were still running: {still}")
    with suppress(ProcessLookupError):  # the last of them ended meanwhile
        os.killpg(demo.pid, signal.SIGKILL)
    wait_until_gone(demo, SIGNAL_GRACE_S)
    return problems


def leftovers_after_stop(demo: subprocess.Popen, workdir: Path, log_path: Path, interrupted: bool) -> list[str]:
    """What the stop left behind; leftovers are reported, then killed, so the machine is clean either way."""
    problems = []
    left = leftover_processes(read_processes(), demo.pid, workdir)
    if left:
        problems.append("processes left behind: " + "; ".join(process.describe() for process in left))
        for process in left:
            with suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGKILL)
    if not port_is_free(API_PORT):
        problems.append(f"after the stop, {describe_port(API_PORT)}")
    log = log_path.read_text(errors="replace")
    # make's own "Interrupt" line may follow the demo's last words.
    if (
        interrupted
        and DEMO_STARTED_LINE in log
        and not any(DEMO_STOPPED_LINE in line for line in log_tail(log_path, 5))
    ):
        problems.append(f"the demo started, but its log does not end with {DEMO_STOPPED_LINE!r}")
    return problems


def smoke(repo: Path, workdir: Path, timeout: float) -> list[str]:
    """Every failure of the run, in order; empty when the README's promise held."""
    base_url = f"http://{API_HOST}:{API_PORT}"
    log_path = workdir / "demo.log"
    clone = clone_head(repo, workdir)
    started = time.monotonic()
    print(f"Running `{' '.join(DEMO_COMMAND)}` in the clone (log: {log_path}); waiting for {base_url}/ready")
    demo = start_demo(clone, log_path)
    failures: list[str] = []
    try:
        ready = wait_until_ready(demo, base_url, log_path, timeout)
        print(f"Ready after {time.monotonic() - started:.0f} s (model {ready.get('model_version')})")
        served_by_demo(demo.pid)
        results = endpoint_checks(base_url)
        failures += [f"{result.name}: {result.detail}" for result in results if not result.passed]
    except (SmokeFailure, ValueError) as failure:  # ValueError: a /ready body that is not JSON
        failures.append(str(failure))
    finally:
        interrupted = demo.poll() is None  # else it ended on its own, and said why in its log
        stopping = time.monotonic()
        failures += stop_demo(demo)
        print(f"Stopped the demo in {time.monotonic() - stopping:.1f} s (make exited with {demo.returncode})")
    failures += leftovers_after_stop(demo, workdir, log_path, interrupted)
    if failures:
        print(f"\nLast lines of {log_path}:")
        for line in log_tail(log_path, LOG_TAIL_LINES):
            print(f"  | {line[:240]}")
    return failures


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=READY_TIMEOUT_S, help="seconds to wait for /ready")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (clone, .venv, demo.log)")
    parser.add_argument("--repo", type=Path, default=REPO_ROOT, help="the checkout whose HEAD is cloned")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    try:
        preflight()
    except SmokeFailure as failure:
        print(f"smoke: cannot start: {failure}", file=sys.stderr)
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="cinelake-smoke-"))
    try:
        failures = smoke(args.repo.resolve(), workdir, args.timeout)
    except SmokeFailure as failure:  # before the demo started: nothing to stop
        failures = [str(failure)]
    finally:
        if args.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.monotonic() - started
    if failures:
        print(f"\nsmoke FAILED after {elapsed:.0f} s:", file=sys.stderr)
        for failure in failures:
            print(f"  - {failure}", file=sys.stderr)
        return 1
    print(f"\nsmoke passed in {elapsed:.0f} s: `make demo` on a clean clone serves every endpoint and stops cleanly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
