package dev.hive.runner.schedule;

import java.util.HashMap;
import java.util.Map;

/**
 * Which of the runner's channels holds which stack. A channel claims a stack before it asks the monitor to
 * connect to a target on it and releases it after the last disconnect, so the runner's own channels never ask
 * for a stack another of them holds; the monitor's answer stays the final word.
 */
public final class StackClaims {

    private final Map<Integer, Integer> holders = new HashMap<>();

    /** Claims {@code stack} for {@code channel}; false when another channel holds it. */
    synchronized boolean tryClaim(int stack, int channel) {
        Integer holder = holders.putIfAbsent(stack, channel);
        return holder == null || holder == channel;
    }

    synchronized void release(int stack, int channel) {
        if (holders.remove(stack, channel)) {
            notifyAll();
        }
    }

    /** Waits until some stack is released, or {@code millis} pass. */
    synchronized void awaitRelease(long millis) throws InterruptedException {
        wait(Math.max(1, millis));
    }
}
