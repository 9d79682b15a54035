-- The first schema: profiles, roadmaps, items with their ownership matrix,
-- proposals, and the append-only history. Nothing is ever deleted: items
-- are archived, proposals answered.

CREATE TABLE profile (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('em', 'pm', 'director_of_engineering', 'head_of_product')),
    created_at  TEXT NOT NULL
);

CREATE TABLE roadmap (
    id                    INTEGER PRIMARY KEY,
    name                  TEXT NOT NULL,
    team                  TEXT NOT NULL,
    em_name               TEXT NOT NULL,
    pm_name               TEXT NOT NULL,
    director_name         TEXT NOT NULL,
    head_of_product_name  TEXT NOT NULL,
    created_at            TEXT NOT NULL
);

CREATE TABLE item (
    id          INTEGER PRIMARY KEY,
    roadmap_id  INTEGER NOT NULL REFERENCES roadmap(id),
    title       TEXT NOT NULL,
    rank        INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('idea', 'planned', 'in_progress', 'shipped', 'dropped')),
    kind        TEXT NOT NULL CHECK (kind IN ('feature', 'tech_debt', 'experiment')),
    horizon     TEXT NOT NULL,
    dim_what    TEXT NOT NULL DEFAULT '',
    dim_why     TEXT NOT NULL DEFAULT '',
    dim_how     TEXT NOT NULL DEFAULT '',
    dim_who     TEXT NOT NULL DEFAULT '',
    dim_when    TEXT NOT NULL DEFAULT '',
    revision    INTEGER NOT NULL DEFAULT 1,
    archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX item_by_rank ON item (roadmap_id, archived, rank);

CREATE TABLE proposal (
    id               INTEGER PRIMARY KEY,
    item_id          INTEGER NOT NULL REFERENCES item(id),
    dimension        TEXT NOT NULL CHECK (dimension IN ('what', 'why', 'how', 'who', 'when')),
    body             TEXT NOT NULL,
    before_text      TEXT NOT NULL,
    base_revision    INTEGER NOT NULL,
    author_id        INTEGER NOT NULL REFERENCES profile(id),
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
    response_reason  TEXT NOT NULL DEFAULT '',
    responder_id     INTEGER REFERENCES profile(id),
    created_at       TEXT NOT NULL,
    responded_at     TEXT
);
CREATE INDEX proposal_by_item ON proposal (item_id, status);

CREATE TABLE history (
    id          INTEGER PRIMARY KEY,
    roadmap_id  INTEGER NOT NULL REFERENCES roadmap(id),
    item_id     INTEGER REFERENCES item(id),
    actor_id    INTEGER NOT NULL REFERENCES profile(id),
    actor_name  TEXT NOT NULL,
    actor_role  TEXT NOT NULL,
    at          TEXT NOT NULL,
    action      TEXT NOT NULL,
    field       TEXT NOT NULL DEFAULT '',
    before      TEXT NOT NULL DEFAULT '',
    after       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_by_item ON history (item_id, id);

CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- The history is append-only, and nothing is hard-deleted anywhere.
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER item_no_delete BEFORE DELETE ON item
BEGIN SELECT RAISE(ABORT, 'items are archived, never deleted'); END;
CREATE TRIGGER proposal_no_delete BEFORE DELETE ON proposal
BEGIN SELECT RAISE(ABORT, 'proposals are answered, never deleted'); END;
CREATE TRIGGER roadmap_no_delete BEFORE DELETE ON roadmap
BEGIN SELECT RAISE(ABORT, 'roadmaps are never deleted'); END;
