# The compiled HTML render loop (_htmlrender.c); see edgarsift.read.html.HtmlRender.run.
from collections.abc import Callable
from typing import Any

def configure(kinds: dict[Any, int], tag_kind: Callable[[str], int], entities: dict[str, str],
              entity_output: Callable[[str], str], raised_mark: Callable[[str, str, str, int, str], bool],
              skipped_to: Callable[[str, int, int, str], int], checked_search: Callable[[str, int, int], Any],
              acting: tuple[str, ...]) -> None: ...
def run(render: Any, stop_at: int | None) -> bool: ...
