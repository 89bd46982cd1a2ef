"""Redis databases of their own for the tests that start qclusters in subprocesses.

The clusters of every test share one queue name, so two of them on one Redis database take
each other's tasks: with the suite on two xdist workers, the cluster bench's clusters ran the
schedule tasks a fault test's cluster had queued and recorded them as second runs. Each such
test therefore gets its own database number on the server ``REDIS_URL`` names.
"""

import os
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SERVER = "redis://127.0.0.1:6379/0"
# REDIS_URL itself (15 in CI) stays for the in-process tests' cache.
CLUSTER_BENCH_DATABASE = 14
FAULT_TEST_DATABASES = (10, 11, 12, 13)


def _on_server(database: int) -> str:
    parts = urlsplit(os.environ.get("REDIS_URL") or DEFAULT_SERVER)
    return urlunsplit(parts._replace(path=f"/{database}"))


def cluster_bench_url() -> str:
    return _on_server(CLUSTER_BENCH_DATABASE)


def fault_test_url() -> str:
    """One database per xdist worker (``gw0``, ``gw1``, …)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    return _on_server(FAULT_TEST_DATABASES[int(worker or 0) % len(FAULT_TEST_DATABASES)])
