"""Form families: each keeps its model, extractor and checks together (model.py, extract.py, checks.py)."""
