package dev.hive.example.rsp;

import java.time.Duration;
import java.util.Set;

/**
 * Run control for {@link RspSession}: halt with the 0x03 interrupt, resume and step (stepping over
 * a code breakpoint at the pc first), waiting for stop replies, {@code ?} and {@code vAttach}. The
 * target state these change lives in {@link TargetStatus}. Called with the session lock held.
 */
final class RunControl {

    private static final String HALT_LABEL = "\\x03 (halt)";

    private final StubChannel channel;
    private final TargetStatus status;
    private final RspOptions options;
    private final Set<String> vContActions;
    private final Breakpoints breakpoints;
    private final SingleStepper stepper;

    RunControl(
            StubChannel channel,
            RspOptions options,
            Set<String> vContActions,
            Breakpoints breakpoints,
            SingleStepper stepper) {
        this.channel = channel;
        this.status = channel.status();
        this.options = options;
        this.vContActions = vContActions;
        this.breakpoints = breakpoints;
        this.stepper = stepper;
    }

    StopReply halt() throws RspException {
        channel.ensureOpen();
        channel.absorbPending();
        if (status.state() == TargetState.HALTED && status.lastStop() != null) {
            return status.lastStop();
        }
        if (status.state() == TargetState.EXITED) {
            throw channel.sessionEndedByExit("halt");
        }
        TargetState before = status.state();
        channel.sendRaw(new byte[] {RspPackets.INTERRUPT}, HALT_LABEL);
        Duration timeout = options.haltTimeout();
        try {
            return channel.awaitStop(HALT_LABEL, StubChannel.deadline(timeout), timeout);
        } catch (RspTimeoutException e) {
            if (before == TargetState.UNKNOWN) {
                return channel.stopRequest("?");
            }
            throw e;
        }
    }

    void resume() throws RspException {
        channel.requireHalted("resume");
        channel.absorbPending();
        StopReply stepped = breakpoints.stepOver(stepper::step);
        if (stepped != null && !SingleStepper.isPlainStep(stepped)) {
            return;
        }
        String request = vContActions.contains("c") ? "vCont;c" : "c";
        Duration timeout = options.replyTimeout();
        channel.send(request, StubChannel.deadline(timeout), timeout);
        status.markRunning(request);
    }

    StopReply step() throws RspException {
        channel.requireHalted("step");
        channel.absorbPending();
        StopReply stepped = breakpoints.stepOver(stepper::step);
        return stepped != null ? stepped : stepper.step();
    }

    StopReply waitForStop(Duration timeout) throws RspException {
        channel.ensureOpen();
        if (status.state() != TargetState.RUNNING) {
            channel.absorbPending();
            if (status.lastStop() != null) {
                return status.lastStop();
            }
            return channel.stopRequest("?");
        }
        return channel.awaitStop(status.lastResume(), StubChannel.deadline(timeout), timeout);
    }

    StopReply queryStopReason() throws RspException {
        channel.requireHalted("queryStopReason");
        return channel.stopRequest("?");
    }

    StopReply attach(int pid) throws RspException {
        channel.requireHalted("attach");
        return channel.stopRequest("vAttach;" + Integer.toHexString(pid));
    }
}
