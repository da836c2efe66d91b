"""Published figures of the Diversity and Disparities benchmark survey of U.S. hospitals (one place).

The synthetic benchmark panel (:func:`equitylab.datasets.hospitals`) is calibrated to these
figures; Session 1 and the peer comparisons quote them. Sources: shared/reference/benchmarks.md.
"""
from __future__ import annotations

__all__ = ["BENCHMARK_SOURCES", "BENCHMARK_FIGURES", "BENCHMARK_DIVERSITY", "BENCHMARK_MEANINGS"]

#: Published figures the panel is calibrated to (shared/reference/benchmarks.md).
BENCHMARK_SOURCES = {
    "2015": ("Diversity and Disparities: A Benchmarking Study of U.S. Hospitals in 2015 "
             "(Institute for Diversity in Health Management / AHA HRET); AHA News, 22 June 2016."),
    "earlier": ("An earlier edition of the Diversity and Disparities benchmark survey (most likely "
                "2011; year not confirmed), as reported by H&HN and Trustee magazine."),
}
#: edition -> (number of responding hospitals, {column: published percentage})
BENCHMARK_FIGURES = {
    "2015": (1084, {
        "collects_race": 98, "collects_ethnicity": 95, "collects_language": 94, "collects_gender": 99,
        "orientation_cultural_education": 80, "continuing_cultural_education": 79,
    }),
    "earlier": (924, {
        "collects_race": 94, "collects_ethnicity": 87, "collects_language": 90,
        "benchmarks_gaps_by_race": 26, "benchmarks_gaps_by_ethnicity": 25,
        "benchmarks_gaps_by_language": 28,
        "orientation_cultural_education": 81, "requires_diversity_training": 61,
    }),
}
#: edition -> minority share (%) of patients, board members, executives (published).
BENCHMARK_DIVERSITY = {"2015": (32, 14, 11), "earlier": (29, 14, 14)}
BENCHMARK_MEANINGS = {
    "collects_race": "Hospital collects patient race data",
    "collects_ethnicity": "Hospital collects patient ethnicity data",
    "collects_language": "Hospital collects patients' preferred language",
    "collects_gender": "Hospital collects patient gender",
    "benchmarks_gaps_by_race": "Uses race data to benchmark gaps in care",
    "benchmarks_gaps_by_ethnicity": "Uses ethnicity data to benchmark gaps in care",
    "benchmarks_gaps_by_language": "Uses language data to benchmark gaps in care",
    "orientation_cultural_education": "Educates clinical staff at orientation about cultural and linguistic factors",
    "continuing_cultural_education": "Offers continuing education on cultural competence",
    "requires_diversity_training": "Requires diversity training for all employees",
}
