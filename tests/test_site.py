"""`make site`'s product, and the build itself: cached, parallel, stopping cleanly on a failing notebook."""
import json
import re
import shutil

import nbformat
import pytest

from equitylab.course.cli import main
from equitylab.course.transforms import ClearSolutions, SolutionMarkerError, to_student
from equitylab.notebooks import NotebookFailed, build_site, source_notebooks
from notebook_helpers import ROOT, errors


def test_index_links_every_notebook_and_the_agenda(site):
    index = (site / "index.html").read_text()
    for src in source_notebooks(ROOT):
        rel = src.relative_to(ROOT).with_suffix(".html")
        assert f'href="{rel.as_posix()}"' in index and (site / rel).exists()
    assert "agenda.html" in index and (site / "agenda.html").exists()
    assert "synthetic" in index.lower()
    for words in ("Before the day", "During the day", "After the day", "make venv", "make lab", "Self-paced path",
                  "Learning objectives"):
        assert words in index
    assert "instructor" not in index


def test_pages_are_labelled_executed_and_clean(site):
    for src in source_notebooks(ROOT):
        rel = src.relative_to(ROOT)
        page = (site / rel.with_suffix(".html")).read_text()
        assert "<b>synthetic</b>" in page and "Traceback" not in page
        assert "YOUR ANSWER HERE" in page or "demo" in str(rel)  # the student version
        assert "Faculty note" not in page                           # no instructor cells
        title = re.search(r"<title>(.*?)</title>", page).group(1)
        assert title.startswith(("Session", "How Equity Lab", "Closing")) and "Notebook" not in title
        assert re.search(r'<meta[^>]*name="viewport"', page)
        assert "<script" not in page                                 # nothing to load, nothing to block
        assert not re.search(r'(src|href)="https?://', page.replace('href="https://mybinder.org', ""))
        downloaded = nbformat.read(site / rel, as_version=4)
        assert not errors(downloaded) and downloaded.metadata["equitylab"]["version"] == "student"


def test_every_figure_has_alt_text_saying_what_it_shows(site):
    for page in list(site.glob("*/*.html")) + list((site / "instructor").glob("*/*.html")):
        for alt in re.findall(r"<img [^>]*?alt=\"([^\"]*)\"", page.read_text()):
            assert alt.startswith("Figure:") and len(alt) > 30, (page.name, alt)
        assert not re.search(r"<img (?![^>]*alt=)", page.read_text()), page


def test_widgets_show_their_plain_text_in_the_static_handout(site):
    page = (site / "session2_assessment" / "session2_assessment.html").read_text()
    assert "SWOT editor — live in JupyterLab" in page
    assert "widget-view+json" not in page


def test_figures_are_embedded(site):
    page = (site / "session3_data" / "session3_data.html").read_text()
    assert page.count("data:image/png;base64") >= 4


def test_agenda_has_viewport_and_clock_times(site):
    agenda = (site / "agenda.html").read_text()
    assert re.search(r'<meta[^>]*name="viewport"', agenda) and "<title>Agenda" in agenda
    assert "0:00" in agenda and "Session 3" in agenda


def test_instructor_section(site):
    inst = site / "instructor"
    index = (inst / "index.html").read_text()
    for src in source_notebooks(ROOT):
        rel = src.relative_to(ROOT)
        page = (inst / rel.with_suffix(".html")).read_text()
        assert "Faculty note" in page or "demo" in str(rel)
        assert "YOUR ANSWER HERE" not in page and "Correct" in page
        assert (inst / "slides" / f"{rel.parts[0]}.slides.html").exists()
        assert f'href="{rel.with_suffix(".html").as_posix()}"' in index
    answers = (inst / "answers.html").read_text()
    assert "demo.lwbs_rate" in answers and "s3.second_dimension" in answers
    # in the order of the day, numbered as in the notebooks, answers written for faculty
    heads = re.findall(r"<h2>(.*?)</h2>", answers)
    assert heads[0].startswith("How Equity Lab") and heads[-1].startswith("Closing"), heads
    assert "<b>3.1</b><br><code>s3.ed_valid_share</code>" in answers and "<b>C.1</b>" in answers
    assert "A reflection: kept, never graded" in answers and "→ <b>patient</b>" in answers
    for stem in ("demo", "session1_pledge", "session2_assessment", "session3_data", "session4_diversity",
                 "session5_cultural_competence", "closing"):
        guide = (inst / "guide" / f"{stem}.html").read_text()
        assert "Talking points" in guide and "Where participants get stuck" in guide and "Core and extension" in guide


def test_slides_bundle_reveal_and_mark_figures(site):
    slides = (site / "instructor" / "slides" / "session3_data.slides.html").read_text()
    assert 'src="../reveal/dist/reveal.js"' in slides and "unpkg" not in slides and "require.js" not in slides
    assert (site / "instructor" / "reveal" / "dist" / "reveal.js").exists()
    assert slides.count("<section") >= 8 and "class=\"notes\"" in slides.replace("'", '"')


# --- the build: transforms, cache, failures ----------------------------------------------------

def _nb(*sources, title="# Tiny"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(title)] + [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


@pytest.fixture()
def project(tmp_path):
    """A tiny project: two notebooks and the real agenda."""
    root = tmp_path / "project"
    (root / "curriculum").mkdir(parents=True)
    shutil.copy(ROOT / "curriculum" / "agenda.yml", root / "curriculum" / "agenda.yml")
    for folder, body in (("demo", "x = 1\nx"), ("session1_pledge", "y = 2\ny")):
        (root / folder).mkdir()
        nbformat.write(_nb(body, title=f"# {folder}"), root / folder / f"{folder}.ipynb")
    return root


def test_rebuild_uses_the_cache_and_one_change_reexecutes_one_notebook(project, tmp_path):
    cache, out, log = tmp_path / "cache", tmp_path / "_site", []
    build_site(out, project, cache=cache, log=log.append)
    assert sum("executed" in line for line in log) == 4        # 2 notebooks × student/instructor
    assert all(re.search(r"\d+\.\d s$", line) for line in log if "executed" in line)
    log.clear()
    build_site(out, project, cache=cache, log=log.append)
    assert sum("cached" in line for line in log) == 4 and not any("executed" in line for line in log)
    nbformat.write(_nb("x = 3\nx", title="# demo"), project / "demo" / "demo.ipynb")
    log.clear()
    build_site(out, project, cache=cache, log=log.append)
    executed = [line for line in log if "executed" in line]
    assert len(executed) == 2 and all("demo/demo.ipynb" in line for line in executed)


def test_a_failing_notebook_stops_the_build_and_keeps_the_previous_site(project, tmp_path, capsys):
    cache, out = tmp_path / "cache", tmp_path / "_site"
    build_site(out, project, cache=cache, log=lambda *a: None)
    before = (out / "index.html").read_text()
    nbformat.write(_nb("y = 2", "1 / 0", title="# session1_pledge"), project / "session1_pledge" / "session1_pledge.ipynb")
    with pytest.raises(NotebookFailed, match=r"session1_pledge/session1_pledge.ipynb .*cell 2 .*ZeroDivisionError"):
        build_site(out, project, cache=cache, log=lambda *a: None)
    assert (out / "index.html").read_text() == before
    assert not list(tmp_path.glob("._site.*"))                   # no half-built folder left behind


def test_cli_reports_a_failing_notebook_without_a_traceback(project, tmp_path, monkeypatch, capsys):
    nbformat.write(_nb("raise ValueError('bad data')", title="# demo"), project / "demo" / "demo.ipynb")
    monkeypatch.setenv("EQUITYLAB_ROOT", str(project))
    monkeypatch.setenv("EQUITYLAB_CACHE", str(tmp_path / "cache"))
    assert main(["build-site", str(tmp_path / "_site")]) == 1
    err = capsys.readouterr().err
    assert "demo/demo.ipynb" in err and "ValueError: bad data" in err and "Traceback" not in err


@pytest.mark.parametrize("source,message", [
    ("### BEGIN SOLUTION\nx = 1\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION", "cannot be nested"),
    ("### BEGIN SOLUTION\nx = 1", "no matching"),
    ("x = 1\n### END SOLUTION", "without a"),
])
def test_solution_markers_must_pair(source, message):
    with pytest.raises(SolutionMarkerError, match=message):
        to_student(_nb(source), name="demo/demo.ipynb")


def test_clear_solutions_is_an_nbconvert_preprocessor():
    from nbconvert import NotebookExporter

    exporter = NotebookExporter(preprocessors=[ClearSolutions()])
    text, _ = exporter.from_notebook_node(_nb("### BEGIN SOLUTION\nrate = 0.1\n### END SOLUTION\nrate"))
    assert "".join(json.loads(text)["cells"][1]["source"]) == "rate = ...  # YOUR ANSWER HERE\nrate"


def test_an_up_to_date_site_is_left_alone_and_a_damaged_one_is_rebuilt(project, tmp_path):
    cache, out, log = tmp_path / "cache", tmp_path / "_site", []
    build_site(out, project, cache=cache, log=log.append)
    log.clear()
    build_site(out, project, cache=cache, log=log.append)
    assert any(line.startswith("site up to date") for line in log)
    (out / "agenda.html").unlink()                               # someone deleted a page
    log.clear()
    build_site(out, project, cache=cache, log=log.append)
    assert (out / "agenda.html").exists() and not any("up to date" in line for line in log)
    assert not any("executed" in line for line in log)           # the notebooks still come from the cache


def test_a_build_writes_nothing_into_the_notebook_folders(project, tmp_path):
    # the closing notebook writes its Blueprint page next to itself: a build must not leave it in the sources
    nbformat.write(_nb("open('written_by_the_notebook.html', 'w').write('x')", title="# demo"),
                   project / "demo" / "demo.ipynb")
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    build_site(tmp_path / "_site", project, cache=tmp_path / "cache", log=lambda line: None)
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_a_long_text_cell_continues_on_the_next_slides_and_a_figure_keeps_its_slide():
    from equitylab.course.pages import SLIDE_CHARS, mark_slides

    long = "\n\n".join(f"Paragraph {i}: " + "words " * 60 for i in range(6))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title\n\n" + long),
                                         nbformat.v4.new_code_cell("fig", outputs=[nbformat.v4.new_output(
                                             "display_data", data={"image/png": "iVBORw0KGgo="})]),
                                         nbformat.v4.new_markdown_cell("What the figure shows.")])
    marked = mark_slides(nb)
    kinds = [c.metadata["slideshow"]["slide_type"] for c in marked.cells]
    assert kinds[0] == "slide" and kinds.count("subslide") >= 2 and kinds[-2:] == ["slide", "subslide"]
    assert all(len(c.source) <= SLIDE_CHARS + 400 for c in marked.cells if c.cell_type == "markdown")
    assert len({c.id for c in marked.cells}) == len(marked.cells)
    nbformat.validate(marked)
