package dev.hive.example.rsp.hive;

import static dev.hive.example.rsp.hive.Testprogram.u32;
import static dev.hive.example.rsp.hive.Testprogram.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hive.protocol.rack.Architecture;
import dev.hive.runner.api.HiveTest;
import dev.hive.runner.api.OnlyArchitectures;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/** Reading: the flashed testprogram's header, flash pattern, start-up data and build UID, through the probe. */
@HiveTest
@Order(1)
class TestprogramImageTest extends AttachedTest {

    @Test
    @Order(1)
    void theHeaderHasTheMagicTheLayoutAndTheSymbolAddresses() throws Exception {
        long header = symbol("hive_header");
        byte[] bytes = session.readMemory(header, Testprogram.HEADER_V1_SIZE);
        assertEquals(Testprogram.MAGIC, u32(bytes, Testprogram.MAGIC_AT), "magic");
        assertEquals(Testprogram.LAYOUT_VERSION, u32(bytes, Testprogram.VERSION_AT), "layout version");
        assertTrue(u32(bytes, Testprogram.SIZE_AT) >= Testprogram.HEADER_V1_SIZE, "header size");
        long architectureFlag =
                target.architecture() == Architecture.ARM ? Testprogram.FLAG_CORTEX_M : Testprogram.FLAG_RISCV;
        assertEquals(architectureFlag, u32(bytes, Testprogram.FLAGS_AT) & 0x300, "architecture flag");
        assertEquals(symbol("hive_counter"), u32(bytes, Testprogram.COUNTER_AT), "counter address");
        assertEquals(symbol("hive_mailbox"), u32(bytes, Testprogram.MAILBOX_AT), "mailbox address");
        assertEquals(symbol("hive_data_word"), u32(bytes, Testprogram.DATA_WORD_AT), "data word address");
        assertEquals(symbol("hive_pattern"), u32(bytes, Testprogram.PATTERN_AT), "pattern address");
        assertArrayEquals(
                Testprogram.SIGNATURE,
                Arrays.copyOfRange(
                        bytes, Testprogram.SIGNATURE_AT, Testprogram.SIGNATURE_AT + Testprogram.SIGNATURE.length),
                "signature");
    }

    @Test
    @Order(2)
    void readsTheFlashPatternInOneWideRead() throws Exception {
        byte[] pattern = session.readMemory(symbol("hive_pattern"), Testprogram.PATTERN_LENGTH);
        for (int i = 0; i < pattern.length; i++) {
            assertEquals(Testprogram.pattern(i), pattern[i], "pattern[" + i + "]");
        }
    }

    @Test
    @Order(3)
    void startUpCodeCopiedTheDataWordIntoRam() throws Exception {
        long address = symbol("hive_data_word");
        assertTrue(target.ram().contains(address, 4), "hive_data_word lies in RAM");
        assertEquals(Testprogram.DATA_WORD, session.readU32(address), "data word");
    }

    @Test
    @Order(4)
    void theTargetRunsThisBuildOfTheTestprogram(TestReporter reporter) throws Exception {
        long uid = target.hiveUid();
        // Kept with this test's result on this cell, and in the JUnit XML (system-out, properties).
        System.out.printf("HIVE_UID read through the probe: 0x%016x%n", session.readU64(symbol("hive_uid")));
        reporter.publishEntry("HIVE_UID", "%016x".formatted(uid));
        String define = target.define("HIVE_UID").orElseThrow().toLowerCase(Locale.ROOT);
        assertEquals(uid, Long.parseUnsignedLong(define.replaceFirst("^0x", "").replaceFirst("u?l*$", ""), 16));
        assertEquals(uid, session.readU64(symbol("hive_uid")), "hive_uid in flash");
        assertEquals(uid, session.readU64(symbol("hive_header") + Testprogram.UID_AT), "HIVE_UID in the header");
        assertEquals(uid, u64(session.readMemory(symbol("hive_uid"), 8), 0), "the same read byte-wise");
    }

    @Test
    @Order(5)
    @OnlyArchitectures(Architecture.ARM)
    void aCortexMCoreRunsInThumbStateOnItsMainStack() throws Exception {
        long tick = session.readU32(symbol("hive_header") + Testprogram.TICK_AT);
        assertEquals(symbol("hive_tick") | 1, tick, "the header's hive_tick pointer has the Thumb bit");
        assertTrue((session.readRegister("xpsr") & (1L << 24)) != 0, "xPSR.T is set");
        long sp = session.sp();
        assertTrue(target.ram().contains(sp - 4, 4), "sp 0x%x lies in RAM %s".formatted(sp, target.ram()));
    }
}
