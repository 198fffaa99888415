"""The Prefect API a pipeline command reports to: a running server if there is one, else one tied to us.

Pipeline commands (``run``, ``refresh``, ``calibrate``, ``project``, ``report``) run Prefect flows, which
need a Prefect API. :func:`choose_api` picks it, before Prefect is imported, in this order:

1. ``PREFECT_API_URL`` from the environment or the active Prefect profile: used as is (nothing started,
   nothing stopped; ``selloff serve`` needs this or 2.).
2. A **background server** for this ``PREFECT_HOME``: ``selloff server start`` left one running and
   recorded it in ``$PREFECT_HOME/selloff-server.json`` (:func:`start_background`); or Prefect's own
   ``prefect server start --background`` (its ``server.pid``) on its default address. If the process is
   alive and ``/api/health`` answers, the command reports there: no start-up cost (~10 s saved), the
   runs are recorded in that server's database and its UI.
3. Otherwise a **temporary server** for this command only, like Prefect's own ephemeral one (the same
   uvicorn command and app, ``PREFECT__SERVER_EPHEMERAL=1``) but started here so that it cannot outlive
   the command (issue 12, D4): it runs in its own session (Ctrl-C reaches only the command, which then
   stops it), the kernel sends it SIGTERM when its parent dies (``PR_SET_PDEATHSIG``, set before its
   imports), and a watchdog thread ends it if its parent pid changes (the portable path, which also
   bounds uvicorn's graceful shutdown). It is stopped at exit.

Telemetry is off in every server started here: ``DO_NOT_TRACK=1`` (no SDK analytics or first-run
notice) and ``PREFECT_SERVER_ANALYTICS_ENABLED=false`` (no server heartbeat).

Nothing here imports Prefect: choosing costs a file read and one local HTTP request (~50 ms).
``python -m selloff.prefect_server --die-with PID UVICORN_ARGS…`` is the server side of 3.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Literal

STATE_FILE = "selloff-server.json"
"""Under ``PREFECT_HOME``: the background server started by ``selloff server start``."""

LOG_FILE = "selloff-server.log"
PREFECT_PID_FILE = "server.pid"
"""What ``prefect server start --background`` writes under ``PREFECT_HOME`` (no port: it uses its default)."""
PREFECT_DEFAULT_API = "http://127.0.0.1:4200/api"

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
APP_FACTORY = "prefect.server.api.server:create_app"
"""What ``prefect server start`` and Prefect's temporary server serve."""

TELEMETRY_OFF = {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}

QUIET_CONSOLE = {
    "PREFECT_LOGGING_LEVEL": "CRITICAL",  # Prefect's own loggers: silent
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",  # run logs → the API
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",  # … but not on screen
    # library loggers outside prefect.* (e.g. the events worker's shutdown notes)
    "PREFECT_LOGGING_ROOT_LEVEL": "ERROR",
    "DASK_LOGGING__DISTRIBUTED": "warning",  # distributed logs ~30 INFO lines a run
}
"""What a pipeline command sets, unless set already, before Prefect loads (``cli.quiet_prefect_env``)."""

Mode = Literal["configured", "background", "temporary"]


class ServerError(RuntimeError):
    """A Prefect server could not be started, reached or stopped (one line, for the user)."""


def prefect_home() -> Path:
    """``PREFECT_HOME`` as Prefect resolves it by default, without importing Prefect."""
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()


@dataclass(frozen=True)
class ServerState:
    """A background server as recorded in the state file."""

    pid: int
    port: int
    api_url: str
    prefect_home: str
    prefect_version: str
    started_at: str
    log: str


@dataclass(frozen=True)
class PrefectApi:
    """The API this command reports to, and how it got it."""

    api_url: str
    mode: Mode

    @property
    def own_server(self) -> bool:
        """The server stops when this command ends, so its records must be written before we exit."""
        return self.mode == "temporary"


# --------------------------------------------------------------------------------------------------
# the server side: Prefect's app behind a parent watchdog
# --------------------------------------------------------------------------------------------------


def _die_with_parent(parent: int, grace_s: float = 5.0) -> None:
    """End this process when ``parent`` is gone, however it died (``kill -9`` too).

    Linux: the kernel sends SIGTERM when the parent dies (``PR_SET_PDEATHSIG``): before uvicorn has
    installed its handlers that ends the process at once, after it is uvicorn's graceful shutdown.
    Everywhere: a watchdog thread notices the parent pid change (re-parenting), sends the same SIGTERM,
    and leaves after ``grace_s`` if the graceful shutdown hangs (Prefect's own stop() waits 5 s too).
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(grace_s)
        os._exit(1)

    threading.Thread(target=watch, name="selloff-parent-watchdog", daemon=True).start()


def _main(argv: list[str]) -> None:
    """``--die-with PID UVICORN_ARGS…``: tie this process to PID at once (before the 2-10 s of imports),
    then run uvicorn in it."""
    import runpy

    if argv[:1] == ["--die-with"]:
        _die_with_parent(int(argv[1]))
        argv = argv[2:]
    sys.argv = ["uvicorn", *argv]
    runpy.run_module("uvicorn", run_name="__main__", alter_sys=True)


# --------------------------------------------------------------------------------------------------
# processes, ports and health
# --------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def healthy(api_url: str, timeout_s: float = 5.0) -> bool:
    """``GET /health`` answers 200 (a local server answers in milliseconds; ``timeout_s`` is a bound)."""
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout_s) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _cmdline(pid: int) -> str | None:
    """The command line of a running process (None if it is gone or a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return None
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        pass
    if Path("/proc/self").exists():
        return None
    try:  # no /proc (macOS): alive or not, command line unknown
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return ""
    return ""


def _is_server(pid: int) -> bool:
    """``pid`` is alive and (where the command line can be read) a uvicorn server, as every Prefect server
    is: a recorded pid reused by an unrelated process is never signalled."""
    line = _cmdline(pid)
    return line is not None and (line == "" or "uvicorn" in line)


def _server_command(port: int, *, die_with: int | None = None, log_level: str = "error") -> list[str]:
    """The uvicorn command Prefect runs for its servers, tied to ``die_with`` when given."""
    launcher = ["selloff.prefect_server", "--die-with", str(die_with)] if die_with else ["uvicorn"]
    return [
        sys.executable,
        "-m",
        *launcher,
        "--factory",
        APP_FACTORY,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        log_level,
        "--no-access-log",
        "--lifespan",
        "on",
    ]


def _server_env(*, temporary: bool, home: Path | None = None) -> dict[str, str]:
    # not the command's console quieting (PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL=CRITICAL…): the
    # server's own warnings and errors keep showing (temporary) or reach its log file (background)
    dropped = {"PREFECT_API_URL", "PREFECT_LOGGING_LEVEL", "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env |= TELEMETRY_OFF | {"PREFECT__SERVER_FINAL": "1"}
    if home is not None:
        env["PREFECT_HOME"] = str(home)
    if temporary:  # what Prefect's temporary server runs: no UI, only the services ephemeral mode needs
        env |= {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1"}
    return env


def _wait_healthy(process: subprocess.Popen[bytes], api_url: str, deadline_s: float) -> bool:
    """Poll until healthy; False if the process exited (e.g. it lost the race for its port).
    ``deadline_s`` only bounds a hung start (:class:`ServerError`)."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if healthy(api_url, timeout_s=2.0):
            return True
        time.sleep(0.1)
    raise ServerError(f"the Prefect server at {api_url} did not answer within {deadline_s:.0f} s")


def _stop_process(process: subprocess.Popen[bytes], grace_s: float = 10.0) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --------------------------------------------------------------------------------------------------
# the temporary server (3.)
# --------------------------------------------------------------------------------------------------


@dataclass
class TemporaryServer:
    """A server for this process only: stopped at exit, and it dies with us if we are killed."""

    process: subprocess.Popen[bytes]
    api_url: str

    def stop(self) -> None:
        _stop_process(self.process)


def start_temporary(deadline_s: float = 120.0, attempts: int = 3) -> TemporaryServer:
    """Start a temporary server tied to this process (stopped at exit; ``deadline_s`` bounds a hung
    start). Its output is the command's stderr: only its errors (uvicorn log level ``error``)."""
    for _ in range(attempts):
        port = _free_port()
        process = subprocess.Popen(
            _server_command(port, die_with=os.getpid()),
            env=_server_env(temporary=True),
            stdin=subprocess.DEVNULL,
            stdout=2,  # its rare output (errors only) goes where ours does, never into stdout
            start_new_session=True,  # Ctrl-C reaches the command, which then stops the server itself
        )
        server = TemporaryServer(process, f"http://127.0.0.1:{port}/api")
        # registered before Prefect is imported, so it runs after Prefect's own exit handlers (LIFO):
        # the run's logs and events are sent before the server goes away
        atexit.register(server.stop)
        try:
            if _wait_healthy(process, server.api_url, deadline_s):
                return server
        except BaseException:
            server.stop()
            raise
    raise ServerError(f"could not start a temporary Prefect server ({attempts} attempts; ports taken?)")


# --------------------------------------------------------------------------------------------------
# the background server (2.): `selloff server start|stop|status`
# --------------------------------------------------------------------------------------------------


def state_path(home: Path | None = None) -> Path:
    return (home or prefect_home()) / STATE_FILE


def read_state(home: Path | None = None) -> ServerState | None:
    try:
        return ServerState(**json.loads(state_path(home).read_text()))
    except (OSError, ValueError, TypeError):
        return None


@contextlib.contextmanager
def _start_lock(home: Path) -> Iterator[None]:
    """Serialise ``start``/``stop`` for one ``PREFECT_HOME`` (two starts would run two servers)."""
    fd = os.open(home / "selloff-server.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def discover(home: Path | None = None) -> ServerState | None:
    """The background server recorded for ``home`` if it is alive, Prefect's, of the installed Prefect
    version and healthy; else None (a stale state file is removed)."""
    state = read_state(home)
    if state is None:
        return None
    if _is_server(state.pid) and state.prefect_version == version("prefect") and healthy(state.api_url):
        return state
    with contextlib.suppress(OSError):
        state_path(home).unlink()
    return None


def start_background(home: Path | None = None, deadline_s: float = 180.0) -> tuple[ServerState, bool]:
    """Start a detached server for ``home`` and record it; ``(state, started)`` (False: one was running).

    It outlives the command on purpose (its own session, stdin closed, output in ``selloff-server.log``
    beside the state file) and runs Prefect's full server: UI, scheduler and the other services, so
    ``selloff serve`` can use it too. ``deadline_s`` only bounds a hung start.
    """
    home = home or prefect_home()
    home.mkdir(parents=True, exist_ok=True)
    with _start_lock(home):
        existing = discover(home)
        if existing is not None:
            return existing, False
        log_path = home / LOG_FILE
        for _ in range(3):
            port = _free_port()
            api_url = f"http://127.0.0.1:{port}/api"
            with log_path.open("ab") as log:
                process = subprocess.Popen(
                    _server_command(port, log_level="warning"),
                    env=_server_env(temporary=False, home=home),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # not in the caller's process group or terminal session
                )
            try:
                up = _wait_healthy(process, api_url, deadline_s)
            except BaseException:
                _stop_process(process)
                raise
            if up:
                state = ServerState(
                    pid=process.pid,
                    port=port,
                    api_url=api_url,
                    prefect_home=str(home),
                    prefect_version=version("prefect"),
                    started_at=datetime.now(UTC).isoformat(timespec="seconds"),
                    log=str(log_path),
                )
                tmp = state_path(home).with_suffix(".tmp")
                tmp.write_text(json.dumps(asdict(state), indent=2) + "\n")
                tmp.replace(state_path(home))
                return state, True
        raise ServerError(f"could not start the Prefect server; see {log_path}")


def stop_background(home: Path | None = None, grace_s: float = 30.0) -> ServerState | None:
    """Stop the background server recorded for ``home`` (SIGTERM, then SIGKILL after ``grace_s``);
    the state it had, or None if none was recorded."""
    home = home or prefect_home()
    if not home.is_dir():
        return None
    with _start_lock(home):
        state = read_state(home)
        if state is None:
            return None
        if _is_server(state.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(state.pid, signal.SIGTERM)
            deadline = time.monotonic() + grace_s
            while _cmdline(state.pid) is not None and time.monotonic() < deadline:
                time.sleep(0.2)
            if _cmdline(state.pid) is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(state.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            state_path(home).unlink()
        return state


# --------------------------------------------------------------------------------------------------
# choosing the API
# --------------------------------------------------------------------------------------------------


def configured_api_url(home: Path | None = None) -> str | None:
    """``PREFECT_API_URL`` from the environment, else from the active profile in ``profiles.toml``."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    try:
        profiles = tomllib.loads(((home or prefect_home()) / "profiles.toml").read_text())
    except (OSError, ValueError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active", "ephemeral")
    url = profiles.get("profiles", {}).get(active, {}).get("PREFECT_API_URL")
    return str(url) if url else None


def _prefect_background(home: Path) -> str | None:
    """Prefect's own ``prefect server start --background`` on its default address, if it answers."""
    try:
        pid = int((home / PREFECT_PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return None
    return PREFECT_DEFAULT_API if _is_server(pid) and healthy(PREFECT_DEFAULT_API) else None


def running_api(home: Path | None = None) -> PrefectApi | None:
    """A configured or background API, or None (nothing is started)."""
    home = home or prefect_home()
    configured = configured_api_url(home)
    if configured:
        return PrefectApi(configured, "configured")
    state = discover(home)
    if state is not None:
        return PrefectApi(state.api_url, "background")
    prefects = _prefect_background(home)
    return PrefectApi(prefects, "background") if prefects else None


def choose_api(on_start: Callable[[], None] | None = None) -> PrefectApi:
    """The API for this process, exported as ``PREFECT_API_URL`` (call it before Prefect is imported):
    configured, else a background server, else a temporary server started now and tied to us
    (``on_start`` is called first, e.g. to say so)."""
    api = running_api()
    if api is None:
        if on_start is not None:
            on_start()
        server = start_temporary()
        api = PrefectApi(server.api_url, "temporary")
    os.environ["PREFECT_API_URL"] = api.api_url
    return api


if __name__ == "__main__":
    _main(sys.argv[1:])
