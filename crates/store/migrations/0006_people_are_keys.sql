-- People are keys. A profile and a roadmap get a global identity (uid), the
-- same on every machine that holds them. A person who signs on their own
-- machine (a planning-session guest) is known here by their public key; a
-- roadmap's EM and PM seats are each held by one profile, so another key
-- cannot take them. A paired guest's TLS key is bound to the signing key
-- it proved at pairing.

ALTER TABLE profile ADD COLUMN uid TEXT;
UPDATE profile SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX profile_by_uid ON profile (uid);
CREATE TRIGGER profile_uid_kept BEFORE UPDATE OF uid ON profile
BEGIN SELECT RAISE(ABORT, 'a profile keeps its global identity'); END;

ALTER TABLE roadmap ADD COLUMN uid TEXT;
UPDATE roadmap SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX roadmap_by_uid ON roadmap (uid);
CREATE TRIGGER roadmap_uid_kept BEFORE UPDATE OF uid ON roadmap
BEGIN SELECT RAISE(ABORT, 'a roadmap keeps its global identity'); END;

-- The public key of a person whose private key lives on another machine.
CREATE TABLE remote_key (
    profile_id  INTEGER PRIMARY KEY REFERENCES profile(id),
    public_key  TEXT NOT NULL UNIQUE,
    bound_at    TEXT NOT NULL
);
CREATE TRIGGER remote_key_no_update BEFORE UPDATE ON remote_key
BEGIN SELECT RAISE(ABORT, 'a profile keeps its key'); END;
CREATE TRIGGER remote_key_no_delete BEFORE DELETE ON remote_key
BEGIN SELECT RAISE(ABORT, 'a profile keeps its key'); END;

CREATE TABLE roadmap_seat (
    roadmap_id  INTEGER NOT NULL REFERENCES roadmap(id),
    role        TEXT NOT NULL CHECK (role IN ('em', 'pm')),
    profile_id  INTEGER NOT NULL REFERENCES profile(id),
    bound_at    TEXT NOT NULL,
    PRIMARY KEY (roadmap_id, role)
);
CREATE TRIGGER roadmap_seat_no_update BEFORE UPDATE ON roadmap_seat
BEGIN SELECT RAISE(ABORT, 'a seat keeps its holder'); END;
CREATE TRIGGER roadmap_seat_no_delete BEFORE DELETE ON roadmap_seat
BEGIN SELECT RAISE(ABORT, 'a seat keeps its holder'); END;

-- Existing roadmaps: each seat goes to the first profile here in that role
-- that has a key; a seat nobody here can sign for stays open.
INSERT INTO roadmap_seat (roadmap_id, role, profile_id, bound_at)
SELECT r.id, s.role, (
        SELECT p.id FROM profile p JOIN profile_key k ON k.profile_id = p.id
        WHERE p.role = s.role ORDER BY p.id LIMIT 1),
    r.created_at
FROM roadmap r CROSS JOIN (SELECT 'em' AS role UNION ALL SELECT 'pm') s
WHERE EXISTS (SELECT 1 FROM profile p JOIN profile_key k ON k.profile_id = p.id WHERE p.role = s.role);

-- Pins made before a guest proved a signing key bind none: such a guest
-- pairs again with a code.
ALTER TABLE session_guest ADD COLUMN public_key TEXT NOT NULL DEFAULT '';

-- A host's roadmap as this machine last saw it in a planning session it
-- joined: the document its PDF is made from (items, matrix, decisions,
-- signatures, identities), kept read-only after the session. Joining again
-- replaces it; this machine's own roadmaps are not touched.
CREATE TABLE kept_roadmap (
    roadmap_uid   TEXT PRIMARY KEY,
    host_key      TEXT NOT NULL,
    host_name     TEXT NOT NULL,
    roadmap_name  TEXT NOT NULL,
    document      TEXT NOT NULL,        -- JSON accord_domain::ExportDoc
    kept_at       TEXT NOT NULL
);
