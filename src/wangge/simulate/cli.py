"""A rich progress bar for the simulate commands (on stderr, so that stdout stays a clean summary)."""

import sys
from contextlib import contextmanager


@contextmanager
def progress_bar(description: str, total: int, enabled: bool = True):
    """Yield `advance(n)`; draws the bar only when enabled and stderr is a terminal."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True)) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n: progress.advance(task, n)
