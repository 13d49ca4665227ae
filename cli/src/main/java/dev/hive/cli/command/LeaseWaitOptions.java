package dev.hive.cli.command;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --wait} and {@code --wait-minutes}: when a run is using the rack, queue the lease and wait for the run's end
 * instead of being refused ({@code docs/leases.md}). Shared by {@code hive lease}, {@code hive gdb} and
 * {@code hive console}.
 */
public final class LeaseWaitOptions {

    /** How long {@code --wait} waits unless told otherwise. */
    static final int DEFAULT_MINUTES = 60;

    @Option(
            names = "--wait",
            description = "When a run is using the rack, queue the lease and wait for the run's end (Ctrl-C gives up"
                    + " and releases it).")
    boolean wait;

    @Option(
            names = "--wait-minutes",
            paramLabel = "N",
            description =
                    "Wait at most N minutes for the run to end (implies --wait; default " + DEFAULT_MINUTES + ").")
    Integer waitMinutes;

    boolean waits() {
        return wait || waitMinutes != null;
    }

    Duration limit() {
        return Duration.ofMinutes(waitMinutes != null ? waitMinutes : DEFAULT_MINUTES);
    }
}
