-- The host's op log: every change a planning-session guest sent, applied or
-- rejected, once. The guest's own op id makes a re-sent op (after a lost
-- acknowledgement) find its first outcome instead of being applied twice.
-- An applied op's row is written in the same transaction as its change.

CREATE TABLE op_log (
    seq           INTEGER PRIMARY KEY,
    client_op_id  TEXT NOT NULL UNIQUE,
    roadmap_id    INTEGER NOT NULL REFERENCES roadmap(id),
    peer_id       INTEGER NOT NULL REFERENCES profile(id),
    kind          TEXT NOT NULL,
    body          TEXT NOT NULL,
    outcome       TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected')),
    error_code    TEXT NOT NULL DEFAULT '',
    error_message TEXT NOT NULL DEFAULT '',
    at            TEXT NOT NULL
);

CREATE TRIGGER op_log_no_update BEFORE UPDATE ON op_log
BEGIN SELECT RAISE(ABORT, 'the op log is append-only'); END;
CREATE TRIGGER op_log_no_delete BEFORE DELETE ON op_log
BEGIN SELECT RAISE(ABORT, 'the op log is append-only'); END;

-- Guests who paired with this machine's planning sessions, by the
-- fingerprint of their TLS key: such a guest reconnects without a code, as
-- the same person, even after the host restarts.
CREATE TABLE session_guest (
    key_fingerprint  TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('em', 'pm', 'director_of_engineering', 'head_of_product')),
    paired_at        TEXT NOT NULL
);
