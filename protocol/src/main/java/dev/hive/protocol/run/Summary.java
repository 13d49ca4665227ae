package dev.hive.protocol.run;

import dev.hive.protocol.wire.Fields;
import dev.hive.protocol.wire.Required;

/**
 * The counts of a run's results.
 *
 * @param passed results that passed
 * @param failed results that failed
 * @param skipped results that were skipped
 * @param errors results that ended in an infrastructure error
 * @param durationMillis how long the run took, zero or more
 */
public record Summary(
        @Required int passed,
        @Required int failed,
        @Required int skipped,
        @Required int errors,
        @Required long durationMillis) {

    public Summary {
        Fields.nonNegative(passed, "passed");
        Fields.nonNegative(failed, "failed");
        Fields.nonNegative(skipped, "skipped");
        Fields.nonNegative(errors, "errors");
        Fields.nonNegative(durationMillis, "durationMillis");
    }

    /** All results counted. */
    public int total() {
        return passed + failed + skipped + errors;
    }

    /** The count of results with {@code status}. */
    public int count(TestStatus status) {
        return switch (status) {
            case PASSED -> passed;
            case FAILED -> failed;
            case SKIPPED -> skipped;
            case ERROR -> errors;
        };
    }

    /**
     * Counts results as they arrive and makes the summary at the end. Safe to use from several threads: the
     * runner's channel threads add to one tally.
     */
    public static final class Tally {
        private int passed;
        private int failed;
        private int skipped;
        private int errors;

        /** Counts {@code result}. */
        public void add(TestResult result) {
            add(result.status());
        }

        /** Counts one result with {@code status}. */
        public synchronized void add(TestStatus status) {
            switch (status) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
                case ERROR -> errors++;
            }
        }

        /** The summary of what was counted so far, for a run that took {@code durationMillis}. */
        public synchronized Summary toSummary(long durationMillis) {
            return new Summary(passed, failed, skipped, errors, durationMillis);
        }
    }
}
