package dev.hive.example.rsp;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Target memory for {@link RspSession}: {@code m} reads split to fit the stub's packet size and
 * continued where a short reply stopped, and writes with {@code X} (binary, probed once with a
 * zero-length write) or, if the stub does not support it, {@code M}. Called with the session lock
 * held.
 */
final class MemoryAccess {

    private static final Logger log = LoggerFactory.getLogger(RspSession.class);

    private final StubChannel channel;
    private final RspOptions options;
    private final int packetSize;
    private Boolean binaryWrite;

    MemoryAccess(StubChannel channel, RspOptions options, int packetSize) {
        this.channel = channel;
        this.options = options;
        this.packetSize = packetSize;
    }

    /** Whether the stub supports {@code X}; empty until the first write probed it. */
    Optional<Boolean> binaryWriteSupported() {
        return Optional.ofNullable(binaryWrite);
    }

    int maxReadChunk() {
        return options.maxReadChunk() > 0 ? options.maxReadChunk() : MemoryChunks.maxReadChunk(packetSize);
    }

    int maxWriteChunk() {
        return options.maxWriteChunk() > 0 ? options.maxWriteChunk() : MemoryChunks.maxWriteChunk(packetSize);
    }

    /** Reads {@code length} (not negative) bytes. */
    byte[] read(long address, int length) throws RspException {
        channel.requireHalted("readMemory");
        byte[] out = new byte[length];
        int done = 0;
        int max = maxReadChunk();
        while (done < length) {
            int n = Math.min(max, length - done);
            String request = "m" + Long.toHexString(address + done) + "," + Integer.toHexString(n);
            byte[] data = StubChannel.hexReply(request, channel.checked(request));
            if (data.length > n) {
                throw new RspProtocolException("stub sent " + data.length + " bytes for '" + request + "'");
            }
            System.arraycopy(data, 0, out, done, data.length);
            done += data.length;
        }
        return out;
    }

    void write(long address, byte[] data) throws RspException {
        channel.requireHalted("writeMemory");
        if (data.length == 0) {
            return;
        }
        if (binaryWrite == null) {
            binaryWrite = options.useBinaryWrite() && probeBinaryWrite(address);
        }
        if (binaryWrite) {
            writeBinary(address, data);
        } else {
            for (MemoryChunks.Chunk c : MemoryChunks.split(address, data.length, maxWriteChunk())) {
                channel.expectOk("M" + Long.toHexString(c.address()) + "," + Integer.toHexString(c.length()) + ":"
                        + RspPackets.toHex(data, c.offset(), c.length()));
            }
        }
    }

    private boolean probeBinaryWrite(long address) throws RspException {
        String reply = channel.exchange("X" + Long.toHexString(address) + ",0:", true);
        boolean supported = "OK".equals(reply);
        log.debug("{}: X probe -> '{}', using {}", channel.description(), reply, supported ? "X" : "M");
        return supported;
    }

    private void writeBinary(long address, byte[] data) throws RspException {
        int budget = MemoryChunks.maxBinaryPayload(packetSize);
        int offset = 0;
        while (offset < data.length) {
            int n = MemoryChunks.binaryChunkLength(data, offset, budget);
            if (options.maxWriteChunk() > 0) {
                n = Math.min(n, options.maxWriteChunk());
            }
            String header = "X" + Long.toHexString(address + offset) + "," + Integer.toHexString(n) + ":";
            String body = new String(data, offset, n, StandardCharsets.ISO_8859_1);
            channel.expectOk(header + body);
            offset += n;
        }
    }
}
