package dev.hive.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hive.example.rsp.RspSession;
import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.ProbeInfo;
import dev.hive.runner.api.TargetInfo;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Sample: the example probe library talks to the target through the channel's probe. */
@HiveTest
class ProbeSampleTest {

    static final long MAGIC = 0xC0FFEE00L;

    @Test
    @Order(1)
    void readsTheTestprogramHeader(ProbeInfo probe, TargetInfo target) throws Exception {
        try (RspSession session = RspSession.open(probe.endpoint())) {
            long header = target.symbol("hive_header");
            assertEquals(MAGIC, session.readU32(header), "magic of the testprogram header");
            assertEquals(target.hiveUid(), session.readU64(header + 0x10), "HIVE_UID in the header");
            session.detach();
        }
    }

    @Test
    @Order(2)
    void theCounterRunsWhileTheCoreRuns(ProbeInfo probe, TargetInfo target) throws Exception {
        try (RspSession session = RspSession.open(probe.endpoint())) {
            long counter = target.symbol("hive_counter");
            long before = session.readU32(counter);
            session.resume();
            Thread.sleep(30);
            session.halt();
            assertTrue(session.readU32(counter) > before, "the timer counter advanced");
            session.detach();
        }
    }
}
