-- Buildings (楼栋) of grids: reference data for patrols and placards.
CREATE TABLE buildings (
    code TEXT PRIMARY KEY,
    grid TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX buildings_grid ON buildings (grid);
