-- The category catalogue as stored data (codes, names, time limits per priority, routing,
-- retired), imported or edited by administrators instead of compiled into the service.
-- `data` is the domain `Category` as JSON.
CREATE TABLE categories (
    code TEXT PRIMARY KEY,
    data TEXT NOT NULL
);
