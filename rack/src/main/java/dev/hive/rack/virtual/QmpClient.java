package dev.hive.rack.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** A blocking client of QEMU's machine protocol (QMP) on a Unix socket. One command at a time. */
final class QmpClient implements AutoCloseable {

    private final ObjectMapper json = new ObjectMapper();
    private final SocketChannel channel;
    private final BufferedReader in;
    private final Writer out;

    private QmpClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newWriter(channel, StandardCharsets.UTF_8);
    }

    /** Connects, reads the greeting and leaves capabilities negotiation mode. */
    static QmpClient connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            var client = new QmpClient(channel);
            JsonNode greeting = client.readMessage();
            if (!greeting.has("QMP")) {
                throw new IOException("QMP socket " + socket + " sent no greeting: " + greeting);
            }
            client.execute("qmp_capabilities", Map.of());
            return client;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Runs {@code command} and returns its {@code return} value; a QMP error becomes an IOException. */
    synchronized JsonNode execute(String command, Map<String, ?> arguments) throws IOException {
        ObjectNode request = json.createObjectNode().put("execute", command);
        if (!arguments.isEmpty()) {
            request.set("arguments", json.valueToTree(arguments));
        }
        out.write(json.writeValueAsString(request));
        out.write('\n');
        out.flush();
        while (true) {
            JsonNode reply = readMessage();
            if (reply.has("return")) {
                return reply.get("return");
            }
            if (reply.has("error")) {
                throw new IOException("QMP " + command + " failed: "
                        + reply.get("error").path("desc").asText());
            }
            // an asynchronous event (RESET, STOP, ...): not the answer, keep reading
        }
    }

    /** The VM's run state, e.g. {@code running}, {@code paused} or {@code prelaunch}. */
    String status() throws IOException {
        return execute("query-status", Map.of()).path("status").asText();
    }

    /**
     * Reads a 32-bit word of guest physical memory through the human monitor's {@code xp}, which QMP has no
     * command of its own for. Works while the VM runs.
     */
    long readPhysicalU32(long address) throws IOException {
        String line = "xp /1wx 0x" + Long.toHexString(address);
        String answer = execute("human-monitor-command", Map.of("command-line", line))
                .asText()
                .strip();
        int colon = answer.lastIndexOf(':');
        int hex = answer.indexOf("0x", colon + 1);
        if (colon < 0 || hex < 0) {
            throw new IOException("QEMU answered " + line + " with: " + answer);
        }
        try {
            return Long.parseLong(answer.substring(hex + 2).strip(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("QEMU answered " + line + " with: " + answer, e);
        }
    }

    private JsonNode readMessage() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("QMP connection closed by QEMU");
        }
        return json.readTree(line);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket QEMU may already have closed
        }
    }
}
