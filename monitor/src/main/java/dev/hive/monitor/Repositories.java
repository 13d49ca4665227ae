package dev.hive.monitor;

import dev.hive.monitor.auth.ApiTokenRepository;
import dev.hive.monitor.auth.SessionRepository;
import dev.hive.monitor.config.FleetRole;
import dev.hive.monitor.config.MonitorConfig;
import dev.hive.monitor.db.Database;
import dev.hive.monitor.fleet.ShardRepository;
import dev.hive.monitor.log.DatabaseLogAppender;
import dev.hive.monitor.log.LogRepository;
import dev.hive.monitor.task.ResultRepository;
import dev.hive.monitor.task.RunRepository;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database is the first part a monitor opens and the one most parts read: opening it also tidies what a
 * previous process left (expired web sessions, runs it did not end) and sends the monitor's log lines into it.
 * This record is that step and the repositories several parts share, so the composition root passes one value
 * instead of five.
 */
record Repositories(
        Database database,
        RunRepository runs,
        ResultRepository results,
        LogRepository logs,
        ApiTokenRepository tokens) {

    private static final Logger LOG = LoggerFactory.getLogger(Repositories.class);

    /**
     * Opens (and migrates) the database, installs the log appender, removes expired sessions and marks the runs
     * left unfinished by a previous monitor interrupted; what it opens is added to {@code parts}.
     */
    static Repositories open(MonitorConfig config, Clock clock, StartedParts parts) {
        Database database = parts.add(Database.open(config.databaseFile(), clock));
        var runs = new RunRepository(database, clock);
        var results = new ResultRepository(database);
        var logs = new LogRepository(database);
        var tokens = new ApiTokenRepository(database, clock);
        parts.add(DatabaseLogAppender.install(logs, config.limits().logRetentionRows()));
        int expired = new SessionRepository(database, clock).deleteExpired();
        if (expired > 0) {
            LOG.info("{} expired web session(s) removed", expired);
        }
        // A front picks up the fleet runs it had not ended: their racks go on, their events are on the hub.
        boolean isFront = config.fleet().enabled() && config.fleet().role() == FleetRole.FRONT;
        int interrupted =
                runs.interruptUnfinished(isFront ? new ShardRepository(database, clock).unended() : List.of());
        if (interrupted > 0) {
            LOG.warn("{} run(s) left unfinished by the previous monitor are marked interrupted", interrupted);
        }
        return new Repositories(database, runs, results, logs, tokens);
    }
}
