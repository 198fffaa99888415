"""The warehouse stage: one DuckDB file, its schema from ``sql/``, and how runs write to it.

Takes in: frames from ingest, calibration and projection, written by their own ``store`` modules.
Gives out: a published ``warehouse/selloff.duckdb`` replaced atomically per run, with ``meta.runs`` records.
"""
