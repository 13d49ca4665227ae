package dev.hive.example.rsp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packet layer: sends packets and waits for their acknowledgement (re-sending on {@code -}),
 * receives packets and acknowledges them, and turns transport failures into {@link
 * RspTimeoutException} and {@link RspConnectionLostException}.
 *
 * <p>Packets that arrive while an acknowledgement is awaited are acknowledged and kept in an inbox,
 * in order; {@link #receive} returns them first. Not thread-safe: {@link RspSession} serialises
 * access.
 */
final class PacketConnection {

    private static final Logger log = LoggerFactory.getLogger(PacketConnection.class);
    private static final byte[] ACK = {'+'};
    private static final byte[] NAK = {'-'};

    private final RspTransport transport;
    private final int maxRetries;
    private final RspFrameDecoder decoder = new RspFrameDecoder();
    private final Deque<RspFrame> frames = new ArrayDeque<>();
    private final Deque<String> inbox = new ArrayDeque<>();
    private final byte[] buffer = new byte[8192];
    private boolean ackMode = true;
    private volatile boolean closed;
    private long resends;
    private long rejectedReplies;

    PacketConnection(RspTransport transport, int maxRetries) {
        this.transport = transport;
        this.maxRetries = maxRetries;
    }

    String description() {
        return transport.description();
    }

    boolean ackMode() {
        return ackMode;
    }

    void setAckMode(boolean ackMode) {
        this.ackMode = ackMode;
    }

    /** How many packets were re-sent because the stub answered {@code -}. */
    long resends() {
        return resends;
    }

    /** How many received packets had a bad checksum and were answered with {@code -}. */
    long rejectedReplies() {
        return rejectedReplies;
    }

    /**
     * Sends a packet and, in ack mode, waits for its {@code +}.
     *
     * @param label how to name the packet in exceptions
     * @param timeout the overall timeout, for messages
     */
    void send(byte[] payload, String label, long deadline, Duration timeout) throws RspException {
        byte[] framed = RspPackets.frame(payload);
        if (log.isTraceEnabled()) {
            log.trace(
                    "{} -> {}",
                    transport.description(),
                    RspPackets.abbreviate(new String(framed, StandardCharsets.ISO_8859_1)));
        }
        write(framed, label);
        if (!ackMode) {
            return;
        }
        int naks = 0;
        while (true) {
            RspFrame frame = nextFrame(deadline, label);
            if (frame == null) {
                throw new RspTimeoutException(
                        "no acknowledgement for '" + RspPackets.abbreviate(label) + "' within " + timeout.toMillis()
                                + " ms from " + transport.description(),
                        label,
                        timeout);
            }
            switch (frame.kind()) {
                case ACK:
                    return;
                case NAK:
                    if (++naks > maxRetries) {
                        throw new RspProtocolException("stub rejected '" + RspPackets.abbreviate(label) + "' " + naks
                                + " times (checksum errors on the line?)");
                    }
                    resends++;
                    log.debug(
                            "{}: stub answered '-', re-sending '{}' (attempt {})",
                            transport.description(),
                            RspPackets.abbreviate(label),
                            naks + 1);
                    write(framed, label);
                    break;
                case PACKET:
                    // A packet before the ack: typically an unsolicited stop reply. Keep it.
                    acceptPacket(frame, label);
                    break;
                default:
                    log.debug(
                            "{}: ignoring {} while waiting for the ack of '{}'",
                            transport.description(),
                            frame,
                            RspPackets.abbreviate(label));
            }
        }
    }

    /** Writes raw bytes that are not a packet (the 0x03 interrupt). */
    void sendRaw(byte[] bytes, String label) throws RspException {
        log.trace("{} -> {}", transport.description(), label);
        write(bytes, label);
    }

    /**
     * Returns the next packet payload, acknowledging it. Corrupt packets are answered with {@code -}
     * (ack mode) and waited for again.
     *
     * @return the payload, or {@code null} on timeout
     */
    String receive(long deadline, String label) throws RspException {
        if (!inbox.isEmpty()) {
            return inbox.poll();
        }
        int rejected = 0;
        while (true) {
            RspFrame frame = nextFrame(deadline, label);
            if (frame == null) {
                return null;
            }
            if (frame.kind() != RspFrame.Kind.PACKET) {
                if (frame.kind() == RspFrame.Kind.NAK) {
                    log.debug("{}: stray '-' while waiting for a reply to '{}'", transport.description(), label);
                }
                continue;
            }
            if (!frame.checksumValid()) {
                rejectedReplies++;
                if (!ackMode) {
                    throw new RspProtocolException("corrupt packet from " + transport.description()
                            + " in no-ack mode while waiting for the reply to '" + RspPackets.abbreviate(label) + "'");
                }
                if (++rejected > maxRetries) {
                    throw new RspProtocolException("received " + rejected + " corrupt packets in a row from "
                            + transport.description() + " while waiting for the reply to '"
                            + RspPackets.abbreviate(label) + "'");
                }
                log.debug("{}: bad checksum on {}, answering '-'", transport.description(), frame);
                write(NAK, label);
                continue;
            }
            String payload = frame.payloadText();
            log.trace("{} <- ${}", transport.description(), RspPackets.abbreviate(payload));
            if (ackMode) {
                acknowledge(label);
            }
            return payload;
        }
    }

    /** Returns everything that has already arrived, without waiting; packets are acknowledged. */
    List<String> drain(String label) throws RspException {
        List<String> out = new ArrayList<>(inbox);
        inbox.clear();
        while (true) {
            String p = receive(System.nanoTime(), label);
            if (p == null) {
                return out;
            }
            out.add(p);
        }
    }

    private void acceptPacket(RspFrame frame, String label) throws RspException {
        if (!frame.checksumValid()) {
            rejectedReplies++;
            if (ackMode) {
                write(NAK, label);
            }
            return;
        }
        String payload = frame.payloadText();
        log.trace("{} <- ${} (before ack)", transport.description(), RspPackets.abbreviate(payload));
        inbox.add(payload);
        if (ackMode) {
            acknowledge(label);
        }
    }

    /**
     * Sends {@code +}. If that fails, the packet in hand is still delivered: a stub that exits sends
     * a last packet (QEMU sends {@code W00} when it terminates) and closes before our ack arrives.
     * The next read reports the lost connection.
     */
    private void acknowledge(String label) {
        try {
            transport.write(ACK);
        } catch (IOException e) {
            log.debug(
                    "{}: could not acknowledge a packet while waiting for '{}': {}",
                    transport.description(),
                    RspPackets.abbreviate(label),
                    e.toString());
        }
    }

    /** The next frame, or {@code null} once the deadline has passed. */
    private RspFrame nextFrame(long deadline, String label) throws RspException {
        while (frames.isEmpty()) {
            long remainingNanos = deadline - System.nanoTime();
            long millis = remainingNanos <= 0 ? 0 : Math.max(1, (remainingNanos + 999_999) / 1_000_000);
            int n;
            try {
                n = transport.read(buffer, millis);
            } catch (IOException e) {
                throw lost("reading the reply to '" + RspPackets.abbreviate(label) + "'", e);
            }
            if (n < 0) {
                throw new RspConnectionLostException(transport.description() + " closed the connection while "
                        + (label.startsWith("(")
                                ? "checking for pending input"
                                : "waiting for the reply to '" + RspPackets.abbreviate(label) + "'"));
            }
            if (n > 0) {
                frames.addAll(decoder.feed(buffer, 0, n));
            } else if (remainingNanos <= 0 || deadline - System.nanoTime() <= 0) {
                return null;
            }
        }
        return frames.poll();
    }

    private void write(byte[] data, String label) throws RspException {
        try {
            transport.write(data);
        } catch (IOException e) {
            throw lost("sending '" + RspPackets.abbreviate(label) + "'", e);
        }
    }

    private RspConnectionLostException lost(String what, IOException e) {
        String why = closed ? "the session was closed" : String.valueOf(e.getMessage());
        return new RspConnectionLostException(
                "connection to " + transport.description() + " lost while " + what + ": " + why, e);
    }

    void close() {
        closed = true;
        try {
            transport.close();
        } catch (IOException e) {
            log.debug("closing {}: {}", transport.description(), e.toString());
        }
    }
}
