"""Interfaces: the CLI (cli.py), the REST API (api.py) and the review page (review.py + templates/)."""
