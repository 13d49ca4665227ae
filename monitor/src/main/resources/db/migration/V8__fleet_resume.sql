-- What a front needs to pick its fleet runs up again after it restarts (issue 13, docs/fleet.md, "the front
-- restarts"): the shard's message on the work queue (HIVE_RUNS stream sequence: to take it off the queue on a
-- cancel, and to know the hub's MAX_DELIVERIES advisory is about it), and the events stream sequence of the last
-- log line of the shard the front stored (replayed events up to it are not logged twice).
ALTER TABLE fleet_shards ADD COLUMN work_sequence BIGINT;
ALTER TABLE fleet_shards ADD COLUMN logged_through BIGINT;
