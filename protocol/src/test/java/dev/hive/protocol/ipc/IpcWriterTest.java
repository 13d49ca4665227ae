package dev.hive.protocol.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The writer lets many threads stream messages and keeps every line whole. */
class IpcWriterTest {

    private static final int THREADS = 8;
    private static final int MESSAGES_PER_THREAD = 500;

    @Test
    void concurrentWritersProduceIntactLinesInEachThreadsOrder() throws Exception {
        var sink = new ByteByByteSink();
        var writer = new IpcWriter(sink);
        var start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int channel = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < MESSAGES_PER_THREAD; i++) {
                        // Sizes vary from a few bytes to several kilobytes, as log lines and stack traces do.
                        String text = i + ":" + "abcdefghij".repeat((i * 37 + channel * 11) % 700);
                        writer.write(new Log(Log.Level.INFO, channel, text));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        var reader = new IpcReader(new ByteArrayInputStream(sink.bytes()));
        Map<Integer, Integer> next = new HashMap<>();
        int lines = 0;
        for (var message = reader.read(); message.isPresent(); message = reader.read()) {
            var log = (Log) message.get();
            int sequence =
                    Integer.parseInt(log.message().substring(0, log.message().indexOf(':')));
            assertThat(sequence).isEqualTo(next.getOrDefault(log.channel(), 0));
            next.put(log.channel(), sequence + 1);
            lines++;
        }
        assertThat(lines).isEqualTo(THREADS * MESSAGES_PER_THREAD);
        assertThat(next.values()).containsOnly(MESSAGES_PER_THREAD);
    }

    @Test
    void everyLineIsFlushedAtOnce() throws IOException {
        var flushed = new ByteArrayOutputStream() {
            int flushes;

            @Override
            public void flush() {
                flushes++;
            }
        };
        var writer = new IpcWriter(flushed);
        writer.write(new Cancel("a"));
        writer.write(new Cancel("b"));
        assertThat(flushed.flushes).isEqualTo(2);
        assertThat(flushed.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"cancel\",\"reason\":\"a\"}\n{\"type\":\"cancel\",\"reason\":\"b\"}\n");
    }

    @Test
    void aMessageOverTheLineLimitIsRefusedAndNothingIsWritten() throws IOException {
        var out = new ByteArrayOutputStream();
        var writer = new IpcWriter(out);
        assertThatThrownBy(() -> writer.write(new Log(Log.Level.INFO, null, "x".repeat(IpcLimits.MAX_LINE_BYTES))))
                .isInstanceOf(IpcProtocolException.class)
                .hasMessageStartingWith("a 'log' message encodes to ");
        assertThat(out.size()).isZero();
        writer.write(new Cancel("still usable"));
        assertThat(out.size()).isPositive();
    }

    @Test
    void afterAFailedWriteEveryWriteFails() {
        var failing = new OutputStream() {
            int calls;

            @Override
            public void write(int b) throws IOException {
                if (++calls > 5) {
                    throw new IOException("broken pipe");
                }
            }
        };
        var writer = new IpcWriter(failing);
        assertThatThrownBy(() -> writer.write(new Cancel("a"))).hasMessage("broken pipe");
        assertThatThrownBy(() -> writer.write(new Cancel("b")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("an earlier write failed");
    }

    /**
     * A stream without locks of its own that takes each line byte by byte and yields now and then, so that
     * unsynchronised writers would interleave their bytes.
     */
    private static final class ByteByByteSink extends OutputStream {
        private byte[] buffer = new byte[1 << 16];
        private int size;

        @Override
        public void write(int b) {
            if (size == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, size * 2);
            }
            buffer[size++] = (byte) b;
            if (size % 512 == 0) {
                Thread.yield();
            }
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(buffer, size);
        }
    }
}
