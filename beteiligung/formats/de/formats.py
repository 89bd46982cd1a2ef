# German date and time as the portal writes them everywhere: "1. Dezember 2026, 14:30 Uhr".
# Django's own German format ("1. Dezember 2026 14:30") has neither the comma nor "Uhr".
# Only what differs from django.conf.locale.de.formats is set here.
DATETIME_FORMAT = r"j. F Y, H:i \U\h\r"
