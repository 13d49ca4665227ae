package dev.hive.monitor.ipc;

import dev.hive.protocol.ipc.Hello;
import dev.hive.protocol.ipc.IpcLimits;
import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.IpcReader;
import dev.hive.protocol.ipc.IpcWriter;
import dev.hive.protocol.ipc.Refused;
import dev.hive.protocol.ipc.Welcome;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.run.RunOptions;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of a runner's conversation: its {@code hello}, answered with {@code welcome} or {@code refused}.
 * Before {@code welcome} the runner knows nothing of the rack, and a runner of another protocol version or
 * another run must hear why it is turned away, so this exchange has its own rules (the first message, its
 * version and run id, the connect timeout) apart from the messages of a run under way.
 */
final class RunnerGreeting {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerGreeting.class);

    private final String runId;
    private final RackDescription rack;
    private final RunOptions options;
    private final Duration connectTimeout;
    private final RunnerMessageCheck check;

    /**
     * @param runId the run's id; the runner's {@code hello} must carry it
     * @param rack the rack for {@code welcome}
     * @param options the run's options for {@code welcome}
     * @param connectTimeout how long the runner has to connect and say {@code hello}, for the message
     * @param check counts the {@code hello} against the runner's message budget
     */
    RunnerGreeting(
            String runId, RackDescription rack, RunOptions options, Duration connectTimeout, RunnerMessageCheck check) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.rack = Objects.requireNonNull(rack, "rack");
        this.options = Objects.requireNonNull(options, "options");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.check = Objects.requireNonNull(check, "check");
    }

    /**
     * Reads the runner's first message, which must be a {@code hello} of this protocol version and run, and
     * answers {@code welcome}; a runner of another version or run hears {@code refused} first.
     *
     * @throws RunnerViolation when the runner said no {@code hello} in time, or a wrong one
     * @throws IOException when the connection fails
     */
    void greet(IpcReader reader, IpcWriter writer) throws RunnerViolation, IOException {
        Optional<IpcMessage> first;
        try {
            first = reader.read();
        } catch (SocketTimeoutException e) {
            throw new RunnerViolation(
                    RunnerFailure.Kind.NO_RUNNER,
                    "the runner did not say hello within %d ms".formatted(connectTimeout.toMillis()));
        }
        if (first.isEmpty()) {
            throw new RunnerViolation(RunnerFailure.Kind.CLOSED, "the runner closed the connection before hello");
        }
        check.count();
        if (!(first.get() instanceof Hello hello)) {
            throw new RunnerViolation(
                    RunnerFailure.Kind.PROTOCOL,
                    "the runner's first message is '%s', not 'hello'"
                            .formatted(first.get().type()));
        }
        String refusal = null;
        if (hello.protocolVersion() != IpcLimits.PROTOCOL_VERSION) {
            refusal = "protocol version %d is not supported; this monitor speaks %d"
                    .formatted(hello.protocolVersion(), IpcLimits.PROTOCOL_VERSION);
        } else if (!runId.equals(hello.runId())) {
            refusal = "this socket serves run %s, not %s".formatted(runId, hello.runId());
        }
        if (refusal != null) {
            try {
                writer.write(Refused.of(refusal));
            } catch (IOException e) {
                // the runner is gone already
            }
            throw new RunnerViolation(RunnerFailure.Kind.REFUSED, "refused the runner: " + refusal);
        }
        LOG.debug("run {}: runner {} says hello", runId, hello.runnerVersion());
        writer.write(Welcome.of(rack, options));
    }
}
