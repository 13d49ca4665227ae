package dev.hive.example.rsp;

import java.time.Duration;

/**
 * Monitor commands ({@code qRcmd}, hex-encoded): the output arrives as {@code O} packets and/or a
 * final hex reply and is collected rather than passed to the console consumer. Called with the
 * session lock held.
 */
final class MonitorCommands {

    private final StubChannel channel;
    private final RspOptions options;

    MonitorCommands(StubChannel channel, RspOptions options) {
        this.channel = channel;
        this.options = options;
    }

    String run(String command) throws RspException {
        channel.requireHalted("monitor");
        channel.absorbPending();
        String request = "qRcmd," + RspPackets.hexEncodeText(command);
        Duration timeout = options.replyTimeout();
        long deadline = StubChannel.deadline(timeout);
        channel.send(request, deadline, timeout);
        StringBuilder output = new StringBuilder();
        while (true) {
            String reply = channel.receiveOrTimeout(request, deadline, timeout);
            if (reply.isEmpty()) {
                throw new RspUnsupportedException(request);
            }
            if ("OK".equals(reply)) {
                return output.toString();
            }
            if (StubChannel.isConsoleOutput(reply)) {
                output.append(RspPackets.hexDecodeText(reply.substring(1)));
                continue;
            }
            if (RspErrorReplyException.isErrorReply(reply)) {
                throw new RspErrorReplyException(request, reply);
            }
            if (StopReply.isStopReply(reply)) {
                channel.noteStop(reply, true);
                continue;
            }
            if (RspPackets.isHex(reply)) {
                output.append(RspPackets.hexDecodeText(reply));
                return output.toString();
            }
            throw new RspProtocolException(
                    "unexpected reply to monitor command '" + command + "': " + RspPackets.abbreviate(reply));
        }
    }
}
