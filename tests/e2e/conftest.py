"""The browser fixtures live in tests/conftest.py, shared by every app's browser tests."""

from tests.conftest import axe_check, browser, page  # noqa: F401
