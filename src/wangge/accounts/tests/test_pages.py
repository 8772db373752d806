"""Login, logout, the top bar, the access-log page."""

import pytest
from django.urls import reverse

from wangge.core.models import AccessEvent, AccessKind


def test_the_login_page_is_in_chinese(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="zh-hans"' in html
    assert "登录" in html and "用户名" in html and "密码" in html


def test_a_grid_worker_logs_in_and_lands_on_the_days_tasks(client, worker):
    response = client.post(reverse("accounts:login"), {"username": "worker", "password": "pw-worker"})
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == reverse("followup:my-tasks")


def test_a_wrong_password_is_explained_in_chinese(client, worker):
    html = client.post(reverse("accounts:login"), {"username": "worker", "password": "nope"}).content.decode()
    assert "请输入一个正确的" in html


def test_logout_is_a_post(client_for, worker):
    client = client_for(worker)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("regions:tree")).status_code == 302


def test_the_top_bar_shows_name_role_jurisdiction_and_menu(client_for, cadre):
    html = client_for(cadre).get(reverse("regions:tree")).content.decode()
    assert "cadre" in html and "镇（街道）干部" in html and "三星镇" in html
    assert "区域网格" in html and "居民" in html and "退出" in html
    assert reverse("accounts:access-log") not in html


def test_the_access_log_is_for_district_admins(client_for, admin_user, cadre, worker):
    from wangge.people.models import Resident

    AccessEvent.objects.create(kind=AccessKind.EXPORT, user_name="cadre", count=7, query="q=张",
                               content_type_id=_ct(Resident))
    html = client_for(admin_user).get(reverse("accounts:access-log")).content.decode()
    assert "导出个人信息" in html and "q: 张" in html  # the query decoded for a reader
    assert client_for(cadre).get(reverse("accounts:access-log")).status_code == 403
    assert client_for(worker).get(reverse("accounts:access-log")).status_code == 403


def _ct(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


@pytest.mark.parametrize("url", ["/admin/people/resident/", "/admin/regions/region/", "/admin/accounts/user/",
                                 "/admin/core/accessevent/", "/admin/core/changeevent/",
                                 "/admin/regions/gridstaff/", "/admin/people/household/"])
def test_the_back_office_lists_render_masked(client, district, url):
    from wangge.accounts.models import User

    boss = User.objects.create_superuser("boss", password="x", region=district["district"])
    client.force_login(boss)
    response = client.get(url)
    assert response.status_code == 200
    if "resident" in url:
        person = district["residents"][district["grid_a"].code][0]
        assert person.id_number not in response.content.decode()


def test_the_back_office_masks_personal_fields_for_staff_without_reveal(client, district):
    from django.contrib.auth.models import Permission

    from wangge.accounts.models import User

    clerk = User.objects.create_user("clerk", password="x", is_staff=True, region=district["town"],
                                     role="town_cadre")
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_resident", "change_resident"]))
    client.force_login(clerk)
    person = district["residents"][district["grid_a"].code][0]
    html = client.get(f"/admin/people/resident/{person.pk}/change/").content.decode()
    assert person.id_number not in html and person.phone not in html
    assert person.id_number[-4:] in html
    other = district["residents"][district["grid_c"].code][0]
    assert client.get(f"/admin/people/resident/{other.pk}/change/").status_code == 302  # not in its queryset


def test_the_500_page_renders_without_a_request_context(db):
    from django.template.loader import get_template

    html = get_template("500.html").render()
    assert "服务器错误" in html


def test_the_footer_switches_to_english_and_back(client, db):
    assert "English" in client.get(reverse("accounts:login")).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Log in" in html and "简体中文" in html
