package dev.hive.example.rsp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opening handshake of a session: {@code qSupported}, {@code QStartNoAckMode} if wanted and not
 * refused, {@code target.xml} with all its includes (QEMU answers {@code p}/{@code P} only after
 * this), {@code ?} for the initial stop reason and {@code vCont?}. Runs once, before the session is
 * handed out; see {@link RspSession} for why each step is there.
 */
final class Handshake {

    private static final Logger log = LoggerFactory.getLogger(RspSession.class);

    /** What the handshake learnt about the stub. */
    record Negotiated(StubFeatures features, TargetDescription target, Set<String> vContActions) {}

    private final StubChannel channel;
    private final RspOptions options;

    Handshake(StubChannel channel, RspOptions options) {
        this.channel = channel;
        this.options = options;
    }

    Negotiated run() throws RspException {
        StubFeatures features = StubFeatures.parse(channel.exchange(RspSession.QSUPPORTED, true));
        log.debug("{}: qSupported -> {}", channel.description(), features.raw());
        if (options.tryNoAckMode() && !features.refuses("QStartNoAckMode")) {
            requestNoAckMode();
        }
        TargetDescription target = TargetDescription.empty();
        if (features.supports("qXfer:features:read")) {
            int chunk = Math.max(256, features.packetSize() - 16);
            target = TargetDescriptionParser.parse("target.xml", annex -> readFeatureAnnex(annex, chunk));
            log.debug("{}: {}", channel.description(), target);
        }
        queryInitialStop();
        return new Negotiated(features, target, queryVContActions());
    }

    private void requestNoAckMode() throws RspException {
        String reply = channel.exchange("QStartNoAckMode", true);
        if ("OK".equals(reply)) {
            channel.setAckMode(false);
            log.debug("{}: no-ack mode on", channel.description());
        } else {
            log.debug("{}: QStartNoAckMode -> '{}', staying in ack mode", channel.description(), reply);
        }
    }

    private void queryInitialStop() throws RspException {
        String why = channel.exchange("?", false);
        if (StopReply.isStopReply(why)) {
            channel.noteStop(why, false);
        } else {
            log.debug("{}: '?' answered '{}', target state unknown", channel.description(), why);
        }
    }

    private Set<String> queryVContActions() throws RspException {
        String vcont = channel.exchange("vCont?", true);
        if (!vcont.startsWith("vCont")) {
            return Set.of();
        }
        Set<String> actions = new HashSet<>();
        for (String a : vcont.substring(5).split(";")) {
            if (!a.isEmpty()) {
                actions.add(a);
            }
        }
        return Set.copyOf(actions);
    }

    /** Reads one target-description annex with {@code qXfer:features:read}, {@code length} bytes a time. */
    private String readFeatureAnnex(String annex, int length) throws RspException {
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        int offset = 0;
        while (true) {
            String request = "qXfer:features:read:" + annex + ":" + Integer.toHexString(offset) + ","
                    + Integer.toHexString(length);
            String reply = channel.checked(request);
            char marker = reply.charAt(0);
            if (marker != 'm' && marker != 'l') {
                throw new RspProtocolException(
                        "unexpected reply to '" + request + "': " + RspPackets.abbreviate(reply));
            }
            byte[] data;
            try {
                data = RspPackets.unescape(reply.substring(1).getBytes(StandardCharsets.ISO_8859_1));
            } catch (IllegalArgumentException e) {
                throw new RspProtocolException("bad binary data in reply to '" + request + "'", e);
            }
            xml.writeBytes(data);
            offset += data.length;
            if (marker == 'l') {
                return xml.toString(StandardCharsets.UTF_8);
            }
            if (data.length == 0) {
                throw new RspProtocolException("stub sent an empty 'm' chunk for " + annex + " at offset " + offset);
            }
        }
    }
}
