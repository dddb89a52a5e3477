"""Django settings for ParIndex.

Every setting that differs between machines comes from a ``PARINDEX_*`` environment variable,
read here and nowhere else, through the strict readers of :mod:`parindex.core.settings_table`,
which declares each one once (name, type, default, meaning; docs/settings.md is generated from
it). The defaults give a working single-machine install: SQLite under ``var/``, debug off,
Vietnamese first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from parindex.core.settings_table import env_bool, env_int, env_list, env_path, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

VAR_DIR = env_path("PARINDEX_VAR_DIR", BASE_DIR / "var")

DEBUG = env_bool("PARINDEX_DEBUG")
SECRET_KEY = env_secret("PARINDEX_SECRET_KEY")
if not SECRET_KEY:
    # A development key is generated once and kept under var/, so sessions survive restarts
    # without anybody committing a key. Production sets PARINDEX_SECRET_KEY(_FILE).
    _key_file = VAR_DIR / "secret_key"
    if _key_file.exists():
        SECRET_KEY = _key_file.read_text(encoding="utf-8").strip()
    else:
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        SECRET_KEY = secrets.token_urlsafe(50)
        _key_file.write_text(SECRET_KEY, encoding="utf-8")

ALLOWED_HOSTS = env_list("PARINDEX_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("PARINDEX_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves its Swagger UI assets locally (no CDN) for /api/docs
    "tree_queries",
    "parindex.core",
    "parindex.access",
    "parindex.units",
    "parindex.calendars",
    "parindex.frameworks",
    "parindex.dossiers",
    "parindex.assessments",
    "parindex.standing",
    "parindex.national",
    "parindex.targets",
    "parindex.public",
    "parindex.reports",
    "parindex.bench",
    "parindex.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "parindex.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "parindex.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "parindex" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parindex.access.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "parindex.wsgi.application"

_database_url = env_str("PARINDEX_DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "parindex.sqlite3"),
            "OPTIONS": {
                # WAL lets readers work while a writer commits; IMMEDIATE takes the write lock at
                # BEGIN so two writers queue on busy_timeout instead of failing mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "parindex" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS: list[Any] = [BASE_DIR / "parindex" / "static"]
MEDIA_ROOT = env_path("PARINDEX_MEDIA_ROOT", VAR_DIR / "media")
MEDIA_URL = "media/"

# Evidence files larger than this are refused (scanned PDFs of signed documents are the norm).
EVIDENCE_MAX_BYTES = env_int("PARINDEX_EVIDENCE_MAX_MB") * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The most memory DuckDB may use for the dossier store before it spills to disk (e.g. "3GB").
DOSSIER_MEMORY_LIMIT = env_str("PARINDEX_DOSSIER_MEMORY_LIMIT")

# Language of command-line messages (the web follows the browser and the language switch).
CLI_LANGUAGE = env_str("PARINDEX_LANGUAGE", LANGUAGE_CODE)

# Logs: a rotating file under var/log/ and stderr; server errors carry their traceback and the
# error id shown on the 500 page (parindex.core.errors). See docs/logs.md.
LOG_DIR = env_path("PARINDEX_LOG_DIR", VAR_DIR / "log")
LOG_FILE = LOG_DIR / "parindex.log"
LOG_LEVEL = env_str("PARINDEX_LOG_LEVEL").strip().upper()
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"error_id": {"()": "parindex.core.logs.ErrorIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [error %(error_id)s] %(message)s"}
    },
    "handlers": {
        "file": {
            "class": "parindex.core.logs.LogFileHandler",
            "filename": str(LOG_FILE),
            "maxBytes": env_int("PARINDEX_LOG_MAX_MB") * 1024 * 1024,
            "backupCount": env_int("PARINDEX_LOG_FILES"),
            "encoding": "utf-8",
            "filters": ["error_id"],
            "formatter": "line",
        },
        "stderr": {
            "class": "logging.StreamHandler",
            "filters": ["error_id"],
            "formatter": "line",
        },
    },
    "root": {"handlers": ["file", "stderr"], "level": LOG_LEVEL},
    # Django's own loggers pass everything to the root's handlers (not to its console handler).
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

FORMAT_MODULE_PATH = ["parindex.display_formats"]
USE_THOUSAND_SEPARATOR = True

# Bootstrap arrives in the XStatic-Bootstrap wheel; it is served from there, never from a CDN.
import xstatic.pkg.bootstrap  # noqa: E402

STATICFILES_DIRS.append(("bootstrap", xstatic.pkg.bootstrap.BASE_DIR))
