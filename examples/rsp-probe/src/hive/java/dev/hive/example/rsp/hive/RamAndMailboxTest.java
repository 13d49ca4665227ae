package dev.hive.example.rsp.hive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hive.example.rsp.RspException;
import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.TestChannel;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Writing: free RAM written and read back across several packets, and the testprogram's mailbox. */
@HiveTest
@Order(3)
class RamAndMailboxTest extends AttachedTest {

    /** Left free for the stack at the top of RAM; the testprogram needs far less. */
    static final long STACK_RESERVE = 0x800;

    static final int SCRATCH_BYTES = 4096;

    @Test
    @Order(1)
    void writesFreeRamAndReadsItBack(TestChannel channel) throws Exception {
        long end = target.findSymbol("_end").orElseGet(() -> symbol("_ebss"));
        long scratch = (end + 0x40) & ~7L;
        int length = (int) Math.min(SCRATCH_BYTES, target.ram().end() - STACK_RESERVE - scratch);
        assumeTrue(length >= 256, "less than 256 bytes of free RAM on " + target);

        byte[] saved = session.readMemory(scratch, length);
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 31 + channel.index() * 7 + 5);
        }
        try {
            session.writeMemory(scratch, data);
            assertArrayEquals(data, session.readMemory(scratch, length), length + " bytes read back");
            session.writeU32(scratch + 8, 0xC0DE_0000L | channel.index());
            run(10);
            assertEquals(0xC0DE_0000L | channel.index(), session.readU32(scratch + 8), "the word stays while it runs");
        } finally {
            session.writeMemory(scratch, saved);
        }
    }

    @Test
    @Order(2)
    void theMailboxAnswersARequest(TestChannel channel) throws Exception {
        long request = 0x4849_5645L + channel.index();
        long served = session.readU32(symbol("hive_mailbox") + Testprogram.SERVED_AT);
        assertEquals(Testprogram.response(request), ask(request), "response to 0x" + Long.toHexString(request));
        assertEquals(served + 1, session.readU32(symbol("hive_mailbox") + Testprogram.SERVED_AT), "served");
    }

    @Test
    @Order(3)
    void theMailboxAnswersRequestsInTurn() throws Exception {
        long served = session.readU32(symbol("hive_mailbox") + Testprogram.SERVED_AT);
        for (long request : new long[] {0, 1, 0xFFFF_FFFFL, target.hiveUid() & 0xFFFF_FFFFL}) {
            assertEquals(Testprogram.response(request), ask(request), "response to 0x" + Long.toHexString(request));
        }
        assertEquals(served + 4, session.readU32(symbol("hive_mailbox") + Testprogram.SERVED_AT), "served");
    }

    /**
     * One mailbox request: write {@code request}, then a new {@code seq}; let the core run in short slices until
     * it acknowledges that {@code seq}; return the response.
     */
    private long ask(long request) throws RspException, InterruptedException {
        long mailbox = symbol("hive_mailbox");
        long seq = (session.readU32(mailbox + Testprogram.ACK_AT) + 1) & 0xFFFF_FFFFL;
        session.writeU32(mailbox + Testprogram.REQUEST_AT, request);
        session.writeU32(mailbox + Testprogram.SEQ_AT, seq);
        runUntil(() -> session.readU32(mailbox + Testprogram.ACK_AT) == seq, 2, "the target acknowledged seq " + seq);
        return session.readU32(mailbox + Testprogram.RESPONSE_AT);
    }
}
