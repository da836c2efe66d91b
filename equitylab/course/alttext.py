"""Alt text for figures in the handout: what each figure shows, written from the figure itself.

When the site is built, a set-up cell (removed again before rendering) calls :func:`install` in the
kernel; every figure JupyterLab's inline backend displays then carries ``alt`` metadata made by
:func:`describe`: its title, its panels' titles, axis labels and the categories it compares, and the
footnote (which says the data are synthetic).

Example
-------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> _ = ax.barh(["Asian", "Black"], [0.1, 0.2]); _ = ax.set_title("Readmission rate"); _ = ax.set_xlabel("rate")
>>> describe(fig)
'Figure: Readmission rate. Horizontal axis: rate. Categories: Asian, Black.'
>>> plt.close(fig)
"""
from __future__ import annotations

__all__ = ["describe", "install"]


def _texts(labels) -> list[str]:
    return [t.get_text().strip() for t in labels if t.get_text().strip()]


def _is_number(text: str) -> bool:
    try:
        float(text.replace("%", "").replace("−", "-").replace(",", ""))
        return True
    except ValueError:
        return False


def _axes_sentences(ax) -> list[str]:
    out = []
    title = " · ".join(t for t in (ax.get_title(loc).strip() for loc in ("left", "center", "right")) if t)
    if title:
        out.append(title.replace("\n", " · ").rstrip(".") + ".")
    if ax.get_xlabel():
        out.append(f"Horizontal axis: {ax.get_xlabel().strip()}.")
    if ax.get_ylabel():
        out.append(f"Vertical axis: {ax.get_ylabel().strip()}.")
    ticks = (ax.get_xticklabels(), ax.get_yticklabels()) if ax.name == "polar" else \
        (ax.get_yticklabels(), ax.get_xticklabels())
    for labels in ticks:
        cats = [t for t in _texts(labels) if not _is_number(t)]
        if cats:
            shown = ", ".join(cats[:10]) + (f" and {len(cats) - 10} more" if len(cats) > 10 else "")
            out.append(f"Categories: {shown}.")
            break
    legend = ax.get_legend()
    if legend is not None and _texts(legend.get_texts()):
        out.append("Legend: " + ", ".join(_texts(legend.get_texts())[:8]) + ".")
    return out


def describe(fig) -> str:
    """A one-paragraph description of a matplotlib figure, for an ``alt`` attribute."""
    parts = ["Figure:"]
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text().strip():
        parts.append(suptitle.get_text().strip().replace("\n", " · ").rstrip(".") + ".")
    axes = [ax for ax in fig.get_axes() if ax.get_visible() and ax.axison or ax.name == "polar"]
    if len(axes) > 1:
        parts.append(f"{len(axes)} panels.")
    for ax in axes[:6]:
        parts += _axes_sentences(ax)
    notes = [t.get_text().strip() for t in fig.texts if t is not suptitle and t.get_text().strip()]
    parts += [n if n.endswith(".") else n + "." for n in notes[:2]]
    if len(parts) == 1:
        parts.append("a chart (no title or labels).")
    return " ".join(" ".join(parts).split())


def install() -> None:
    """Make the inline backend attach :func:`describe`'s text to every figure it displays."""
    import matplotlib_inline.backend_inline as inline

    original = inline._fetch_figure_metadata
    if getattr(original, "_equitylab", False):
        return

    def with_alt(fig):
        metadata = original(fig) or {}
        try:
            metadata["alt"] = describe(fig)
        except Exception as err:  # a description must never break a figure
            metadata["alt"] = f"Figure (no description: {type(err).__name__})"
        return metadata

    with_alt._equitylab = True
    inline._fetch_figure_metadata = with_alt
