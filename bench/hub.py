"""A room of N participants on a real hub: python bench/hub.py N [--no-prestart] [--json FILE]  (as root).

N simulated participants (and one faculty member) use the hub as the morning would: faculty pre-start every
server (``equitylab hub prestart``: the 8:00 rush), each participant signs in with a name and the room code
and opens the Session 3 notebook, then runs it cell by cell over the kernel's websocket with the answer
key's answers (the source notebook's solution blocks, faculty cells left out), every ``el.check`` included;
faculty read the room page while they work. Printed: all servers up (s), server start median/p95, time for
a signed-in participant's notebook to open, cell latency median/p95, ``check`` median/p95, failures,
memory per participant (RSS and unique, with the kernel running and after it is culled), the hub's CPU.

The baseline for the timings is one participant alone on the same hub (N=1), printed as ratios.
System users created for the run are removed at the end.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hub_helpers import Hub, Person, equitylab, execute, free_port  # noqa: E402

NOTEBOOK = ROOT / "session3_data" / "session3_data.ipynb"


def answered_cells() -> list[str]:
    """Session 3's code cells as a participant who answered with the answer key runs them."""
    from equitylab.course.transforms import _is_instructor

    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code" and not _is_instructor(c)]


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def memory_by_user(prefix: str) -> dict[str, tuple[float, float]]:
    """RSS and unique memory (MB) of every process per participant's system user."""
    out: dict[str, list[float]] = {}
    for p in psutil.process_iter(["username"]):
        user = p.info["username"] or ""
        if not user.startswith(prefix):
            continue
        try:
            full = p.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss, uss = out.setdefault(user, [0.0, 0.0])
        out[user] = [rss + full.rss / 2**20, uss + full.uss / 2**20]
    return {k: (v[0], v[1]) for k, v in out.items()}


def participant(hub, name, code, cells, results, faculty):
    r = {"name": name, "cells": [], "checks": [], "error": None}
    try:
        person = Person(hub, name)
        t0 = time.perf_counter()
        resp = person.sign_in(code)
        if resp.status_code != 200:
            raise RuntimeError(f"sign-in {resp.status_code}")
        person.wait_server(900)
        nb = person.api("GET", "/api/contents/session3_data/session3_data.ipynb")
        if nb.status_code != 200:
            raise RuntimeError(f"notebook {nb.status_code}")
        r["open"] = time.perf_counter() - t0
        kernel = person.api("POST", "/api/kernels", json={"name": "python3", "path": "session3_data"}).json()
        done = asyncio.run(execute(person, kernel["id"], cells, timeout=600))
        for code, out in zip(cells, done):
            (r["checks"] if "el.check(" in code else r["cells"]).append(out["seconds"])
            if out["error"]:
                r["error"] = r["error"] or out["error"][:200]
        statuses = person.run("import equitylab as el\nimport json\n"
                              "ws = el.workspace.load()\n"
                              "print(json.dumps({k: v.get('status') for k, v in ws['answers'].items()}))")
        answers = json.loads(statuses["stdout"] or "{}")
        r["not_correct"] = sorted(k for k, v in answers.items() if k.startswith("s3.") and v not in ("correct", "saved"))
        r["kernel_id"] = kernel["id"]
        r["person"] = person
    except Exception as exc:  # noqa: BLE001  (a failure is a result here)
        r["error"] = f"{type(exc).__name__}: {exc}"[:300]
    results.append(r)


def run(n: int, prestart: bool = True) -> dict:
    from equitylab.course.room.hubcli import HubAPI, prestart as do_prestart
    from equitylab.course.room.roomfile import system_user

    folder = Path(tempfile.mkdtemp(prefix="equitylab-hub-bench-"))
    names = [f"Bench {i:03d}" for i in range(1, n + 1)]
    equitylab("hub", "create", "--dir", str(folder), "--faculty", "Bench Faculty")
    room_file = folder / "room.yml"
    settings = yaml.safe_load(room_file.read_text())
    settings.update(port=free_port(), service_port=free_port(), hub_api_port=free_port(), proxy_api_port=free_port(), home_root=str(folder / "home"),
                    user_prefix="elb-", participants=names)
    room_file.write_text(yaml.safe_dump(settings))
    hub = Hub(folder, folder / "hub.log").start()
    hub_proc = psutil.Process(hub.proc.pid)
    cpu0 = sum(hub_proc.cpu_times()[:2])
    room = hub.room
    out: dict = {"n": n, "prestart": prestart}
    try:
        if prestart:
            starts = []
            t0 = time.time()
            res = do_prestart(room, names, log=lambda line: starts.append(time.time() - t0))
            out.update(all_up=res["seconds"], start_median=statistics.median(starts) if starts else None,
                       start_p95=pct(starts, 0.95), prestart_failed=len(res["failed"]))
        faculty = Person(hub, "Bench Faculty")
        faculty.sign_in(room.faculty_code)
        cells = answered_cells()
        results: list[dict] = []
        peak: dict[str, tuple[float, float]] = {}
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                for user, (rss, uss) in memory_by_user(room.user_prefix).items():
                    old = peak.get(user, (0.0, 0.0))
                    peak[user] = (max(old[0], rss), max(old[1], uss))
                time.sleep(2)

        room_reads = []

        def read_room():
            while not stop.is_set():
                t = time.perf_counter()
                faculty.s.get(f"{hub.url}/services/room/data.json", timeout=120)
                room_reads.append(time.perf_counter() - t)
                time.sleep(5)

        threads = [threading.Thread(target=sample, daemon=True), threading.Thread(target=read_room, daemon=True)]
        for t in threads:
            t.start()
        t0 = time.time()
        with ThreadPoolExecutor(n) as pool:
            for name in names:
                pool.submit(participant, hub, name, room.room_code, cells, results, faculty)
        out["all_done"] = time.time() - t0
        stop.set()
        data = faculty.s.get(f"{hub.url}/services/room/data.json", timeout=120).json()
        for r in results:                              # kernels shut down, as the culler would
            if r.get("person"):
                r["person"].api("DELETE", f"/api/kernels/{r['kernel_id']}")
        time.sleep(3)
        after = memory_by_user(room.user_prefix)
        cells_t = [x for r in results for x in r["cells"]]
        checks = [x for r in results for x in r["checks"]]
        opens = [r["open"] for r in results if "open" in r]
        failures = [f"{r['name']}: {r['error'] or 'not correct: ' + ', '.join(r['not_correct'])}"
                    for r in results if r["error"] or r.get("not_correct")]
        out.update(
            open_median=statistics.median(opens) if opens else None, open_p95=pct(opens, 0.95),
            cell_median=statistics.median(cells_t), cell_p95=pct(cells_t, 0.95),
            check_median=statistics.median(checks) if checks else None, check_p95=pct(checks, 0.95),
            failures=failures, succeeded=n - len(failures),
            room_participants=data.get("participants"), room_read_median=statistics.median(room_reads or [0]),
            rss_peak_mb=statistics.mean(v[0] for v in peak.values()) if peak else None,
            uss_peak_mb=statistics.mean(v[1] for v in peak.values()) if peak else None,
            rss_after_cull_mb=statistics.mean(v[0] for v in after.values()) if after else None,
            uss_after_cull_mb=statistics.mean(v[1] for v in after.values()) if after else None,
            hub_cpu_s=sum(hub_proc.cpu_times()[:2]) - cpu0 + sum(sum(c.cpu_times()[:2]) for c in
                                                                   hub_proc.children(recursive=True)
                                                                   if c.username() == "root"),
        )
    finally:
        try:
            for u in HubAPI(room).users():
                HubAPI(room).call("DELETE", f"/users/{u['name']}/server")
        except Exception:  # noqa: BLE001
            pass
        hub.stop()
        for name in names + ["Bench Faculty"]:
            from equitylab.course.room.roomfile import hub_name

            user = system_user(hub_name(name), room.user_prefix)
            subprocess.run(["pkill", "-KILL", "-u", user], capture_output=True)
            subprocess.run(["userdel", "--remove", user], capture_output=True)
        subprocess.run(["rm", "-rf", str(folder)])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="+", help="participants (e.g. 10 20 40)")
    parser.add_argument("--no-prestart", action="store_true")
    parser.add_argument("--json", help="append each result as a JSON line to this file")
    args = parser.parse_args()
    base = run(1, prestart=not args.no_prestart)
    for n in args.n:
        r = run(n, prestart=not args.no_prestart)
        print(f"N={n}: {r['succeeded']}/{n} succeeded; all servers up {r.get('all_up', float('nan')):.0f} s "
              f"(start median {r.get('start_median') or float('nan'):.0f} s, p95 {r.get('start_p95', float('nan')):.0f} s); "
              f"notebook opens median {r['open_median']:.1f} s, p95 {r['open_p95']:.1f} s; "
              f"cell median {r['cell_median']:.2f} s, p95 {r['cell_p95']:.2f} s "
              f"({r['cell_p95'] / base['cell_p95']:.1f}x one alone); check median {r['check_median']:.2f} s, "
              f"p95 {r['check_p95']:.2f} s; memory per participant RSS {r['rss_peak_mb']:.0f} MB "
              f"(unique {r['uss_peak_mb']:.0f} MB) running, {r['rss_after_cull_mb'] or 0:.0f} MB "
              f"(unique {r['uss_after_cull_mb'] or 0:.0f} MB) after culling; hub CPU {r['hub_cpu_s']:.1f} s; "
              f"room page read median {r['room_read_median']:.2f} s; room shows {r['room_participants']}")
        for f in r["failures"]:
            print("  failed:", f)
        if args.json:
            with open(args.json, "a") as fh:
                fh.write(json.dumps({**r, "baseline_cell_p95": base["cell_p95"]}, default=str) + "\n")


if __name__ == "__main__":
    main()
