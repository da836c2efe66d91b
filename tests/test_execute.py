"""The site build runs its notebooks one after another in a kernel kept warm (equitylab.course.execute):
each notebook must come out exactly as it does from a kernel of its own — nothing one notebook
defines, sets or opens is seen by the next."""
import re
from pathlib import Path

import nbformat
import pytest

from equitylab.course import execute as ex
from equitylab.notebooks import source_notebooks
from notebook_helpers import ROOT

SOURCES = source_notebooks(ROOT)


def _unique_ids(text: str) -> str:
    """pandas Styler's random table ids and objects' memory addresses differ between any two runs."""
    return re.sub(r"0x[0-9a-f]+", "0x…", re.sub(r"T_[0-9a-f]{5}(_[0-9a-f]+)?", "T_id", text))


def _normalized(nb) -> list:
    """What a reader sees of each code cell, without what differs between any two runs."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outs = []
        for out in cell.outputs:
            if out.output_type == "stream":
                outs.append(("stream", out.name, out.text))
            elif out.output_type == "error":
                outs.append(("error", out.ename, out.evalue))
            else:
                data = {k: v for k, v in out.get("data", {}).items() if "widget-view" not in k}
                text = {k: _unique_ids(v) if isinstance(v, str) else v for k, v in data.items()}
                outs.append((out.output_type, text))
        cells.append((cell.source, cell.execution_count, outs))
    return cells


def test_a_warm_kernel_gives_each_notebook_a_fresh_start(built, tmp_path):
    # every notebook, the instructor version first (another role, answers filled in), in the reverse of the
    # day's order, all in one kernel; then each student version again, each in a kernel of its own
    jobs = []
    for src in reversed(SOURCES):
        rel = src.relative_to(ROOT)
        for version, env in (("instructor", {"EQUITYLAB_ROLE": "instructor"}), ("student", {})):
            nb = nbformat.read(built / version / rel, as_version=4)
            jobs.append(ex.Job(f"{rel} ({version})", nb, src.parent, env=env))
    warm = ex.execute_all(jobs, tmp_path / "cache", workers=1, log=lambda line: None)
    for src in SOURCES:
        rel = src.relative_to(ROOT)
        fresh = tmp_path / "fresh" / rel
        ex.execute(built / "student" / rel, fresh, cwd=built / "student" / rel.parent)
        got = _normalized(nbformat.read(warm[f"{rel} (student)"], as_version=4))
        want = _normalized(nbformat.read(fresh, as_version=4))
        assert [c[1] for c in got] == [c[1] for c in want], f"{rel}: execution counts differ"
        for (source, _, out_warm), (_, _, out_fresh) in zip(got, want):
            assert out_warm == out_fresh, f"{rel}: the cell {source[:80]!r} differs after other notebooks ran"


def test_figures_carry_alt_text_and_counts_start_at_one(built, tmp_path):
    src = next(p for p in SOURCES if p.parent.name == "session3_data")
    rel = src.relative_to(ROOT)
    nb = nbformat.read(built / "student" / rel, as_version=4)
    out = ex.execute_all([ex.Job("s3", nb, src.parent)], tmp_path / "cache", workers=1, log=lambda line: None)
    done = nbformat.read(out["s3"], as_version=4)
    counts = [c.execution_count for c in done.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))
    images = [o for c in done.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert images and all(o.metadata.get("alt", "").startswith("Figure:") for o in images)


def test_a_kernel_that_dies_at_start_is_started_again(monkeypatch):
    from jupyter_client import KernelManager

    real, calls = KernelManager.start_kernel, []

    def flaky(self, **kw):
        calls.append(1)
        if len(calls) == 1:   # as when another kernel took the port in the meantime
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(self, **kw)

    monkeypatch.setattr(KernelManager, "start_kernel", flaky)
    kernel = ex.WarmKernel()
    try:
        kernel.start()
        assert len(calls) == 2 and kernel.alive()
    finally:
        kernel.shutdown()


def test_a_failing_cell_is_named_and_the_kernel_is_reused(tmp_path):
    good = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    bad = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# x"),
                                          nbformat.v4.new_code_cell("x = 1"),
                                          nbformat.v4.new_code_cell("1 / 0")])
    with pytest.raises(ex.NotebookFailed, match=r"bad failed at cell 2 \('1 / 0'\): ZeroDivisionError"):
        ex.execute_all([ex.Job("good", good, None), ex.Job("bad", bad, None)], tmp_path, workers=1,
                       log=lambda line: None)
    assert ex._KERNEL is None, "the kernel is shut down when the build ends"
