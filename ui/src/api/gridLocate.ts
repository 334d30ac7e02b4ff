// The grid a point lies in, from the grids' outlines, for the browser (the app's engine asks crates/gridmap: `GridIndex::locate_near`, the same rule).

import type { Located } from './generated';
import type { GridGeometry, Position } from './geometry';

const METRES_PER_DEGREE = (6_371_008.8 * Math.PI) / 180;
/** How far outside every grid a point may be and still count as in the nearest one (`reference::NEAR_GRID_M`). */
export const NEAR_GRID_M = 30;

/** A grid's polygons, each its outer ring then its holes. */
function polygonsOf(g: GridGeometry): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Whether a point lies inside a ring (even-odd rule). */
function inRing(ring: readonly Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(rings: readonly Position[][], lon: number, lat: number): boolean {
  const [outer, ...holes] = rings;
  return !!outer && inRing(outer, lon, lat) && !holes.some((h) => inRing(h, lon, lat));
}

/** Metres from the point (the origin, after projecting) to the nearest edge of a ring. */
function distanceToRing(ring: readonly Position[], project: (p: Position) => [number, number]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < ring.length; i++) {
    const [ax, ay] = project(ring[i - 1]!);
    const [bx, by] = project(ring[i]!);
    const [dx, dy] = [bx - ax, by - ay];
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.min(1, Math.max(0, (-ax * dx - ay * dy) / len2)) : 0;
    best = Math.min(best, Math.hypot(ax + dx * t, ay + dy * t));
  }
  return best;
}

/** The grid containing (lon, lat), or else the grid whose boundary is nearest within `maxM`
 *  metres (GPS error at the district's edge); the first listed wins a tie (`Engine::locate`). */
export function locateIn(grids: readonly { code: string; geometry: GridGeometry }[], lon: number, lat: number, maxM = NEAR_GRID_M): Located {
  const none: Located = { grid: null, distance_m: null };
  if (!(Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) return none;
  for (const g of grids) {
    if (polygonsOf(g.geometry).some((p) => inPolygon(p, lon, lat))) return { grid: g.code, distance_m: 0 };
  }
  const cosLat = Math.max(Math.cos((lat * Math.PI) / 180), 1e-6);
  const project = ([x, y]: Position): [number, number] => [(x - lon) * cosLat * METRES_PER_DEGREE, (y - lat) * METRES_PER_DEGREE];
  let best: Located = none;
  for (const g of grids) {
    const d = Math.min(...polygonsOf(g.geometry).flatMap((p) => p.map((ring) => distanceToRing(ring, project))));
    if (d <= maxM && (best.distance_m === null || d < best.distance_m)) best = { grid: g.code, distance_m: d };
  }
  return best;
}
