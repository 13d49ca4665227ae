package dev.hive.testprograms;

import java.util.Locale;

/**
 * The built-in testprogram's UART burst ({@code docs/testprogram.md}, "UART"): the host sends {@code burst N}, the
 * target answers {@code hive:burst=<N as 8 hex digits>}, then N raw pattern bytes, then {@code hive:sum=<8 hex
 * digits>}. A {@code UartBurst} checks the N bytes as they arrive, in pieces of any size: every byte against the
 * pattern, in order, and their sum against the target's.
 */
public final class UartBurst {

    /** The most bytes one burst may ask for ({@code HIVE_UART_BURST_MAX}). */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private final int size;
    private int received;
    private int sum;
    private int firstWrong = -1;
    private int wrongValue;

    public UartBurst(int size) {
        if (size < 1 || size > MAX_BYTES) {
            throw new IllegalArgumentException("a burst is 1 to " + MAX_BYTES + " bytes, not " + size);
        }
        this.size = size;
    }

    /** Byte {@code i} of every burst: the sum of the index's four bytes, modulo 256. */
    public static int patternByte(int i) {
        return (i + (i >>> 8) + (i >>> 16) + (i >>> 24)) & 0xff;
    }

    /** The line that asks for the burst, newline included. */
    public String command() {
        return "burst " + size + "\n";
    }

    /** The line the target answers first, without its newline. */
    public String header() {
        return "hive:burst=%08x".formatted(size);
    }

    /** The line the target answers after the bytes if none was lost or changed, without its newline. */
    public String expectedSumLine() {
        int s = 0;
        for (int i = 0; i < size; i++) {
            s += patternByte(i);
        }
        return "hive:sum=%08x".formatted(s);
    }

    /** Takes bytes that came after the header; answers how many of them belong to the burst (the rest follows it). */
    public int accept(byte[] bytes, int offset, int length) {
        int take = Math.min(length, size - received);
        for (int k = 0; k < take; k++) {
            int b = bytes[offset + k] & 0xff;
            if (firstWrong < 0 && b != patternByte(received)) {
                firstWrong = received;
                wrongValue = b;
            }
            sum += b;
            received++;
        }
        return take;
    }

    /** All N bytes have arrived. */
    public boolean complete() {
        return received == size;
    }

    public int received() {
        return received;
    }

    /** The sum line the bytes received so far make, without its newline. */
    public String sumLine() {
        return "hive:sum=%08x".formatted(sum);
    }

    /** Empty when every byte so far was the pattern's, else where the first wrong one was. */
    public String problem() {
        return firstWrong < 0
                ? ""
                : String.format(
                        Locale.ROOT,
                        "byte %d of the burst is 0x%02x, the pattern's is 0x%02x (a byte lost, doubled or changed)",
                        firstWrong,
                        wrongValue,
                        patternByte(firstWrong));
    }
}
