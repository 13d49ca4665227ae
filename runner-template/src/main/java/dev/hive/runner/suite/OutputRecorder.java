package dev.hive.runner.suite;

import dev.hive.protocol.run.ReportEntry;
import dev.hive.protocol.run.TestOutput;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one test says while it runs: the bytes it prints on each stream and the entries it publishes through
 * {@code TestReporter}, each bounded (see {@link TestOutput}). Written by the test's threads, read once when its
 * result is made; after that it is closed and takes nothing more. Thread-safe.
 */
final class OutputRecorder {

    /** Bytes kept of a stream that overflowed, leaving room for the marker. */
    static final int KEPT_BYTES_WHEN_CUT = TestOutput.MAX_STREAM_CHARS - 64;

    private final Charset charset;
    private final Stream stdout = new Stream();
    private final Stream stderr = new Stream();
    private final List<ReportEntry> reports = new ArrayList<>();
    private int droppedReports;
    private boolean closed;

    OutputRecorder(Charset charset) {
        this.charset = charset;
    }

    /** Whether the recorder still takes output; a thread of an ended test prints elsewhere. */
    synchronized boolean open() {
        return !closed;
    }

    /** Records bytes printed on standard output ({@code err} false) or standard error; false once closed. */
    synchronized boolean write(boolean err, byte[] bytes, int offset, int length) {
        if (closed) {
            return false;
        }
        (err ? stderr : stdout).write(bytes, offset, length);
        return true;
    }

    /** Records the key-value pairs of one {@code TestReporter} entry. */
    synchronized void publish(Map<String, String> pairs) {
        if (closed) {
            return;
        }
        pairs.forEach((key, value) -> {
            if (reports.size() < TestOutput.MAX_REPORT_ENTRIES) {
                reports.add(new ReportEntry(
                        cut(key, TestOutput.MAX_KEY_CHARS),
                        cut(value == null ? "" : value, TestOutput.MAX_VALUE_CHARS)));
            } else {
                droppedReports++;
            }
        });
    }

    /** Closes the recorder and returns what it recorded. */
    synchronized TestOutput finish() {
        closed = true;
        List<ReportEntry> entries = new ArrayList<>(reports);
        if (droppedReports > 0) {
            entries.set(
                    entries.size() - 1, new ReportEntry("hive.reports.dropped", Integer.toString(droppedReports + 1)));
        }
        return new TestOutput(stdout.text(charset), stderr.text(charset), entries);
    }

    private static String cut(String text, int max) {
        if (text.isEmpty()) {
            return "?";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** The first bytes of one stream and how many there were in all. */
    private static final class Stream {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long total;

        void write(byte[] bytes, int offset, int length) {
            int room = TestOutput.MAX_STREAM_CHARS - kept.size();
            if (room > 0) {
                kept.write(bytes, offset, Math.min(room, length));
            }
            total += length;
        }

        String text(Charset charset) {
            byte[] bytes = kept.toByteArray();
            if (total <= TestOutput.MAX_STREAM_CHARS) {
                return new String(bytes, charset);
            }
            String head = new String(bytes, 0, KEPT_BYTES_WHEN_CUT, charset);
            return head + "\n… (" + (total - KEPT_BYTES_WHEN_CUT) + " more bytes dropped)";
        }
    }
}
