-- The beneficiary list (padrón) imported from the program's CSV export (DESIGN §5).
-- Each import is a snapshot; padron_current points at the one queries read, so an
-- import loads a new snapshot beside the old one and switches the pointer in one
-- transaction: queries keep answering from a complete list throughout.
CREATE TABLE padron_snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The date the data is as of ("datos al ..."), ISO.
    data_date TEXT NOT NULL,
    source TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    -- 0 while loading; 1 once every row is in (only complete snapshots become current).
    complete INTEGER NOT NULL DEFAULT 0,
    imported_at INTEGER NOT NULL
);
CREATE TABLE padron_current (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    snapshot_id INTEGER NOT NULL
);
-- region is the ubigeo's first two digits, kept as a column so a region's queries
-- use an index instead of a prefix match.
CREATE TABLE padron_beneficiaries (
    snapshot_id INTEGER NOT NULL,
    dni TEXT NOT NULL,
    nombres TEXT NOT NULL,
    apellidos TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    ubigeo TEXT NOT NULL,
    region TEXT NOT NULL,
    status TEXT NOT NULL,
    payment_status TEXT NOT NULL,
    collector TEXT,
    request_date TEXT,
    request_state TEXT,
    request_reason TEXT,
    category TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, dni)
);
CREATE INDEX padron_beneficiaries_ubigeo ON padron_beneficiaries (snapshot_id, ubigeo);
CREATE INDEX padron_beneficiaries_region ON padron_beneficiaries (snapshot_id, region);
