"""`wangge generate_district`: a realistic synthetic district, loaded into the database or written as CSV."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wangge.simulate.district import DEFAULT_AS_OF, DISTRICTS, plan_district, write_csv


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("--as-of must be a date like 2021-08-01, got %(value)s") % {"value": value}) from None


class Command(BaseCommand):
    help = _("Generate a synthetic district (domain.md §6): regions, grid staff, accounts and residents.")

    def add_arguments(self, parser):
        parser.add_argument("--district", choices=sorted(DISTRICTS), default="haimen")
        parser.add_argument("--scale", choices=("small", "full"), default="small",
                            help=_("small = one town, about 20,000 residents; full = the whole district"))
        parser.add_argument("--seed", type=int, default=2021, help=_("same seed, same district"))
        parser.add_argument("--villages", type=int, default=None,
                            help=_("keep only the first N villages/communities of each town (for tests)"))
        parser.add_argument("--grids", type=int, default=None,
                            help=_("keep only the first N grids (quick smoke runs and tests)"))
        parser.add_argument("--as-of", default=DEFAULT_AS_OF.isoformat(),
                            help=_("reference date for ages (default %(default)s)"))
        parser.add_argument("--out", default=None,
                            help=_("write regions.csv, residents.csv and boundaries.geojson into this folder instead "
                                   "of the database"))
        parser.add_argument("--no-boundaries", action="store_true",
                            help=_("leave the regions without boundaries (no map)"))
        parser.add_argument("--password", default=None,
                            help=_("one password for every generated account (default: unusable passwords)"))
        parser.add_argument("--as", dest="as_user", default=None, help=_("act as this user (change log)"))
        parser.add_argument("--batch", type=int, default=5000, help=_("rows per insert batch"))
        parser.add_argument("--no-progress", action="store_true", help=_("do not show a progress bar"))

    def handle(self, *args, **options):
        if options["villages"] is not None and options["villages"] < 1:
            raise CommandError(_("--villages must be at least 1"))
        if options["grids"] is not None and options["grids"] < 1:
            raise CommandError(_("--grids must be at least 1"))
        plan = plan_district(options["district"], options["scale"], options["villages"], _date(options["as_of"]))
        if options["grids"]:
            plan = plan.first_grids(options["grids"])
        show = options["verbosity"] >= 1
        self.progress = show and not options["no_progress"]
        started = time.monotonic()
        if options["out"]:
            self._write(plan, options, show)
        else:
            self._load(plan, options, show)
        if show:
            self.stdout.write(_("Done in %(seconds).1f s.") % {"seconds": time.monotonic() - started})

    def _write(self, plan, options, show):
        from wangge.simulate.cli import progress_bar

        with progress_bar(_("Writing residents"), plan.population, self.progress) as advance:
            regions, residents = write_csv(plan, options["out"], options["seed"], on_batch=advance)
        if show:
            self.stdout.write(_("%(district)s: %(regions)d regions → %(regions_path)s, %(residents)d residents → "
                                "%(residents_path)s") % {
                "district": plan.spec.name, "regions": len(plan.regions), "regions_path": regions,
                "residents": plan.population, "residents_path": residents})
        if not options["no_boundaries"]:
            from pathlib import Path

            from wangge.simulate.boundaries import write_geojson

            path = write_geojson(plan, Path(options["out"]) / "boundaries.geojson")
            if show:
                self.stdout.write(_("Boundaries of %(regions)d regions → %(path)s")
                                  % {"regions": len(plan.regions), "path": path})

    def _load(self, plan, options, show):
        from django.db import connection

        from wangge.core.context import acting_as
        from wangge.core.management.base import resolve_actor
        from wangge.regions.models import Region
        from wangge.simulate.cli import progress_bar
        from wangge.simulate.loader import DistrictExists, load_district

        if Region._meta.db_table not in connection.introspection.table_names():
            raise CommandError(_("The database has no tables yet: run `wangge migrate` first."))
        try:
            actor = resolve_actor(options["as_user"])
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        try:
            with acting_as(actor), progress_bar(_("Loading residents"), plan.population,
                                                             self.progress) as advance:
                counts = load_district(plan, options["seed"], password=options["password"],
                                       batch=options["batch"], on_batch=advance,
                                       boundaries=not options["no_boundaries"])
        except DistrictExists as exc:
            raise CommandError(_("District %(code)s is already in the registry; run `wangge demo --reset` or "
                                 "`wangge flush` to start again.") % {"code": exc.args[0]}) from None
        if show:
            self.stdout.write(_("%(district)s: %(regions)d regions, %(users)d accounts, %(grid_staff)d grid staff, "
                                "%(households)d households, %(residents)d residents.") % {
                "district": plan.spec.name, **counts})
