package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.monitor.task.RunnerLauncher;
import dev.hive.protocol.events.LogLine;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch run submitted during a lease, against a real monitor and virtual rack (two boards on two stacks, two
 * channels): the run uses the other target on the other channel only, says which ones a lease holds and until when,
 * and the lease's target is left as the lease had it.
 */
class LeaseRunIT {

    static final String RACK =
            """
            name: lease-run-it
            backend: virtual
            channels: 2
            stacks:
              - name: stack-a
                targets: [lm3s6965evb]
              - name: stack-b
                targets: [sifive_e]
            """;

    @TempDir
    static Path dir;

    static LiveMonitor live;

    @BeforeAll
    static void start() throws Exception {
        live = LiveMonitor.start(dir, RACK, "", RunnerLauncher.javaJar());
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void aRunDuringALeaseLeavesOutExactlyTheLeasedTargetAndChannelAndSaysUntilWhen() throws Exception {
        JsonNode lease = live.post("/api/v1/leases", "{\"target\":\"sifive_e\",\"probe\":1,\"minutes\":10}");
        String until = lease.path("expiresAt").asText();
        String leasedProbe =
                live.monitor.rack().backend().rack().channels().get(1).probe().identifier();

        var stream = live.run(LiveMonitor.exampleRunner(), null, Duration.ofMinutes(3));
        RunEnded ended = stream.awaitEnded(Duration.ZERO);

        assertThat(ended.state()).as("run error: %s", ended.error()).isEqualTo("finished");
        Set<String> cells = stream.all(TestFinished.class).stream()
                .map(f -> f.result().cell().target() + " @ " + f.result().cell().probe())
                .collect(Collectors.toSet());
        assertThat(cells)
                .as("only the free target on the free channel")
                .isNotEmpty()
                .allMatch(c -> c.startsWith("lm3s6965evb @ ") && !c.endsWith(" @ " + leasedProbe));
        assertThat(stream.all(LogLine.class).stream().map(LogLine::message))
                .anyMatch(m -> m.equals("target sifive_e (1/0) is left out of this run: leased (lease "
                        + lease.path("id").asLong() + " by token:it) until " + until))
                .anyMatch(m -> m.startsWith("channel 1 (probe " + leasedProbe + ") is left out of this run"));
        // the run did not take the leased target's bus: the lease's channel is still connected to it
        assertThat(live.monitor.rack().backend().connection(1)).contains(new dev.hive.rack.model.SlotAddress(1, 0));

        HttpResponse<String> released = live.http.send(
                live.request("/api/v1/leases/" + lease.path("id").asLong())
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(released.statusCode()).isEqualTo(200);
        assertThat(live.monitor.leases().awaitRestored(Duration.ofSeconds(60))).isTrue();
        assertThat(live.monitor.rack().backend().connection(1)).isEmpty();
        // the run holds the rack until its RESTORING reflash is done (after its end reached the client); the other
        // tests lease between runs
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (live.monitor.leases().runHoldingRack().isPresent()) {
            assertThat(System.nanoTime()).as("the run released the rack").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Collects a stream's binary frames and its close. */
    static final class Frames implements java.net.http.WebSocket.Listener {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        final java.util.concurrent.CompletableFuture<String> closed = new java.util.concurrent.CompletableFuture<>();

        @Override
        public java.util.concurrent.CompletionStage<?> onBinary(
                java.net.http.WebSocket ws, java.nio.ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            synchronized (bytes) {
                bytes.writeBytes(b);
            }
            ws.request(1);
            return null;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int status, String reason) {
            closed.complete(status + " " + reason);
            return null;
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static void awaitText(Frames frames, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!frames.text().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void anAdminEndingALeaseClosesItsGdbAndUartStreamsFromTheMonitor() throws Exception {
        long id = live.post("/api/v1/leases", "{\"target\":\"lm3s6965evb\",\"minutes\":10}")
                .path("id")
                .asLong();
        // the UART answers through the tunnel (before GDB attaches: QEMU's stub halts the core for its client)
        Frames uart = new Frames();
        var uartSocket = live.openLeaseStream(id, "uart", uart);
        uartSocket
                .sendBinary(
                        java.nio.ByteBuffer.wrap("uid?\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), true)
                .join();
        awaitText(uart, "hive:uid=");
        assertThat(uart.text()).containsPattern("hive:uid=[0-9a-f]{16}");
        // and so does the GDB stub
        Frames gdb = new Frames();
        var gdbSocket = live.openLeaseStream(id, "gdb", gdb);
        gdbSocket
                .sendBinary(
                        java.nio.ByteBuffer.wrap("$?#3f".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), true)
                .join();
        awaitText(gdb, "#");
        assertThat(gdb.text()).as("the stub's stop reply").containsPattern("\\$[ST][0-9a-f]{2}");

        var ended = live.monitor.leases().release(id, dev.hive.monitor.lease.Holder.user("root", true));

        assertThat(ended.end()).contains(dev.hive.monitor.lease.LeaseEnd.ADMIN);
        assertThat(gdb.closed.get(30, java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo("1000 the lease has ended (admin)");
        assertThat(uart.closed.get(30, java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo("1000 the lease has ended (admin)");
        assertThat(live.monitor.leases().awaitRestored(Duration.ofSeconds(60))).isTrue();
    }

    @Test
    void onlyAnAdminEndsSomeoneElsesLeaseOverGraphQL() throws Exception {
        long id = live.post("/api/v1/leases", "{\"target\":\"sifive_e\",\"minutes\":10}")
                .path("id")
                .asLong();
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            var graphQL = new dev.hive.monitor.web.graphql.HiveGraphQL(
                    live.monitor.graphQLDependencies(),
                    new dev.hive.monitor.web.Executors(vertx),
                    live.monitor.leases());
            String end = "mutation { endLease(id: \"" + id + "\") { id open end endedBy } }";
            var maintainer = graphQL.execute(
                    end,
                    java.util.Map.of(),
                    dev.hive.monitor.web.graphql.Viewer.of(new dev.hive.monitor.auth.Session(
                            2,
                            "mo",
                            dev.hive.monitor.auth.Role.MAINTAINER,
                            java.time.Instant.now().plusSeconds(600))));
            assertThat(maintainer.getErrors()).isNotEmpty();
            assertThat(maintainer.getErrors().get(0).getMessage()).contains("ADMIN");
            assertThat(live.monitor.leases().heldLease(id)).isPresent();

            var admin = graphQL.execute(
                    end,
                    java.util.Map.of(),
                    dev.hive.monitor.web.graphql.Viewer.of(new dev.hive.monitor.auth.Session(
                            1,
                            "root",
                            dev.hive.monitor.auth.Role.ADMIN,
                            java.time.Instant.now().plusSeconds(600))));
            assertThat(admin.getErrors()).isEmpty();
            assertThat(admin.getData().toString()).contains("open=false", "end=admin", "endedBy=user:root");
            var listed = graphQL.execute(
                    "{ leases(all: true) { id holder end } }",
                    java.util.Map.of(),
                    dev.hive.monitor.web.graphql.Viewer.of(new dev.hive.monitor.auth.Session(
                            2,
                            "mo",
                            dev.hive.monitor.auth.Role.MAINTAINER,
                            java.time.Instant.now().plusSeconds(600))));
            assertThat(listed.getErrors()).isEmpty();
            assertThat(listed.getData().toString()).contains("id=" + id + ", holder=token:it, end=admin");
            assertThat(live.monitor.leases().awaitRestored(Duration.ofSeconds(60)))
                    .isTrue();
        } finally {
            vertx.close();
        }
    }
}
