package dev.hive.monitor.web.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.db.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private void fail(String name, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(name, address);
        }
    }

    @Test
    void fiveFailuresAreFreeTheSixthAttemptWaits() {
        fail("root", "10.0.0.1", 4);
        assertThat(throttle.refusal("root", "10.0.0.1")).isEmpty();
        fail("root", "10.0.0.1", 1);
        assertThat(throttle.refusal("root", "10.0.0.1")).contains(LoginThrottle.FIRST_DELAY);
        clock.advance(LoginThrottle.FIRST_DELAY);
        assertThat(throttle.refusal("root", "10.0.0.1")).isEmpty();
    }

    @Test
    void theDelayDoublesWithEveryFurtherFailureUpToTheMaximum() {
        fail("root", "10.0.0.1", 6);
        assertThat(throttle.refusal("root", "10.0.0.1")).contains(LoginThrottle.FIRST_DELAY.multipliedBy(2));
        fail("root", "10.0.0.1", 1);
        assertThat(throttle.refusal("root", "10.0.0.1")).contains(LoginThrottle.FIRST_DELAY.multipliedBy(4));
        fail("root", "10.0.0.1", 20);
        assertThat(throttle.refusal("root", "10.0.0.1")).contains(LoginThrottle.MAX_DELAY);
    }

    @Test
    void theAccountIsThrottledFromEveryAddressAndTheAddressForEveryAccount() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("root", "10.0.0." + i);
        }
        assertThat(throttle.refusal("root", "192.168.1.1")).isPresent();
        assertThat(throttle.refusal("maint", "192.168.1.1")).isEmpty();
        for (int i = 0; i < 5; i++) {
            throttle.failed("user" + i, "10.9.9.9");
        }
        assertThat(throttle.refusal("someone-else", "10.9.9.9")).isPresent();
        assertThat(throttle.refusal("someone-else", "10.9.9.8")).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowAreForgottenAndASuccessClears() {
        fail("root", "10.0.0.1", 4);
        clock.advance(LoginThrottle.WINDOW.plus(Duration.ofSeconds(1)));
        fail("root", "10.0.0.1", 4);
        assertThat(throttle.refusal("root", "10.0.0.1")).isEmpty();
        throttle.succeeded("root", "10.0.0.1");
        fail("root", "10.0.0.1", 4);
        assertThat(throttle.refusal("root", "10.0.0.1")).isEmpty();
    }
}
