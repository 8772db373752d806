"""Users through the API: scoped reads, /me, and token authentication."""

from rest_framework.test import APIClient


def usernames(response):
    return [row["username"] for row in response.json()["results"]]


def test_users_are_scoped_to_the_jurisdiction(api_for, admin_user, cadre, worker, outsider):
    assert usernames(api_for(admin_user).get("/api/users/")) == ["admin", "cadre", "outsider", "worker"]
    assert usernames(api_for(cadre).get("/api/users/")) == ["cadre", "outsider", "worker"]
    assert usernames(api_for(worker).get("/api/users/")) == ["worker"]
    assert api_for(outsider).get(f"/api/users/{worker.pk}/").status_code == 404


def test_a_user_phone_is_masked(api_for, admin_user, worker):
    worker.phone = "13712345678"
    worker.save()
    row = api_for(admin_user).get(f"/api/users/{worker.pk}/").json()
    assert row["phone"] == "137****5678" and row["region"] == "320684102001001"


def test_me_answers_with_the_own_account_and_what_it_may_do(api_for, admin_user, worker):
    me = api_for(worker).get("/api/users/me/").json()
    assert (me["user"]["username"], me["user"]["role"], me["can_reveal"]) == ("worker", "grid_worker", False)
    assert api_for(admin_user).get("/api/users/me/").json()["can_reveal"] is True


def test_me_works_for_a_user_without_a_jurisdiction(api_for, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert api_for(nobody).get("/api/users/me/").json()["user"]["region"] is None


def test_a_token_is_obtained_with_username_and_password_and_authenticates(worker):
    api = APIClient()
    response = api.post("/api/auth/token/", {"username": "worker", "password": "pw-worker"}, format="json")
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/users/me/").json()["user"]["username"] == "worker"


def test_a_wrong_password_gets_no_token(worker):
    response = APIClient().post("/api/auth/token/", {"username": "worker", "password": "nope"}, format="json")
    assert response.status_code == 400 and "token" not in response.json()


def test_a_missing_password_is_a_400_naming_password(worker):
    response = APIClient().post("/api/auth/token/", {"username": "worker"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["password"]


def test_a_bad_token_is_401(db):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get("/api/users/me/").status_code == 401


def test_session_authentication_works_too(client, worker):
    client.force_login(worker)
    assert client.get("/api/users/me/").json()["user"]["username"] == "worker"


def test_users_are_read_only(api_for, admin_user, worker):
    assert api_for(admin_user).patch(f"/api/users/{worker.pk}/", {"role": "district_admin"}).status_code == 405
