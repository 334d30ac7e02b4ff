//! Grid polygons: locate a point in its grid, GeoJSON import and export, WGS-84 / GCJ-02.
