package dev.hive.rack.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.rack.backend.RackException;
import dev.hive.rack.backend.StackBusyException;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetHealth;
import dev.hive.rack.model.TargetSlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualRackBackendTest {

    private static final SlotAddress STM32 = new SlotAddress(0, 0);
    private static final SlotAddress NETDUINO = new SlotAddress(0, 1);
    private static final SlotAddress MPS2_AN500 = new SlotAddress(1, 1);
    private static final SlotAddress SIFIVE = new SlotAddress(2, 1);

    @TempDir
    static Path work;

    static VirtualRackFixture fixture;

    @BeforeAll
    static void startRack() {
        fixture = new VirtualRackFixture(work);
    }

    @AfterAll
    static void stopRack() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @AfterEach
    void disconnectAll() {
        for (int c = 0; c < 4; c++) {
            fixture.rack.disconnect(c);
        }
    }

    @Test
    void everyTargetIsFlashedAndRunning() {
        List<TargetSlot> known = fixture.rack.rack().knownSlots();
        assertThat(known).hasSize(7);
        for (TargetSlot slot : known) {
            assertThat(fixture.rack.health(slot.address())).isEqualTo(TargetHealth.READY);
            assertThat(fixture.rack.flashStatus(slot.address()).isOk()).isTrue();
            assertThat(fixture.rack.runState(slot.address()))
                    .as(slot.target().name())
                    .isEqualTo("running");
        }
        assertThat(fixture.rack.rack().channels())
                .hasSize(4)
                .allSatisfy(c -> assertThat(c.probe().endpoint()).startsWith("unix:"));
    }

    @Test
    void aConnectedProbeReachesTheTargetAndADisconnectedOneAnswersNothing() throws Exception {
        fixture.rack.connect(1, STM32);
        try (var link = new RawGdbLink(fixture.probe(1))) {
            assertThat(link.request("?", 2000))
                    .hasValueSatisfying(reply -> assertThat(reply).startsWith("T"));
            long header = fixture.symbol(STM32, "hive_header");
            assertThat(link.request("m%x,4".formatted(header), 2000)).contains("00eeffc0");

            fixture.rack.disconnect(1);
            assertThat(link.request("?", 300)).isEmpty();

            fixture.rack.connect(1, NETDUINO);
            assertThat(link.request("?", 2000)).isPresent();
            assertThat(link.request("m%x,4".formatted(fixture.symbol(NETDUINO, "hive_header")), 2000))
                    .contains("00eeffc0");
        }
        assertThat(fixture.rack.connection(1)).contains(NETDUINO);
    }

    @Test
    void aSecondChannelAskingForABusyStackIsRefused() {
        fixture.rack.connect(0, STM32);
        assertThatThrownBy(() -> fixture.rack.connect(2, NETDUINO))
                .isInstanceOf(StackBusyException.class)
                .hasMessage("channel 2 cannot connect to stack 0 (stack-a): it is connected to channel 0");
        assertThat(fixture.rack.connection(2)).isEmpty();

        fixture.rack.connect(2, MPS2_AN500);
        assertThat(fixture.rack.connection(2)).contains(MPS2_AN500);
        fixture.rack.connect(0, NETDUINO);
        assertThat(fixture.rack.connection(0)).contains(NETDUINO);
    }

    @Test
    void aKilledQemuIsReportedLostAndTheNextConnectBringsItBack() throws Exception {
        var lost = new java.util.concurrent.CopyOnWriteArrayList<String>();
        fixture.rack.addListener((slot, reason) -> lost.add(slot + " " + reason));
        fixture.rack.connect(3, SIFIVE);
        long pid = fixture.rack.processId(SIFIVE).orElseThrow();
        try (var link = new RawGdbLink(fixture.probe(3))) {
            assertThat(link.request("?", 2000)).isPresent();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            awaitTrue(() -> fixture.rack.health(SIFIVE) == TargetHealth.LOST);
            awaitTrue(link::closedByPeer);
        }
        awaitTrue(() -> !lost.isEmpty());
        assertThat(lost).singleElement().asString().startsWith("2/1 QEMU exited with status");
        assertThatThrownBy(() -> fixture.rack.reset(SIFIVE)).hasMessageContaining("is lost");

        fixture.rack.connect(3, SIFIVE);
        assertThat(fixture.rack.health(SIFIVE)).isEqualTo(TargetHealth.READY);
        assertThat(fixture.rack.processId(SIFIVE)).isPresent().isNotEqualTo(java.util.Optional.of(pid));
        try (var link = new RawGdbLink(fixture.probe(3))) {
            assertThat(link.request("m%x,4".formatted(fixture.symbol(SIFIVE, "hive_header")), 2000))
                    .contains("00eeffc0");
        }
        fixture.rack.disconnect(3);
        assertStartedWhenHandedOver(3, SIFIVE);
    }

    @Test
    void aFlashReturnsOnceTheProgramHasStarted() throws Exception {
        for (SlotAddress slot : List.of(STM32, SIFIVE)) {
            Path elf = fixture.flashed.image(slot).elf();
            assertThat(fixture.rack.flash(Map.of(slot, elf)).get(slot).isOk()).isTrue();
            assertStartedWhenHandedOver(0, slot);
            fixture.rack.disconnect(0);
        }
    }

    /**
     * Connects a probe the moment the rack hands {@code slot} over: attaching halts the core, and what it halts
     * must be a started program, its {@code .data} copied and its timer ticking, however late QEMU scheduled it.
     */
    private static void assertStartedWhenHandedOver(int channel, SlotAddress slot) throws Exception {
        fixture.rack.connect(channel, slot);
        try (var link = new RawGdbLink(fixture.probe(channel))) {
            assertThat(link.request("m%x,4".formatted(fixture.symbol(slot, "hive_data_word")), 2000))
                    .as("hive_data_word, copied to RAM by the start-up code")
                    .contains("0df0a5a5");
            assertThat(link.request("m%x,4".formatted(fixture.symbol(slot, "hive_counter")), 2000))
                    .as("hive_counter")
                    .hasValueSatisfying(counter -> assertThat(counter).isNotEqualTo("00000000"));
        }
    }

    @Test
    void gdbMultiarchReadsHiveUidBySymbolThroughAVirtualProbe() throws Exception {
        fixture.rack.connect(2, MPS2_AN500);
        Path elf = fixture.build
                .imageFor(fixture.rack.catalogTarget(MPS2_AN500))
                .orElseThrow()
                .elf();
        Process gdb = new ProcessBuilder(
                        "gdb-multiarch",
                        "-q",
                        "-batch",
                        "-nx",
                        "-ex",
                        "target remote " + fixture.probe(2),
                        "-ex",
                        "print/x hive_uid",
                        "-ex",
                        "detach",
                        elf.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(gdb.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(gdb.getInputStream().readAllBytes());
        assertThat(output).contains("= 0x" + Long.toHexString(fixture.build.uid()));
    }

    @Test
    void resetAndPowerWork() throws Exception {
        fixture.rack.power(MPS2_AN500, false);
        assertThat(fixture.rack.health(MPS2_AN500)).isEqualTo(TargetHealth.POWERED_OFF);
        assertThat(fixture.rack.runState(MPS2_AN500)).isNotEqualTo("running");
        fixture.rack.power(MPS2_AN500, true);
        assertThat(fixture.rack.runState(MPS2_AN500)).isEqualTo("running");
        fixture.rack.reset(MPS2_AN500);
        assertThat(fixture.rack.runState(MPS2_AN500)).isEqualTo("running");
    }

    @Test
    void badRequestsGetClearErrors() {
        assertThatThrownBy(() -> fixture.rack.connect(7, STM32)).hasMessageContaining("there is no channel 7");
        assertThatThrownBy(() -> fixture.rack.connect(0, new SlotAddress(1, 2))).hasMessage("slot 1/2 is empty");
        assertThatThrownBy(() -> fixture.rack.connect(0, new SlotAddress(5, 0)))
                .hasMessageContaining("there is no slot 5/0");
        fixture.rack.connect(0, STM32);
        assertThatThrownBy(() -> fixture.rack.flash(Map.of(STM32, work.resolve("x.elf"))))
                .isInstanceOf(RackException.class)
                .hasMessageContaining("connected to channel 0");
        fixture.rack.disconnect(0);
        assertThat(fixture.rack
                        .flash(Map.of(STM32, work.resolve("missing.elf")))
                        .get(STM32)
                        .message())
                .contains("does not exist");
    }

    static void awaitTrue(Check check) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!check.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    @Test
    void runDirectoryHoldsOnlyOurSockets() throws Exception {
        try (var files = Files.list(fixture.rack.runDirectory())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .contains("probe-0.sock", "uart-3.sock", "target-0-0.gdb", "target-2-1.qmp");
        }
    }
}
