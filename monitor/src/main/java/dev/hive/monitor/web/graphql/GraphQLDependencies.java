package dev.hive.monitor.web.graphql;

import dev.hive.monitor.auth.ApiTokenRepository;
import dev.hive.monitor.auth.SessionRepository;
import dev.hive.monitor.auth.UserRepository;
import dev.hive.monitor.control.TargetControl;
import dev.hive.monitor.health.TargetHealth;
import dev.hive.monitor.log.LogRepository;
import dev.hive.monitor.rack.ActiveBuild;
import dev.hive.monitor.rack.AssignmentRepository;
import dev.hive.monitor.rack.RackReinitializer;
import dev.hive.monitor.rack.TestprogramRepository;
import dev.hive.monitor.sandbox.SandboxStatus;
import dev.hive.monitor.task.ResultRepository;
import dev.hive.monitor.task.RunQueue;
import dev.hive.monitor.task.RunRepository;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.testprogram.TestprogramBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What the GraphQL API needs from the rest of the monitor, built once by the composition root.
 *
 * @param sessionLifetime how long a login lasts
 * @param tls whether the monitor serves TLS (then cookies are {@code Secure})
 * @param dataDir the data directory, whose disk {@code systemInfo} reports
 */
public record GraphQLDependencies(
        Clock clock,
        String version,
        boolean tls,
        Path dataDir,
        SandboxStatus sandbox,
        UserRepository users,
        SessionRepository sessions,
        Duration sessionLifetime,
        LoginThrottle throttle,
        ApiTokenRepository tokens,
        RackBackend rack,
        TargetCatalog catalog,
        AssignmentRepository assignments,
        TestprogramRepository testprograms,
        TestprogramBuilder builder,
        ActiveBuild activeBuild,
        RunRepository runs,
        ResultRepository results,
        RunQueue queue,
        RackControl control,
        LogRepository logs,
        LiveEvents events,
        TargetControl targetControl,
        TargetHealth health) {

    /** What the API may ask of the task runner, which owns the rack while a run executes. */
    public interface RackControl {
        /** The run being executed, if any. */
        Optional<Long> currentRun();

        /** The next run flashes the targets first. */
        void targetsChanged();

        /**
         * Applies the stored rack assignment ({@link RackReinitializer}) while no run uses the rack; runs taken
         * meanwhile wait for it. Blocking: call it from a worker.
         *
         * @throws dev.hive.monitor.task.RackInUseException when a run is using the rack
         */
        RackReinitializer.Outcome reinitialize();

        /** {@code TaskRunner.cancel}: false when the run is neither queued nor running. */
        boolean cancel(long runId);
    }
}
