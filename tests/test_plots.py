import matplotlib.figure

import equitylab as el


def _texts(fig):
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts + ax.get_yticklabels()) + " ".join(ax.get_title(loc="left") for ax in fig.axes) + \
        (fig._suptitle.get_text() if fig._suptitle else "") + \
        " ".join(t.get_text() for t in fig.texts)


def test_rates_plot_marks_suppressed_and_synthetic(enc):
    t = el.stratify(enc, "readmit_30d", by="race_ethnicity")
    assert t["suppressed"].any()
    fig = el.plots.rates(t)
    assert isinstance(fig, matplotlib.figure.Figure)
    text = _texts(fig)
    assert "suppressed" in text and "SYNTHETIC DATA" in text and "[reference]" in text
    assert "30-day readmission" in text and "2025" in text


def test_forest_and_completeness(enc):
    fig = el.plots.forest(el.stratify(enc, "hba1c_poor_control", by="race_ethnicity"))
    assert "reference" in _texts(fig)
    raw = el.datasets.encounters(n=4000)
    fig = el.plots.completeness(el.real.audit(raw, by="department"))
    assert "SYNTHETIC DATA" in fig._suptitle.get_text()


def test_a_measure_of_unknown_direction_claims_none(enc):
    import equitylab as el

    own = enc.assign(flu_offered=enc["readmit_30d"])          # a hospital's own measure: direction not known
    label = el.plots.rates(el.stratify(own, "flu_offered", by="race_ethnicity")).axes[0].get_xlabel()
    assert label == "Rate (%)"
    told = el.plots.rates(el.stratify(own, "flu_offered", by="race_ethnicity", higher_is_better=True))
    assert told.axes[0].get_xlabel().endswith("higher is better")
    assert el.plots.rates(el.stratify(enc, "readmit_30d", by="race_ethnicity")).axes[0].get_xlabel().endswith(
        "lower is better")
