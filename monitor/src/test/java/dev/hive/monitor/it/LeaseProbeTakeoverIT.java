package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.monitor.task.RunnerLauncher;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lease's GDB stream on the virtual rack reaches the target's stub without the probe socket's relay (it takes the
 * probe over inside the monitor), and is still a client of the probe like any other: a client of the probe's socket
 * takes the probe over from it (the stream is closed), and the next stream takes it back.
 */
class LeaseProbeTakeoverIT {

    @TempDir
    static Path dir;

    static LiveMonitor live;

    @BeforeAll
    static void start() throws Exception {
        live = LiveMonitor.start(dir, LiveMonitor.RACK_FILE, "", RunnerLauncher.javaJar());
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void aLeasesGdbStreamAndAClientOfTheProbeSocketTakeTheProbeOverFromEachOther() throws Exception {
        JsonNode lease = live.post("/api/v1/leases", "{\"target\":\"lm3s6965evb\",\"minutes\":5}");
        long id = lease.path("id").asLong();
        int channel = live.monitor.leases().list(true).stream()
                .filter(l -> l.id() == id)
                .findFirst()
                .orElseThrow()
                .channel();
        String endpoint = live.monitor
                .rack()
                .backend()
                .rack()
                .channels()
                .get(channel)
                .probeInfo()
                .orElseThrow()
                .endpoint();

        LeaseRunIT.Frames first = new LeaseRunIT.Frames();
        stopReply(live.openLeaseStream(id, "gdb", first), first);

        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(endpoint.substring("unix:".length())));
            assertThat(first.closed.get(30, TimeUnit.SECONDS)).isEqualTo("1000 the probe closed the connection");
            probe.write(ByteBuffer.wrap("$?#3f".getBytes(StandardCharsets.US_ASCII)));
            assertThat(readUntilHash(probe))
                    .as("the stub answers the probe socket's client")
                    .contains("$");

            LeaseRunIT.Frames second = new LeaseRunIT.Frames();
            stopReply(live.openLeaseStream(id, "gdb", second), second);
            ByteBuffer rest = ByteBuffer.allocate(256);
            int n;
            while ((n = probe.read(rest.clear())) > 0) {
                // whatever was left of the stub's answers
            }
            assertThat(n).as("the probe socket's client was hung up").isEqualTo(-1);
        }
        live.send(live.request("/api/v1/leases/" + id).DELETE().build());
    }

    /** Asks the stub why the target stopped and expects its stop reply on {@code frames}. */
    static void stopReply(WebSocket ws, LeaseRunIT.Frames frames) throws Exception {
        ws.sendBinary(ByteBuffer.wrap("$?#3f".getBytes(StandardCharsets.US_ASCII)), true)
                .join();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!frames.text().contains("#") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(frames.text()).as("the stub's stop reply").containsPattern("\\$[ST][0-9a-f]{2}");
    }

    private static String readUntilHash(SocketChannel probe) throws Exception {
        StringBuilder text = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(256);
        while (!text.toString().matches("(?s).*#..")) {
            if (probe.read(buffer.clear()) < 0) {
                break;
            }
            buffer.flip();
            text.append(StandardCharsets.US_ASCII.decode(buffer));
        }
        return text.toString();
    }
}
