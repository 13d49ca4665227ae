package dev.hive.protocol.run;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param rack on a fleet's front, the one rack (its rack id) every shard of the run is pinned to; null: any rack
 *     with the target (docs/fleet.md). A monitor that is not a front refuses a run that names one.
 */
public record RunOptions(
        Filter probes,
        Filter targets,
        @Required long testTimeoutMillis,
        @Required long runTimeoutMillis,
        TestSelection selection,
        @JsonInclude(JsonInclude.Include.NON_NULL) String rack) {

    public RunOptions {
        Fields.positive(testTimeoutMillis, "testTimeoutMillis");
        Fields.positive(runTimeoutMillis, "runTimeoutMillis");
        if (rack != null && rack.isBlank()) {
            throw new IllegalArgumentException("rack must not be blank");
        }
    }

    /** Options not pinned to a rack. */
    public RunOptions(
            Filter probes, Filter targets, long testTimeoutMillis, long runTimeoutMillis, TestSelection selection) {
        this(probes, targets, testTimeoutMillis, runTimeoutMillis, selection, null);
    }

    /** Options that run every hive test. */
    public RunOptions(Filter probes, Filter targets, long testTimeoutMillis, long runTimeoutMillis) {
        this(probes, targets, testTimeoutMillis, runTimeoutMillis, null, null);
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
