"""For search engines and browsers: sitemap.xml (read with lxml against the sitemap
namespace), robots.txt and the favicon."""

import pytest
from lxml import etree

from tests.interfaces.conftest import SITE_URL

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_sitemap_lists_public_pages_under_site_url(client, procedure, event):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = etree.fromstring(response.content, etree.XMLParser(recover=False))
    assert root.tag == f"{SITEMAP}urlset"
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert f"{SITE_URL}/" in locations
    assert f"{SITE_URL}/verfahren/regionalplan/" in locations
    assert f"{SITE_URL}{event.url}" in locations
    assert all(loc.startswith(SITE_URL + "/") for loc in locations), locations


def test_the_sitemap_leaves_out_unpublished_pages(client, procedure):
    procedure.unpublish()

    content = client.get("/sitemap.xml").content.decode()

    assert "/verfahren/regionalplan/" not in content


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_accounts_and_admin(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert {"Disallow: /admin/", "Disallow: /konto/"} <= set(lines)
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines


def test_the_favicon_is_linked_and_favicon_ico_is_no_404(client, home):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert client.get(response["Location"]).status_code == 200

    page = etree.fromstring(client.get("/").content, etree.HTMLParser())
    icons = page.xpath('//head/link[@rel="icon"]')
    assert {icon.get("type") for icon in icons} >= {"image/svg+xml"}
    svg = client.get(next(i.get("href") for i in icons if i.get("type") == "image/svg+xml"))
    assert svg.status_code == 200
    etree.fromstring(b"".join(svg.streaming_content), etree.XMLParser(recover=False))
