"""`wangge refresh_indicators [--day YYYY-MM-DD | --days N]`: work out and store the command centre's figures."""

import datetime

from django.core.management.base import CommandError

from wangge.core import clock
from wangge.core.management.base import ActingCommand
from wangge.dashboard import figures


class Command(ActingCommand):
    help = "Work out every indicator for a day (default today) and store it for the command centre's screens."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="The day (YYYY-MM-DD); default today.")
        parser.add_argument("--days", type=int, default=1, help="Also the N-1 days before it (default 1).")
        super().add_arguments(parser)

    def handle_as(self, user, *args, **options):
        try:
            day = datetime.date.fromisoformat(options["day"]) if options["day"] else clock.today()
        except ValueError:
            raise CommandError(f"--day must be YYYY-MM-DD, got {options['day']!r}") from None
        if options["days"] < 1:
            raise CommandError("--days must be at least 1")
        for n in range(options["days"] - 1, -1, -1):
            snapshot = figures.refresh(day - datetime.timedelta(days=n))
            self.stdout.write(f"{snapshot.day}: {snapshot.duration_ms} ms")
