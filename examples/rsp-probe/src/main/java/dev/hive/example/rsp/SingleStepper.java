package dev.hive.example.rsp;

import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one instruction ({@code vCont;s}, or {@code s}) and repeats a step on which no register
 * changed, at most {@link RspSession#MAX_EMPTY_STEP_REPEATS} times: QEMU sometimes reports a step as
 * done without having executed an instruction. {@link RspSession#step()} explains why and what that
 * means for an instruction that branches to itself. Called with the session lock held.
 */
final class SingleStepper {

    private static final Logger log = LoggerFactory.getLogger(RspSession.class);

    private final StubChannel channel;
    private final RspOptions options;
    private final Set<String> vContActions;
    private volatile long emptyStepRepeats;

    SingleStepper(StubChannel channel, RspOptions options, Set<String> vContActions) {
        this.channel = channel;
        this.options = options;
        this.vContActions = vContActions;
    }

    /** How many extra steps were sent because a step left every register unchanged. */
    long emptyStepRepeats() {
        return emptyStepRepeats;
    }

    /** Whether a stop is what a finished step reports ({@code SIGTRAP}, not a watchpoint). */
    static boolean isPlainStep(StopReply stop) {
        return stop.isStopped() && stop.signal() == StopReply.SIGTRAP && !stop.isWatchpoint();
    }

    /** One instruction, repeated while a step changes no register; returns the last step's stop. */
    StopReply step() throws RspException {
        String before = registerSnapshot();
        StopReply stop = stepOnce();
        int max = RspSession.MAX_EMPTY_STEP_REPEATS;
        for (int repeat = 1; before != null && repeat <= max && isPlainStep(stop); repeat++) {
            if (!before.equals(registerSnapshot())) {
                return stop;
            }
            emptyStepRepeats++;
            log.debug(
                    "{}: no register changed after a step; the stub reported a step on which no instruction ran"
                            + " (or the instruction branches to itself); stepping again ({} of {})",
                    channel.description(),
                    repeat,
                    max);
            stop = stepOnce();
        }
        return stop;
    }

    /** The raw {@code g} reply, or null if the stub does not send one. */
    private String registerSnapshot() throws RspException {
        String reply = channel.exchange("g", true);
        if (reply.isEmpty() || RspErrorReplyException.isErrorReply(reply)) {
            log.debug("{}: 'g' answered '{}'; steps are not checked for progress", channel.description(), reply);
            return null;
        }
        return reply;
    }

    private StopReply stepOnce() throws RspException {
        String request = vContActions.contains("s") ? "vCont;s" : "s";
        Duration timeout = options.replyTimeout();
        long deadline = StubChannel.deadline(timeout);
        channel.send(request, deadline, timeout);
        channel.status().markRunning(request);
        return channel.awaitStop(request, deadline, timeout);
    }
}
