"""spaCy components of the NER pipeline; their factories are registered in `pipeline.factories`."""
