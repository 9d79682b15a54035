-- The *when* gains a structure, kept as its canonical line in dim_when
-- (rewritten from the free text by the upgrade step in migrate.rs). A
-- signature made over the free text still counts until the first change,
-- so the text it covers is kept beside the new line.
ALTER TABLE item ADD COLUMN when_before_upgrade TEXT;
UPDATE item SET when_before_upgrade = dim_when;

-- A roadmap that is done with is archived, never deleted.
ALTER TABLE roadmap ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));

-- Dependencies are part of *how*: the PM proposes them to the EM.
CREATE TABLE proposal_v8 (
    id               INTEGER PRIMARY KEY,
    item_id          INTEGER NOT NULL REFERENCES item(id),
    field            TEXT NOT NULL CHECK (field IN ('what', 'why', 'how', 'who', 'when', 'rank', 'goals', 'reach',
                         'impact', 'confidence', 'effort', 'customer_impact', 'velocity_cost', 'incident_risk',
                         'depends_on')),
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
INSERT INTO proposal_v8 SELECT * FROM proposal;
DROP TABLE proposal;
ALTER TABLE proposal_v8 RENAME TO proposal;
CREATE INDEX proposal_by_item ON proposal (item_id, status);
CREATE TRIGGER proposal_no_delete BEFORE DELETE ON proposal
BEGIN SELECT RAISE(ABORT, 'proposals are answered, never deleted'); END;
