"""Cost of the workspace lock: `workspace.update()` with the file lock against the same save without it.

Baseline: the unlocked read–modify–write Equity Lab did before (load, set the key, atomic save),
here the same code with the lock replaced by a no-op. Both write to a temporary folder.
Run: .venv/bin/python bench/workspace.py
"""
import contextlib
import os
import tempfile
import time

from equitylab.checking import workspace


def best_of(fn, repeat=5):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run(n_keys: int, n_updates: int = 100) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as d:
        os.environ[workspace.ENV] = d
        for i in range(n_keys):          # a workspace already holding n_keys answers
            workspace.update("takeaways", f"k{i}", {"status": "correct", "attempts": 1, "answer": 0.5})

        def updates():
            for i in range(n_updates):
                workspace.update("answers", f"a{i % 10}", {"status": "incorrect", "attempts": i})

        locked = best_of(updates)
        real_lock = workspace._locked
        workspace._locked = contextlib.nullcontext
        try:
            unlocked = best_of(updates)
        finally:
            workspace._locked = real_lock
    return locked / n_updates, unlocked / n_updates


if __name__ == "__main__":
    print("| answers in the workspace | update() with lock, ms | without lock (baseline), ms | ratio |")
    print("|---:|---:|---:|---:|")
    for n in (10, 100, 1000):
        locked, unlocked = run(n)
        print(f"| {n:,} | {locked * 1e3:.2f} | {unlocked * 1e3:.2f} | {locked / unlocked:.2f}× |")
