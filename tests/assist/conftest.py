from tests.cms.conftest import _fresh_rate_limit, _media, procedure  # noqa: F401
