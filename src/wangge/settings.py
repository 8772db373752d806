"""Wangge settings: everything comes from the environment, parsed strictly, in this one file.

A bad value stops start-up with a one-line reason (ImproperlyConfigured) instead of a half-working site.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("WANGGE_VAR_DIR", Path.cwd() / "var")).resolve()


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true/false, got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def parse_database_url(url: str) -> dict:
    """Turn DATABASE_URL (sqlite:///path or postgres://user:pass@host:port/name) into a DATABASES entry."""
    parts = urlparse(url)
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if path.startswith("/") and url.startswith("sqlite:////"):
            name = path
        else:
            name = path.lstrip("/") or str(VAR_DIR / "wangge.sqlite3")
        if name != ":memory:":
            Path(name).resolve().parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;",
            },
            "TEST": {"NAME": options.get("test_name") or None},
        }
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        if not parts.path.strip("/"):
            raise ImproperlyConfigured("DATABASE_URL must name a database, e.g. postgres://user@127.0.0.1:5432/wangge")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.strip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "OPTIONS": {k: v for k, v in options.items() if k in ("sslmode", "connect_timeout")},
        }
    raise ImproperlyConfigured(f"DATABASE_URL has an unsupported scheme {parts.scheme!r}; use sqlite:/// or postgres://")


def load_secret_key() -> str:
    """SECRET_KEY from the environment, else generated once into ./var/secret_key (never committed)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = load_secret_key()
DEBUG = envbool("DEBUG", "false")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

DATABASES = {"default": parse_database_url(os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'wangge.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "wangge.core",
    "wangge.accounts",
    "wangge.regions",
    "wangge.people",
    "wangge.simulate",
    "wangge.policies",
    "wangge.screening",
    "wangge.followup",
    "wangge.labtests",
    "wangge.vaccination",
    "wangge.checkpoints",
    "wangge.volunteers",
    "wangge.enterprises",
    "wangge.liaison",
    "wangge.inspections",
    "wangge.projects",
    "wangge.enforcement",
    "wangge.fishery",
    "wangge.services",
    "wangge.hotline",
    "wangge.dashboard",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wangge.core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "wangge.urls"
WSGI_APPLICATION = "wangge.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# RoleBackend answers every permission from the user's role (accounts/roles.py) but the reveal, which is granted to
# a person and read by ModelBackend; ModelBackend also logs people in.
AUTHENTICATION_BACKENDS = ["wangge.accounts.roles.RoleBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wangge.core.navigation.menu",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploaded photos (inspections, milestones, violation cases …): kept under var/, served only through the views of
# the app that owns them (core/photos.py), never as public files.
MEDIA_ROOT = VAR_DIR / "media"
WANGGE_PHOTO_MAX_BYTES = int(os.environ.get("WANGGE_PHOTO_MAX_BYTES", 8 * 1024 * 1024))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve straight from the app folders, so `wangge demo` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", "43200")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "wangge.core.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated", "wangge.core.permissions.RolePermission",
    ],
    "DEFAULT_PAGINATION_CLASS": "wangge.core.rest.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "wangge.core.rest.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Wangge API",
    "DESCRIPTION": "网格化管理与疫情防控平台 REST API",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every app's choice sets get a name of their own ("state" means different things in different apps);
    # follow-up's Level has the same values as RegionLevel and shares its name.
    "ENUM_NAME_OVERRIDES": {
        f"{app.capitalize()}{name}Enum": f"wangge.{app}.choices.{name}"
        for app, names in {
            "accounts": ["Role"],
            "regions": ["RegionLevel", "StaffRole", "PartyRole"],
            "people": ["ResidenceType", "Sex"],
            "followup": ["FollowUpState", "Source", "TaskKind", "TaskState", "VisitOutcome",
                         "NatResult"],
            "hotline": ["State", "Channel", "Urgency", "Satisfaction", "EventKind"],
            "labtests": ["CampaignStatus", "SiteKind", "TubeState", "TubeResult", "EventKind", "EventStatus",
                         "ControlState"],
            "policies": ["VersionStatus"],
            "screening": ["RiskLevel", "FlagCategory", "MatchedBy"],
            "vaccination": ["SiteKind", "ExemptionReason"],
        }.items()
        for name in names
    },
}

# One cache shared by every gunicorn worker (region-tree figures, large list totals); a folder under ./var/.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "TIMEOUT": 300,
    }
}

# Wangge's own knobs.
WANGGE_IMPORT_BATCH = envint("WANGGE_IMPORT_BATCH", "5000")
WANGGE_PAGE_SIZE = envint("WANGGE_PAGE_SIZE", "50")
# The command centre's figures of today are worked out again by the worker when older than this.
WANGGE_INDICATOR_REFRESH_SECONDS = envint("WANGGE_INDICATOR_REFRESH_SECONDS", "300")
# A monitoring point without an "online" heartbeat for this long shows as offline.
WANGGE_MONITORING_OFFLINE_MINUTES = envint("WANGGE_MONITORING_OFFLINE_MINUTES", "5")
# Which system the region boundaries and map points are in: "wgs84" (GPS, 天地图, most open data) or "gcj02"
# (火星坐标: what Amap/Tencent/Baidu-derived sources give). Import every boundary and point in this one system;
# the map draws them as they are and never converts or mixes them (regions/boundaries.py).
WANGGE_MAP_COORDINATES = os.environ.get("WANGGE_MAP_COORDINATES", "wgs84").strip().lower()
if WANGGE_MAP_COORDINATES not in ("wgs84", "gcj02"):
    raise ImproperlyConfigured(f"WANGGE_MAP_COORDINATES must be wgs84 or gcj02, got {WANGGE_MAP_COORDINATES!r}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
