/**
 * A small debug-probe library that speaks the GDB Remote Serial Protocol (RSP).
 *
 * <p>This package exists because Hive, the hardware-in-the-loop test rack, needs a real piece of
 * probe software to test: a library that connects to a debug stub (QEMU's gdbstub, a Black Magic
 * Probe, or anything else that speaks RSP), reads and writes target memory and registers, and
 * controls execution. It is the <em>example candidate</em>: the rack builds it, shades it into a
 * small runner JAR and runs it against virtual and real boards.
 *
 * <p>Entry point: {@link dev.hive.example.rsp.RspSession#open(String)} with an endpoint string such
 * as {@code unix:/run/hive/board.gdb}, {@code tcp:127.0.0.1:1234} or {@code
 * serial:/dev/ttyACM0@115200}.
 *
 * <pre>{@code
 * try (RspSession session = RspSession.open("unix:/tmp/board.gdb")) {
 *     long word = session.readU32(0x2000_0000L);
 *     session.writeU32(0x2000_0000L, word + 1);
 *     StopReply stop = session.step();
 * }
 * }</pre>
 *
 * <p>Layers, from the wire up:
 *
 * <ul>
 *   <li>{@link dev.hive.example.rsp.RspTransport}: a byte stream with read timeouts (Unix domain
 *       socket and TCP through the JDK's {@code SocketChannel}, serial ports through jSerialComm),
 *       opened from an {@link dev.hive.example.rsp.RspEndpoint} by {@link
 *       dev.hive.example.rsp.RspTransports}.
 *   <li>{@link dev.hive.example.rsp.RspPackets} and {@link dev.hive.example.rsp.RspFrameDecoder}:
 *       framing, checksums, binary escaping and run-length decoding. Pure functions, no I/O.
 *   <li>{@link dev.hive.example.rsp.RspSession}: acknowledgements and retries, the session
 *       handshake ({@code qSupported}, {@code target.xml}), memory, registers, run control,
 *       breakpoints, monitor commands, detach.
 * </ul>
 *
 * <p>Failures are {@link dev.hive.example.rsp.RspException}s. A test rack must tell "the target
 * stopped answering" ({@link dev.hive.example.rsp.RspTimeoutException}) apart from "the target is
 * gone" ({@link dev.hive.example.rsp.RspConnectionLostException}); the two never overlap.
 *
 * <p>Limits: all-stop mode only, little-endian targets only (ARM Cortex-M, RISC-V).
 */
package dev.hive.example.rsp;
