package dev.hive.protocol.run;

/** How one test ended on one cell. */
public enum TestStatus {
    /** The test ran and passed. */
    PASSED,
    /** The test ran and an assertion failed, or it threw. */
    FAILED,
    /** The test did not run here, with a reason: an assumption, or a contract that excludes this target. */
    SKIPPED,
    /** The infrastructure failed: attach failed, target lost, timeout. Not the candidate's fault alone. */
    ERROR
}
