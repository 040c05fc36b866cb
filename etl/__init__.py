"""Read, normalise, validate and load the bureau's quarterly files into DuckDB."""
