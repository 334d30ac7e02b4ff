import { describe, expect, it } from 'vitest';
import type { GridGeometry } from '../api/types';
import { boundsOf, distanceM, expandBounds, fitProjection, geometryPath, isEmpty, MIN_SPAN_DEG, scaleBar } from './projection';

const square: GridGeometry = {
  type: 'Polygon',
  coordinates: [[[119.6, 39.93], [119.61, 39.93], [119.61, 39.94], [119.6, 39.94], [119.6, 39.93]]],
};
const multi: GridGeometry = {
  type: 'MultiPolygon',
  coordinates: [
    [[[119.5, 39.9], [119.52, 39.9], [119.52, 39.91], [119.5, 39.9]]],
    [[[119.64, 39.99], [119.65, 39.99], [119.65, 40.0], [119.64, 39.99]]],
  ],
};

describe('bounds', () => {
  it('covers polygons, multipolygons and extra points', () => {
    expect(boundsOf([square])).toEqual({ minLon: 119.6, minLat: 39.93, maxLon: 119.61, maxLat: 39.94 });
    expect(boundsOf([square, multi], [{ lon: 119.7, lat: 39.95 }])).toEqual({ minLon: 119.5, minLat: 39.9, maxLon: 119.7, maxLat: 40.0 });
  });
  it('is empty with nothing in it and ignores non-finite points', () => {
    expect(isEmpty(boundsOf([]))).toBe(true);
    expect(isEmpty(boundsOf([], [{ lon: NaN, lat: 39.9 }]))).toBe(true);
  });
  it('grows by a fraction of its span', () => {
    const b = expandBounds(boundsOf([square]), 0.5);
    expect(b.minLon).toBeCloseTo(119.595, 9);
    expect(b.maxLat).toBeCloseTo(39.945, 9);
  });
});

describe('fitProjection', () => {
  const W = 360;
  const H = 260;
  const P = 18;
  const p = fitProjection(boundsOf([square]), W, H, P);

  it('puts every corner inside the padded box and touches it on the limiting axis', () => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [lon, lat] of (square as { coordinates: number[][][] }).coordinates[0]!) {
      const [x, y] = p.project(lon!, lat!);
      xs.push(x);
      ys.push(y);
      expect(x).toBeGreaterThanOrEqual(P - 1e-9);
      expect(x).toBeLessThanOrEqual(W - P + 1e-9);
      expect(y).toBeGreaterThanOrEqual(P - 1e-9);
      expect(y).toBeLessThanOrEqual(H - P + 1e-9);
    }
    // The square is taller than wide after the cos(lat) correction, so height limits the fit.
    expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo(H - 2 * P, 6);
    // Centred horizontally.
    expect((Math.max(...xs) + Math.min(...xs)) / 2).toBeCloseTo(W / 2, 6);
  });
  it('keeps the shape: east–west metres and north–south metres use one scale', () => {
    const [x0, y0] = p.project(119.6, 39.93);
    const [x1] = p.project(119.61, 39.93);
    const [, y1] = p.project(119.6, 39.94);
    const ew = distanceM({ lon: 119.6, lat: 39.935 }, { lon: 119.61, lat: 39.935 });
    const ns = distanceM({ lon: 119.6, lat: 39.93 }, { lon: 119.6, lat: 39.94 });
    expect((x1 - x0) / (y0 - y1)).toBeCloseTo(ew / ns, 3);
  });
  it('draws north up', () => {
    expect(p.project(119.605, 39.94)[1]).toBeLessThan(p.project(119.605, 39.93)[1]);
  });
  it('unprojects a tap back to the same coordinates', () => {
    const [x, y] = p.project(119.6042, 39.9371);
    const [lon, lat] = p.unproject(x, y);
    expect(lon).toBeCloseTo(119.6042, 9);
    expect(lat).toBeCloseTo(39.9371, 9);
  });
  it('tells whether a point is in view', () => {
    expect(p.inView(119.605, 39.935)).toBe(true);
    expect(p.inView(119.7, 39.935)).toBe(false);
    expect(p.inView(119.605, 39.8)).toBe(false);
  });
  it('zooms a single point to a minimum span instead of dividing by zero', () => {
    const one = fitProjection(boundsOf([], [{ lon: 119.6, lat: 39.93 }]), W, H, P);
    const [x, y] = one.project(119.6, 39.93);
    expect(x).toBeCloseTo(W / 2, 6);
    expect(y).toBeCloseTo(H / 2, 6);
    expect(one.bounds.maxLat - one.bounds.minLat).toBeCloseTo(MIN_SPAN_DEG, 9);
    expect(Number.isFinite(one.metresPerUnit)).toBe(true);
  });
});

describe('paths, scale and distance', () => {
  it('writes one closed subpath per ring', () => {
    const p = fitProjection(boundsOf([multi]), 300, 300);
    const d = geometryPath(multi, p);
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/Z/g)).toHaveLength(2);
  });
  it('picks a round scale bar no longer than allowed', () => {
    const p = fitProjection(boundsOf([square]), 360, 260);
    const s = scaleBar(p, 120);
    expect([1, 2, 5]).toContain(s.metres / 10 ** Math.floor(Math.log10(s.metres)));
    expect(s.units).toBeLessThanOrEqual(120);
    expect(s.units).toBeGreaterThan(120 / 5);
  });
  it('measures one degree of latitude as about 111 km', () => {
    expect(distanceM({ lon: 119.6, lat: 39 }, { lon: 119.6, lat: 40 }) / 1000).toBeCloseTo(111.2, 1);
  });
});
