package dev.hive.cli.guide;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hive.runner.api.HiveContext;
import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.RequiresCapability;
import dev.hive.runner.api.TargetInfo;
import dev.hive.runner.api.TestChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Guide: what a hive test receives, by parameter type. */
// tag::receives[]
@HiveTest
class ReceivingExample {

    @Test
    void everythingAtOnce(HiveContext hive) {
        TargetInfo target = hive.target();
        assertFalse(hive.probe().endpoint().isEmpty(), "where the probe library connects");
        assertNotNull(target.ram(), "the first RAM region: " + target.memory());
        assertTrue(target.flash().length() > 0, "a flash region: " + target.memory());
    }

    @Test
    @RequiresCapability("uart")
    void readsTheUart(TestChannel channel) throws Exception {
        byte[] said = channel.readUart(64, Duration.ofMillis(20)); // possibly empty: nothing said yet
        assertNotNull(said);
    }
}
// end::receives[]
