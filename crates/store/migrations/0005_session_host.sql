-- Planning sessions this machine joined as a guest, by the fingerprint of
-- the host's TLS key (pinned at pairing): the guest rejoins without a code,
-- with its own key (this machine's, in settings), while the host knows it.
CREATE TABLE session_host (
    host_key     TEXT PRIMARY KEY,
    address      TEXT NOT NULL,
    roadmap_name TEXT NOT NULL,
    host_name    TEXT NOT NULL,
    -- Who this machine joined as: the host pinned its key to this person.
    as_name      TEXT NOT NULL,
    as_role      TEXT NOT NULL CHECK (as_role IN ('em', 'pm', 'director_of_engineering', 'head_of_product')),
    joined_at    TEXT NOT NULL
);
