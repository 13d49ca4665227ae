package dev.hive.monitor.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.fleet.testing.NatsHub;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rack's doorbell against a real {@code nats-server}: a shard the front stores on the work queue for one of the
 * rack's targets, or pinned to the rack, wakes the rack; one for another target or pinned to another rack does not.
 */
class WorkDoorbellTest {

    private static final byte[] SHARD = "{}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aShardStoredForTheRacksTargetsOrPinnedToItRingsAndNoOtherDoes(@TempDir Path dir) throws Exception {
        try (NatsHub hub = NatsHub.start(dir.resolve("hub"));
                Connection front = Nats.connect(hub.url());
                Connection rack = Nats.connect(hub.url())) {
            HubResources.ensureStreams(front);
            var bell = new WorkDoorbell("rack-a");
            bell.listen(rack, List.of("lm3s6965evb", "sifive_e"));
            rack.flush(Duration.ofSeconds(30)); // the hub has the subscriptions

            bell.clear();
            front.jetStream().publish(HubResources.workSubject("netduinoplus2"), SHARD);
            front.jetStream().publish(HubResources.pinnedSubject("rack-b", "lm3s6965evb"), SHARD);
            assertThat(bell.await(Duration.ofMillis(500)))
                    .as("another target's shard, or one pinned to another rack")
                    .isFalse();

            front.jetStream().publish(HubResources.workSubject("sifive_e"), SHARD);
            assertThat(bell.await(Duration.ofSeconds(30)))
                    .as("a shard of its target")
                    .isTrue();

            assertThat(bell.clear()).isTrue();
            front.jetStream().publish(HubResources.pinnedSubject("rack-a", "lm3s6965evb"), SHARD);
            assertThat(bell.await(Duration.ofSeconds(30)))
                    .as("a shard pinned to it")
                    .isTrue();

            // a ring between the look at the work queue and the wait is not lost
            bell.clear();
            bell.ring();
            assertThat(bell.await(Duration.ofMillis(1))).isTrue();
        }
    }
}
