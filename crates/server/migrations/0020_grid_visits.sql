-- When each grid was last checked in at on a patrol (穿楼进户), server time: the risk warning
-- for grids nobody has walked. Filled from the patrols already stored.
CREATE TABLE grid_visits (
    grid    TEXT PRIMARY KEY,
    last_at INTEGER NOT NULL
);
INSERT INTO grid_visits (grid, last_at)
SELECT json_extract(c.value, '$.grid'), max(json_extract(c.value, '$.received_at'))
FROM patrols, json_each(patrols.data, '$.checkins') AS c
WHERE json_extract(c.value, '$.grid') IS NOT NULL
GROUP BY 1;
