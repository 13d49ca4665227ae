-- What a run tested and who asked for it (issue 14, run provenance): all optional, as sent by the CLI
-- (bounded and checked by dev.hive.protocol.run.Provenance before they are stored).
ALTER TABLE runs ADD COLUMN candidate   TEXT;
ALTER TABLE runs ADD COLUMN commit_sha  TEXT;
ALTER TABLE runs ADD COLUMN branch      TEXT;
ALTER TABLE runs ADD COLUMN dirty       BOOLEAN;
ALTER TABLE runs ADD COLUMN ci_job_url  TEXT;
ALTER TABLE runs ADD COLUMN ci_job_name TEXT;
CREATE INDEX runs_candidate ON runs (candidate, id);
CREATE INDEX runs_branch ON runs (branch, id);
