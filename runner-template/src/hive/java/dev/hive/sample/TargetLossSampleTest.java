package dev.hive.sample;

import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.TargetInfo;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sample: on the target named by the environment variable {@code HIVE_SAMPLE_VICTIM} this test waits, long
 * enough for a monitor to kill that target under it; the runner then reports it as ERROR and skips the rest
 * of the suite on that target. On every other target (and without the variable) it passes at once.
 */
@HiveTest
class TargetLossSampleTest {

    static final String VICTIM = "HIVE_SAMPLE_VICTIM";

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void waitsForTheMonitorToKillItsTarget(TargetInfo target) throws InterruptedException {
        String victim = System.getenv(VICTIM);
        if (victim != null && victim.equalsIgnoreCase(target.name())) {
            Thread.sleep(20_000);
        }
    }
}
