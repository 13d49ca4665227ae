package dev.hive.protocol.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Readers and writers made without a codec share the process's one, so a conversation after the first (a run after
 * the monitor's first, a pre-started runner's run after its warm-up) finds every message type's Jackson built.
 */
class SharedCodecTest {

    @Test
    void readersAndWritersWithoutACodecOfTheirOwnShareTheProcesssCodec() {
        var writer = new IpcWriter(new ByteArrayOutputStream());
        var otherWriter = new IpcWriter(new ByteArrayOutputStream());
        var reader = new IpcReader(new ByteArrayInputStream(new byte[0]));

        assertThat(writer.codec()).isSameAs(IpcCodec.shared());
        assertThat(otherWriter.codec()).isSameAs(IpcCodec.shared());
        assertThat(reader.codec()).isSameAs(IpcCodec.shared());
    }

    @Test
    void aCodecGivenIsTheOneUsed() {
        var own = new IpcCodec();

        assertThat(new IpcWriter(new ByteArrayOutputStream(), own).codec()).isSameAs(own);
        assertThat(new IpcReader(new ByteArrayInputStream(new byte[0]), own).codec())
                .isSameAs(own);
    }
}
