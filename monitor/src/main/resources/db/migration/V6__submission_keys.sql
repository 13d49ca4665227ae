-- Idempotent run submissions (issue 13, docs/api.md): the Idempotency-Key a token sent with POST /api/v1/runs,
-- the hash of what it submitted (the runner JAR's SHA-256, the options, the provenance) and the run it made. A
-- repeat of the key within 24 h answers with that run instead of making a second one; older rows are deleted
-- when a new key is recorded.
CREATE TABLE submission_keys (
    submitted_by INTEGER NOT NULL,
    key          TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    run_id       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (submitted_by, key)
);
CREATE INDEX submission_keys_age ON submission_keys (created_at);
