-- The district's named areas (districts, streets, communities), stored data imported by
-- administrators instead of a hierarchy compiled into the service. Grids, with their
-- boundaries, stay in `grids`.
CREATE TABLE areas (
    code  TEXT PRIMARY KEY,
    level TEXT NOT NULL CHECK (level IN ('district', 'street', 'community')),
    name  TEXT NOT NULL
);
