"""The delivery stage: what readers and schedulers get from the published warehouse.

Takes in: the ``report.*`` views of the published warehouse (read-only).
Gives out: the HTML/Markdown report with CSV/Parquet tables, exports, and the nightly schedule.
"""
