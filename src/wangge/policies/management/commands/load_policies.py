"""`wangge load_policies [--dir DIR] [--activate] [--as USERNAME]`: store the policy files (default: the shipped
versions A, B, E, F); idempotent. With --activate, drafts are activated in order of their effective dates."""

from pathlib import Path

from django.utils.translation import gettext as _

from wangge.core.errors import ActionError
from wangge.core.management.base import ActingCommand, fail

from ...actions import do_load_policies
from ...schema import shipped_files


class Command(ActingCommand):
    help = "Load policy versions from YAML files (default: the shipped A, B, E, F); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--dir", metavar="DIR", help="directory of *.yaml policy files (default: the shipped ones)")
        parser.add_argument("--activate", action="store_true",
                            help="activate the loaded drafts, oldest effective date first")
        super().add_arguments(parser)

    def handle_as(self, user, *args, **options):
        directory = options.get("dir")
        if directory and not Path(directory).is_dir():
            fail(self, _("Not a directory: %(dir)s") % {"dir": directory})
        if not shipped_files(directory):
            fail(self, _("No *.yaml policy files found."))
        try:
            result = do_load_policies(user, directory, activate=options["activate"])
        except ActionError as exc:
            fail(self, str(exc))
        self.stdout.write(_("created: %(c)s; updated: %(u)s; unchanged: %(n)s; activated: %(a)s") % {
            "c": ", ".join(result.created) or "-", "u": ", ".join(result.updated) or "-",
            "n": ", ".join(result.unchanged) or "-", "a": ", ".join(result.activated) or "-"})
