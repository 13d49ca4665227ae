package dev.hive.runner.api;

import java.io.IOException;
import java.time.Duration;

/**
 * The I/O of the testchannel a test runs on, besides the probe: the connected target's UART, and on racks
 * that have them, GPIO lines wired to the target. What the rack does not offer fails with an {@link
 * UnsupportedOperationException} that says so (for example "GPIO is not available on this rack").
 *
 * <p>The UART is connected to whichever target the channel is connected to; data the target sent before the
 * test started may still be waiting. Use one channel from one thread at a time.
 */
public interface TestChannel {

    /** The testchannel's number, from 0. */
    int index();

    /** Whether this channel has a UART; when it has none, the UART methods throw. */
    boolean hasUart();

    /**
     * Sends {@code data} to the target's UART.
     *
     * @throws UnsupportedOperationException when the channel has no UART
     * @throws IOException when the UART link fails
     */
    void writeUart(byte[] data) throws IOException;

    /**
     * Waits up to {@code timeout} for data from the target's UART and returns what arrived, at most {@code
     * maxBytes}; returns as soon as some data is there, and an empty array when none came in time.
     *
     * @throws UnsupportedOperationException when the channel has no UART
     * @throws IOException when the UART link fails
     */
    byte[] readUart(int maxBytes, Duration timeout) throws IOException;

    /**
     * Whether GPIO input {@code pin} (0, 1 or 2) reads high.
     *
     * @throws UnsupportedOperationException when the rack has no GPIO
     */
    boolean inputIsHigh(int pin);

    /**
     * Drives the channel's GPIO output high or low.
     *
     * @throws UnsupportedOperationException when the rack has no GPIO
     */
    void setOutput(boolean high);
}
