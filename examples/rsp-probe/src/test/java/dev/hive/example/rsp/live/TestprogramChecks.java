package dev.hive.example.rsp.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.example.rsp.RspSession;
import dev.hive.example.rsp.StopReply;
import dev.hive.rack.testprogram.TestprogramImage;
import java.time.Duration;

/**
 * What a probe library must be able to do with the built-in testprogram (see docs/testprogram.md): read its
 * constants, watch its timer counter, talk to its mailbox, stop at a breakpoint and single-step.
 */
final class TestprogramChecks {

    static final long MAGIC = 0xC0FFEE00L;
    static final long DATA_WORD = 0xA5A5F00DL;

    private final RspSession session;
    private final TestprogramImage image;

    TestprogramChecks(RspSession session, TestprogramImage image) {
        this.session = session;
        this.image = image;
    }

    long symbol(String name) {
        return image.symbol(name)
                .orElseThrow(() -> new AssertionError("no symbol " + name))
                .address();
    }

    void constants(long uid) throws Exception {
        long header = symbol("hive_header");
        assertThat(session.readU32(header)).as("magic").isEqualTo(MAGIC);
        byte[] pattern = session.readMemory(symbol("hive_pattern"), 256);
        for (int i = 0; i < pattern.length; i++) {
            assertThat(pattern[i]).as("pattern[%d]", i).isEqualTo((byte) (i * 37 + 11));
        }
        assertThat(session.readU32(symbol("hive_data_word"))).as("data word").isEqualTo(DATA_WORD);
        assertThat(session.readU64(symbol("hive_uid"))).as("HIVE_UID").isEqualTo(uid);
        assertThat(session.readU64(header + 0x10)).as("HIVE_UID in the header").isEqualTo(uid);
    }

    void counterAdvances() throws Exception {
        long counter = symbol("hive_counter");
        long before = session.readU32(counter);
        assertThat(session.readU32(counter))
                .as("the counter stands still while halted")
                .isEqualTo(before);
        runUntil(() -> session.readU32(counter) > before, 10);
        assertThat(session.readU32(counter)).as("the counter after running").isGreaterThan(before);
    }

    void mailboxRoundTrip(long request) throws Exception {
        long mailbox = symbol("hive_mailbox");
        long seq = (session.readU32(mailbox) + 1) & 0xFFFF_FFFFL;
        session.writeU32(mailbox + 4, request);
        session.writeU32(mailbox, seq);
        runUntil(() -> session.readU32(mailbox + 12) == seq, 5);
        assertThat(session.readU32(mailbox + 12)).as("mailbox ack").isEqualTo(seq);
        assertThat(session.readU32(mailbox + 8)).as("mailbox response").isEqualTo((request * 3 + 1) & 0xFFFF_FFFFL);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * Lets the core run in slices of {@code sliceMillis}, halting after each, until {@code condition} holds or
     * 3 s have passed; the caller asserts. Slices, not one fixed wait: on a loaded host QEMU may not run the
     * core at all for tens of milliseconds.
     */
    void runUntil(Condition condition, long sliceMillis) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        do {
            session.resume();
            Thread.sleep(sliceMillis);
            session.halt();
        } while (!condition.holds() && System.nanoTime() < deadline);
    }

    void breakpointAndStep() throws Exception {
        long tick = symbol("hive_tick");
        session.setBreakpoint(tick);
        session.resume();
        StopReply stop = session.waitForStop(Duration.ofSeconds(5));
        assertThat(stop.isStopped()).isTrue();
        assertThat(session.pc()).as("pc at the breakpoint").isEqualTo(tick);
        session.clearBreakpoint(tick);
        long before = session.pc();
        session.step();
        assertThat(session.pc()).as("pc after one step").isNotEqualTo(before);
    }
}
