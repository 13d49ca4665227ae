package dev.hive.example.rsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryChunksTest {

    @Test
    void qemuPacketSizeGivesTheMeasuredLimits() {
        // QEMU 7.2: PacketSize=1000 (hex) -> m replies up to 2044 bytes, M writes up to 2032 bytes
        assertThat(MemoryChunks.maxReadChunk(0x1000)).isEqualTo(2044);
        assertThat(MemoryChunks.maxWriteChunk(0x1000)).isEqualTo(2032);
    }

    @Test
    void writeChunkLeavesRoomForA64BitHeader() {
        int packetSize = 0x1000;
        int n = MemoryChunks.maxWriteChunk(packetSize);
        String header = "M" + Long.toHexString(-1L) + "," + Integer.toHexString(n) + ":";
        assertThat(1 + header.length() + 2 * n + 3).isLessThanOrEqualTo(packetSize);
    }

    @Test
    void smallPacketSizesStillMakeProgress() {
        assertThat(MemoryChunks.maxReadChunk(400)).isEqualTo(196);
        assertThat(MemoryChunks.maxWriteChunk(400)).isEqualTo(184);
        assertThat(MemoryChunks.maxReadChunk(4)).isEqualTo(1);
        assertThat(MemoryChunks.maxWriteChunk(10)).isEqualTo(1);
    }

    @Test
    void splitsIntoFullChunksAndARest() {
        List<MemoryChunks.Chunk> chunks = MemoryChunks.split(0x2000_0000L, 5000, 2044);
        assertThat(chunks)
                .containsExactly(
                        new MemoryChunks.Chunk(0x2000_0000L, 0, 2044),
                        new MemoryChunks.Chunk(0x2000_07fcL, 2044, 2044),
                        new MemoryChunks.Chunk(0x2000_0ff8L, 4088, 912));
        assertThat(MemoryChunks.split(0, 4088, 2044)).hasSize(2);
        assertThat(MemoryChunks.split(0, 0, 2044)).isEmpty();
        assertThat(MemoryChunks.split(0, 1, 2044)).containsExactly(new MemoryChunks.Chunk(0, 0, 1));
    }

    @Test
    void splitsTheWholeAddressSpaceUnsigned() {
        List<MemoryChunks.Chunk> chunks = MemoryChunks.split(0xffff_fffffffff000L, 0x1000, 0x800);
        assertThat(chunks.get(1).address()).isEqualTo(0xffff_fffffffff800L);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> MemoryChunks.split(0, -1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemoryChunks.split(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void binaryChunksCountEscapedBytesTwice() {
        byte[] plain = new byte[100];
        assertThat(MemoryChunks.binaryChunkLength(plain, 0, 40)).isEqualTo(40);
        assertThat(MemoryChunks.binaryChunkLength(plain, 90, 40)).isEqualTo(10);
        byte[] special = new byte[100];
        java.util.Arrays.fill(special, (byte) '#');
        assertThat(MemoryChunks.binaryChunkLength(special, 0, 40)).isEqualTo(20);
        assertThat(MemoryChunks.binaryChunkLength(special, 0, 41)).isEqualTo(20);
        assertThat(MemoryChunks.binaryChunkLength(special, 0, 1)).isEqualTo(1);
        assertThat(MemoryChunks.binaryChunkLength(special, 100, 40)).isZero();
    }
}
