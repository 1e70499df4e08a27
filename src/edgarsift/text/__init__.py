"""Shared text machinery: offset-mapped views, cleanup, value parsing and OCR-tolerant labels."""
from .clean import clean_text, squeeze
from .labels import find_any, find_label, label_re
from .view import TextView, ViewBuilder, concat

__all__ = ["TextView", "ViewBuilder", "clean_text", "concat", "find_any", "find_label", "label_re", "squeeze"]
