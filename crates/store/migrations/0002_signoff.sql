-- Sign-off. Each profile's Ed25519 key pair, the private half sealed under
-- the person's passphrase; and the signatures, append-only. Whether a
-- decision is agreed is derived from these, never stored.

CREATE TABLE profile_key (
    profile_id  INTEGER PRIMARY KEY REFERENCES profile(id),
    public_key  TEXT NOT NULL UNIQUE,
    sealed      TEXT NOT NULL,          -- JSON accord_domain::sealed_key::SealedKey
    created_at  TEXT NOT NULL
);

CREATE TABLE signoff (
    id            INTEGER PRIMARY KEY,
    roadmap_id    INTEGER NOT NULL REFERENCES roadmap(id),
    subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('item_when', 'decision', 'baseline')),
    subject_id    INTEGER NOT NULL,
    signer_id     INTEGER NOT NULL REFERENCES profile(id),
    signature     TEXT NOT NULL,        -- JSON accord_domain::Signature: statement, key, signature
    signed_at     TEXT NOT NULL
);
CREATE INDEX signoff_by_subject ON signoff (roadmap_id, subject_kind, subject_id, id);

CREATE TRIGGER signoff_no_update BEFORE UPDATE ON signoff
BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;
CREATE TRIGGER signoff_no_delete BEFORE DELETE ON signoff
BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;
CREATE TRIGGER profile_key_no_update BEFORE UPDATE ON profile_key
BEGIN SELECT RAISE(ABORT, 'a profile keeps its key'); END;
CREATE TRIGGER profile_key_no_delete BEFORE DELETE ON profile_key
BEGIN SELECT RAISE(ABORT, 'a profile keeps its key'); END;
