package dev.hive.monitor;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A monitor's parts stop in the reverse order they started, and a part that fails to stop must not keep the
 * others running; the wiring classes add what they start here, so that order is kept in one place whoever
 * starts the part, and a monitor that fails half-way closes exactly what had started.
 */
final class StartedParts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StartedParts.class);

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();

    /** Adds {@code part}, to be closed before every part added earlier; answers it. */
    <T extends AutoCloseable> T add(T part) {
        parts.push(part);
        return part;
    }

    /** Closes the parts, newest first; a failure is logged and the next part is closed all the same. */
    @Override
    public void close() {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", part, e.toString());
            }
        }
    }
}
