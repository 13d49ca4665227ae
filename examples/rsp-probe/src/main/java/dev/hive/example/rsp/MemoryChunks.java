package dev.hive.example.rsp;

import java.util.ArrayList;
import java.util.List;

/**
 * Chunking arithmetic for memory transfers. A reply to {@code m} carries two hex digits per byte
 * inside {@code $...#xx}; an {@code M} request also carries its {@code Maddr,len:} header.
 *
 * <p>With QEMU's {@code PacketSize=1000} (4096 bytes) this gives 2044-byte reads and 2032-byte
 * writes.
 */
final class MemoryChunks {

    /** Framing overhead of a reply: {@code $}, {@code #} and two checksum digits, plus slack. */
    static final int READ_OVERHEAD = 8;

    /** Framing plus the longest header {@code M<16 hex>,<8 hex>:} (27 bytes), rounded up. */
    static final int WRITE_OVERHEAD = 32;

    /** One piece of a transfer. */
    record Chunk(long address, int offset, int length) {}

    private MemoryChunks() {}

    /** The largest {@code m} read for a packet size. */
    static int maxReadChunk(int packetSize) {
        return Math.max(1, (packetSize - READ_OVERHEAD) / 2);
    }

    /** The largest {@code M} write for a packet size. */
    static int maxWriteChunk(int packetSize) {
        return Math.max(1, (packetSize - WRITE_OVERHEAD) / 2);
    }

    /** The largest raw data field of an {@code X} write (after escaping) for a packet size. */
    static int maxBinaryPayload(int packetSize) {
        return Math.max(2, packetSize - WRITE_OVERHEAD);
    }

    /** Splits {@code [address, address+length)} into chunks of at most {@code maxChunk} bytes. */
    static List<Chunk> split(long address, int length, int maxChunk) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (maxChunk <= 0) {
            throw new IllegalArgumentException("chunk size must be positive: " + maxChunk);
        }
        List<Chunk> chunks = new ArrayList<>((length + maxChunk - 1) / maxChunk);
        for (int offset = 0; offset < length; offset += maxChunk) {
            chunks.add(new Chunk(address + offset, offset, Math.min(maxChunk, length - offset)));
        }
        return chunks;
    }

    /**
     * How many bytes of {@code data} starting at {@code offset} fit into {@code budget} bytes once
     * escaped for an {@code X} packet. At least 1 if any data is left (an escaped byte takes 2).
     */
    static int binaryChunkLength(byte[] data, int offset, int budget) {
        int used = 0;
        int n = 0;
        while (offset + n < data.length) {
            int cost = RspPackets.needsEscape(data[offset + n]) ? 2 : 1;
            if (used + cost > budget && n > 0) {
                break;
            }
            used += cost;
            n++;
        }
        return n;
    }
}
