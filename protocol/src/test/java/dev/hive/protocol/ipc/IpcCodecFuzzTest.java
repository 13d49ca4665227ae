package dev.hive.protocol.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The runner is untrusted, so whatever line it sends, {@link IpcCodec#decode} either returns a message or
 * throws an {@link IpcProtocolException} with a message; any other exception is a finding. A decoded message
 * is one the monitor may hand on, so encoding it must give one line that decodes to an equal message.
 *
 * <p>Seeds: the golden messages of {@code ipc/} on one line each, in {@code IpcCodecFuzzTestInputs/decode/};
 * see docs/fuzzing.md for running it longer.
 */
class IpcCodecFuzzTest {

    private final IpcCodec codec = new IpcCodec();

    @FuzzTest(maxDuration = "30s")
    void decode(byte[] input) {
        String line = new String(input, StandardCharsets.UTF_8);
        IpcMessage message;
        try {
            message = codec.decode(line);
        } catch (IpcProtocolException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        String encoded = codec.encode(message);
        assertThat(encoded).doesNotContain("\n", "\r");
        IpcMessage again;
        try {
            again = codec.decode(encoded);
        } catch (IpcProtocolException e) {
            throw new AssertionError("the codec cannot read what it wrote: " + encoded, e);
        }
        assertThat(again).isEqualTo(message);
    }
}
