"""Beyond one machine: bench/cluster.py in a small configuration (two gunicorn servers, two
qclusters, one PostgreSQL, one Redis) passes all its checks: no slot overbooked, each
schedule run once per period, the shared cache seen alike through both servers."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests import migrated_db, redis_dbs

pytestmark = [pytest.mark.queue, pytest.mark.cluster]

ROOT = Path(__file__).resolve().parents[2]


def cluster_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path=f"{parts.path}_cluster"))
    return "postgres://postgres@127.0.0.1:5432/beteiligung_cluster_test"


def test_two_servers_and_two_clusters_share_one_database_and_one_redis_correctly(tmp_path):
    url = cluster_database_url()
    env = {
        **os.environ,
        "CLUSTER_DATABASE_URL": url,
        "CLUSTER_TEMPLATE_DATABASE": migrated_db.postgres_template(url) or "",
        "CLUSTER_REDIS_URL": redis_dbs.cluster_bench_url(),
        "CLUSTER_LOG": str(tmp_path / "processes.log"),
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "bench/cluster.py", "--clients", "12", "--slots", "3"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=420,
    )
    report = result.stdout
    assert result.returncode == 0, report + result.stderr[-3000:]
    assert "bookings 3, overbooked slots 0" in report
    assert "runs per schedule with two clusters: [1]" in report
    assert "both servers show the new title: [True, True]" in report
    assert "all checks passed" in report
