package dev.hive.example.rsp;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is sent before a session closes: {@link #detach()} leaves the target to run on its own,
 * {@link #kill()} ends it. {@link RspSession} calls these with the session lock held and closes the
 * session afterwards, whatever happened.
 */
final class SessionEnding {

    private static final Logger log = LoggerFactory.getLogger(RspSession.class);

    private final StubChannel channel;
    private final TargetStatus status;
    private final RspOptions options;
    private final StubFeatures features;
    private final RunControl run;
    private final Breakpoints breakpoints;

    SessionEnding(
            StubChannel channel, RspOptions options, StubFeatures features, RunControl run, Breakpoints breakpoints) {
        this.channel = channel;
        this.status = channel.status();
        this.options = options;
        this.features = features;
        this.run = run;
        this.breakpoints = breakpoints;
    }

    /**
     * Halts a running target, removes this session's breakpoints and sends {@code D;pid} (when
     * multiprocess was negotiated), falling back to {@code D}.
     */
    void detach() throws RspException {
        if (status.state() == TargetState.RUNNING) {
            run.halt();
        }
        breakpoints.removeAllBeforeDetach();
        String reply = "";
        if (features.supports("multiprocess")) {
            StopReply lastStop = status.lastStop();
            int pid = lastStop == null ? 1 : lastStop.processId().orElse(1);
            reply = channel.exchange("D;" + Integer.toHexString(pid), true);
            if (!"OK".equals(reply)) {
                log.debug("{}: 'D;{}' answered '{}', trying 'D'", channel.description(), pid, reply);
            }
        }
        if (!"OK".equals(reply)) {
            reply = channel.exchange("D", true);
            if (reply.isEmpty()) {
                throw new RspUnsupportedException("D");
            }
            if (!"OK".equals(reply)) {
                throw new RspErrorReplyException("D", reply);
            }
        }
    }

    /** Halts a running target and sends {@code k}; no answer, or a lost connection, is expected. */
    void kill() throws RspException {
        if (status.state() == TargetState.RUNNING) {
            run.halt();
        }
        Duration timeout = options.replyTimeout();
        try {
            channel.send("k", StubChannel.deadline(timeout), timeout);
        } catch (RspConnectionLostException | RspTimeoutException e) {
            log.debug("{}: after 'k': {}", channel.description(), e.getMessage());
        }
        status.markExited();
    }
}
