package dev.hive.monitor.ipc;

import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.rack.SlotDescription;
import dev.hive.protocol.rack.StackDescription;
import dev.hive.protocol.rack.TargetDescription;
import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import dev.hive.rack.model.SlotAddress;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The checks a runner's messages must pass before the monitor acts on them. The runner is untrusted, and what
 * it may say is fixed by the rack it was welcomed with and by the link's {@link RunnerLink.Limits}: it names
 * only channels, slots, probes and targets the rack has, reports tests only on a channel and slot it connected,
 * keeps to its message budget and rate, and its {@code runFinished} counts the results it reported. Keeping
 * these rules apart from the conversation lets the link read as the protocol, and each rule's message (tests
 * assert on them) sits next to the rule. One check serves one run and is used by the link's reader thread only.
 */
final class RunnerMessageCheck {

    private final RackDescription rack;
    private final RunnerLink.Limits limits;
    private final Predicate<Cell> everConnected;

    private final long[] tally = new long[4]; // passed, failed, skipped, errors
    private long messages;
    private long windowStart;
    private int windowCount;

    /**
     * @param rack the rack as the runner was welcomed with it
     * @param limits the bounds the runner must keep
     * @param everConnected whether the runner has had a cell's channel connected to the cell's slot
     */
    RunnerMessageCheck(RackDescription rack, RunnerLink.Limits limits, Predicate<Cell> everConnected) {
        this.rack = Objects.requireNonNull(rack, "rack");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.everConnected = Objects.requireNonNull(everConnected, "everConnected");
    }

    /** Counts one message against the run's budget and the rate of the current second. */
    void count() throws RunnerViolation {
        messages++;
        if (messages > limits.maxMessages()) {
            throw new RunnerViolation(
                    RunnerFailure.Kind.LIMIT, "the runner sent more than %d messages".formatted(limits.maxMessages()));
        }
        long now = System.nanoTime();
        if (now - windowStart >= 1_000_000_000L) {
            windowStart = now;
            windowCount = 0;
        }
        if (++windowCount > limits.maxMessagesPerSecond()) {
            throw new RunnerViolation(
                    RunnerFailure.Kind.LIMIT,
                    "the runner sent more than %d messages in a second".formatted(limits.maxMessagesPerSecond()));
        }
    }

    /** Checks that a message of the given type names a channel of the rack. */
    void checkChannel(int channel, String type) throws RunnerViolation {
        if (channel < 0 || channel >= rack.channels().size()) {
            throw new RunnerViolation(
                    RunnerFailure.Kind.PROTOCOL,
                    "'%s' names channel %d; the rack has channels 0..%d"
                            .formatted(type, channel, rack.channels().size() - 1));
        }
    }

    /** Checks that a message of the given type names a slot that holds a target, and returns its address. */
    SlotAddress checkSlot(int stack, int slot, String type) throws RunnerViolation {
        target(stack, slot, type);
        return new SlotAddress(stack, slot);
    }

    /**
     * Checks a reported test's cell against the rack: its channel, slot, probe and target, and when the test
     * ran, that the runner connected that channel to that slot.
     */
    void checkCell(Cell cell, boolean mustHaveConnected, String type) throws RunnerViolation {
        checkChannel(cell.channel(), type);
        TargetDescription target = target(cell.stack(), cell.slot(), type);
        ChannelDescription channel = rack.channels().get(cell.channel());
        if (channel.probe() == null
                || !channel.probe().identifier().equals(cell.probe())
                || !channel.probe().serial().equals(cell.probeSerial())) {
            throw new RunnerViolation(
                    RunnerFailure.Kind.PROTOCOL,
                    "'%s' names probe %s (%s) on channel %d, which the rack does not have there"
                            .formatted(type, cell.probe(), cell.probeSerial(), cell.channel()));
        }
        if (!target.name().equals(cell.target())) {
            throw new RunnerViolation(
                    RunnerFailure.Kind.PROTOCOL,
                    "'%s' names target %s in stack %d slot %d, which holds %s"
                            .formatted(type, cell.target(), cell.stack(), cell.slot(), target.name()));
        }
        if (mustHaveConnected && !everConnected.test(cell)) {
            throw new RunnerViolation(
                    RunnerFailure.Kind.PROTOCOL,
                    "'%s' reports a test that ran on channel %d, stack %d, slot %d, which the runner never connected"
                            .formatted(type, cell.channel(), cell.stack(), cell.slot()));
        }
    }

    /** Checks a {@code testFinished}'s cell (connected, when the test ran) and counts it for the summary. */
    void checkResult(TestResult result) throws RunnerViolation {
        boolean ran = result.status() == TestStatus.PASSED || result.status() == TestStatus.FAILED;
        checkCell(result.cell(), ran, "testFinished");
        tally[
                switch (result.status()) {
                    case PASSED -> 0;
                    case FAILED -> 1;
                    case SKIPPED -> 2;
                    case ERROR -> 3;
                }]++;
    }

    /** Checks that {@code runFinished}'s counts are the results the runner reported. */
    void checkSummary(Summary summary) throws RunnerViolation {
        if (summary.passed() != tally[0]
                || summary.failed() != tally[1]
                || summary.skipped() != tally[2]
                || summary.errors() != tally[3]) {
            throw new RunnerViolation(
                    RunnerFailure.Kind.PROTOCOL,
                    ("runFinished counts %d passed, %d failed, %d skipped, %d errors, but the runner reported"
                                    + " %d, %d, %d, %d")
                            .formatted(
                                    summary.passed(),
                                    summary.failed(),
                                    summary.skipped(),
                                    summary.errors(),
                                    tally[0],
                                    tally[1],
                                    tally[2],
                                    tally[3]));
        }
    }

    private TargetDescription target(int stack, int slot, String type) throws RunnerViolation {
        if (stack < 0 || stack >= rack.stacks().size()) {
            throw new RunnerViolation(
                    RunnerFailure.Kind.PROTOCOL,
                    "'%s' names stack %d; the rack has stacks 0..%d"
                            .formatted(type, stack, rack.stacks().size() - 1));
        }
        StackDescription description = rack.stacks().get(stack);
        for (SlotDescription candidate : description.slots()) {
            if (candidate.slot() == slot) {
                if (candidate.target() == null) {
                    break;
                }
                return candidate.target();
            }
        }
        throw new RunnerViolation(
                RunnerFailure.Kind.PROTOCOL,
                "'%s' names slot %d of stack %d, which holds no target".formatted(type, slot, stack));
    }
}
