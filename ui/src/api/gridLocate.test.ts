import { describe, expect, it } from 'vitest';
import { locateIn } from './gridLocate';
import type { GridGeometry } from './geometry';

// Two grids side by side near Qinhuangdao, 0.01° (about 850 m east-west, 1.1 km north-south) each.
const box = (x: number, y: number, d = 0.01): [number, number][] => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
const west: GridGeometry = { type: 'Polygon', coordinates: [box(119.6, 39.9), box(119.603, 39.903, 0.002)] };
const east: GridGeometry = { type: 'MultiPolygon', coordinates: [[box(119.61, 39.9)], [box(119.63, 39.9)]] };
const grids = [
  { code: '130302001001001', geometry: west },
  { code: '130302001001002', geometry: east },
];

describe('locating a point in the grids (gridmap::locate_near)', () => {
  it('finds the grid holding the point, either part of a multipolygon', () => {
    expect(locateIn(grids, 119.605, 39.901)).toEqual({ grid: '130302001001001', distance_m: 0 });
    expect(locateIn(grids, 119.635, 39.905)).toEqual({ grid: '130302001001002', distance_m: 0 });
  });
  it('a point in a hole is outside, but within 30 m of the hole’s edge', () => {
    expect(locateIn(grids, 119.604, 39.904)).toEqual({ grid: null, distance_m: null });
    const near = locateIn(grids, 119.6032, 39.904);
    expect(near.grid).toBe('130302001001001');
    expect(near.distance_m).toBeGreaterThan(10);
    expect(near.distance_m).toBeLessThan(30);
  });
  it('just outside every grid counts for the nearest within 30 m', () => {
    // 0.0002° of latitude is about 22 m.
    const near = locateIn(grids, 119.605, 39.8998);
    expect(near.grid).toBe('130302001001001');
    expect(near.distance_m).toBeCloseTo(22.24, 1);
    expect(locateIn(grids, 119.605, 39.899)).toEqual({ grid: null, distance_m: null });
  });
  it('no grids, or no point on the map, locate nothing', () => {
    expect(locateIn([], 119.605, 39.901)).toEqual({ grid: null, distance_m: null });
    expect(locateIn(grids, Number.NaN, 39.9)).toEqual({ grid: null, distance_m: null });
    expect(locateIn(grids, 200, 39.9)).toEqual({ grid: null, distance_m: null });
  });
});
