-- Hive monitor schema, version 1.
-- Times are epoch milliseconds (UTC) in BIGINT columns. Enumerations are TEXT with CHECK constraints.
-- Statement rule (Migrator and the codegen build step): a statement ends with ';' at the end of a line.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('ADMIN', 'MAINTAINER')),
    created_at    BIGINT  NOT NULL
);

CREATE TABLE sessions (
    id_hash    TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT  NOT NULL,
    expires_at BIGINT  NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    description  TEXT    NOT NULL DEFAULT '',
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT,
    last_used_at BIGINT,
    revoked      BOOLEAN NOT NULL DEFAULT 0
);

CREATE TABLE probe_assignments (
    channel    INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,
    identifier TEXT    NOT NULL,
    serial     TEXT,
    vendor_id  INTEGER,
    product_id INTEGER
);

CREATE TABLE target_assignments (
    stack         INTEGER NOT NULL,
    slot          INTEGER NOT NULL,
    target_name   TEXT,
    state         TEXT    NOT NULL CHECK (state IN ('KNOWN', 'UNKNOWN', 'NOT_CONNECTED')),
    flash_status  TEXT,
    flash_message TEXT,
    PRIMARY KEY (stack, slot)
);

CREATE TABLE testprograms (
    id       INTEGER PRIMARY KEY,
    name     TEXT    NOT NULL UNIQUE,
    built_in BOOLEAN NOT NULL DEFAULT 0,
    active   BOOLEAN NOT NULL DEFAULT 0
);

CREATE TABLE testprogram_sources (
    testprogram_id INTEGER NOT NULL REFERENCES testprograms (id) ON DELETE CASCADE,
    path           TEXT    NOT NULL,
    content        TEXT    NOT NULL,
    PRIMARY KEY (testprogram_id, path)
);

CREATE TABLE testprogram_builds (
    id             INTEGER PRIMARY KEY,
    testprogram_id INTEGER NOT NULL REFERENCES testprograms (id) ON DELETE CASCADE,
    uid            TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    output         TEXT    NOT NULL DEFAULT '',
    created_at     BIGINT  NOT NULL
);
CREATE INDEX testprogram_builds_testprogram ON testprogram_builds (testprogram_id, created_at);

CREATE TABLE runs (
    id             INTEGER PRIMARY KEY,
    state          TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'finished', 'cancelled', 'interrupted', 'failed')),
    options_json   TEXT    NOT NULL,
    runner_sha256  TEXT    NOT NULL,
    submitted_by   INTEGER REFERENCES api_tokens (id) ON DELETE SET NULL,
    created_at     BIGINT  NOT NULL,
    started_at     BIGINT,
    finished_at    BIGINT,
    passed         INTEGER NOT NULL DEFAULT 0,
    failed         INTEGER NOT NULL DEFAULT 0,
    skipped        INTEGER NOT NULL DEFAULT 0,
    errors         INTEGER NOT NULL DEFAULT 0,
    error_message  TEXT
);
CREATE INDEX runs_state ON runs (state);

CREATE TABLE results (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    test_id      TEXT    NOT NULL,
    display_name TEXT    NOT NULL,
    class_name   TEXT,
    method_name  TEXT,
    channel      INTEGER,
    probe        TEXT,
    probe_serial TEXT,
    stack        INTEGER,
    slot         INTEGER,
    target       TEXT,
    status       TEXT    NOT NULL CHECK (status IN ('PASSED', 'FAILED', 'SKIPPED', 'ERROR')),
    message      TEXT,
    stack_trace  TEXT,
    started_at   BIGINT,
    duration_ms  BIGINT
);
CREATE INDEX results_run ON results (run_id, id);

CREATE TABLE logs (
    id      INTEGER PRIMARY KEY,
    source  TEXT    NOT NULL CHECK (source IN ('MONITOR', 'RUNNER')),
    run_id  INTEGER REFERENCES runs (id) ON DELETE SET NULL,
    level   TEXT    NOT NULL,
    logger  TEXT    NOT NULL DEFAULT '',
    message TEXT    NOT NULL,
    at      BIGINT  NOT NULL
);
CREATE INDEX logs_run ON logs (run_id, id);
CREATE INDEX logs_source ON logs (source, id);
