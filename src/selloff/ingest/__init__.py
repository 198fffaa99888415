"""The ingest stage: FRED series and Treasury's TIC holdings, from the live APIs or the embedded snapshot.

Takes in: the checked-in catalog (``data/catalog.toml``), settings (source, key, pacing) and the stored state.
Gives out: validated observation vintages and holdings, loaded into ``raw.*`` with a load check per dataset.
"""
