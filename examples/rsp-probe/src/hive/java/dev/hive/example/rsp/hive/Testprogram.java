package dev.hive.example.rsp.hive;

import java.util.HexFormat;

/** What the built-in testprogram promises (docs/testprogram.md): its constants and the layouts tests read. */
final class Testprogram {

    static final long MAGIC = 0xC0FFEE00L;
    static final long LAYOUT_VERSION = 1;
    static final long DATA_WORD = 0xA5A5F00DL;
    static final int PATTERN_LENGTH = 256;
    static final byte[] SIGNATURE = HexFormat.of().parseHex("deadbeef00112233445566778899aabb");

    /** Header fields, as offsets from {@code hive_header}; all little-endian 32-bit unless noted. */
    static final int HEADER_V1_SIZE = 0x50;

    static final int MAGIC_AT = 0x00;
    static final int VERSION_AT = 0x04;
    static final int SIZE_AT = 0x08;
    static final int FLAGS_AT = 0x0C;
    static final int UID_AT = 0x10; // 64 bits
    static final int COUNTER_AT = 0x18;
    static final int MAILBOX_AT = 0x1C;
    static final int DATA_WORD_AT = 0x20;
    static final int PATTERN_AT = 0x24;
    static final int TICK_AT = 0x2C;
    static final int SIGNATURE_AT = 0x40;

    static final long FLAG_CORTEX_M = 0x100;
    static final long FLAG_RISCV = 0x200;

    /** Mailbox fields, as offsets from {@code hive_mailbox}. */
    static final int SEQ_AT = 0x00;

    static final int REQUEST_AT = 0x04;
    static final int RESPONSE_AT = 0x08;
    static final int ACK_AT = 0x0C;
    static final int SERVED_AT = 0x14;

    private Testprogram() {}

    /** {@code pattern[i] = (uint8_t)(i * 37 + 11)}. */
    static byte pattern(int i) {
        return (byte) (i * 37 + 11);
    }

    /** What the mailbox answers to {@code request}: {@code request * 3 + 1}, modulo 2^32. */
    static long response(long request) {
        return (request * 3 + 1) & 0xFFFF_FFFFL;
    }

    static long u32(byte[] bytes, int at) {
        return (bytes[at] & 0xFFL)
                | (bytes[at + 1] & 0xFFL) << 8
                | (bytes[at + 2] & 0xFFL) << 16
                | (bytes[at + 3] & 0xFFL) << 24;
    }

    static long u64(byte[] bytes, int at) {
        return u32(bytes, at) | u32(bytes, at + 4) << 32;
    }
}
