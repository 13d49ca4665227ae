package dev.hive.monitor.task;

import dev.hive.protocol.run.Provenance;
import java.time.Instant;
import java.util.Optional;

/** One stored run with its summary counts and its provenance (what it tested, who asked). */
public record Run(
        long id,
        RunState state,
        String optionsJson,
        String runnerSha256,
        Optional<Long> submittedBy,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        Summary summary,
        Optional<String> errorMessage,
        Provenance provenance) {

    /** Test counts of a run. */
    public record Summary(int passed, int failed, int skipped, int errors) {
        public static final Summary EMPTY = new Summary(0, 0, 0, 0);
    }
}
