"""The hospitals dictionary states the panel's counts as they are: k of n, and the share they round to."""
import re

import pytest

from equitylab.data.synthetic import hospitals
from equitylab.data.synthetic.dictionary import BENCHMARK_FIGURES, DICTIONARY


@pytest.mark.parametrize("edition", list(BENCHMARK_FIGURES))
def test_hospital_flags_are_described_by_their_real_counts(edition):
    panel = hospitals(edition=edition)
    rows = [(col, text) for col, _, text, _ in DICTIONARY["hospitals"] if f"Edition {edition!r}:" in text]
    assert rows
    for col, text in rows:
        m = re.search(r"([\d,]+) of ([\d,]+) hospitals \((\d+\.\d\d)%\), which rounds to the published figure of "
                      r"(\d+)%", text)
        assert m, text
        k, n, share, pct = int(m[1].replace(",", "")), int(m[2].replace(",", "")), float(m[3]), int(m[4])
        assert "exactly" not in text
        assert (k, n) == (int(panel[col].sum()), len(panel)), col            # the counts are the panel's own
        assert share == round(100 * k / n, 2) and round(100 * k / n) == pct   # 97.97% rounds to 98%
