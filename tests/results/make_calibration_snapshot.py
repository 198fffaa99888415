"""Regenerate calibration_snapshot.json: python tests/results/make_calibration_snapshot.py WAREHOUSE.duckdb

Run it only when a deliberate change to the model, the prior or the snapshot moves the numbers, and say
why in the commit; the test compares a fresh calibration of the snapshot warehouse with this file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb

from selloff.calibration import store as calib_store
from selloff.calibration.calibrate import calibrate


def main(warehouse_path: str) -> None:
    with duckdb.connect(warehouse_path, read_only=True) as con:
        panels = calib_store.read_panels(con)
    result = calibrate(panels, calib_store.load_prior())
    frame = result.parameters_frame()
    frame = frame[frame.term.isin(["impact", "long_run"])]
    golden = {
        "n_obs": result.n_obs,
        "sample_start": result.sample_start.isoformat(),
        "sample_end": result.sample_end.isoformat(),
        "reference_gdp_usd_bn": result.reference_gdp_usd_bn,
        "data_method_allowed": result.data_method_allowed,
        "parameters": [
            {k: row[k] for k in ("tenor", "term", "method", "units", "estimate", "std_error", "blend_weight")}
            for row in frame.to_dict("records")
            if row["estimate"] is not None
        ],
        "d_sensitivity_10y_impact": [
            {
                "flow_measure": r.flow_measure,
                "duration_years": r.duration_years,
                "estimate_bp_per_pct_gdp": r.estimate,
            }
            for r in result.d_sensitivity
            if r.tenor == "10y" and r.term == "impact"
        ],
    }
    out = Path(__file__).with_name("calibration_snapshot.json")
    out.write_text(json.dumps(golden, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1])
