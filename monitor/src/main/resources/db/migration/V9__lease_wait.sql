-- Leases asked for while a run is in progress wait for its end (issue 15, docs/leases.md "Waiting for a run"):
-- such a lease is stored as pending (granted_at NULL, not ended) with the run it waits for, and granted when that
-- run ends, before the next queued run starts. Its expires_at and cap_at are placeholders measured from its request
-- until then (the grant moves both by the wait, so its minutes count from the grant); its channel is the one asked
-- for, or -1 for any. A pending lease that cannot be granted ends as REFUSED, with why in end_message.
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt (nothing references it).
CREATE TABLE leases_v9 (
    id            INTEGER PRIMARY KEY,
    stack         INTEGER NOT NULL,
    slot          INTEGER NOT NULL,
    target_name   TEXT    NOT NULL,
    channel       INTEGER NOT NULL,
    holder        TEXT    NOT NULL,
    token_id      INTEGER REFERENCES api_tokens (id) ON DELETE SET NULL,
    reason        TEXT    NOT NULL DEFAULT '',
    created_at    BIGINT  NOT NULL,
    expires_at    BIGINT  NOT NULL,
    cap_at        BIGINT  NOT NULL,
    ended_at      BIGINT,
    end_reason    TEXT    CHECK (end_reason IN ('RELEASED', 'EXPIRED', 'IDLE', 'ADMIN', 'MONITOR_STOPPED', 'REFUSED')),
    ended_by      TEXT,
    granted_at    BIGINT,
    waits_for_run BIGINT,
    end_message   TEXT
);
INSERT INTO leases_v9 (id, stack, slot, target_name, channel, holder, token_id, reason, created_at, expires_at, cap_at,
                       ended_at, end_reason, ended_by, granted_at)
SELECT id, stack, slot, target_name, channel, holder, token_id, reason, created_at, expires_at, cap_at,
       ended_at, end_reason, ended_by, created_at
FROM leases;
DROP TABLE leases;
ALTER TABLE leases_v9 RENAME TO leases;
CREATE INDEX leases_open ON leases (ended_at, stack, slot);
CREATE INDEX leases_holder ON leases (holder, id);
