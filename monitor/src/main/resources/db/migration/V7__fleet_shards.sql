-- The shards of a front's fleet runs (issue 13, docs/fleet.md): one row per target of a run, with its state, and
-- one row per attempt (the rack that claimed it, when it started and ended, how it ended). Kept so a front that
-- restarts still shows where each shard ran; a run's shards go with the run.
CREATE TABLE fleet_shards (
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    target      TEXT    NOT NULL,
    pinned_rack TEXT,
    state       TEXT    NOT NULL,
    error       TEXT,
    PRIMARY KEY (run_id, target)
);
CREATE TABLE fleet_shard_attempts (
    run_id     INTEGER NOT NULL,
    target     TEXT    NOT NULL,
    attempt    INTEGER NOT NULL,
    rack       TEXT    NOT NULL,
    started_at BIGINT  NOT NULL,
    ended_at   BIGINT,
    outcome    TEXT,
    PRIMARY KEY (run_id, target, attempt),
    FOREIGN KEY (run_id, target) REFERENCES fleet_shards (run_id, target) ON DELETE CASCADE
);

-- The racks a front has seen live in the hub's inventory (docs/fleet.md, GET /api/v1/fleet): the last inventory
-- read and when, so a front that restarts lists a rack that is gone since as gone instead of forgetting it. A row
-- older than the roster keeps gone racks (an hour) is deleted when the roster next writes.
CREATE TABLE fleet_racks (
    rack_id   TEXT   NOT NULL PRIMARY KEY,
    inventory TEXT   NOT NULL,
    last_live BIGINT NOT NULL
);
