"""Run every benchmark in bench/ one after the other (``make bench``); figures go to BENCHMARKS.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = (
    "bench_projection.py",
    "bench_refresh.py",
    "bench_main_job.py",
    "bench_grid.py",
    "bench_explorer.py",
    "bench_quick.py",
)


def main() -> int:
    here = Path(__file__).parent
    failed = []
    for name in BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        if subprocess.run([sys.executable, str(here / name)], check=False).returncode != 0:
            failed.append(name)
    if failed:
        print(f"targets missed or errors in: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
