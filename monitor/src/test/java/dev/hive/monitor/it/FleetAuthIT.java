package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.config.FleetConfig;
import dev.hive.monitor.fleet.FleetLink;
import dev.hive.monitor.fleet.FleetStatus;
import dev.hive.protocol.fleet.testing.NatsHub;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub with a user and password (given in the server URL): the right ones connect and the password shows
 * nowhere in the status; a wrong one keeps the link trying, with the hub's refusal as the reason.
 */
class FleetAuthIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static NatsHub hub;
    private static final List<FleetLink> LINKS = new ArrayList<>();

    @BeforeAll
    static void startHub() throws Exception {
        hub = NatsHub.start(dir.resolve("hub"), List.of("--user", "rack-a", "--pass", "s3cret-pw"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (FleetLink link : LINKS) {
            link.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void theRightPasswordConnectsAndIsNotShown() throws Exception {
        FleetLink link = link("rack-a:s3cret-pw");
        FleetStatus status = await(link, s -> s.state() == FleetStatus.State.CONNECTED);
        assertThat(status.state()).as("%s", status).isEqualTo(FleetStatus.State.CONNECTED);
        assertThat(status.toString()).doesNotContain("s3cret-pw");
        assertThat(status.server()).contains("nats://127.0.0.1:" + hub.port());
    }

    @Test
    void aWrongPasswordIsRefusedWithTheHubsReason() throws Exception {
        FleetLink link = link("rack-a:wrong");
        FleetStatus status = await(link, s -> s.lastError().isPresent());
        assertThat(status.lastError()).as("%s", status).hasValueSatisfying(e -> assertThat(e)
                .containsIgnoringCase("authorization"));
        assertThat(status.state()).isEqualTo(FleetStatus.State.CONNECTING);
        assertThat(link.connection()).isEmpty();
    }

    private static FleetLink link(String userInfo) {
        var config = new FleetConfig(
                true,
                List.of(URI.create("nats://" + userInfo + "@127.0.0.1:" + hub.port())),
                Optional.empty(),
                Optional.of("auth-it"),
                "lab-it",
                Optional.empty(),
                Duration.ofSeconds(15));
        var link = new FleetLink(config, "auth-it", Clock.systemUTC());
        LINKS.add(link);
        link.start();
        return link;
    }

    private static FleetStatus await(FleetLink link, Predicate<FleetStatus> done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        FleetStatus status = link.status();
        while (!done.test(status) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = link.status();
        }
        return status;
    }
}
