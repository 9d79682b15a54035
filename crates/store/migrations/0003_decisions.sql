-- Decision records, the partners' positions and escalations, and signed
-- baselines. Decisions are superseded, never deleted; baselines and
-- escalations' openings are kept as written.

CREATE TABLE decision (
    id               INTEGER PRIMARY KEY,
    roadmap_id       INTEGER NOT NULL REFERENCES roadmap(id),
    kind             TEXT NOT NULL CHECK (kind IN ('product', 'engineering', 'shared')),
    topic            TEXT NOT NULL CHECK (topic IN ('timeline', 'scope_trade_off', 'risk', 'other')),
    title            TEXT NOT NULL,
    context          TEXT NOT NULL DEFAULT '',
    options          TEXT NOT NULL DEFAULT '',
    outcome          TEXT NOT NULL DEFAULT '',
    linked_items     TEXT NOT NULL DEFAULT '[]',   -- JSON array of item ids
    trade_off_for    INTEGER REFERENCES item(id),
    deprioritised    TEXT NOT NULL DEFAULT '[]',   -- JSON array of item ids
    capacity_reason  TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL CHECK (status IN ('draft', 'proposed', 'superseded')),
    supersedes       INTEGER REFERENCES decision(id),
    superseded_by    INTEGER REFERENCES decision(id),
    revision         INTEGER NOT NULL DEFAULT 1,
    created_by       INTEGER NOT NULL REFERENCES profile(id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX decision_by_roadmap ON decision (roadmap_id, id);

CREATE TABLE decision_position (
    decision_id    INTEGER NOT NULL REFERENCES decision(id),
    role           TEXT NOT NULL CHECK (role IN ('em', 'pm')),
    author_id      INTEGER NOT NULL REFERENCES profile(id),
    position       TEXT NOT NULL,
    understanding  TEXT NOT NULL,
    compromises    TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (decision_id, role)
);

CREATE TABLE escalation (
    decision_id           INTEGER PRIMARY KEY REFERENCES decision(id),
    director_name         TEXT NOT NULL,
    head_of_product_name  TEXT NOT NULL,
    escalated_by          INTEGER NOT NULL REFERENCES profile(id),
    escalated_at          TEXT NOT NULL,
    decided_by            TEXT,
    resolution            TEXT,
    resolved_hash         TEXT,                  -- content hash of the decision as resolved
    recorded_by           INTEGER REFERENCES profile(id),
    resolved_at           TEXT
);

CREATE TABLE baseline (
    id            INTEGER PRIMARY KEY,
    roadmap_id    INTEGER NOT NULL REFERENCES roadmap(id),
    name          TEXT NOT NULL,
    snapshot      TEXT NOT NULL,                 -- canonical JSON of accord_domain::Snapshot
    content_hash  TEXT NOT NULL,
    created_by    INTEGER NOT NULL REFERENCES profile(id),
    created_at    TEXT NOT NULL
);
CREATE INDEX baseline_by_roadmap ON baseline (roadmap_id, id);

ALTER TABLE history ADD COLUMN decision_id INTEGER REFERENCES decision(id);
CREATE INDEX history_by_decision ON history (decision_id, id);

CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision
BEGIN SELECT RAISE(ABORT, 'decisions are superseded, never deleted'); END;
CREATE TRIGGER baseline_no_update BEFORE UPDATE ON baseline
BEGIN SELECT RAISE(ABORT, 'a baseline is kept as signed'); END;
CREATE TRIGGER baseline_no_delete BEFORE DELETE ON baseline
BEGIN SELECT RAISE(ABORT, 'a baseline is kept as signed'); END;
CREATE TRIGGER escalation_no_delete BEFORE DELETE ON escalation
BEGIN SELECT RAISE(ABORT, 'escalations are resolved, never deleted'); END;
CREATE TRIGGER escalation_resolved_once BEFORE UPDATE ON escalation
WHEN OLD.resolved_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an escalation is resolved once'); END;

-- Public identities brought from another machine (name, role, key), so
-- their signatures can be recognised here.
CREATE TABLE known_identity (
    public_key   TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('em', 'pm', 'director_of_engineering', 'head_of_product')),
    imported_at  TEXT NOT NULL
);
