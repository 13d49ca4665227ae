package dev.hive.monitor.web.graphql;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing down, per account and per client address: after {@value #FREE_FAILURES} failed
 * logins within {@link #WINDOW}, every further attempt is refused for a delay that doubles with each further
 * failure (from {@link #FIRST_DELAY} up to {@link #MAX_DELAY}). A successful login clears the account's and the
 * address's record. Kept in memory: a restart forgets it, which costs an attacker a restart they cannot cause.
 */
public final class LoginThrottle {

    public static final int FREE_FAILURES = 5;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration FIRST_DELAY = Duration.ofSeconds(30);
    public static final Duration MAX_DELAY = Duration.ofMinutes(15);
    private static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final Map<String, Failures> byKey = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    private static final class Failures {
        final Deque<Long> times = new ArrayDeque<>();
        long blockedUntil;
    }

    /** How long a login for {@code name} from {@code address} is still refused; empty when it may be tried. */
    public Optional<Duration> refusal(String name, String address) {
        long now = clock.millis();
        long until = Math.max(blockedUntil(accountKey(name), now), blockedUntil(addressKey(address), now));
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    /** Counts a failed login against the account and the address. */
    public void failed(String name, String address) {
        long now = clock.millis();
        if (byKey.size() > MAX_KEYS) {
            byKey.values().removeIf(f -> expired(f, now));
        }
        record(accountKey(name), now);
        record(addressKey(address), now);
    }

    /** Forgets the failures of the account and the address. */
    public void succeeded(String name, String address) {
        byKey.remove(accountKey(name));
        byKey.remove(addressKey(address));
    }

    private void record(String key, long now) {
        byKey.compute(key, (k, f) -> {
            Failures failures = f == null ? new Failures() : f;
            failures.times.removeIf(t -> now - t >= WINDOW.toMillis());
            failures.times.addLast(now);
            int over = failures.times.size() - FREE_FAILURES;
            if (over >= 0) {
                long delay = FIRST_DELAY.toMillis() << Math.min(over, 20);
                failures.blockedUntil = now + Math.min(delay, MAX_DELAY.toMillis());
            }
            return failures;
        });
    }

    private long blockedUntil(String key, long now) {
        Failures f = byKey.get(key);
        return f == null ? 0 : f.blockedUntil;
    }

    private static boolean expired(Failures f, long now) {
        return f.blockedUntil <= now && f.times.stream().allMatch(t -> now - t >= WINDOW.toMillis());
    }

    private static String accountKey(String name) {
        return "account:" + (name == null ? "" : name.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
