-- Leases (issue 15): who holds which target (and the channel serving it) for interactive use, until when,
-- and how it ended. Rows are kept after the lease ends: they are the history of who leased what, when and why.
CREATE TABLE leases (
    id           INTEGER PRIMARY KEY,
    stack        INTEGER NOT NULL,
    slot         INTEGER NOT NULL,
    target_name  TEXT    NOT NULL,
    channel      INTEGER NOT NULL,
    holder       TEXT    NOT NULL,
    token_id     INTEGER REFERENCES api_tokens (id) ON DELETE SET NULL,
    reason       TEXT    NOT NULL DEFAULT '',
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    cap_at       BIGINT  NOT NULL,
    ended_at     BIGINT,
    end_reason   TEXT    CHECK (end_reason IN ('RELEASED', 'EXPIRED', 'IDLE', 'ADMIN', 'MONITOR_STOPPED')),
    ended_by     TEXT
);
CREATE INDEX leases_open ON leases (ended_at, stack, slot);
CREATE INDEX leases_holder ON leases (holder, id);
