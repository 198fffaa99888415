"""The warm worker: pipeline commands without their ~3 s of imports, still recorded in Prefect.

A pipeline command spends ~3 s importing pandas, Prefect and the flows before any work; with a background
Prefect server (``selloff server start``) that is about half of an ad-hoc ``selloff project``. So
``selloff server start`` also starts this worker: one process that has imported all of it once and waits
on a Unix socket. The ``selloff`` launcher hands a command to it: the arguments, the environment, the
working directory, and the caller's stdin, stdout and stderr themselves (passed as file descriptors). The
worker forks; the child takes them on and runs the console entry (:func:`selloff.launcher.main`) as a fresh
process would (the same code, the same output on the caller's terminal, its flow runs recorded in the
background server) and the worker sends back how it ended. The caller passes Ctrl-C (SIGINT), SIGTERM and
SIGHUP on to the child and exits with its status, or dies of the signal the command died of; a caller
that is killed (its end of the socket closes) takes its command with it.

The launcher runs the command itself, as before, when no worker answers; when the worker's code is no
longer the installed code (a file under ``selloff/``, ``flows/`` or ``sql/`` changed since it started: it
then exits); when the caller's settings that modules read at import (``PREFECT_*``, ``DO_NOT_TRACK``,
``PYTHON*``, locale, thread counts) differ from the worker's, or its Python does; and when
``SELLOFF_WORKER=off``. Only the commands in :data:`FORWARDED` go to it (``sql`` too: the worker has
DuckDB loaded, so a query costs the caller little more than Python's start-up); never ``--version``, nor the
long-running ``serve``, ``explore`` and ``server``.

What the child does not take from the caller: resource limits (``ulimit``), scheduling priority and
control group are the worker's; the umask is the caller's. Set ``SELLOFF_WORKER=off`` for a command that
must run under the caller's limits.

The socket is in a directory only this user can enter (``$XDG_RUNTIME_DIR/selloff``, else
``/tmp/selloff-<uid>``), named by a hash of ``PREFECT_HOME``: one worker per Prefect home, like the
background server. ``python -m selloff.worker SOCKET`` is the worker itself; this module imports only the
standard library until it runs.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import selectors
import signal
import socket
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import NoReturn

FORWARDED = frozenset(
    {"project", "calibrate", "report", "sensitivity", "status", "export", "refresh", "run", "prune", "sql"}
)
"""Commands the worker runs; the rest stay in the calling process."""

IMPORT_TIME_ENV = (
    "PREFECT_", "DO_NOT_TRACK", "DASK_", "PYTHON", "LANG", "LC_", "OMP_", "OPENBLAS_", "MKL_", "TZ",
)  # fmt: skip
"""Environment variables (by prefix) that modules read when imported: the worker imported them under its
own values, so a caller whose values differ runs the command itself."""

OFF_ENV = "SELLOFF_WORKER"
_IN_CHILD = False
"""True in a command the worker forked: it runs the command itself."""
_HEADER_BYTES = 8
_ACCEPT_TIMEOUT_S = 30.0
"""Bounds on a stuck peer while a request is handed over; never a bound on the command itself."""


# --------------------------------------------------------------------------------------------------
# where, and what counts as the same code and the same settings
# --------------------------------------------------------------------------------------------------


def prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()


def _runtime_dir(*, create: bool) -> Path:
    """A directory only this user can enter (made 0700 when ``create``); PermissionError if anyone else
    owns it or can enter it, FileNotFoundError if it does not exist and ``create`` is False."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    path = Path(base) / "selloff" if base else Path("/tmp") / f"selloff-{os.getuid()}"
    if create:
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700, parents=bool(base))
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise PermissionError(f"{path} is not a private directory of this user")
    return path


def socket_path(home: Path | None = None, *, create: bool = False) -> Path:
    """The worker's socket for ``home`` (``PREFECT_HOME``): short enough for a Unix socket address."""
    key = hashlib.sha256(str((home or prefect_home()).resolve()).encode()).hexdigest()[:16]
    return _runtime_dir(create=create) / f"worker-{key}.sock"


def code_fingerprint(roots: list[Path]) -> str:
    """Every file under ``roots`` by path, size and modification time: changes when code is edited or
    another version is installed (~360 files, a few ms)."""
    digest = hashlib.sha256()
    for root in roots:
        for directory, subdirs, files in os.walk(root):
            subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
            for name in sorted(files):
                info = os.stat(os.path.join(directory, name))
                digest.update(f"{directory}/{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _code_roots() -> list[Path]:
    package = Path(__file__).resolve().parent
    repository = package.parents[1]  # src/selloff -> the checkout; a wheel ships flows/ beside selloff/
    candidates = [package, package.parent / "flows", repository / "flows", repository / "sql"]
    return sorted({path for path in candidates if path.is_dir()})


def import_time_env(environ: Mapping[str, str]) -> dict[str, str]:
    """The variables of :data:`IMPORT_TIME_ENV` as a pipeline command ends up with them: its own defaults
    (telemetry off, Prefect's console quiet) under what ``environ`` sets."""
    from selloff.prefect_server import QUIET_CONSOLE, TELEMETRY_OFF

    effective = TELEMETRY_OFF | QUIET_CONSOLE | dict(environ)
    return {k: v for k, v in effective.items() if k.startswith(IMPORT_TIME_ENV)}


def command_of(argv: list[str]) -> str | None:
    """The command name in ``argv`` (after the global ``--warehouse``), or None."""
    args = iter(argv)
    for token in args:
        if token == "--warehouse":
            next(args, None)
        elif not token.startswith("--warehouse="):
            return None if token.startswith("-") else token
    return None


# --------------------------------------------------------------------------------------------------
# started and stopped with the background server (`selloff server start|stop|status`)
# --------------------------------------------------------------------------------------------------


def _pid_path(home: Path | None = None) -> Path:
    return socket_path(home).with_suffix(".pid")


def running_pid(home: Path | None = None) -> int | None:
    """The worker's pid for ``home`` if it is alive and answers on its socket."""
    try:
        pid = int(_pid_path(home).read_text())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        if b"selloff.worker" not in cmdline:
            return None
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(5.0)
            probe.connect(str(socket_path(home)))
    except (OSError, ValueError):
        return None
    return pid


def start(home: Path, log: Path, deadline_s: float = 180.0) -> int:
    """Start the worker for ``home`` in the background (its own session, output appended to ``log``);
    its pid once it answers. ``deadline_s`` only bounds a hung start."""
    import subprocess
    import time

    existing = running_pid(home)
    if existing is not None:
        return existing
    path = socket_path(home, create=True)
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "selloff.worker", str(path)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    _pid_path(home).write_text(f"{process.pid}\n")
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the selloff worker exited with {process.returncode}; see {log}")
        if running_pid(home) == process.pid:
            return process.pid
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the selloff worker did not start in {deadline_s:.0f} s; see {log}")


def stop(home: Path, grace_s: float = 10.0) -> int | None:
    """Stop the worker for ``home`` (SIGTERM; commands it runs finish); its pid, or None if none ran."""
    import time

    pid = running_pid(home)
    if pid is None:
        with contextlib.suppress(OSError):
            _pid_path(home).unlink()
        return None
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    with contextlib.suppress(OSError):
        _pid_path(home).unlink()
    return pid


# --------------------------------------------------------------------------------------------------
# the caller's side (the launcher)
# --------------------------------------------------------------------------------------------------


def forward(argv: list[str]) -> int | None:
    """Run ``selloff ARGV`` in the warm worker; its exit status, or None when the caller must run it
    itself (no worker, another code version or settings, a command the worker does not take)."""
    if (
        _IN_CHILD
        or os.environ.get(OFF_ENV, "").lower() in {"off", "0", "false", "no"}
        or command_of(argv) not in FORWARDED
    ):
        return None
    try:
        path = socket_path()
        if not path.exists():
            return None
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.settimeout(_ACCEPT_TIMEOUT_S)
        conn.connect(str(path))
        umask = os.umask(0o022)  # read it (the only way), then put it back
        os.umask(umask)
        request = json.dumps(
            {
                "argv": argv,
                "env": dict(os.environ),
                "cwd": os.getcwd(),
                "umask": umask,
                "executable": sys.executable,
            }
        ).encode()
        socket.send_fds(conn, [len(request).to_bytes(_HEADER_BYTES, "big")], [0, 1, 2])
        conn.sendall(request)
        reply = _read_line(conn)
    except OSError:  # no worker, a stale socket, a closed stdio descriptor: run here
        return None
    if not reply.startswith("accepted "):
        conn.close()
        return None
    child = int(reply.split()[1])
    conn.settimeout(None)  # the command takes as long as it takes
    with _forwarding_signals(child):
        try:
            ended = _read_line(conn)
        except OSError:
            ended = ""
    conn.close()
    if not ended.startswith("exit "):
        sys.stderr.write("error: the selloff worker stopped before the command ended\n")
        return 1
    code = int(ended.split()[1])
    if code < 0:  # the command died of a signal: so does its caller, as its own process would have
        with contextlib.suppress(OSError, ValueError):  # SIGKILL and SIGSTOP have no handler to reset
            signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
        return 128 - code  # a signal that does not end a process
    return code


def _read_line(conn: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(256)
        if not chunk:
            break
        data += chunk
    return data.decode().strip()


@contextlib.contextmanager
def _forwarding_signals(child: int) -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP to this process go to the command's process instead."""

    def relay(signum: int, _frame: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signum)

    # a signal this process ignores (e.g. SIGINT of a background job of a script) stays ignored
    signals = [
        sig
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        if signal.getsignal(sig) != signal.SIG_IGN
    ]
    previous = {sig: signal.signal(sig, relay) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# --------------------------------------------------------------------------------------------------
# the worker's side
# --------------------------------------------------------------------------------------------------


PRELOADED = (
    "selloff.cli", "selloff.projection.store", "flows.refresh", "flows.calibrate", "flows.project",
    "flows.report", "flows.nightly", "prefect.flow_engine", "prefect.task_engine",
    "prefect.client.orchestration", "prefect.events.worker",
)  # fmt: skip
"""What pipeline commands import, loaded once by the worker (~3 s)."""


def _preload() -> None:
    """Import :data:`PRELOADED`, Prefect quiet as the CLI makes it (set before Prefect loads)."""
    import importlib

    from selloff import cli

    cli.quiet_prefect_env()
    for name in PRELOADED:
        importlib.import_module(name)


def serve(path: Path) -> Callable[[], int] | None:
    """Accept commands on ``path`` until SIGTERM or stale code; returns only in a forked child, with the
    command to run (its process then ends with that command's status)."""
    started_env = import_time_env(os.environ)
    _preload()
    gc.freeze()  # what is loaded now stays shared with every forked command (no copy-on-write by the GC)
    roots = _code_roots()
    fingerprint = code_fingerprint(roots)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(16)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes the loop through the pipe
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(wake_r, selectors.EVENT_READ)
    running: dict[int, socket.socket] = {}
    print(f"selloff worker {os.getpid()} ready on {path}", flush=True)
    while not stopping:
        for key, _ in selector.select():
            if key.fileobj is wake_r:
                with contextlib.suppress(BlockingIOError):
                    os.read(wake_r, 512)
                _reap(running, selector)
                continue
            if isinstance(key.data, int):  # a caller's connection: readable only once it is gone
                _caller_gone(key.data, running, selector)
                continue
            conn, _ = listener.accept()
            if code_fingerprint(roots) != fingerprint:
                _reply(conn, "declined stale code")
                stopping = True  # this worker's code is gone; `selloff server start` starts a new one
                break
            task = _accept(conn, started_env, running, selector)
            if task is not None:  # the forked child: leave the loop and everything of the worker's
                selector.close()
                listener.close()
                os.close(wake_r)
                os.close(wake_w)
                return task
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    listener.close()
    signal.set_wakeup_fd(-1)
    for pid, conn in list(running.items()):  # the commands already running end first, and are answered
        _, status = os.waitpid(pid, 0)
        _reply(conn, f"exit {os.waitstatus_to_exitcode(status)}")
    print(f"selloff worker {os.getpid()} stopped", flush=True)
    return None


def _reply(conn: socket.socket, line: str) -> None:
    with contextlib.suppress(OSError):
        conn.sendall(f"{line}\n".encode())
    conn.close()


def _caller_gone(pid: int, running: dict[int, socket.socket], selector: selectors.BaseSelector) -> None:
    """The caller of the command in ``pid`` closed its end: it was killed (a signal it could pass on would
    have been passed on). The command goes with it, as it would in the caller's own process."""
    conn = running.get(pid)
    if conn is None:
        return
    try:
        gone = conn.recv(1) == b""
    except OSError:
        gone = True
    if gone:
        selector.unregister(conn)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        print(f"the caller of {pid} went away: killed it", flush=True)


def _reap(running: dict[int, socket.socket], selector: selectors.BaseSelector) -> None:
    while running:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        conn = running.pop(pid, None)
        if conn is not None:
            with contextlib.suppress(KeyError, ValueError):
                selector.unregister(conn)
            code = os.waitstatus_to_exitcode(status)
            print(f"command in {pid} ended with {code}", flush=True)  # logged before the caller hears
            _reply(conn, f"exit {code}")  # negative: killed by that signal


def _accept(
    conn: socket.socket,
    started_env: dict[str, str],
    running: dict[int, socket.socket],
    selector: selectors.BaseSelector,
) -> Callable[[], int] | None:
    """Read one request and fork for it; in the child, the command to run; in the worker, None."""
    fds: list[int] = []
    try:
        conn.settimeout(_ACCEPT_TIMEOUT_S)
        header, fds, _, _ = socket.recv_fds(conn, _HEADER_BYTES, 3)
        size = int.from_bytes(header, "big")
        body = b""
        while len(body) < size:
            chunk = conn.recv(min(65536, size - len(body)))
            if not chunk:
                raise ConnectionError("the caller went away")
            body += chunk
        request = json.loads(body)
        if len(fds) != 3:
            raise ValueError("expected stdin, stdout and stderr")
    except (OSError, ValueError) as exc:
        for fd in fds:
            os.close(fd)
        _reply(conn, f"declined {exc}")
        return None
    reason = _decline_reason(request, started_env)
    if reason:
        for fd in fds:
            os.close(fd)
        print(f"declined {request.get('argv')}: {reason}", flush=True)
        _reply(conn, f"declined {reason}")
        return None
    pid = os.fork()
    if pid == 0:
        for other in [conn, *running.values()]:  # the worker reports how commands end, not this child
            other.close()
        return lambda: _run_command(request, fds)
    for fd in fds:
        os.close(fd)
    running[pid] = conn
    print(f"{' '.join(request['argv'])!r} in {pid}", flush=True)
    with contextlib.suppress(OSError):
        conn.settimeout(None)
        conn.sendall(f"accepted {pid}\n".encode())
    conn.setblocking(False)
    selector.register(conn, selectors.EVENT_READ, data=pid)  # EOF: the caller is gone
    return None


def _decline_reason(request: dict[str, object], started_env: dict[str, str]) -> str | None:
    argv, env = request.get("argv"), request.get("env")
    if not isinstance(argv, list) or not isinstance(env, dict) or not isinstance(request.get("cwd"), str):
        return "malformed request"
    if request.get("executable") != sys.executable:
        return f"another Python ({request.get('executable')})"
    if command_of([str(a) for a in argv]) not in FORWARDED:
        return "not a command the worker runs"
    if import_time_env(env) != started_env:
        return "different import-time settings (PREFECT_*, locale, ...)"
    return None


def _run_command(request: dict[str, object], fds: list[int]) -> int:
    """In the forked child: become the caller's process (stdio, directory, environment, arguments) and
    run the command line; its exit status."""
    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    encoding = sys.stdout.encoding
    # as Python opens them at start-up: line-buffered on a terminal, stderr always
    sys.stdin = open(0, encoding=encoding, closefd=False)  # noqa: SIM115 (the process's own streams)
    sys.stdout = open(1, "w", encoding=encoding, closefd=False, buffering=1 if os.isatty(1) else -1)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding=encoding, errors="backslashreplace", closefd=False, buffering=1)  # noqa: SIM115
    os.chdir(str(request["cwd"]))
    os.umask(int(request.get("umask", 0o022)))  # type: ignore[call-overload]
    os.environ.clear()
    os.environ.update({str(k): str(v) for k, v in dict(request["env"]).items()})  # type: ignore[call-overload]
    sys.argv = ["selloff", *[str(a) for a in request["argv"]]]  # type: ignore[attr-defined]
    from selloff import cli, launcher

    global _IN_CHILD
    _IN_CHILD = True  # the launcher below must not hand the command to a worker again
    cli.fresh_process()
    try:
        launcher.main()  # the console script's own entry: `sql`'s fast path, else the full command line
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        sys.stderr.write(f"{exc.code}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


def main(argv: list[str]) -> None:
    """``python -m selloff.worker SOCKET``."""
    if len(argv) != 1:
        sys.exit("usage: python -m selloff.worker SOCKET")
    task = serve(Path(argv[0]))
    if task is not None:
        _end_child(task())


def _end_child(code: int) -> NoReturn:
    """End the command's process as Python ends one (non-daemon threads joined, ``atexit`` handlers
    run: Prefect sends its last events and logs there, streams flushed), then ``os._exit`` as
    :mod:`multiprocessing` ends a forked child: the C++ static destructors of libraries loaded before
    the fork (DuckDB, Arrow) must not run in it ("terminate called without an active exception")."""
    import atexit
    import threading

    try:
        threading._shutdown()  # type: ignore[attr-defined]  # what the interpreter does at exit
        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


if __name__ == "__main__":
    # run as the imported module, not as __main__: the launcher in a forked command imports
    # selloff.worker and must see that module's state (_IN_CHILD), not a second copy's
    from selloff import worker

    worker.main(sys.argv[1:])
