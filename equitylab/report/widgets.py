"""Accessible form parts for the notebooks' ipywidgets forms, and a plain-text form for handouts.

ipywidgets 8.1.7 renders a ``ToggleButtons`` choice as a CSS class only (no ``aria-pressed``) and
``RadioButtons`` as radios without a shared ``name`` (no group, no arrow keys, nothing ties them to
their statement); a ``HTML`` widget replaces its whole content on every change, so a live region
inside it is new each time and not reliably announced. Two small widgets (anywidget, an ES module
run in the browser) fill the gap:

* :func:`choice` — a ``<fieldset>`` whose ``<legend>`` is the statement, with one native radio per
  option sharing one name: Tab reaches the group, arrow keys move and choose, Space chooses, and a
  screen reader reads the statement, the option and whether it is checked. JupyterLab's own shortcuts
  (an arrow key moves to the next cell) are suppressed inside the group (``data-lm-suppress-shortcuts``).
* :func:`live_region` — a ``role="status"`` (``aria-live="polite"``) element made once; its content
  changes in place, so screen readers announce each new result.

Text boxes use ipywidgets' own ``description``, which renders a ``<label for=…>``: their
accessible name.
"""
from __future__ import annotations

__all__ = ["friendly_widget", "choice", "live_region", "CHOICE_CSS"]

#: Colours of the choice buttons: text on background ≥ 4.5:1 (WCAG 2.1 AA), the choice marked by a
#: tick and weight as well as colour.
CHOICE_CSS = """
.eqlab-choice { border: 0; margin: 4px 0 10px; padding: 0; min-width: 0; }
.eqlab-choice legend { padding: 0; margin-bottom: 4px; color: #1a1a1a; font-size: var(--jp-content-font-size1, 14px); }
.eqlab-choice-options { display: flex; flex-wrap: wrap; gap: 4px; }
.eqlab-choice label { position: relative; display: inline-flex; align-items: center; min-height: 28px; min-width: 104px;
  padding: 2px 10px; border: 1px solid #5f6b78; border-radius: 3px; background: #f7f9fb; color: #1a1a1a;
  cursor: pointer; font-size: var(--jp-widgets-font-size, 13px); }
.eqlab-choice input { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }
.eqlab-choice label:has(input:checked) { background: #004f7a; border-color: #004f7a; color: #ffffff; font-weight: 600; }
.eqlab-choice label:has(input:checked)::before { content: "\\2713\\00a0"; }
.eqlab-choice label:has(input:focus-visible) { outline: 3px solid #b35900; outline-offset: 2px; }
.eqlab-choice label:hover { border-color: #1a1a1a; }
"""

_CHOICE_ESM = """
let counter = 0;
function render({ model, el }) {
  const name = ["eqlab-choice", Date.now().toString(36), Math.random().toString(36).slice(2), counter++].join("-");
  const box = document.createElement("fieldset");
  box.className = "eqlab-choice";
  box.setAttribute("data-lm-suppress-shortcuts", "true");   // arrow keys move between options, not cells
  box.addEventListener("keydown", (event) => {               // ... whatever listens further up the page
    if (["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", " "].includes(event.key)) {
      event.stopPropagation();
    }
  });
  const legend = document.createElement("legend");
  legend.textContent = model.get("label");
  const row = document.createElement("div");
  row.className = "eqlab-choice-options";
  const inputs = model.get("options").map((option) => {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = name;
    input.value = option;
    input.addEventListener("change", () => {
      if (input.checked) { model.set("value", option); model.save_changes(); }
    });
    const text = document.createElement("span");
    text.textContent = option;
    label.append(input, text);
    row.append(label);
    return input;
  });
  const show = () => { for (const input of inputs) input.checked = input.value === model.get("value"); };
  show();
  model.on("change:value", show);
  box.append(legend, row);
  el.append(box);
  return () => model.off("change:value", show);
}
export default { render };
"""

_LIVE_ESM = """
function render({ model, el }) {
  const region = document.createElement("div");
  region.className = "eqlab-live";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  const show = () => { region.innerHTML = model.get("html"); };
  show();
  model.on("change:html", show);
  el.append(region);
  return () => model.off("change:html", show);
}
export default { render };
"""

_CLASSES: dict[str, type] = {}


def _classes() -> dict[str, type]:
    """The two widget classes, made on first use (importing this module loads no widget library)."""
    if not _CLASSES:
        import anywidget
        import traitlets

        class Choice(anywidget.AnyWidget):
            """One statement's choice: a labelled radio group (``value`` is an option or ``None``)."""

            _esm = _CHOICE_ESM
            _css = CHOICE_CSS
            label = traitlets.Unicode("").tag(sync=True)
            options = traitlets.List(traitlets.Unicode()).tag(sync=True)
            value = traitlets.Unicode(None, allow_none=True).tag(sync=True)

        class LiveRegion(anywidget.AnyWidget):
            """A polite live region whose HTML (built and escaped by Python) changes in place."""

            _esm = _LIVE_ESM
            html = traitlets.Unicode("").tag(sync=True)

        _CLASSES.update(Choice=Choice, LiveRegion=LiveRegion)
    return _CLASSES


def choice(label: str, options, value=None):
    """A radio group for one statement: ``label`` is read with every option.

    Examples
    --------
    >>> c = choice("We collect REaL data at every registration point.", ["Not started", "Planning"])
    >>> c.value is None
    True
    """
    return _classes()["Choice"](label=label, options=list(options), value=value)


def live_region(html: str = ""):
    """A ``role="status"`` region for results that screen readers announce when they change.

    ``html`` must be built with participant text escaped (``html.escape``).
    """
    return _classes()["LiveRegion"](html=html)


def friendly_widget(widget, text: str):
    """Give a widget a readable plain-text form for places where widgets do not run (handouts)."""
    original = widget._repr_mimebundle_

    def bundle(**kwargs):
        data = original(**kwargs)
        if isinstance(data, tuple):
            data = data[0]
        data = dict(data or {})
        data["text/plain"] = text
        return data

    widget._repr_mimebundle_ = bundle
    return widget
