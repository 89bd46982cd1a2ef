"""Settings for bench/appointments_booking.py: production-like, with a small proof of work
and no rate limit (all benchmark clients share one IP address)."""

from beteiligung.settings import *  # noqa: F403

DEBUG = False
APPOINTMENTS_POW_MAX_NUMBER = 2_000
APPOINTMENTS_RESERVE_RATE = 10**9
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
