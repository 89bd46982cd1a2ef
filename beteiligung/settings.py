"""Settings of the Beteiligungsportal, read from the environment.

The defaults give a working local site (SQLite, ORM broker, console e-mail).
``DJANGO_ENV=production`` demands a secret key and allowed hosts and turns on the
secure cookie and HSTS settings; README.md lists every variable.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    # No default: a production site must not start with a known key or open host list.
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-" + "x" * 40)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
# `make run PORT=8101` passes PORT, so links in e-mails and the API name the port served.
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")
SITE_URL = SITE_URL.rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "beteiligung",
    "geo",
    "cms",
    "alerts",
    "dialogues",
    "events",
    "surveys",
    "appointments",
    "maps",
    "assist",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_q",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.saml",
    "allauth.socialaccount.providers.openid_connect",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # the sitemap.xml template
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "beteiligung.middleware.PortalLocaleMiddleware",
    "beteiligung.errors.ErrorPageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "beteiligung.middleware.StaffTwoFactorMiddleware",
    "beteiligung.middleware.SecurityHeadersMiddleware",
    # Inside the CSP, CSRF, session and messages middleware: a cached page still gets its
    # own nonce and CSRF cookie, and is never served to a visitor with a session.
    "beteiligung.page_cache.PageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that it sees the admin views' exceptions first.
    "beteiligung.errors.AdminInputErrorMiddleware",
]

ROOT_URLCONF = "beteiligung.urls"
# German pages for every error (beteiligung/errors.py; handler400 … in beteiligung/urls.py).
CSRF_FAILURE_VIEW = "beteiligung.errors.csrf_failure"
WSGI_APPLICATION = "beteiligung.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project-wide templates (base layout, error pages, allauth and e-mail layouts);
        # each app keeps its own in <app>/templates/.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "beteiligung.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task cluster share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# Kept open between requests on SQLite too: opening the file and reading its schema cost
# 1.4 ms, more than a logged-in visitor's whole page layout.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "beteiligung.User"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # A Redis outage degrades to "no cache" instead of failing every page (beteiligung/cache.py).
    CACHES = {
        "default": {"BACKEND": "beteiligung.cache.DegradingRedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Django's default of 300 entries dropped most of the calendar feed's cached VEVENTs
    # (one per event) as soon as a site had a few hundred events.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
# Pages for anonymous visitors are cached at most this long (0 turns the page cache off);
# they go earlier when what they show changes (beteiligung/page_cache.py). Several processes
# need a shared cache: a production site without REDIS_URL caches no pages unless told to
# (docs/deployment.md, "Page cache").
PAGE_CACHE_SECONDS = env.int(
    "PAGE_CACHE_SECONDS", default=600 if REDIS_URL or not PRODUCTION else 0
)

Q_CLUSTER = {
    "name": "beteiligung",
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": 120,
    "retry": 180,
    "max_attempts": 5,
    "catch_up": False,
    "label": _("Task queue"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
    Q_CLUSTER["poll"] = env.float("Q_POLL", default=1.0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): e-mail login with mandatory verification.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account_profile"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "beteiligung.accounts.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "beteiligung.accounts.SignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# Staff sign in through allauth as well, so that two-factor authentication applies to the
# Wagtail admin; STAFF_REQUIRE_MFA sends staff without a second factor to set one up.
WAGTAILADMIN_LOGIN_URL = "account_login"
STAFF_REQUIRE_MFA = env.bool("STAFF_REQUIRE_MFA", default=PRODUCTION)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("SITE_NAME", default="Beteiligungsportal Hessen")
# Sign-in with identity services (docs/identity.md): BundID (or any SAML 2.0 IdP) and an
# OpenID Connect provider. With nothing configured the portal offers e-mail accounts only
# and makes no request to another host. Key, certificate and metadata files are read when
# a login needs them (beteiligung/identity.py), not here.
SAML_IDP_METADATA_URL = env.str("SAML_IDP_METADATA_URL", default="")
SAML_IDP_METADATA_FILE = env.str("SAML_IDP_METADATA_FILE", default="")
SAML_ENABLED = env.bool(
    "SAML_ENABLED", default=bool(SAML_IDP_METADATA_URL or SAML_IDP_METADATA_FILE)
)
SAML_IDP_ENTITY_ID = env.str("SAML_IDP_ENTITY_ID", default="")
SAML_SP_ENTITY_ID = env.str("SAML_SP_ENTITY_ID", default=f"{SITE_URL}/konto/saml/metadata/")
SAML_SP_KEY_FILE = env.str("SAML_SP_KEY_FILE", default="")
SAML_SP_CERT_FILE = env.str("SAML_SP_CERT_FILE", default="")
SAML_NAME = env.str("SAML_NAME", default="BundID")
# BundID names the trust level (Vertrauensniveau) of each login in this attribute.
SAML_TRUST_LEVEL_ATTRIBUTE = env.str(
    "SAML_TRUST_LEVEL_ATTRIBUTE", default="urn:oid:1.2.40.0.10.2.1.1.261.94"
)
# BundID confirms the e-mail address of its accounts: a first login creates a portal
# account without another confirmation mail. Turn off for an IdP that does not.
SAML_EMAIL_VERIFIED = env.bool("SAML_EMAIL_VERIFIED", default=True)
SAML_WANT_ASSERTIONS_ENCRYPTED = env.bool("SAML_WANT_ASSERTIONS_ENCRYPTED", default=True)
OIDC_ISSUER = env.str("OIDC_ISSUER", default="")
OIDC_ENABLED = env.bool("OIDC_ENABLED", default=bool(OIDC_ISSUER))
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_NAME = env.str("OIDC_NAME", default="Anmeldung der Verwaltung")
# The administration's directory vouches for its staff's addresses: an OIDC login with a
# confirmed address signs in to the existing account of that address.
OIDC_EMAIL_AUTHENTICATION = env.bool("OIDC_EMAIL_AUTHENTICATION", default=True)
# Staff who sign in through the OIDC provider with a second factor there (an `amr` claim
# naming mfa/otp/hwk, or an `acr` value listed here) need no TOTP of ours, when this is on.
OIDC_MFA_SATISFIES_STAFF_MFA = env.bool("OIDC_MFA_SATISFIES_STAFF_MFA", default=False)
OIDC_MFA_ACR_VALUES = env.list("OIDC_MFA_ACR_VALUES", default=[])
SOCIALACCOUNT_ADAPTER = "beteiligung.identity.SocialAccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# One app each; the tests start from these with their own peers' addresses.
SAML_APP_CONFIG = {
    "client_id": "bundid",
    "name": SAML_NAME,
    "settings": {
        "idp": {
            "entity_id": SAML_IDP_ENTITY_ID,
            "metadata_url": SAML_IDP_METADATA_URL,
            "metadata_file": SAML_IDP_METADATA_FILE,
        },
        "sp": {"entity_id": SAML_SP_ENTITY_ID},
        "key_file": SAML_SP_KEY_FILE,
        "cert_file": SAML_SP_CERT_FILE,
        "email_verified": SAML_EMAIL_VERIFIED,
        # BundID's attribute names (bPK2, e-mail, given name, surname); the postal address
        # and the trust level stay with the linked identity's attributes.
        "attribute_mapping": {
            "uid": ["urn:oid:1.3.6.1.4.1.25484.494450.3"],
            "email": ["urn:oid:0.9.2342.19200300.100.1.3"],
            "first_name": ["urn:oid:2.5.4.42"],
            "last_name": ["urn:oid:2.5.4.4"],
        },
        "advanced": {
            "strict": True,
            "authn_request_signed": True,
            "logout_request_signed": True,
            "logout_response_signed": True,
            "metadata_signed": True,
            "want_assertion_signed": True,
            "want_assertion_encrypted": SAML_WANT_ASSERTIONS_ENCRYPTED,
            "want_name_id": False,
            "reject_idp_initiated_sso": True,
        },
    },
}
OIDC_APP_CONFIG = {
    "provider_id": "verwaltung",
    "name": OIDC_NAME,
    "client_id": OIDC_CLIENT_ID,
    "secret": OIDC_CLIENT_SECRET,
    "settings": {
        "server_url": OIDC_ISSUER,
        "oauth_pkce_enabled": True,
        "fetch_userinfo": True,
        "email_authentication": OIDC_EMAIL_AUTHENTICATION,
    },
}
SOCIALACCOUNT_PROVIDERS = {
    "saml": {
        "provider_class": "beteiligung.identity.BundIDProvider",
        "APPS": [SAML_APP_CONFIG] if SAML_ENABLED else [],
    },
    "openid_connect": {"APPS": [OIDC_APP_CONFIG] if OIDC_ENABLED else []},
}
# Behind a reverse proxy every request comes from the proxy: count the client address from
# X-Forwarded-For instead (the number of proxies that append to it).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Failed logins: 10 a minute per client address, 5 in 5 minutes per account *and* address
# (beteiligung.accounts keys them so), and 100 an hour per account from all addresses
# together. A flood from one address (at most 60 an hour) thus never locks the owner out
# from another address; a guesser spread over many addresses is still stopped.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login_failed_account": "100/h/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]

TIME_ZONE = "Europe/Berlin"
# The catalogue of the project-wide templates in templates/ (each app has its own), and
# locale_overrides/: "Sie" for django-allauth's pages, whose German catalogue says "du".
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
USE_I18N = True
USE_TZ = True
# "1. Dezember 2026, 14:30 Uhr" wherever a template writes DATETIME_FORMAT.
FORMAT_MODULE_PATH = ["beteiligung.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Beteiligungsportal <noreply@beteiligung.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The outbox (beteiligung.emails): the first retry after EMAIL_OUTBOX_RETRY_SECONDS, each
# further one after twice as long (at most an hour); after EMAIL_OUTBOX_GIVE_UP_DAYS a mail is
# marked failed and shown to staff. A mail "sending" for longer than the lease is taken to
# belong to a dead worker and is sent again; the lease outlasts the SMTP timeout. Sent and
# failed mails are erased EMAIL_OUTBOX_KEEP_DAYS later (they hold addresses and texts).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
EMAIL_OUTBOX_GIVE_UP_DAYS = env.float("EMAIL_OUTBOX_GIVE_UP_DAYS", default=3)
# /readyz/ fails while more mails than this wait in the outbox (the cluster is behind or down).
OUTBOX_BACKLOG_LIMIT = env.int("OUTBOX_BACKLOG_LIMIT", default=1000)
EMAIL_OUTBOX_RETRY_SECONDS = env.int("EMAIL_OUTBOX_RETRY_SECONDS", default=60)
EMAIL_OUTBOX_LEASE_SECONDS = env.int("EMAIL_OUTBOX_LEASE_SECONDS", default=300)
EMAIL_OUTBOX_KEEP_DAYS = env.int("EMAIL_OUTBOX_KEEP_DAYS", default=14)
# Alerts (alerts/): a deadline alert this many days before the participation ends; each scan
# looks this many hours back (overlapping, so a lost scan is made good); follows without an
# account expire unconfirmed after ALERTS_UNCONFIRMED_DAYS and a year (ALERTS_EXPIRE_DAYS)
# after the last opened alert; occurrences and who was told are erased ALERTS_KEEP_DAYS later.
ALERTS_DEADLINE_DAYS = env.int("ALERTS_DEADLINE_DAYS", default=3)
ALERTS_LOOKBACK_HOURS = env.int("ALERTS_LOOKBACK_HOURS", default=48)
ALERTS_UNCONFIRMED_DAYS = env.int("ALERTS_UNCONFIRMED_DAYS", default=7)
ALERTS_EXPIRE_DAYS = env.int("ALERTS_EXPIRE_DAYS", default=365)
ALERTS_KEEP_DAYS = env.int("ALERTS_KEEP_DAYS", default=90)
ALERTS_MAX_RADIUS_KM = env.int("ALERTS_MAX_RADIUS_KM", default=50)
ALERTS_RATE_LIMIT = env.int("ALERTS_RATE_LIMIT", default=10)
STAFF_NOTIFICATION_EMAIL = env.str(
    "STAFF_NOTIFICATION_EMAIL", default="barrierefreiheit@beteiligung.example"
)

# Limits and thresholds of the apps (README, configuration table).
SURVEYS_RATE_LIMIT = env.int("SURVEYS_RATE_LIMIT", default=30)
# Survey XLSX (surveys/models.py SurveyExportFile): above this many responses the queue builds it.
SURVEY_EXPORT_INLINE_MAX = env.int("SURVEY_EXPORT_INLINE_MAX", default=2000)
SURVEY_EXPORT_KEEP_DAYS = env.int("SURVEY_EXPORT_KEEP_DAYS", default=7)
# The weighing report (cms/report.py): above this many statements the queue builds it.
CMS_REPORT_TASK_THRESHOLD = env.int("CMS_REPORT_TASK_THRESHOLD", default=500)
CMS_REPORT_KEEP_DAYS = env.int("CMS_REPORT_KEEP_DAYS", default=30)
# Comments: per account per minute, per IP address per window, window in minutes.
DIALOGUES_RATE_LIMIT = tuple(env.list("DIALOGUES_RATE_LIMIT", cast=int, default=[5, 20, 60]))
MAPS_REPORT_RATE_LIMIT = env.int("MAPS_REPORT_RATE_LIMIT", default=10)
MAPS_DUPLICATE_RADIUS_M = env.int("MAPS_DUPLICATE_RADIUS_M", default=250)
# Open311 discovery: how people reach the administration (not a noreply address).
MAPS_OPEN311_CONTACT = env.str(
    "MAPS_OPEN311_CONTACT",
    default=f"{env.str('SITE_NAME', default='Beteiligungsportal Hessen')}, {SITE_URL}/impressum/",
)
APPOINTMENTS_RESERVE_RATE = env.int("APPOINTMENTS_RESERVE_RATE", default=10)
APPOINTMENTS_POW_MAX_NUMBER = env.int("APPOINTMENTS_POW_MAX_NUMBER", default=50_000)

# No avatars from gravatar.com: the admin would send staff e-mail hashes to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="Beteiligungsportal Hessen")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
# Off by default: Wagtail 8's autosave copies a newly added inline child (a phase, a survey
# question, a document) once per autosave cycle, because the saved child's id never reaches
# the open form (wagtail/wagtail#14568). An editor then publishes duplicates without seeing
# them. The editor still warns before leaving with unsaved changes.
WAGTAIL_AUTOSAVE_INTERVAL = env.int("WAGTAIL_AUTOSAVE_INTERVAL", default=0)
# On PostgreSQL the database's full-text search stems German words ("german"); SQLite
# ignores SEARCH_CONFIG and beteiligung.search scores German forms itself. After changing
# it, rebuild the index: manage.py update_index.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "german"}
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "csv", "txt", "zip", "geojson", "json"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Staff uploads too: the pixel limit of beteiligung.images (Wagtail's default is 128 MP).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILAPI_BASE_URL = SITE_URL
WAGTAILAPI_LIMIT_MAX = 100
REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

# Map tiles are loaded from a third-party host only after the visitor asks for them.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env.str(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
MAP_TILES_REQUIRE_CONSENT = env.bool("MAP_TILES_REQUIRE_CONSENT", default=True)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django_q": {"level": env.str("Q_LOG_LEVEL", default="WARNING")},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
