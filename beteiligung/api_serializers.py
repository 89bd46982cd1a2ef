"""Field serializers that page models name in their ``api_fields``.

Kept apart from beteiligung.api, which imports Wagtail's API views: models import this
module while the app registry is still loading.
"""

from rest_framework import serializers


class OrganisationSerializer(serializers.Serializer):
    """An organisation by name, not a bare id: ``{"id", "name", "slug"}``."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)


class PageMethodField(serializers.Field):
    """A read-only field computed by a method of the page, e.g. its status right now."""

    def __init__(self, method: str, **kwargs) -> None:
        self.method = method
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return getattr(page, self.method)()
