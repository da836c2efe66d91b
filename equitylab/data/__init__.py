"""The data layer: REaL standards and standardization, measure definitions, published benchmark figures,
loading a hospital's extract, and the synthetic example datasets (``data.synthetic``).

Nothing here imports from the statistics, report, checking, organization or course layers.
"""
