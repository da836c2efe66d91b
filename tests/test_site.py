"""`make site`'s product: every student notebook executed and rendered, with the synthetic label and no errors."""
import nbformat
import pytest

from equitylab.notebooks import build_site, source_notebooks
from notebook_helpers import ROOT, errors


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    build_site(out, ROOT)
    return out


def test_index_links_every_notebook_and_the_agenda(site):
    index = (site / "index.html").read_text()
    for src in source_notebooks(ROOT):
        rel = src.relative_to(ROOT).with_suffix(".html")
        assert str(rel) in index and (site / rel).exists()
    assert "agenda.html" in index and (site / "agenda.html").exists()
    assert "synthetic" in index.lower()


def test_pages_are_labelled_executed_and_clean(site):
    for src in source_notebooks(ROOT):
        rel = src.relative_to(ROOT)
        page = (site / rel.with_suffix(".html")).read_text()
        assert "<b>synthetic</b>" in page and "Traceback" not in page
        assert "YOUR ANSWER HERE" in page or "demo" in str(rel)  # the student version
        assert "Faculty note" not in page                           # no instructor cells
        executed = nbformat.read(site / "notebooks" / rel, as_version=4)
        assert not errors(executed)


def test_widgets_show_their_plain_text_in_the_static_handout(site):
    page = (site / "session2_assessment" / "session2_assessment.html").read_text()
    assert "SWOT editor — live in JupyterLab" in page
    assert "widget-view+json" not in page


def test_figures_are_embedded(site):
    page = (site / "session3_data" / "session3_data.html").read_text()
    assert page.count("data:image/png;base64") >= 4
