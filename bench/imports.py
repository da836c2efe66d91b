"""How long `import equitylab` takes, against `import pandas` (the baseline: every user imports it anyway).

Each import runs in a fresh interpreter (`python -X importtime` is not needed: wall time of a child
process that imports and exits, minus an empty interpreter's start-up), best of 7 runs.
Goal (issue 7): equitylab ≤ 1.5 × pandas.
"""
from __future__ import annotations

import subprocess
import sys
import time


def _best(code: str, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    empty = _best("pass")
    pandas = _best("import pandas") - empty
    equitylab = _best("import equitylab") - empty
    first_use = _best("import equitylab as el; el.stratify") - empty
    print(f"{'what':38s} {'seconds':>8s} {'× import pandas':>16s}")
    for name, t in (("import pandas (baseline)", pandas), ("import equitylab", equitylab),
                    ("import equitylab; el.stratify", first_use)):
        print(f"{name:38s} {t:8.3f} {t / pandas:16.2f}")


if __name__ == "__main__":
    main()
