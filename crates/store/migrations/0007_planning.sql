-- Planning with substance: goals, RICE factors and tech-debt framing on
-- items, proposals on every owned field (the rank and the planning fields
-- too), capacity-share decisions, comments, weekly syncs held, the
-- partnership health check, and undo links in the history.
-- Tables whose CHECK constraints grow are rebuilt (foreign keys are off
-- while migrations run and checked before they commit).

ALTER TABLE item ADD COLUMN planning TEXT NOT NULL DEFAULT '{}';   -- JSON of accord_domain::Planning

CREATE TABLE proposal_v7 (
    id               INTEGER PRIMARY KEY,
    item_id          INTEGER NOT NULL REFERENCES item(id),
    field            TEXT NOT NULL CHECK (field IN ('what', 'why', 'how', 'who', 'when', 'rank', 'goals', 'reach',
                         'impact', 'confidence', 'effort', 'customer_impact', 'velocity_cost', 'incident_risk')),
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
INSERT INTO proposal_v7 SELECT * FROM proposal;
DROP TABLE proposal;
ALTER TABLE proposal_v7 RENAME TO proposal;
CREATE INDEX proposal_by_item ON proposal (item_id, status);
CREATE TRIGGER proposal_no_delete BEFORE DELETE ON proposal
BEGIN SELECT RAISE(ABORT, 'proposals are answered, never deleted'); END;

CREATE TABLE decision_v7 (
    id               INTEGER PRIMARY KEY,
    roadmap_id       INTEGER NOT NULL REFERENCES roadmap(id),
    kind             TEXT NOT NULL CHECK (kind IN ('product', 'engineering', 'shared')),
    topic            TEXT NOT NULL CHECK (topic IN ('timeline', 'scope_trade_off', 'risk', 'other', 'capacity_share')),
    title            TEXT NOT NULL,
    context          TEXT NOT NULL DEFAULT '',
    options          TEXT NOT NULL DEFAULT '',
    outcome          TEXT NOT NULL DEFAULT '',
    linked_items     TEXT NOT NULL DEFAULT '[]',
    trade_off_for    INTEGER REFERENCES item(id),
    deprioritised    TEXT NOT NULL DEFAULT '[]',
    capacity_reason  TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL CHECK (status IN ('draft', 'proposed', 'superseded')),
    supersedes       INTEGER REFERENCES decision(id),
    superseded_by    INTEGER REFERENCES decision(id),
    revision         INTEGER NOT NULL DEFAULT 1,
    created_by       INTEGER NOT NULL REFERENCES profile(id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    capacity         TEXT                           -- JSON of accord_domain::CapacityShare
);
INSERT INTO decision_v7 SELECT *, NULL FROM decision;
DROP TABLE decision;
ALTER TABLE decision_v7 RENAME TO decision;
CREATE INDEX decision_by_roadmap ON decision (roadmap_id, id);
CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision
BEGIN SELECT RAISE(ABORT, 'decisions are superseded, never deleted'); END;

CREATE TABLE goal (
    id          INTEGER PRIMARY KEY,
    roadmap_id  INTEGER NOT NULL REFERENCES roadmap(id),
    objective   TEXT NOT NULL,
    metric      TEXT NOT NULL DEFAULT '',
    from_value  TEXT NOT NULL DEFAULT '',
    to_value    TEXT NOT NULL DEFAULT '',
    by_when     TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('on_track', 'at_risk', 'achieved', 'missed')),
    archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    revision    INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX goal_by_roadmap ON goal (roadmap_id, id);
CREATE TRIGGER goal_no_delete BEFORE DELETE ON goal
BEGIN SELECT RAISE(ABORT, 'goals are archived, never deleted'); END;

CREATE TABLE goal_proposal (
    id               INTEGER PRIMARY KEY,
    goal_id          INTEGER NOT NULL REFERENCES goal(id),
    proposed         TEXT NOT NULL,                 -- JSON of accord_domain::GoalFields
    before           TEXT NOT NULL,
    base_revision    INTEGER NOT NULL,
    author_id        INTEGER NOT NULL REFERENCES profile(id),
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
    response_reason  TEXT NOT NULL DEFAULT '',
    responder_id     INTEGER REFERENCES profile(id),
    created_at       TEXT NOT NULL,
    responded_at     TEXT
);
CREATE INDEX goal_proposal_by_goal ON goal_proposal (goal_id, status);
CREATE TRIGGER goal_proposal_no_delete BEFORE DELETE ON goal_proposal
BEGIN SELECT RAISE(ABORT, 'proposals are answered, never deleted'); END;

CREATE TABLE comment (
    id           INTEGER PRIMARY KEY,
    roadmap_id   INTEGER NOT NULL REFERENCES roadmap(id),
    item_id      INTEGER REFERENCES item(id),
    decision_id  INTEGER REFERENCES decision(id),
    field        TEXT,
    author_id    INTEGER NOT NULL REFERENCES profile(id),
    body         TEXT NOT NULL,
    at           TEXT NOT NULL,
    CHECK ((item_id IS NULL) <> (decision_id IS NULL))
);
CREATE INDEX comment_by_item ON comment (item_id, id);
CREATE INDEX comment_by_decision ON comment (decision_id, id);
CREATE TRIGGER comment_no_update BEFORE UPDATE ON comment
BEGIN SELECT RAISE(ABORT, 'comments are kept as written'); END;
CREATE TRIGGER comment_no_delete BEFORE DELETE ON comment
BEGIN SELECT RAISE(ABORT, 'comments are kept as written'); END;

CREATE TABLE sync_meeting (
    id          INTEGER PRIMARY KEY,
    roadmap_id  INTEGER NOT NULL REFERENCES roadmap(id),
    held_at     TEXT NOT NULL,
    marked_by   INTEGER NOT NULL REFERENCES profile(id),
    attendees   TEXT NOT NULL DEFAULT '[]',          -- JSON array of names
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sync_meeting_by_roadmap ON sync_meeting (roadmap_id, id);
CREATE TRIGGER sync_meeting_no_update BEFORE UPDATE ON sync_meeting
BEGIN SELECT RAISE(ABORT, 'a sync held is kept as recorded'); END;
CREATE TRIGGER sync_meeting_no_delete BEFORE DELETE ON sync_meeting
BEGIN SELECT RAISE(ABORT, 'a sync held is kept as recorded'); END;

-- One row per partner per check-in round; a round is complete once both
-- partners have answered. Answers are never changed.
CREATE TABLE health_answer (
    roadmap_id   INTEGER NOT NULL REFERENCES roadmap(id),
    round        INTEGER NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('em', 'pm')),
    profile_id   INTEGER NOT NULL REFERENCES profile(id),
    responses    TEXT NOT NULL,                     -- JSON array of accord_domain::HealthResponse
    answered_at  TEXT NOT NULL,
    PRIMARY KEY (roadmap_id, round, role)
);
CREATE TRIGGER health_answer_no_update BEFORE UPDATE ON health_answer
BEGIN SELECT RAISE(ABORT, 'a health check answer is given once'); END;
CREATE TRIGGER health_answer_no_delete BEFORE DELETE ON health_answer
BEGIN SELECT RAISE(ABORT, 'a health check answer is given once'); END;

ALTER TABLE history ADD COLUMN undoes INTEGER REFERENCES history(id);
CREATE INDEX history_by_undone ON history (undoes) WHERE undoes IS NOT NULL;
CREATE INDEX history_by_roadmap ON history (roadmap_id, id);
