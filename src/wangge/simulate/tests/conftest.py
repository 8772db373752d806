import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The demo and generated accounts hash passwords; PBKDF2's million rounds would dominate these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
