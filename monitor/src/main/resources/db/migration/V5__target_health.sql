-- Target health (issue 15, docs/health.md): every change of a target's health, with who, when and why. A
-- target's health is the newest row for its slot and catalog name; a target with no row is UNKNOWN, so a new
-- target (or another target put into a slot) starts UNKNOWN and is health-checked before user runs.
-- kind: SET (an admin), CHECK (a health check; output holds what it saw), RUN (an infrastructure error in a
-- user run), SYSTEM (the monitor, e.g. a lease ended).
CREATE TABLE target_health (
    id          INTEGER PRIMARY KEY,
    stack       INTEGER NOT NULL,
    slot        INTEGER NOT NULL,
    target_name TEXT    NOT NULL,
    health      TEXT    NOT NULL CHECK (health IN ('GOOD', 'UNKNOWN', 'BAD', 'MAINTENANCE', 'RETIRED')),
    previous    TEXT    NOT NULL CHECK (previous IN ('GOOD', 'UNKNOWN', 'BAD', 'MAINTENANCE', 'RETIRED')),
    kind        TEXT    NOT NULL CHECK (kind IN ('SET', 'CHECK', 'RUN', 'SYSTEM')),
    changed_by  TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    output      TEXT,
    run_id      INTEGER,
    changed_at  BIGINT  NOT NULL
);
CREATE INDEX target_health_slot ON target_health (stack, slot, target_name, id);
