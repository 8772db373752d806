"""`wangge grant_reveal USERNAME [--withdraw] [--as ADMIN]`: let a person reveal full ID numbers and phones."""

from django.utils.translation import gettext as _

from wangge.accounts.actions import do_set_reveal
from wangge.accounts.selectors import user_by_username
from wangge.core.errors import ActionError
from wangge.core.management.base import ActingCommand, fail


class Command(ActingCommand):
    help = "Grant (or with --withdraw, withdraw) the permission to reveal personal data to one account."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--withdraw", action="store_true", help="withdraw the permission instead")
        super().add_arguments(parser)

    def handle_as(self, user, *args, **options):
        account = user_by_username(options["username"])
        if account is None:
            fail(self, _("用户不存在：%(name)s") % {"name": options["username"]})
        try:
            do_set_reveal(user, account, granted=not options["withdraw"])
        except ActionError as exc:
            fail(self, exc.message)
        message = _("已撤销 %(name)s 查看完整个人信息的权限") if options["withdraw"] else _(
            "已授予 %(name)s 查看完整个人信息的权限（每次查看均记入访问日志）")
        self.stdout.write(message % {"name": account.username})
