package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.db.MutableClock;
import dev.hive.monitor.lease.LeaseEnd;
import dev.hive.monitor.metrics.PrometheusText;
import dev.hive.monitor.task.RunnerLauncher;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lease that ends by expiry, on a real monitor and virtual rack whose clock the test moves: the monitor's lease
 * clock ends it, closes its open GDB and UART streams with the reason, and reflashes its target.
 */
class LeaseExpiryIT {

    @TempDir
    static Path dir;

    static final MutableClock CLOCK = new MutableClock(Instant.now());
    static LiveMonitor live;

    @BeforeAll
    static void start() throws Exception {
        live = LiveMonitor.start(dir, LiveMonitor.RACK_FILE, "", RunnerLauncher.javaJar(), CLOCK);
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void anExpiredLeaseClosesItsGdbAndUartStreamsWithTheReasonAndReflashesItsTarget() throws Exception {
        long id = live.post("/api/v1/leases", "{\"target\":\"lm3s6965evb\",\"minutes\":5}")
                .path("id")
                .asLong();
        LeaseRunIT.Frames uart = new LeaseRunIT.Frames();
        live.openLeaseStream(id, "uart", uart)
                .sendBinary(ByteBuffer.wrap("uid?\n".getBytes(StandardCharsets.US_ASCII)), true)
                .join();
        awaitText(uart, "hive:uid=");
        LeaseRunIT.Frames gdb = new LeaseRunIT.Frames();
        live.openLeaseStream(id, "gdb", gdb)
                .sendBinary(ByteBuffer.wrap("$?#3f".getBytes(StandardCharsets.US_ASCII)), true)
                .join();
        awaitText(gdb, "#");
        assertThat(gdb.text()).as("the stub's stop reply").containsPattern("\\$[ST][0-9a-f]{2}");
        double flashes = flashes();

        CLOCK.advance(Duration.ofMinutes(5));

        assertThat(gdb.closed.get(30, TimeUnit.SECONDS)).isEqualTo("1000 the lease has ended (expired)");
        assertThat(uart.closed.get(30, TimeUnit.SECONDS)).isEqualTo("1000 the lease has ended (expired)");
        assertThat(live.monitor.leases().awaitRestored(Duration.ofSeconds(60))).isTrue();
        var ended = live.monitor.leases().list(true).stream()
                .filter(l -> l.id() == id)
                .findFirst()
                .orElseThrow();
        assertThat(ended.end()).contains(LeaseEnd.EXPIRED);
        assertThat(ended.endedBy()).contains("monitor");
        assertThat(flashes()).as("the target was reflashed").isGreaterThan(flashes);
    }

    private static void awaitText(LeaseRunIT.Frames frames, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!frames.text().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(frames.text()).contains(text);
    }

    private static double flashes() throws Exception {
        HttpResponse<String> scrape = live.send(
                HttpRequest.newBuilder(URI.create(live.base + "/metrics")).GET().build());
        assertThat(scrape.statusCode()).isEqualTo(200);
        return PrometheusText.parse(scrape.body()).sum("hive_flashes_total", Map.of());
    }
}
