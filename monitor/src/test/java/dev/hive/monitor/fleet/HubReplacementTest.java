package dev.hive.monitor.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.fleet.testing.NatsHub;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the front tells a replaced hub from one that only went away, against a real {@code nats-server}: killed and
 * started again on its store (the same hub) or on an empty one (a replaced hub), before and after the front set the
 * streams up again.
 */
class HubReplacementTest {

    private static final String WHEN = "while the front was disconnected from it";

    @TempDir
    Path dir;

    @Test
    void aHubBackOnItsStoreIsTheSameAndAnEmptyOneIsToldByItsMissingStreamsOrTheirCreation() throws Exception {
        try (NatsHub hub = NatsHub.start(dir.resolve("hub"))) {
            HubReplacement.Known known;
            HubReplacement.Streams used;
            try (Connection c = Nats.connect(hub.url())) {
                HubResources.ensureStreams(c);
                publish(c, 2);
                known = new HubReplacement.Known(2, 2);
                used = HubReplacement.Streams.of(c);
                assertThat(HubReplacement.eventsGone(c, known, used, WHEN)).isEmpty();
            }

            hub.kill();
            hub.restartOnItsStore();
            try (Connection c = Nats.connect(hub.url())) {
                assertThat(HubReplacement.Streams.of(c)).as("the same streams").isEqualTo(used);
                assertThat(HubReplacement.eventsGone(c, known, used, WHEN)).isEmpty();
            }

            hub.kill();
            hub.restart();
            try (Connection c = Nats.connect(hub.url())) {
                assertThat(HubReplacement.eventsGone(c, known, used, WHEN))
                        .contains("the hub has no events stream (HIVE_EVENTS): the hub's store was replaced " + WHEN);

                HubResources.ensureStreams(c);
                assertThat(HubReplacement.eventsGone(c, known, null, WHEN)).hasValueSatisfying(why -> assertThat(why)
                        .startsWith("its events stream ends at message 0, before the run's event 2"));

                publish(c, 5); // a new hub that took more messages than the run's numbers
                assertThat(HubReplacement.eventsGone(c, known, null, WHEN))
                        .as("the numbers alone cannot tell")
                        .isEmpty();
                Optional<String> gone = HubReplacement.eventsGone(c, known, used, WHEN);
                assertThat(gone).hasValueSatisfying(why -> assertThat(why)
                        .startsWith("its events stream was created at ")
                        .endsWith(", not at " + used.events() + " as the one the run was on: the hub's store was"
                                + " replaced " + WHEN));
            }
        }
    }

    /** {@code n} shards on the work queue and {@code n} events of run k-1. */
    private static void publish(Connection c, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            c.jetStream()
                    .publish(HubResources.workSubject("lm3s6965evb"), ("shard " + i).getBytes(StandardCharsets.UTF_8));
            c.jetStream().publish(HubResources.eventsSubject("k-1"), ("event " + i).getBytes(StandardCharsets.UTF_8));
        }
    }
}
