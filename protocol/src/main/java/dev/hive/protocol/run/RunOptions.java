package dev.hive.protocol.run;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * What the user asked of a run beyond the tests themselves.
 *
 * @param probes which probes to use, or null for all; a pattern matches a probe's identifier or its serial
 * @param targets which targets to use (by catalog name), or null for all
 * @param testTimeoutMillis the default time one test may take on one cell, greater than zero
 * @param runTimeoutMillis the time the whole run may take, greater than zero
 * @param selection which hive tests to run, or null for all
 */
public record RunOptions(
        Filter probes,
        Filter targets,
        @Required long testTimeoutMillis,
        @Required long runTimeoutMillis,
        TestSelection selection) {

    public RunOptions {
        Fields.positive(testTimeoutMillis, "testTimeoutMillis");
        Fields.positive(runTimeoutMillis, "runTimeoutMillis");
    }

    /** Options that run every hive test. */
    public RunOptions(Filter probes, Filter targets, long testTimeoutMillis, long runTimeoutMillis) {
        this(probes, targets, testTimeoutMillis, runTimeoutMillis, null);
    }

    /** The selection of hive tests, {@link TestSelection#ALL} when none was given. */
    public TestSelection testSelection() {
        return selection == null ? TestSelection.ALL : selection;
    }

    /** Whether the probe with this identifier and serial may be used. */
    public boolean admitsProbe(String identifier, String serial) {
        return probes == null || probes.admits(identifier, serial);
    }

    /** Whether the target with this catalog name may be used. */
    public boolean admitsTarget(String name) {
        return targets == null || targets.admits(name);
    }
}
