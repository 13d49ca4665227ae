-- What a test said (issue 12) and what the JUnit XML needs of a result's cell (issue 14).
-- failure_type: the class of what a FAILED or ERROR test threw.
-- stdout, stderr: what the test printed, as the runner bounded it (64 KiB each); NULL when it said nothing.
-- report_entries: its TestReporter entries as a JSON array of {"key", "value"}; NULL when none.
-- rack, testprogram, hive_uid: the rack's name, and the testprogram and HIVE_UID (16 hex digits) flashed onto
-- the cell's target for the run, as the monitor described them to the runner.
ALTER TABLE results ADD COLUMN failure_type TEXT;
ALTER TABLE results ADD COLUMN stdout TEXT;
ALTER TABLE results ADD COLUMN stderr TEXT;
ALTER TABLE results ADD COLUMN report_entries TEXT;
ALTER TABLE results ADD COLUMN rack TEXT;
ALTER TABLE results ADD COLUMN testprogram TEXT;
ALTER TABLE results ADD COLUMN hive_uid TEXT;
