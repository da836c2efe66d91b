"""Display helpers for ipywidgets: a readable plain-text form where widgets do not run (handouts)."""
from __future__ import annotations

__all__ = ["friendly_widget"]


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
