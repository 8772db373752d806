"""Grid-A help requests for the outsider walk; called by enterprises/tests/outsider_data.py (and by
liaison/tests/outsider_data.py, once per enterprise): an enterprise account of the enterprise and a request whose
text names a grid-A resident, dispatched and replied, so the timeline has steps."""


def populate(district, enterprise):
    from wangge.accounts.choices import Role
    from wangge.accounts.models import User
    from wangge.hotline.catalogue import ensure_catalogue
    from wangge.hotline.models import Category

    from . import actions

    if not Category.objects.filter(code="EP06").exists():
        ensure_catalogue([district["town"], district["other_town"]])
    resident = district["residents"][district["grid_a"].code][0]
    username = f"outsider_data_enterprise_{enterprise.pk}"
    account = User.objects.filter(username=username).first() or User.objects.create_user(
        username=username, password="x", role=Role.ENTERPRISE, enterprise=enterprise, region=enterprise.region,
        phone="19900000001")  # the account holder calls, not the contact person of the registry
    actions.do_file_request(account, subject=f"{resident.name}的求助",
                            text=f"联系人{resident.name}：物流停运，原料进不来，请帮帮我们！",
                            category="EP06")
