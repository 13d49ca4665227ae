package dev.hive.runner.schedule;

import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.TargetInfo;
import org.junit.jupiter.api.Test;

/** A one-test hive suite for scheduling tests. Not a test class of its own: it runs only through the runner. */
@HiveTest
class OneTestFixture {

    @Test
    void touchesTheTarget(TargetInfo target) {
        target.symbol("hive_header");
    }
}
