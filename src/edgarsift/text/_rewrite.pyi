# The compiled edit loop of TextView.rewrite (_rewrite.c); see edgarsift.text.view.TextView._rewrite_python.
from array import array
from collections.abc import Iterable
from typing import Any

def edits(text: str, matches: Iterable[Any], mode: int, repl: Any, at: array[int], srcs: array[int],
          ends: array[int]) -> tuple[list[str], bytes, bytes, bytes] | None: ...
