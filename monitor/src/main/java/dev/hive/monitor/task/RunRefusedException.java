package dev.hive.monitor.task;

import java.util.List;

/**
 * A run that cannot be served is refused before it is stored, e.g. a fleet front with no live rack offering
 * the targets it names.
 *
 * @see dev.hive.monitor.web.RunControl#admit
 */
public final class RunRefusedException extends RuntimeException {

    private final int status;
    private final List<String> targets;

    /**
     * @param status the HTTP status to answer (422: the run asks for what is not there; 503: try again later)
     * @param targets the targets that are missing, empty when the refusal is not about targets
     */
    public RunRefusedException(int status, String message, List<String> targets) {
        super(message);
        this.status = status;
        this.targets = List.copyOf(targets);
    }

    public int status() {
        return status;
    }

    public List<String> targets() {
        return targets;
    }
}
