package dev.hive.runner.schedule;

import dev.hive.runner.suite.TargetWatch;
import java.util.HashMap;
import java.util.Map;

/**
 * The targets channels are visiting right now, so that a {@code targetLost} from the monitor reaches the tests
 * running on that target.
 */
public final class ActiveVisits {

    private record Slot(int stack, int slot) {}

    private final Map<Slot, TargetWatch> visits = new HashMap<>();

    synchronized void enter(int stack, int slot, TargetWatch watch) {
        visits.put(new Slot(stack, slot), watch);
    }

    synchronized void leave(int stack, int slot, TargetWatch watch) {
        visits.remove(new Slot(stack, slot), watch);
    }

    /**
     * The target in {@code stack}/{@code slot} died: the test running on it ends as an error and the rest of
     * that visit is skipped.
     *
     * @return whether a channel was visiting that target
     */
    public boolean lose(int stack, int slot, String message) {
        TargetWatch watch;
        synchronized (this) {
            watch = visits.get(new Slot(stack, slot));
        }
        if (watch == null) {
            return false;
        }
        watch.lose(message);
        return true;
    }
}
