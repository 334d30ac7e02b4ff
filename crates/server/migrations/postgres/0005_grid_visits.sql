-- When each grid was last checked in at on a patrol (穿楼进户), server time: the risk warning
-- for grids nobody has walked. Filled from the patrols already stored.
CREATE TABLE grid_visits (
    grid    TEXT COLLATE "C" PRIMARY KEY,
    last_at BIGINT NOT NULL
);
INSERT INTO grid_visits (grid, last_at)
SELECT c ->> 'grid', max((c ->> 'received_at')::BIGINT)
FROM patrols, jsonb_array_elements(patrols.data::jsonb -> 'checkins') AS c
WHERE c ->> 'grid' IS NOT NULL
GROUP BY 1;
