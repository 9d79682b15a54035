-- Planning sessions this machine joined as a guest, by the fingerprint of
-- the host's TLS key (pinned at pairing): the guest rejoins without a code,
-- with its own key (this machine's, in settings), while the host knows it.
CREATE TABLE session_host (
    host_key     TEXT PRIMARY KEY,
    address      TEXT NOT NULL,
    roadmap_name TEXT NOT NULL,
    host_name    TEXT NOT NULL,
    joined_at    TEXT NOT NULL
);
