package dev.hive.example.rsp;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings of an {@link RspSession}. Start from {@link #defaults()} and change what you need with
 * the {@code with...} methods; instances are immutable.
 *
 * @param connectTimeout how long a TCP connect may take
 * @param replyTimeout how long to wait for the acknowledgement plus reply of one packet (and for a
 *     step to finish)
 * @param haltTimeout how long to wait for the stop reply after an interrupt
 * @param maxRetries how many times a packet is re-sent after the stub answers {@code -}, and how many
 *     corrupt replies are asked for again, before giving up
 * @param resetCommand the monitor command that resets the target, sent hex-encoded in {@code qRcmd};
 *     {@code system_reset} for QEMU; other probes use other commands
 * @param tryNoAckMode whether to ask for {@code QStartNoAckMode} (unless the stub refuses it in
 *     {@code qSupported}); ack mode stays on if the stub does not answer {@code OK}
 * @param useBinaryWrite whether to probe {@code X} once and use it for memory writes if supported;
 *     otherwise {@code M} is used
 * @param maxReadChunk the largest {@code m} read in bytes; 0 derives it from the stub's packet size
 * @param maxWriteChunk the largest {@code M} write in bytes; 0 derives it from the stub's packet size
 * @param breakpointKind the {@code kind} of software breakpoints; 0 picks it per architecture (2 on
 *     Cortex-M, 2 or 4 on RISC-V depending on the instruction at the address)
 * @param consoleOutput receives text the stub sends in {@code O} packets outside monitor commands
 *     (may be {@code null})
 */
public record RspOptions(
        Duration connectTimeout,
        Duration replyTimeout,
        Duration haltTimeout,
        int maxRetries,
        String resetCommand,
        boolean tryNoAckMode,
        boolean useBinaryWrite,
        int maxReadChunk,
        int maxWriteChunk,
        int breakpointKind,
        Consumer<String> consoleOutput) {

    /** The reset command of QEMU's monitor. */
    public static final String QEMU_RESET = "system_reset";

    public RspOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(replyTimeout, "replyTimeout");
        Objects.requireNonNull(haltTimeout, "haltTimeout");
        Objects.requireNonNull(resetCommand, "resetCommand");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(replyTimeout, "replyTimeout");
        requirePositive(haltTimeout, "haltTimeout");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        if (maxReadChunk < 0 || maxWriteChunk < 0 || breakpointKind < 0) {
            throw new IllegalArgumentException("chunk sizes and breakpoint kind must not be negative");
        }
    }

    private static void requirePositive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /**
     * Defaults: connect 5 s, reply 2 s, halt 2 s, 3 retries, {@code system_reset}, try no-ack mode,
     * probe {@code X}, chunk sizes and breakpoint kind automatic, no console consumer.
     */
    public static RspOptions defaults() {
        return new RspOptions(
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                3,
                QEMU_RESET,
                true,
                true,
                0,
                0,
                0,
                null);
    }

    public RspOptions withConnectTimeout(Duration value) {
        return new RspOptions(
                value,
                replyTimeout,
                haltTimeout,
                maxRetries,
                resetCommand,
                tryNoAckMode,
                useBinaryWrite,
                maxReadChunk,
                maxWriteChunk,
                breakpointKind,
                consoleOutput);
    }

    public RspOptions withReplyTimeout(Duration value) {
        return new RspOptions(
                connectTimeout,
                value,
                haltTimeout,
                maxRetries,
                resetCommand,
                tryNoAckMode,
                useBinaryWrite,
                maxReadChunk,
                maxWriteChunk,
                breakpointKind,
                consoleOutput);
    }

    public RspOptions withHaltTimeout(Duration value) {
        return new RspOptions(
                connectTimeout,
                replyTimeout,
                value,
                maxRetries,
                resetCommand,
                tryNoAckMode,
                useBinaryWrite,
                maxReadChunk,
                maxWriteChunk,
                breakpointKind,
                consoleOutput);
    }

    public RspOptions withMaxRetries(int value) {
        return new RspOptions(
                connectTimeout,
                replyTimeout,
                haltTimeout,
                value,
                resetCommand,
                tryNoAckMode,
                useBinaryWrite,
                maxReadChunk,
                maxWriteChunk,
                breakpointKind,
                consoleOutput);
    }

    public RspOptions withResetCommand(String value) {
        return new RspOptions(
                connectTimeout,
                replyTimeout,
                haltTimeout,
                maxRetries,
                value,
                tryNoAckMode,
                useBinaryWrite,
                maxReadChunk,
                maxWriteChunk,
                breakpointKind,
                consoleOutput);
    }

    public RspOptions withTryNoAckMode(boolean value) {
        return new RspOptions(
                connectTimeout,
                replyTimeout,
                haltTimeout,
                maxRetries,
                resetCommand,
                value,
                useBinaryWrite,
                maxReadChunk,
                maxWriteChunk,
                breakpointKind,
                consoleOutput);
    }

    public RspOptions withUseBinaryWrite(boolean value) {
        return new RspOptions(
                connectTimeout,
                replyTimeout,
                haltTimeout,
                maxRetries,
                resetCommand,
                tryNoAckMode,
                value,
                maxReadChunk,
                maxWriteChunk,
                breakpointKind,
                consoleOutput);
    }

    public RspOptions withMaxReadChunk(int value) {
        return new RspOptions(
                connectTimeout,
                replyTimeout,
                haltTimeout,
                maxRetries,
                resetCommand,
                tryNoAckMode,
                useBinaryWrite,
                value,
                maxWriteChunk,
                breakpointKind,
                consoleOutput);
    }

    public RspOptions withMaxWriteChunk(int value) {
        return new RspOptions(
                connectTimeout,
                replyTimeout,
                haltTimeout,
                maxRetries,
                resetCommand,
                tryNoAckMode,
                useBinaryWrite,
                maxReadChunk,
                value,
                breakpointKind,
                consoleOutput);
    }

    public RspOptions withBreakpointKind(int value) {
        return new RspOptions(
                connectTimeout,
                replyTimeout,
                haltTimeout,
                maxRetries,
                resetCommand,
                tryNoAckMode,
                useBinaryWrite,
                maxReadChunk,
                maxWriteChunk,
                value,
                consoleOutput);
    }

    public RspOptions withConsoleOutput(Consumer<String> value) {
        return new RspOptions(
                connectTimeout,
                replyTimeout,
                haltTimeout,
                maxRetries,
                resetCommand,
                tryNoAckMode,
                useBinaryWrite,
                maxReadChunk,
                maxWriteChunk,
                breakpointKind,
                value);
    }
}
