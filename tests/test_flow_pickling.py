"""Served runs get their flow by cloudpickle (Prefect 3.9's Runner: ``run_flow_in_subprocess``), issue 12 §1.

cloudpickle copies a flow's function by value, keeping only the globals its code uses; annotations
postponed by ``from __future__ import annotations`` are strings that pydantic must resolve in those
globals when Prefect validates the parameters. A name used only in an annotation is then missing:
"Refresh_FlowModel is not fully defined; you should define SourceChoice". So flows/*.py keep their
annotations real; this fails (for refresh, calibrate and project) if the future import comes back.
"""

from __future__ import annotations

import importlib
from datetime import date

import cloudpickle
import pytest

FLOWS = {  # flow -> parameters a run could be called with
    "flows.refresh:refresh_flow": {"source": "snapshot", "series": ["GS10"]},
    "flows.calibrate:calibrate_flow": {"method": "blend", "as_of": "2024-12-31"},
    "flows.project:project_flow": {"scenario_names": ["japan-full-dump"], "method": "blend"},
    "flows.report:report_flow": {"out": None, "publish_latest": False, "projection_run_id": "project-x"},
    "flows.nightly:nightly_flow": {"draws": 100, "seed": 1},
    "flows.grid:grid_flow": {"grid_file": "japan-grid", "draws": 10},
}


@pytest.mark.parametrize("ref", sorted(FLOWS))
def test_a_flow_validates_its_parameters_after_a_cloudpickle_round_trip(ref: str) -> None:
    module, name = ref.split(":")
    flow = getattr(importlib.import_module(module), name)
    copy = cloudpickle.loads(cloudpickle.dumps(flow))
    assert copy.fn is not flow.fn  # pickled by value, as the runner does
    validated = copy.validate_parameters(FLOWS[ref])
    assert set(FLOWS[ref]) <= set(validated)
    if "as_of" in validated:  # the annotation was resolved: a date, not the string it came as
        assert validated["as_of"] == date(2024, 12, 31)


def test_no_flow_module_postpones_its_annotations() -> None:
    from tests.conftest import REPO

    for path in sorted((REPO / "flows").glob("*.py")):
        lines = path.read_text().splitlines()
        assert "from __future__ import annotations" not in lines, path.name
