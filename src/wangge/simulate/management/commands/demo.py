"""`wangge demo`: from a fresh checkout to a running site with a realistic district and one login per role."""

import datetime
import io
import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

# The demo's day for follow-up (the pages, the worker): the data tell the story of early August 2021.
DEMO_TODAY = datetime.date(2021, 8, 6)
# The registers whose apps seed demo data of their own (`<app>/demo.py`), in this order.
REGISTER_APPS = ["enterprises", "liaison", "inspections", "projects", "enforcement", "fishery", "services"]


class Command(BaseCommand):
    help = _("Create the database, generate the small Haimen district, create one demo login per role and "
             "serve the site.")

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000", help=_("address to serve on (default %(default)s)"))
        parser.add_argument("--no-serve", action="store_true", help=_("prepare everything, do not start the server"))
        parser.add_argument("--reset", action="store_true",
                            help=_("wipe the whole database and generate the district again"))
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--password", default=None, help=_("password of the demo logins (default wangge-demo)"))
        # For the tests: fewer villages make a quicker demo.
        parser.add_argument("--grids", type=int, default=None, help=_("generate only the first N grids"))

    def handle(self, *args, **options):
        from django.contrib.contenttypes.models import ContentType

        from wangge.regions.models import Region
        from wangge.simulate.demo import DEMO_PASSWORD, ensure_demo_boundaries, ensure_demo_logins

        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        if options["reset"]:
            self.stdout.write(_("Wiping the database…"))
            call_command("flush", interactive=False, verbosity=0)
            ContentType.objects.clear_cache()  # the flush gave the content types new ids
            cache.clear()  # cached figures are keyed by change-log ids, which the flush starts again
        self._set_demo_day()
        fresh = not Region.objects.exists()
        if fresh:
            call_command("generate_district", district="haimen", scale="small", seed=options["seed"],
                         grids=options["grids"], verbosity=verbosity, stdout=self.stdout)
        else:
            self.stdout.write(_("The registry already holds %(count)d regions: keeping them.")
                              % {"count": Region.objects.count()})
            ensure_demo_boundaries()  # a demo database made before regions had boundaries gets its map
        self._load_policies(verbosity)
        logins = ensure_demo_logins(options["password"] or DEMO_PASSWORD)
        if fresh:
            self._seed_activity(options["seed"])
            self._store_figures()
        self._seed_video(options["addr"], fresh)
        self.stdout.write(self._table(logins))
        if not options["no_serve"]:
            self._serve(options["addr"])

    def _set_demo_day(self):
        """Follow-up (pages, worker, the follow-ups the demo's screening opens) runs on the demo day, so that the
        policy in force and the day numbers fit the August 2021 data; WANGGE_TODAY overrides it."""
        os.environ.setdefault("WANGGE_TODAY", DEMO_TODAY.isoformat())
        from wangge.core import clock

        clock.set_today(datetime.date.fromisoformat(os.environ["WANGGE_TODAY"]))

    def _load_policies(self, verbosity):
        """The shipped control-measure policies, when the policies app provides its (idempotent) loader: the
        follow-up worker needs an active policy. A failure there must not stop the demo."""
        if "load_policies" not in get_commands():
            return
        try:
            call_command("load_policies", "--activate", verbosity=verbosity, stdout=io.StringIO(),
                         stderr=io.StringIO())
        except (CommandError, SystemExit) as exc:
            self.stderr.write(_("Could not load the policies (%(reason)s); continuing without them.")
                              % {"reason": exc})

    def _seed_video(self, addr, fresh):
        """Monitoring points for every town, a sample clip (ffmpeg, when installed) standing in for the video
        platform, and its first heartbeats (simulate/video.py). Run again, it re-points the streams at `addr`."""
        from pathlib import Path

        from wangge.dashboard.models import MonitoringPoint
        from wangge.simulate import video

        if not fresh and not MonitoringPoint.objects.filter(code__startswith="CAM-").exists():
            return
        self.stdout.write(_("Adding monitoring points and a sample clip for the video wall…"))
        clips = video.write_demo_clips(Path(settings.VAR_DIR) / "demo-video")
        host = addr if ":" in addr else f"127.0.0.1:{addr}"
        if host.rsplit(":", 1)[0] in ("0.0.0.0", "[::]", "::"):
            host = "127.0.0.1:" + host.rsplit(":", 1)[1]
        video.seed_monitoring_points(f"http://{host}", clips=[p.stem for p in clips] or None)
        self._video_live = bool(clips)
        if clips:
            video.beat(first=True)
        else:
            self.stdout.write(_("ffmpeg is not installed: no sample clip, the video wall's tiles say offline."))

    def _store_figures(self):
        """The command centre's figures of the demo's last two weeks, so its trends and yesterday's column show."""
        from wangge.dashboard.levels import TREND_DAYS

        self.stdout.write(_("Working out the command centre's figures of the last %(days)d days…")
                          % {"days": TREND_DAYS})
        call_command("refresh_indicators", days=TREND_DAYS, stdout=io.StringIO())

    def _seed_activity(self, seed):
        """Vaccination history and a testing round for the demo town (simulate/activity.py)."""
        from wangge.accounts.models import User
        from wangge.core.context import acting_as
        from wangge.regions.models import Region
        from wangge.simulate import activity

        town = Region.objects.filter(level="town").order_by("code").first()
        admin = User.objects.filter(is_superuser=True).order_by("pk").first()
        if town is None or admin is None:
            return
        self.stdout.write(_("Adding a vaccination history and a testing round for %(town)s…") % {"town": town.name})
        with acting_as(admin):
            activity.seed_vaccination(town, seed)
            activity.seed_testing(town, admin, seed)
        self._seed_screening(town, seed)
        self._seed_hotline(seed)
        from wangge.simulate.duty import seed_duty

        with acting_as(admin):
            planned = seed_duty(town, admin, seed)
        self.stdout.write(_("Checkpoints and volunteers on duty: %(n)d shifts planned.") % {"n": planned})
        self._seed_registers(town, admin, seed)

    def _seed_registers(self, town, admin, seed):
        """The enterprise and governance registers: each app's `demo.seed(town, admin, seed)` fills a plausible
        month or quarter of its own work and says what it added (enterprises first: the others use them)."""
        from importlib import import_module

        from wangge.core.context import acting_as

        for app in REGISTER_APPS:
            try:
                module = import_module(f"wangge.{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"wangge.{app}.demo":
                    raise
                continue
            with acting_as(admin):
                line = module.seed(town, admin, seed)
            if line:
                self.stdout.write(line)

    def _seed_screening(self, town, seed):
        """The shipped Jiangsu timeline, a pushed list screened on 2021-08-05 08:00 (follow-ups open), and the
        worker's first pass on the demo day."""
        from pathlib import Path

        from wangge.simulate import activity

        commands = get_commands()
        if "screen" not in commands or "import_risk_areas" not in commands:
            return
        import wangge.screening

        quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
        sample = Path(wangge.screening.__file__).parent / "data" / "jiangsu-2021-07-08.csv"
        call_command("import_risk_areas", str(sample), "--no-progress", **quiet)
        push = Path(settings.VAR_DIR) / "demo-push-2021-08-05.csv"
        activity.write_demo_push(push, town, seed)
        self.stdout.write(_("Screening a pushed list against the Jiangsu July–August 2021 risk areas…"))
        call_command("screen", "--travel", str(push), "--as-of", activity.DEMO_SCREENING_AT.isoformat(),
                     "--no-progress", **quiet)
        if "worker" in commands:
            call_command("worker", "--once", "--today", DEMO_TODAY.isoformat(), **quiet)

    def _seed_hotline(self, seed):
        """Eleven days of 12345 history shaped like Tongzhou's 1–11 August 2021, and the dispatch model."""
        commands = get_commands()
        if "generate_hotline" not in commands:
            return
        self.stdout.write(_("Adding eleven days of 12345 hotline history…"))
        quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
        call_command("generate_hotline", "--days", "11", "--start", "2021-08-01", "--seed", str(seed), **quiet)
        if "train_dispatch" in commands:
            call_command("train_dispatch", **quiet)
        self._link_department_handler()

    def _link_department_handler(self):
        """The demo's department handler works the inbox of the department that holds the most orders."""
        from django.db.models import Count

        from wangge.accounts.models import User
        from wangge.hotline.models import Department, DepartmentMember

        handler = User.objects.filter(username="department_handler").first()
        busiest = Department.objects.annotate(n=Count("orders")).order_by("-n", "code").first()
        if handler is not None and busiest is not None:
            DepartmentMember.objects.update_or_create(user=handler, defaults={"department": busiest})

    def _table(self, logins) -> str:
        from rich.console import Console
        from rich.table import Table

        from wangge.accounts.choices import Role

        table = Table(title=_("Demo logins"))
        for column in (_("username"), _("password"), _("role"), _("jurisdiction")):
            table.add_column(column)
        for login in logins:
            place = f"{login.jurisdiction.name} ({login.jurisdiction.code})" if login.jurisdiction else "-"
            table.add_row(login.username, login.password, str(Role(login.role).label), place)
        console = Console(file=io.StringIO(), width=120, color_system=None)
        console.print(table)
        return console.file.getvalue()

    def _serve(self, addr: str):
        """runserver without the autoreloader (static files come from whitenoise's finders); the follow-up
        worker, when installed, runs beside it and stops with it."""
        # A SIGTERM (service manager, `kill`) must unwind through `finally` like Ctrl-C, to stop the worker too.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        worker = None
        host = addr.rsplit(":", 1)[0] if ":" in addr else "127.0.0.1"
        if host not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            self.stderr.write(_("Note: %(host)s is not in ALLOWED_HOSTS; set ALLOWED_HOSTS to reach the site by that "
                                "name.") % {"host": host})
        self.stdout.write(_("Open http://%(addr)s/ and log in with one of the accounts above.") % {
            "addr": addr if ":" in addr else f"127.0.0.1:{addr}"})
        self.stdout.write(_("Follow-up runs on the demo day %(day)s (set WANGGE_TODAY to change it).")
                          % {"day": os.environ.get("WANGGE_TODAY", DEMO_TODAY.isoformat())})
        if getattr(self, "_video_live", False):
            import threading

            from wangge.simulate.video import beat_forever

            # The demo's stand-in for the video platform: a heartbeat a minute for the live cameras.
            threading.Thread(target=beat_forever, name="demo-heartbeats", daemon=True).start()
        if "worker" in get_commands():
            worker = subprocess.Popen([sys.executable, "-m", "wangge", "worker"])
            self.stdout.write(_("Background worker started (pid %(pid)d).") % {"pid": worker.pid})
        try:
            call_command("runserver", addr, use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    worker.kill()
