"""The explorer's web server: a small Starlette app over :class:`~selloff.delivery.explorer.engine.Explorer`.

Routes (all GET; the state is the query string, see :mod:`selloff.delivery.explorer.controls`):

``/``                   the page (``static/index.html``); everything it loads is under ``/static/``
``/api/options``        what the controls offer: sellers and holdings, calibration methods, baselines
``/api/point``          point results for a state (headline, yields, 10-year price, fiscal years, arithmetic)
``/api/bands``          p5/p95 bands from ``draws`` joint draws
``/api/stress``         the reverse stress test (``metric``, ``threshold``, ``by``)
``/api/scenario.toml``  the state as a scenario file (``name``, ``title``)
``/api/table.csv``      a table of the state as CSV (``table``, ``bands=1`` for the percentiles)

No CDN and no network: the page, its script and the vendored chart library (uPlot, MIT, licence beside
it) ship in the package. The server binds 127.0.0.1 unless told otherwise and answers only requests
addressed to the host it was started on (DNS-rebinding guard). Bad parameters are a 400 with a one-line
``{"error": …}``.
"""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from selloff.delivery.explorer.controls import ControlError
from selloff.delivery.explorer.engine import Explorer
from selloff.projection.scenarios import ScenarioError

STATIC_DIR = Path(__file__).parent / "static"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

log = logging.getLogger(__name__)


def _params(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items()}


def _guarded(handler: Callable[[Explorer, Request], Response]) -> Callable[[Request], Response]:
    """Run ``handler``; bad input is a 400 with a one-line message, anything else a 500 (logged)."""

    def endpoint(request: Request) -> Response:
        explorer: Explorer = request.app.state.explorer
        try:
            return handler(explorer, request)
        except (ControlError, ScenarioError, ValueError) as exc:
            return JSONResponse({"error": str(exc).splitlines()[0]}, status_code=400)
        except Exception as exc:  # a defect: keep serving, say so, log the traceback
            log.exception("explorer request failed: %s", request.url.path)
            return JSONResponse({"error": f"internal error: {type(exc).__name__}"}, status_code=500)

    return endpoint


def _index(explorer: Explorer, request: Request) -> Response:
    return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-store"})


def _options(explorer: Explorer, request: Request) -> Response:
    return JSONResponse(explorer.options())


def _point(explorer: Explorer, request: Request) -> Response:
    return JSONResponse(explorer.point(explorer.controls(_params(request))))


def _bands(explorer: Explorer, request: Request) -> Response:
    return JSONResponse(explorer.bands(explorer.controls(_params(request))))


def _float(params: dict[str, str], name: str) -> float:
    try:
        return float(params.get(name, ""))
    except ValueError:
        raise ControlError(f"{name}: not a number: {params.get(name, '')[:40]!r}") from None


def _stress(explorer: Explorer, request: Request) -> Response:
    params = _params(request)
    metric = params.get("metric", "outlays")
    if metric not in ("outlays", "revenues"):
        raise ControlError(f"metric: must be outlays or revenues, got {metric[:40]!r}")
    by = _float(params, "by")
    if by != int(by):
        raise ControlError(f"by: must be a fiscal year, got {params['by'][:40]}")
    controls = explorer.controls(params)
    result = explorer.stress(
        controls, "outlays" if metric == "outlays" else "revenues", _float(params, "threshold"), int(by)
    )
    return JSONResponse(result)


def _scenario_toml(explorer: Explorer, request: Request) -> Response:
    params = _params(request)
    name = params.get("name", "")
    if not NAME_PATTERN.match(name):
        raise ControlError("name: lowercase letters, digits and hyphens, starting with a letter or digit")
    title = params.get("title", "").strip()[:200]
    text = explorer.toml(explorer.controls(params), name=name, title=title)
    return PlainTextResponse(
        text,
        media_type="application/toml",
        headers={"Content-Disposition": f'attachment; filename="{name}.toml"'},
    )


def _table_csv(explorer: Explorer, request: Request) -> Response:
    params = _params(request)
    table = params.get("table", "")
    frame = explorer.table(explorer.controls(params), table, bands=params.get("bands") == "1")
    return PlainTextResponse(
        frame.to_csv(index=False),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="explore-{table}.csv"'},
    )


def create_app(explorer: Explorer, *, allowed_hosts: list[str] | None = None) -> Starlette:
    """The explorer's app; ``allowed_hosts`` are the Host headers it answers (default: loopback names)."""
    routes = [
        Route("/", _guarded(_index)),
        Route("/api/options", _guarded(_options)),
        Route("/api/point", _guarded(_point)),
        Route("/api/bands", _guarded(_bands)),
        Route("/api/stress", _guarded(_stress)),
        Route("/api/scenario.toml", _guarded(_scenario_toml)),
        Route("/api/table.csv", _guarded(_table_csv)),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    hosts = allowed_hosts or ["127.0.0.1", "localhost", "[::1]"]
    app = Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts)])
    app.state.explorer = explorer
    return app


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: any free port). ``OSError`` if it cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve(app: Any, sock: socket.socket) -> None:
    """Serve ``app`` on ``sock`` until interrupted (uvicorn, one process, no access log)."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])
