// GeoJSON geometry of a grid's polygon (WGS-84 lon/lat), written by hand: `GridInfo.geometry`
// in generated.ts refers to `GridGeometry`.

export type Position = [number, number];

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}
export type GridGeometry = PolygonGeometry | MultiPolygonGeometry;
