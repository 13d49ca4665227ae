package dev.hive.cli.guide;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.ProbeInfo;
import dev.hive.runner.api.TargetInfo;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Guide: ordinary JUnit Jupiter in a hive test: lifecycle methods with parameters, order, time limits, tags. */
// tag::junit[]
@HiveTest
@Tag("smoke")
class JUnitFeaturesExample {

    private long header;

    @BeforeEach
    void findTheHeader(ProbeInfo probe, TargetInfo target) {
        // open the library under test on probe.endpoint() here, close it in an @AfterEach
        header = target.symbol("hive_header");
    }

    @Test
    @Order(1)
    @DisplayName("the header is in flash or RAM")
    void headerIsMapped(TargetInfo target) {
        assertTrue(target.memory().stream().anyMatch(r -> header >= r.origin() && header < r.end()));
    }

    @Test
    @Order(2)
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void finishesInFiveSeconds() {
        assertTrue(header > 0);
    }
}
// end::junit[]
