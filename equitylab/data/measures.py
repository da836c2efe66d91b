"""The quality measures of the Equity Lab encounters data: label, denominator and direction.

One place for each outcome's definition: the statistics layer reads the direction
(``higher_is_better``) and the label from here; the synthetic generator draws the outcomes
named here. See shared/reference/measures.md, "Direction".

The definitions are Equity Lab's simplified ones for the synthetic data, modelled on public measures:
HbA1c poor control (> 9%) on NCQA's HEDIS diabetes care measure, colorectal screening on the ages the
U.S. Preventive Services Task Force recommends screening (45–75, 2021). They are not certified measure
specifications; a hospital uses its own measure definitions with :func:`equitylab.extract.load`.

Example
-------
>>> from equitylab.data.measures import OUTCOMES, label
>>> label("ed_lwbs")
'ED left without being seen'
>>> label("my_own_measure")
'my_own_measure'
"""
from __future__ import annotations

__all__ = ["OUTCOMES", "label", "higher_is_better"]

#: Quality outcomes of :func:`encounters`: label, denominator, and direction
#: (``higher_is_better``; see shared/reference/measures.md "Direction").
OUTCOMES = {
    "readmit_30d": dict(label="30-day readmission", higher_is_better=False,
                        denominator="inpatient discharges"),
    "hba1c_poor_control": dict(label="HbA1c poor control (>9%)", higher_is_better=False,
                               denominator="encounters of patients with diabetes"),
    "crc_screened": dict(label="Colorectal cancer screening up to date", higher_is_better=True,
                         denominator="encounters of patients aged 45–75"),
    "ed_lwbs": dict(label="ED left without being seen", higher_is_better=False,
                    denominator="emergency department visits"),
    "would_recommend": dict(label="Would recommend the hospital (patient experience)",
                            higher_is_better=True, denominator="encounters with a returned survey"),
}


def label(outcome: str) -> str:
    """The readable label of a known outcome, else the column name itself."""
    return OUTCOMES.get(outcome, {}).get("label", outcome)


def higher_is_better(outcome: str) -> bool:
    """Direction of a known outcome; an unknown column is taken as an adverse event (lower is better)."""
    return bool(OUTCOMES.get(outcome, {}).get("higher_is_better", False))
