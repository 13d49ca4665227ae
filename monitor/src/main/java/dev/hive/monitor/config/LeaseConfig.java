package dev.hive.monitor.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds of interactive leases ({@code leases.*} keys, {@code docs/leases.md}).
 *
 * @param defaultLength what a lease request without minutes gets
 * @param maxLength the most one request (a new lease or an extension) may ask for
 * @param cap the most a lease may last from its start, extensions included
 * @param idle a lease with no stream attached for this long is reclaimed
 * @param uartBufferBytes the size of the UART ring buffer replayed to a client that attaches
 */
public record LeaseConfig(
        Duration defaultLength, Duration maxLength, Duration cap, Duration idle, int uartBufferBytes) {

    public LeaseConfig {
        Objects.requireNonNull(defaultLength, "defaultLength");
        Objects.requireNonNull(maxLength, "maxLength");
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(idle, "idle");
        if (maxLength.compareTo(cap) > 0 || defaultLength.compareTo(maxLength) > 0) {
            throw new IllegalArgumentException("lease lengths must be default <= max <= cap");
        }
    }

    /** The defaults: 30 min, at most 120 min a request, 8 h in all, reclaimed after 10 min without a stream. */
    public static LeaseConfig defaults() {
        return new LeaseConfig(
                Duration.ofMinutes(30), Duration.ofMinutes(120), Duration.ofHours(8), Duration.ofMinutes(10), 65536);
    }
}
