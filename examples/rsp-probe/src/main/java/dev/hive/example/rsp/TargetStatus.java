package dev.hive.example.rsp;

/**
 * What the session believes the target is doing: its {@link TargetState}, the most recent stop
 * reply, how many stop replies arrived unasked, and which packet last set it running.
 *
 * <p>Written only with the session lock held (by {@link StubChannel} and the collaborators behind
 * {@link RspSession}); state, last stop and the unsolicited count are volatile because the session's
 * accessors read them from any thread without the lock.
 */
final class TargetStatus {

    private volatile TargetState state = TargetState.UNKNOWN;
    private volatile StopReply lastStop;
    private volatile long unsolicitedStops;
    private String lastResume = "";

    TargetState state() {
        return state;
    }

    /** The most recent stop reply, or null before the first. */
    StopReply lastStop() {
        return lastStop;
    }

    long unsolicitedStops() {
        return unsolicitedStops;
    }

    /** The packet that last set the target running ({@code vCont;c}, {@code s}, ...), or empty. */
    String lastResume() {
        return lastResume;
    }

    /** Records a stop reply: the target is halted, or exited if the reply says so. */
    void record(StopReply stop, boolean unsolicited) {
        lastStop = stop;
        state = stop.isStopped() ? TargetState.HALTED : TargetState.EXITED;
        if (unsolicited) {
            unsolicitedStops++;
        }
    }

    /** The target was set running by {@code request}. */
    void markRunning(String request) {
        state = TargetState.RUNNING;
        lastResume = request;
    }

    /** A stop wait ended with an error or empty reply: the stub did not start running. */
    void markHaltedIfRunning() {
        state = state == TargetState.RUNNING ? TargetState.HALTED : state;
    }

    void markExited() {
        state = TargetState.EXITED;
    }
}
