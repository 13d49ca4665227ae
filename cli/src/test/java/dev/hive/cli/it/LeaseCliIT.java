package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases end to end: a real monitor process with its virtual rack (QEMU), the built CLI, and a real
 * {@code gdb-multiarch}, through {@code hive lease}, {@code hive gdb} and {@code hive console}.
 */
class LeaseCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static MonitorProcess monitor;
    private static HiveProcess alice;
    private static HiveProcess bob;

    @BeforeAll
    static void startMonitor() throws Exception {
        monitor = MonitorProcess.start(dir.resolve("monitor"), List.of("alice", "bob"));
        alice = HiveProcess.against(monitor, "alice", dir.resolve("alice"));
        bob = HiveProcess.against(monitor, "bob", dir.resolve("bob"));
    }

    @AfterAll
    static void stopMonitor() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
    }

    /** The testprogram ELF the monitor built for the Cortex-M3 board (for GDB's symbols). */
    private static Path armElf() throws IOException {
        try (Stream<Path> files = Files.walk(monitor.dir.resolve("data"))) {
            return files.filter(p -> p.toString().endsWith(".elf"))
                    .filter(p -> p.toString().contains("m3") || p.toString().contains("arm"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no Arm testprogram ELF under " + monitor.dir));
        }
    }

    @Test
    void gdbThroughHiveGdbReadsHiveUidAndStopsAtHiveTick() throws Exception {
        HiveProcess.Running gdbServer = alice.start("gdb", "lm3s6965evb", "--minutes", "5");
        try {
            String port = HiveGdb.awaitOutput(gdbServer, HiveGdb.TARGET_LINE);
            String output = HiveGdb.readUidAndStopAtTick(port, armElf(), "detach");
            assertThat(output)
                    .containsPattern("\\$1 = 0x[0-9a-f]{9,16}")
                    .contains("Breakpoint 1, ")
                    .contains("hive_tick");

            // the UID GDB read is the one the target's UART answers
            Matcher uid = Pattern.compile("\\$1 = 0x([0-9a-f]+)").matcher(output);
            assertThat(uid.find()).isTrue();
            long id = HiveGdb.leaseId(gdbServer.outSoFar());
            HiveProcess.Running console = alice.start("console", Long.toString(id));
            console.process().getOutputStream().write("uid?\n".getBytes(StandardCharsets.US_ASCII));
            console.process().getOutputStream().flush();
            String answered = HiveGdb.awaitOutput(console, Pattern.compile("hive:uid=([0-9a-f]{16})"));
            assertThat(Long.parseUnsignedLong(answered, 16)).isEqualTo(Long.parseUnsignedLong(uid.group(1), 16));

            // another user cannot reach this lease's GDB stream
            HiveProcess.Result other = bob.run("gdb", "--pipe", Long.toString(id));
            assertThat(other.exitCode()).as(other.all()).isEqualTo(2);
            assertThat(other.err()).contains("lease " + id + " is not yours (it is token:alice's)");

            // releasing the lease closes the console's stream, from the monitor
            HiveProcess.Result released = alice.run("lease", "release", Long.toString(id));
            assertThat(released.out()).as(released.all()).contains("(released by token:alice)");
            HiveProcess.Result consoleEnd = console.await();
            assertThat(consoleEnd.exitCode()).as(consoleEnd.all()).isZero();
            assertThat(consoleEnd.err()).contains("the UART stream closed: the lease has ended (released)");
        } finally {
            gdbServer.process().destroy();
            gdbServer.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void badLeaseRequestsAreRefusedClearly() throws Exception {
        HiveProcess.Result unknown = alice.run("lease", "nrf52");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no target named 'nrf52' on this rack");

        HiveProcess.Result tooLong = alice.run("lease", "sifive_e", "--minutes", "100000");
        assertThat(tooLong.exitCode()).isEqualTo(2);
        assertThat(tooLong.err()).contains("minutes must be from 1 to");

        HiveProcess.Result granted = alice.run("lease", "sifive_e", "--minutes", "3", "--reason", "it");
        assertThat(granted.exitCode()).as(granted.all()).isZero();
        long id = HiveGdb.leaseId(granted.out());
        try {
            HiveProcess.Result taken = bob.run("lease", "sifive_e");
            assertThat(taken.exitCode()).isEqualTo(2);
            assertThat(taken.err()).contains("is leased (lease " + id + " by token:alice");
            HiveProcess.Result notYours = bob.run("lease", "extend", Long.toString(id));
            assertThat(notYours.err()).contains("is not yours");
            HiveProcess.Result pastCap = alice.run("lease", "extend", Long.toString(id), "--minutes", "100000");
            assertThat(pastCap.err()).contains("minutes must be from 1 to");
            HiveProcess.Result list = bob.run("lease", "list");
            assertThat(list.out()).contains("lease " + id + ": sifive_e").contains("token:alice");

            // a stream ticket is single use, and a stream without one is refused
            HttpClient http = HttpClient.newHttpClient();
            String token = monitor.token("bob");
            JsonNode ticket = JSON.readTree(http.send(
                            HttpRequest.newBuilder(URI.create(monitor.url() + "/api/v1/leases/" + id + "/tickets"))
                                    .header("Authorization", "Bearer " + token)
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":\"uart\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            String path = ticket.path("path").asText();
            assertThat(path).contains("ticket=");
            WebSocket first = open(http, token, path);
            first.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
            assertThat(refusal(http, token, path)).isEqualTo(401);
            assertThat(refusal(http, token, "/api/v1/leases/" + id + "/streams/uart"))
                    .isEqualTo(401);
        } finally {
            alice.run("lease", "release", Long.toString(id));
        }
    }

    private static WebSocket open(HttpClient http, String token, String path) {
        return http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(monitor.url().replace("http", "ws") + path), new WebSocket.Listener() {})
                .join();
    }

    private static int refusal(HttpClient http, String token, String path) {
        try {
            open(http, token, path);
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }
}
