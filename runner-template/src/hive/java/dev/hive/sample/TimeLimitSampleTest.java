package dev.hive.sample;

import dev.hive.runner.api.HiveTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sample: a test that hangs, ignoring interrupts; it ends as ERROR after its limit and the run goes on. */
@HiveTest
class TimeLimitSampleTest {

    @Test
    @Timeout(value = 250, unit = TimeUnit.MILLISECONDS)
    void hangs() {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // a badly behaved test: it ignores the interrupt and keeps hanging
            }
        }
    }
}
