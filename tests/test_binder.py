"""Binder opens the STUDENT notebooks and nothing with a solution in it.

The repository's ``postBuild`` (repo2docker runs it once in the image's home, the folder JupyterLab
serves) is run here on a copy of the repository in a temporary folder, as repo2docker would; then every
file reachable under that served root is read. Also: the site's "Launch in Binder" link opens a notebook
that exists in the built home, and the ``start`` script points every session at one workspace.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import nbformat
import pytest
import yaml

from equitylab.course.curriculum import NOTEBOOK_DIRS, source_notebooks
from equitylab.course.site import binder_url
from equitylab.course.transforms import INSTRUCTOR_TAG, SOLUTION_BEGIN, to_student

ROOT = Path(__file__).resolve().parents[1]
# what the base image puts in the home before postBuild runs: not the repository's, kept
BASE_IMAGE_FILES = {".bashrc": "# bash\n", ".profile": "# profile\n",
                    ".local/share/jupyter/runtime/nbserver.json": "{}\n"}


def _repository_files() -> list[str]:
    """The repository as repo2docker receives it: tracked files and new ones not ignored."""
    out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard"],
                         capture_output=True, text=True, check=True).stdout.split("\n")
    return [f for f in out if f and (ROOT / f).is_file()]


def _binder_home(tmp: Path) -> Path:
    """A copy of the repository, with a .git holding a source notebook and the base image's dot-files."""
    home = tmp / "jovyan"
    for rel in _repository_files():
        dest = home / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest)
    (home / ".git" / "objects").mkdir(parents=True)
    shutil.copy2(source_notebooks(ROOT)[3], home / ".git" / "objects" / "source-copy")
    for rel, text in BASE_IMAGE_FILES.items():
        (home / rel).parent.mkdir(parents=True, exist_ok=True)
        (home / rel).write_text(text)
    return home


def _run(script: str, home: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("EQUITYLAB_WORKSPACE", "EQUITYLAB_ROOT")}
    environ.update(HOME=str(home), PYTHONPATH=str(ROOT),
                   PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}", **env)
    return subprocess.run(["bash", str(home / script), *args], cwd=home, env=environ,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    home = _binder_home(tmp_path_factory.mktemp("binder"))
    result = _run("postBuild", home)
    assert result.returncode == 0, result.stdout + result.stderr
    return home, result


def _served(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob("*") if p.is_file())


def test_no_file_under_the_served_root_holds_a_solution_or_a_faculty_cell(built):
    home, _ = built
    files = _served(home)
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert SOLUTION_BEGIN not in text, f"{path.relative_to(home)} holds a solution block"
        if path.suffix == ".ipynb":
            nb = json.loads(text)
            assert nb["metadata"]["equitylab"]["version"] == "student", path
            assert not any(INSTRUCTOR_TAG in c["metadata"].get("tags", []) for c in nb["cells"]), path


def test_only_the_student_notebooks_and_the_start_script_remain(built):
    home, _ = built
    rels = {p.relative_to(home).as_posix() for p in _served(home)}
    ours = {r for r in rels if r.startswith("student/")}
    assert rels - ours == {"start", *BASE_IMAGE_FILES}, "the repository's other files must leave the home"
    # no file of the repository survives anywhere, renamed or not (guides, tests, sources, .git), but the
    # start script and the data files that travel with the notebooks (build-notebooks copies them)
    data = tuple(f"{d}/" for d in NOTEBOOK_DIRS)
    repository = {(ROOT / r).read_bytes() for r in _repository_files()
                  if r != "start" and not (r.startswith(data) and not r.endswith(".ipynb"))}
    assert not [r for r in ours if (home / r).read_bytes() in repository]


def test_every_notebook_is_there_in_its_student_version(built):
    home, result = built
    sources = source_notebooks(ROOT)
    for src in sources:
        rel = src.relative_to(ROOT)
        copy = nbformat.read(home / "student" / rel, as_version=4)
        expected = to_student(nbformat.read(src, as_version=4), name=str(rel))
        assert [c.source for c in copy.cells] == [c.source for c in expected.cells], rel
    assert f"postBuild: {len(sources)} student notebooks" in result.stdout


@pytest.mark.parametrize("rel", ["session3_data/session3_data.ipynb", "demo/exercise_engine.ipynb"])
def test_the_site_binder_link_opens_the_student_copy(built, rel):
    home, _ = built
    url = binder_url(rel, "example-org/equitylab")
    assert url.startswith("https://mybinder.org/v2/gh/example-org/equitylab/HEAD?")
    (labpath,) = parse_qs(urlparse(url).query)["labpath"]
    assert labpath == f"student/{rel}"
    assert nbformat.read(home / labpath, as_version=4).metadata["equitylab"]["version"] == "student"


def test_start_script_saves_every_session_to_one_workspace(built):
    home, _ = built
    env = _run("start", home, "env").stdout.splitlines()
    assert f"EQUITYLAB_WORKSPACE={home}/student/my_equitylab" in env
    kept = _run("start", home, "env", EQUITYLAB_WORKSPACE="/data/mine").stdout.splitlines()
    assert "EQUITYLAB_WORKSPACE=/data/mine" in kept


def test_postbuild_fails_when_a_solution_would_reach_participants(tmp_path):
    home = _binder_home(tmp_path)
    hidden = home / ".notes" / "session3_copy.ipynb"
    hidden.parent.mkdir()
    shutil.copy2(ROOT / "session3_data" / "session3_data.ipynb", hidden)
    result = _run("postBuild", home)
    assert result.returncode != 0
    assert ".notes/session3_copy.ipynb: a solution block" in result.stderr


def test_environment_installs_the_library_not_editable():
    """postBuild removes the sources, so an editable install (-e .) would leave no library behind."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    (pip,) = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert "." in pip and not any(line.startswith("-e") for line in pip)
