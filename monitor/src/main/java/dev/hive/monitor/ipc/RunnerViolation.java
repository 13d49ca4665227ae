package dev.hive.monitor.ipc;

/**
 * Something the runner did wrong, found while its messages are read, checked or carried out. The link's reader
 * throws it from wherever the fault is found and ends the link with the {@link RunnerFailure} it describes, so
 * the checks ({@link RunnerGreeting}, {@link RunnerMessageCheck}, {@link BusRequests}) need not know how a link
 * ends. It carries no stack trace: it is the runner's fault, not the monitor's.
 */
final class RunnerViolation extends Exception {
    private final RunnerFailure.Kind kind;

    RunnerViolation(RunnerFailure.Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** The failure that ends the link. */
    RunnerFailure failure() {
        return new RunnerFailure(kind, getMessage());
    }
}
