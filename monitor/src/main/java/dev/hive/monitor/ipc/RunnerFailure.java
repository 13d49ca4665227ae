package dev.hive.monitor.ipc;

import java.util.Objects;

/**
 * Why a run's link to its runner ended without {@code runFinished}: the runner is untrusted, so anything it
 * does wrong ends the run as the runner failing.
 *
 * @param kind what went wrong
 * @param reason a sentence for people, naming the message or field at fault
 */
public record RunnerFailure(Kind kind, String reason) {

    /** What went wrong. */
    public enum Kind {
        /** The runner did not connect (or say hello) in time. */
        NO_RUNNER,
        /** The runner speaks another protocol version or another run id. */
        REFUSED,
        /** A line that is not a valid message, or a message that does not fit the conversation or the rack. */
        PROTOCOL,
        /** Too many messages, or too fast. */
        LIMIT,
        /** The runner connected a second time. */
        SECOND_CONNECTION,
        /** The socket closed before {@code runFinished}. */
        CLOSED,
        /** The runner reported {@code runFailed}. */
        RUNNER_FAILED,
        /** The monitor closed the link before the run finished. */
        ABORTED,
        /** The link itself failed (socket error, a bug). */
        INTERNAL
    }

    public RunnerFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return kind + ": " + reason;
    }
}
