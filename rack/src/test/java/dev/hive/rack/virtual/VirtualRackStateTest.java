package dev.hive.rack.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.VirtualRackConfig;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetHealth;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The state reads (health, flash status) never wait for a flash: a flash holds its board's lock while QEMU
 * restarts (seconds on a loaded machine), and the fleet's inventory read through the lock went without a
 * refresh for longer than its TTL (docs/fleet.md).
 */
class VirtualRackStateTest {

    private static final SlotAddress BOARD = new SlotAddress(0, 0);

    @Test
    void healthAndFlashStatusAnswerWhileAFlashHoldsTheBoardsLock() throws Exception {
        var config = (VirtualRackConfig) new RackFile(TargetCatalog.builtin())
                .parse(
                        """
                        name: one
                        backend: virtual
                        channels: 1
                        stacks: [{name: a, targets: [lm3s6965evb]}]
                        """,
                        "one");
        try (var rack = VirtualRackBackend.start(config)) {
            QemuTarget board = rack.target(BOARD);
            CompletableFuture<TargetHealth> health;
            CompletableFuture<FlashStatus> flash;
            synchronized (board) { // what QemuTarget.flash holds from the old QEMU's stop to the new one's start
                health = CompletableFuture.supplyAsync(() -> rack.health(BOARD));
                flash = CompletableFuture.supplyAsync(() -> rack.flashStatus(BOARD));
                // awaited while the lock is still held: before the fix both waited for the lock, and so here
                assertThat(health.get(10, TimeUnit.SECONDS)).isEqualTo(TargetHealth.READY);
                assertThat(flash.get(10, TimeUnit.SECONDS)).isEqualTo(FlashStatus.notFlashed());
                assertThat(Thread.holdsLock(board)).isTrue();
            }
        }
    }
}
