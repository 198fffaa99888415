"""The report: one self-contained HTML file and its Markdown twin, every table also as CSV and Parquet.

Takes in: the ``report.*`` views of the published warehouse (plus ``stg.*`` history and run settings).
Gives out: ``report.html``, ``report.md``, ``charts/*.svg`` and ``tables/*.csv|parquet`` (see ``assemble``).
"""
