package dev.hive.monitor.sandbox;

import java.nio.charset.StandardCharsets;

/**
 * A bounded log of one output stream: keeps the first {@code headCapacity} bytes and the last {@code
 * tailCapacity} bytes, and counts what was dropped in between. Thread-safe.
 */
public final class OutputLog {
    /** Default head size: 64 KiB. */
    public static final int DEFAULT_HEAD = 64 * 1024;
    /** Default tail size: 256 KiB. */
    public static final int DEFAULT_TAIL = 256 * 1024;

    private final byte[] head;
    private final byte[] tail;
    private int headLength;
    /** Index of the oldest byte in the ring. */
    private int tailStart;

    private int tailLength;
    private long total;

    public OutputLog() {
        this(DEFAULT_HEAD, DEFAULT_TAIL);
    }

    public OutputLog(int headCapacity, int tailCapacity) {
        if (headCapacity < 0 || tailCapacity < 0) {
            throw new IllegalArgumentException("negative capacity");
        }
        this.head = new byte[headCapacity];
        this.tail = new byte[tailCapacity];
    }

    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    public synchronized void write(byte[] b, int off, int len) {
        total += len;
        int toHead = Math.min(len, head.length - headLength);
        if (toHead > 0) {
            System.arraycopy(b, off, head, headLength, toHead);
            headLength += toHead;
            off += toHead;
            len -= toHead;
        }
        if (len == 0 || tail.length == 0) {
            return;
        }
        if (len >= tail.length) {
            // Only the last tail.length bytes survive.
            System.arraycopy(b, off + len - tail.length, tail, 0, tail.length);
            tailStart = 0;
            tailLength = tail.length;
            return;
        }
        int writePos = (tailStart + tailLength) % tail.length;
        int first = Math.min(len, tail.length - writePos);
        System.arraycopy(b, off, tail, writePos, first);
        System.arraycopy(b, off + first, tail, 0, len - first);
        int newLength = tailLength + len;
        if (newLength > tail.length) {
            tailStart = (tailStart + newLength - tail.length) % tail.length;
            tailLength = tail.length;
        } else {
            tailLength = newLength;
        }
    }

    /** A consistent copy of the log. */
    public synchronized Snapshot snapshot() {
        byte[] h = new byte[headLength];
        System.arraycopy(head, 0, h, 0, headLength);
        byte[] t = new byte[tailLength];
        int first = Math.min(tailLength, tail.length - tailStart);
        System.arraycopy(tail, tailStart, t, 0, first);
        System.arraycopy(tail, 0, t, first, tailLength - first);
        return new Snapshot(h, t, total - headLength - tailLength, total);
    }

    /**
     * A copy of the log.
     *
     * @param head the first bytes
     * @param tail the last bytes (directly following {@code head} when {@code droppedBytes == 0})
     * @param droppedBytes bytes dropped between head and tail
     * @param totalBytes all bytes written
     */
    public record Snapshot(byte[] head, byte[] tail, long droppedBytes, long totalBytes) {
        /** The text (UTF-8, malformed input replaced), with a marker where bytes were dropped. */
        public String text() {
            String h = new String(head, StandardCharsets.UTF_8);
            String t = new String(tail, StandardCharsets.UTF_8);
            if (droppedBytes == 0) {
                return h + t;
            }
            return h + "\n[... " + droppedBytes + " bytes dropped ...]\n" + t;
        }

        /** A short excerpt: at most {@code maxChars} of the head and the tail each. */
        public String excerpt(int maxChars) {
            String h = new String(head, StandardCharsets.UTF_8);
            String t = new String(tail, StandardCharsets.UTF_8);
            long dropped = droppedBytes;
            if (h.length() > maxChars) {
                dropped += h.length() - maxChars;
                h = h.substring(0, maxChars);
            }
            if (t.length() > maxChars) {
                dropped += t.length() - maxChars;
                t = t.substring(t.length() - maxChars);
            }
            if (dropped == 0) {
                return h + t;
            }
            return h + "\n[... " + dropped + " dropped ...]\n" + t;
        }
    }
}
