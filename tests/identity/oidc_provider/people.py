"""The test provider's client and its one person (no Django imports: the portal's tests read them)."""

CLIENT_ID = "beteiligungsportal"
CLIENT_SECRET = "geheim-fuer-tests"
USERNAME = "m.kraus"
PASSWORD = "Verwaltung-2026"
EMAIL = "m.kraus@stadt.example"
