// A map without tiles: an equirectangular projection fitted to the bounds of what is drawn,
// longitudes scaled by cos(mid latitude) so a city-sized area keeps its shape.

import type { GridGeometry, Position } from '../api/types';

export interface Bounds {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export interface Projection {
  width: number;
  height: number;
  bounds: Bounds;
  project(lon: number, lat: number): [number, number];
  unproject(x: number, y: number): [number, number];
  inView(lon: number, lat: number): boolean;
  /** Metres per screen unit, for a scale bar. */
  metresPerUnit: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
/** Smallest span fitted, in degrees (about 200 m), so one point does not zoom to infinity. */
export const MIN_SPAN_DEG = 0.002;

export function ringsOf(g: GridGeometry): Position[][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

export function emptyBounds(): Bounds {
  return { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
}

export function isEmpty(b: Bounds): boolean {
  return !(b.minLon <= b.maxLon && b.minLat <= b.maxLat);
}

export function extend(b: Bounds, lon: number, lat: number): Bounds {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return b;
  return {
    minLon: Math.min(b.minLon, lon),
    minLat: Math.min(b.minLat, lat),
    maxLon: Math.max(b.maxLon, lon),
    maxLat: Math.max(b.maxLat, lat),
  };
}

/** Bounds grown by `fraction` of their span on every side. */
export function expandBounds(b: Bounds, fraction: number): Bounds {
  const dx = (b.maxLon - b.minLon) * fraction;
  const dy = (b.maxLat - b.minLat) * fraction;
  return { minLon: b.minLon - dx, minLat: b.minLat - dy, maxLon: b.maxLon + dx, maxLat: b.maxLat + dy };
}

/** Bounds of geometries and points together. */
export function boundsOf(geometries: readonly GridGeometry[], points: readonly { lon: number; lat: number }[] = []): Bounds {
  let b = emptyBounds();
  for (const g of geometries) for (const ring of ringsOf(g)) for (const [lon, lat] of ring) b = extend(b, lon, lat);
  for (const p of points) b = extend(b, p.lon, p.lat);
  return b;
}

/** Fit `bounds` into a width × height box with `padding` on each side, centred. */
export function fitProjection(bounds: Bounds, width: number, height: number, padding = 16): Projection {
  let b = isEmpty(bounds) ? { minLon: 119.58, minLat: 39.93, maxLon: 119.6, maxLat: 39.95 } : bounds;
  const spanLon = b.maxLon - b.minLon;
  const spanLat = b.maxLat - b.minLat;
  if (spanLon < MIN_SPAN_DEG || spanLat < MIN_SPAN_DEG) {
    const cLon = (b.minLon + b.maxLon) / 2;
    const cLat = (b.minLat + b.maxLat) / 2;
    const hl = Math.max(spanLon, MIN_SPAN_DEG) / 2;
    const ht = Math.max(spanLat, MIN_SPAN_DEG) / 2;
    b = { minLon: cLon - hl, maxLon: cLon + hl, minLat: cLat - ht, maxLat: cLat + ht };
  }
  const midLat = (b.minLat + b.maxLat) / 2;
  const kx = Math.cos((midLat * Math.PI) / 180);
  const worldW = (b.maxLon - b.minLon) * kx;
  const worldH = b.maxLat - b.minLat;
  const innerW = Math.max(1, width - 2 * padding);
  const innerH = Math.max(1, height - 2 * padding);
  const scale = Math.min(innerW / worldW, innerH / worldH);
  const offX = (width - worldW * scale) / 2;
  const offY = (height - worldH * scale) / 2;
  const project = (lon: number, lat: number): [number, number] => [
    offX + (lon - b.minLon) * kx * scale,
    offY + (b.maxLat - lat) * scale,
  ];
  const unproject = (x: number, y: number): [number, number] => [
    b.minLon + (x - offX) / (kx * scale),
    b.maxLat - (y - offY) / scale,
  ];
  return {
    width,
    height,
    bounds: b,
    project,
    unproject,
    inView(lon, lat) {
      const [x, y] = project(lon, lat);
      return x >= 0 && x <= width && y >= 0 && y <= height;
    },
    metresPerUnit: ((Math.PI / 180) * EARTH_RADIUS_M) / scale,
  };
}

/** SVG path data for a polygon or multipolygon (even-odd holes). */
export function geometryPath(g: GridGeometry, p: Projection): string {
  return ringsOf(g)
    .filter((ring) => ring.length > 0)
    .map(
      (ring) =>
        ring
          .map(([lon, lat], i) => {
            const [x, y] = p.project(lon, lat);
            return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
          })
          .join('') + 'Z',
    )
    .join('');
}

/** A label point for a geometry: the centre of its outer ring's bounds. */
export function labelPoint(g: GridGeometry): { lon: number; lat: number } {
  const b = boundsOf([g]);
  return { lon: (b.minLon + b.maxLon) / 2, lat: (b.minLat + b.maxLat) / 2 };
}

/** Distance in metres between two WGS-84 points (haversine). */
export function distanceM(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const r = Math.PI / 180;
  const dLat = (b.lat - a.lat) * r;
  const dLon = (b.lon - a.lon) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A round scale-bar length (1, 2 or 5 × 10^n metres) no longer than `maxUnits` screen units. */
export function scaleBar(p: Projection, maxUnits: number): { metres: number; units: number } {
  const maxM = p.metresPerUnit * maxUnits;
  const pow = 10 ** Math.floor(Math.log10(maxM));
  const metres = [5, 2, 1].map((k) => k * pow).find((m) => m <= maxM) ?? pow;
  return { metres, units: metres / p.metresPerUnit };
}
