"""Returnee Figures: the schema, loading, charts and citations of the dataset."""
