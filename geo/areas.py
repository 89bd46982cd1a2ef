"""Planning areas and sub-areas as GeoJSON (WGS 84), validated with shapely."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Wagtail's autosave posts the field every half second while an editor draws, uploads or
# types: any JSON may arrive, and the validators must answer with a ValidationError (a 400
# for the autosave), never with a crash (a 500).


def validate_planning_area(value) -> None:
    """A planning area is a valid GeoJSON polygon or multipolygon (WGS 84)."""
    if value in (None, "", {}):
        return
    if not isinstance(value, dict):
        raise ValidationError(_("The planning area must be a GeoJSON object."))
    if value.get("type") == "FeatureCollection":
        features = value.get("features") or []
        if not isinstance(features, list) or len(features) != 1:
            raise ValidationError(_("Please give exactly one feature (a polygon or multipolygon)."))
        value = features[0]
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry") or {}
    if not isinstance(value, dict) or value.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationError(_("The planning area must be a polygon or a multipolygon."))
    # Imported here: shapely (with NumPy) costs every process of the portal 80 ms at start.
    from shapely.errors import ShapelyError
    from shapely.geometry import shape
    from shapely.validation import explain_validity

    try:
        geometry = shape(value)
        valid = geometry.is_valid
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, ShapelyError) as error:
        # ShapelyError: GEOS refuses e.g. a ring with NaN (Python's json reads "NaN").
        raise ValidationError(
            _("The planning area is not valid GeoJSON: %(error)s"), params={"error": error}
        ) from error
    if geometry.is_empty:
        raise ValidationError(_("The planning area is empty."))
    if not valid:
        raise ValidationError(
            _("The planning area is not a valid geometry: %(reason)s"),
            params={"reason": explain_validity(geometry)},
        )
    minx, miny, maxx, maxy = geometry.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise ValidationError(
            _("The coordinates must be longitude and latitude in degrees (WGS 84).")
        )


def validate_sub_areas(value) -> None:
    """Sub-areas (e.g. districts) are a FeatureCollection of named polygons."""
    if value in (None, "", {}, []):
        return
    if not isinstance(value, dict) or value.get("type") != "FeatureCollection":
        raise ValidationError(_("The sub-areas must be a GeoJSON FeatureCollection."))
    features = value.get("features") or []
    if not isinstance(features, list):
        raise ValidationError(_("The sub-areas must be a GeoJSON FeatureCollection."))
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        name = properties.get("name") if isinstance(properties, dict) else None
        if not name:
            raise ValidationError(
                _("Sub-area %(number)d has no “name” property."), params={"number": number}
            )
        try:
            validate_planning_area(feature)
        except ValidationError as error:
            raise ValidationError(
                _("Sub-area “%(name)s”: %(error)s"),
                params={"name": name, "error": " ".join(error.messages)},
            ) from error


def sub_area_features(value) -> list[dict]:
    return list((value or {}).get("features") or [])


def area_geometry(value) -> dict | None:
    """The bare geometry of a stored planning area (Feature/FeatureCollection unwrapped)."""
    if not value:
        return None
    if value.get("type") == "FeatureCollection":
        value = (value.get("features") or [{}])[0]
    if value.get("type") == "Feature":
        value = value.get("geometry")
    return value
