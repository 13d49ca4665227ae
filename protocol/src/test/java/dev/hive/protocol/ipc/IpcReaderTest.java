package dev.hive.protocol.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The reader's framing and limits: what a broken or hostile runner can and cannot make it do. */
class IpcReaderTest {

    private static final String CANCEL = "{\"type\":\"cancel\",\"reason\":\"%s\"}";

    @Test
    void readsOneMessagePerLineUntilACleanEnd() throws IOException {
        var reader = reader(CANCEL.formatted("a") + "\n" + CANCEL.formatted("b") + "\n");
        assertThat(reader.read()).contains(new Cancel("a"));
        assertThat(reader.read()).contains(new Cancel("b"));
        assertThat(reader.read()).isEmpty();
        assertThat(reader.read()).isEmpty();
    }

    @Test
    void anEmptyStreamIsACleanEnd() throws IOException {
        assertThat(reader("").read()).isEmpty();
    }

    @Test
    void aStreamEndingInsideALineIsAProtocolError() throws IOException {
        var reader = reader(CANCEL.formatted("a") + "\n" + CANCEL.formatted("b"));
        assertThat(reader.read()).contains(new Cancel("a"));
        assertThatThrownBy(reader::read)
                .isInstanceOf(IpcProtocolException.class)
                .hasMessage("stream ended in the middle of a line (%d bytes without a terminating newline)"
                        .formatted(CANCEL.formatted("b").length()));
    }

    @Test
    void anEmptyLineIsRefused() throws IOException {
        var reader = reader("\n" + CANCEL.formatted("a") + "\n");
        assertThatThrownBy(reader::read)
                .isInstanceOf(IpcProtocolException.class)
                .hasMessageContaining("line is empty");
    }

    @Test
    void linesArriveWhateverTheReadSizes() throws IOException {
        String text = (CANCEL.formatted("ä".repeat(5000)) + "\n").repeat(3);
        var oneByteAtATime = new InputStream() {
            private final ByteArrayInputStream bytes = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));

            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return bytes.read(b, off, Math.min(len, 1));
            }
        };
        var reader = new IpcReader(oneByteAtATime);
        for (int i = 0; i < 3; i++) {
            assertThat(reader.read()).contains(new Cancel("ä".repeat(5000)));
        }
        assertThat(reader.read()).isEmpty();
    }

    @Test
    void aLineOfExactlyTheLimitIsRead() throws IOException {
        int padding = IpcLimits.MAX_LINE_BYTES - CANCEL.formatted("").length();
        String reason = "x".repeat(padding);
        var reader = reader(CANCEL.formatted(reason) + "\n");
        assertThat(reader.read()).contains(new Cancel(reason));
    }

    @Test
    void aLineOneByteOverTheLimitIsRefused() {
        int padding = IpcLimits.MAX_LINE_BYTES - CANCEL.formatted("").length() + 1;
        var reader = reader(CANCEL.formatted("x".repeat(padding)) + "\n");
        assertThatThrownBy(reader::read)
                .isInstanceOf(IpcProtocolException.class)
                .hasMessage("line exceeds 1048576 bytes");
    }

    @Test
    void anEndlessLineIsRefusedWithoutReadingItAll() {
        var endless = new InputStream() {
            long served;

            @Override
            public int read() {
                served++;
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                served += len;
                return len;
            }
        };
        var reader = new IpcReader(endless);
        assertThatThrownBy(reader::read)
                .isInstanceOf(IpcProtocolException.class)
                .hasMessage("line exceeds 1048576 bytes");
        assertThat(endless.served).isLessThanOrEqualTo(IpcLimits.MAX_LINE_BYTES + 8192L);
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[][] broken = {
            {(byte) 0xC3, 0x28}, // a lead byte followed by ASCII
            {(byte) 0xC0, (byte) 0xAF}, // an overlong '/'
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate encoded as UTF-8
            {(byte) 0xFF},
        };
        for (byte[] bad : broken) {
            var line = new ByteArrayOutputStream();
            line.writeBytes("{\"type\":\"cancel\",\"reason\":\"".getBytes(StandardCharsets.US_ASCII));
            line.writeBytes(bad);
            line.writeBytes("\"}\n".getBytes(StandardCharsets.US_ASCII));
            var reader = new IpcReader(new ByteArrayInputStream(line.toByteArray()));
            assertThatThrownBy(reader::read)
                    .isInstanceOf(IpcProtocolException.class)
                    .hasMessage("line is not valid UTF-8 (bad byte at offset 27)");
        }
    }

    @Test
    void afterAProtocolErrorTheReaderStaysBroken() throws IOException {
        var reader = reader("{\"type\":\"nope\"}\n" + CANCEL.formatted("a") + "\n");
        assertThatThrownBy(reader::read)
                .isInstanceOf(IpcProtocolException.class)
                .hasMessageStartingWith("unknown message type");
        assertThatThrownBy(reader::read)
                .isInstanceOf(IpcProtocolException.class)
                .hasMessageStartingWith("reader stopped at an earlier protocol error: unknown message type");
    }

    @Test
    void readLineHandsOutTheRawText() throws IOException {
        var reader = reader("not json\n");
        assertThat(reader.readLine()).contains("not json");
        assertThat(reader.readLine()).isEmpty();
    }

    private static IpcReader reader(String text) {
        return new IpcReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
