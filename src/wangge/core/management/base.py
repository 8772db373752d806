"""Base classes for management commands that write: an acting user (`--as`) and the import command shape.

    class Command(ActingCommand):
        def add_arguments(self, parser):
            super().add_arguments(parser)          # adds --as USERNAME
        def handle_as(self, user, **options):    # runs inside acting_as(user)
            ...

    class Command(ImportCommand):
        import_action = staticmethod(do_import_residents)  # FILE, --rejected, --as, --no-progress for free
        # or importer_class = ThingImporter: the generic import, allowed to whoever may add the model's rows
"""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wangge.core.actions import do_import
from wangge.core.context import acting_as
from wangge.core.errors import ActionError
from wangge.core.imports import FileError


def add_actor_argument(parser) -> None:
    """`--as USERNAME`: the user the command's changes are recorded under."""
    parser.add_argument("--as", dest="as_user", metavar="USERNAME",
                        help="record changes as this user (default: the system actor)")


def resolve_actor(username: str | None):
    """The named user, or the system actor when no name is given (`accounts.selectors.system_actor`).

    Raises LookupError with a Chinese message for an unknown or inactive user name."""
    User = get_user_model()
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise LookupError(_("用户不存在：%(name)s") % {"name": username})
        if not user.is_active:
            raise LookupError(_("用户已停用：%(name)s") % {"name": username})
        return user
    from wangge.accounts.selectors import system_actor

    return system_actor()


def fail(command: BaseCommand, message: str, status: int = 2):
    """Print a one-line reason on stderr and exit with `status` (2: the input could not be used)."""
    command.stderr.write(" ".join(str(message).split()))
    sys.exit(status)


class ActingCommand(BaseCommand):
    """A command that writes: `--as USERNAME`, and `handle_as(user, **options)` runs inside `acting_as(user)`."""

    def add_arguments(self, parser):
        add_actor_argument(parser)

    def handle(self, *args, **options):
        try:
            user = resolve_actor(options.get("as_user"))
        except LookupError as exc:
            fail(self, str(exc))
        with acting_as(user):
            return self.handle_as(user, *args, **options)

    def handle_as(self, user, *args, **options):
        raise NotImplementedError


class ImportCommand(ActingCommand):
    """`wangge import_x FILE [--rejected PATH] [--as USERNAME] [--no-progress]` for an `Importer` subclass.

    Prints the summary (read / imported / updated / unchanged / rejected); exits 0 when the file could be read
    (even if rows were rejected), 2 with a one-line reason on stderr when it could not."""

    importer_class = None
    import_action = None  # do_import_x(actor, path, *, rejected_path, progress) -> ImportResult

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="CSV (UTF-8 / GBK) or .xlsx file")
        parser.add_argument("--rejected", metavar="PATH",
                            help="where to write rejected rows (default: FILE.rejected.csv next to the input)")
        parser.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
        super().add_arguments(parser)

    def make_importer(self, **options):
        return self.importer_class()

    def run_import(self, user, path, *, rejected_path, progress, **options):
        """The app's import action when the command names one (`import_action`), else the generic import
        (`core.actions.do_import`: the role must be allowed to add the model's rows)."""
        if self.import_action is not None:
            return type(self).import_action(user, path, rejected_path=rejected_path, progress=progress)
        return do_import(user, self.make_importer(**options), path, rejected_path=rejected_path, progress=progress)

    def handle_as(self, user, *args, **options):
        progress = not options["no_progress"] and sys.stderr.isatty()
        try:
            result = self.run_import(user, options["file"], rejected_path=options.get("rejected"), progress=progress,
                                     **options)
        except FileError as exc:
            fail(self, str(exc))
        except ActionError as exc:
            fail(self, exc.message)
        self.print_summary(result)

    def print_summary(self, result):
        if result.extra_columns:
            self.stdout.write(_("已忽略多余的列：%(columns)s") % {"columns": "、".join(result.extra_columns)})
        if not result.read:
            self.stdout.write(_("文件中没有数据行"))
        self.stdout.write(
            _("读取 %(read)d 行：新增 %(imported)d，更新 %(updated)d，未变 %(unchanged)d，拒绝 %(rejected)d")
            % {"read": result.read, "imported": result.imported, "updated": result.updated,
               "unchanged": result.unchanged, "rejected": result.rejected}
        )
        if result.rejected_path:
            self.stdout.write(_("被拒绝的行及原因已写入：%(path)s") % {"path": result.rejected_path})
