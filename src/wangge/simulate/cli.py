"""Helpers shared by the simulate commands: the acting user and a rich progress bar."""

from contextlib import contextmanager

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def resolve_actor(username: str | None):
    """The user named by `--as`, else the first superuser, else None (the change log then says "system")."""
    from wangge.accounts.models import User

    if username:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(_("--as: no user named %(name)s") % {"name": username}) from None
    return User.objects.filter(is_superuser=True).order_by("pk").first()


@contextmanager
def progress_bar(description: str, total: int, enabled: bool = True):
    """Yield `advance(n)`; draws a rich progress bar on a terminal (and nothing when disabled)."""
    if not enabled:
        yield lambda n: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=False) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n: progress.advance(task, n)
