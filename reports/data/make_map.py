#!/usr/bin/env python3
"""Generates reports/data/communes-idf.map, the commune and département
shapes of the dashboard's choropleth, from the GeoJSON contours.

    reports/data/make_map.py COMMUNES.geojson DEPARTEMENTS.geojson > reports/data/communes-idf.map

Input: WGS84 contours (../shared/data/maps/communes-idf-2026.geojson and
departements-ile-de-france.geojson; source IGN Admin Express via the
france-geojson project, Licence Ouverte / Etalab, see README.md here).
Output: plain text, one shape a line, already projected to SVG pixels and
simplified, so posture only pastes the paths into the page:

    viewbox<TAB>W H
    commune<TAB>INSEE code<TAB>département<TAB>SVG path data
    departement<TAB>code<TAB>SVG path data

Projection: equirectangular with the x axis scaled by cos(latitude at the
centre), which is within 1 % of a conformal projection over a region this
size. Simplification: Douglas-Peucker per ring with a tolerance of
TOLERANCE pixels, coordinates rounded to 0.1 px, relative path commands.
Deterministic: the same input gives the same bytes.
"""
import json
import math
import sys

WIDTH = 1000.0
TOLERANCE = 0.35
MARGIN = 4.0


def rings_of(geometry):
    if geometry["type"] == "Polygon":
        return [r for r in geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return [r for poly in geometry["coordinates"] for r in poly]
    raise ValueError("unexpected geometry " + geometry["type"])


def simplify(points, tol):
    """Douglas-Peucker, iterative; keeps the first and last point."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = points[a]
        bx, by = points[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, best_i = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if norm == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if d > best:
                best, best_i = d, i
        if best > tol:
            keep[best_i] = True
            stack.append((a, best_i))
            stack.append((best_i, b))
    return [p for p, k in zip(points, keep) if k]


def fmt(v):
    s = "%.1f" % v
    if s.endswith(".0"):
        s = s[:-2]
    if s == "-0":
        s = "0"
    if s.startswith("0."):
        s = s[1:]
    elif s.startswith("-0."):
        s = "-" + s[2:]
    return s


def path_of(rings, project):
    out = []
    for ring in rings:
        pts = [project(lon, lat) for lon, lat in ring]
        # A closed ring: simplify the open polyline, close with z.
        if len(pts) > 1 and pts[0] == pts[-1]:
            pts = pts[:-1]
        # Split the ring in two halves so both ends are anchored.
        half = len(pts) // 2
        pts = simplify(pts[: half + 1], TOLERANCE)[:-1] + simplify(pts[half:] + pts[:1], TOLERANCE)[:-1]
        q = []
        for x, y in pts:
            r = (round(x * 10), round(y * 10))
            if not q or q[-1] != r:
                q.append(r)
        if len(q) < 3:
            continue
        cmd = ["M%s %s" % (fmt(q[0][0] / 10), fmt(q[0][1] / 10))]
        rel = []
        for (x0, y0), (x1, y1) in zip(q, q[1:]):
            dx, dy = (x1 - x0) / 10, (y1 - y0) / 10
            sx, sy = fmt(dx), fmt(dy)
            rel.append(sx + ("" if sy.startswith("-") else " ") + sy)
        cmd.append("l" + " ".join(rel))
        cmd.append("z")
        out.append("".join(cmd))
    return "".join(out)


def main():
    communes = json.load(open(sys.argv[1], encoding="utf-8"))["features"]
    departements = json.load(open(sys.argv[2], encoding="utf-8"))["features"]
    lons, lats = [], []
    for f in communes:
        for r in rings_of(f["geometry"]):
            for lon, lat in r:
                lons.append(lon)
                lats.append(lat)
    lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
    k = math.cos(math.radians((lat0 + lat1) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((lon1 - lon0) * k)
    height = (lat1 - lat0) * scale + 2 * MARGIN

    def project(lon, lat):
        return (MARGIN + (lon - lon0) * k * scale, MARGIN + (lat1 - lat) * scale)

    out = sys.stdout
    out.write("viewbox\t%d %d\n" % (round(WIDTH), math.ceil(height)))
    for f in sorted(communes, key=lambda f: f["properties"]["code"]):
        p = f["properties"]
        out.write("commune\t%s\t%s\t%s\n" % (p["code"], p["departement"], path_of(rings_of(f["geometry"]), project)))
    for f in sorted(departements, key=lambda f: f["properties"]["code"]):
        out.write("departement\t%s\t%s\n" % (f["properties"]["code"], path_of(rings_of(f["geometry"]), project)))


if __name__ == "__main__":
    main()
