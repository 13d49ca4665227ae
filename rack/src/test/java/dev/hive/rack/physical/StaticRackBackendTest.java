package dev.hive.rack.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.rack.backend.RackException;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.RackFile;
import dev.hive.rack.config.StaticRackConfig;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.ProbeKind;
import dev.hive.rack.model.Rack;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetHealth;
import dev.hive.rack.model.Testchannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The static backend with only the USB layer replaced: descriptor data goes through the real identification,
 * matching, serial-port lookup and external flasher with real processes.
 */
@EnabledOnOs(OS.LINUX)
class StaticRackBackendTest {

    private static final TargetCatalog CATALOG = TargetCatalog.builtin();
    private static final String ST_SERIAL = "0670FF3632524B3043205426";
    private static final String J_SERIAL = "000260111111";
    private static final SlotAddress SLOT_0 = new SlotAddress(0, 0);
    private static final SlotAddress SLOT_1 = new SlotAddress(1, 0);

    @TempDir
    Path dir;

    private final AtomicReference<List<UsbDescriptor>> attached = new AtomicReference<>(List.of());
    private StaticRackBackend backend;

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void theRackShowsTheProbesFoundAndSaysWhichOneIsAbsent() {
        attached.set(List.of(UsbFixtures.stLinkV21(ST_SERIAL, 2), UsbFixtures.keyboard()));
        backend = backend(flashCommand("true"), "");

        Rack rack = backend.rack();

        assertThat(rack.name()).isEqualTo("bench");
        assertThat(rack.channels()).hasSize(2);
        Testchannel first = rack.channels().get(0);
        assertThat(first.probe().kind()).isEqualTo(ProbeKind.ST_LINK_V2_1);
        assertThat(first.probe().serial()).isEqualTo(ST_SERIAL);
        assertThat(first.probe().endpoint()).isEqualTo("usb:1-2");
        assertThat(rack.channels().get(1).probe()).isNull();
        assertThat(rack.stacks()).hasSize(2);
        assertThat(rack.slot(SLOT_1).orElseThrow().target().name()).isEqualTo("STM32G031K8");
        assertThat(backend.notes())
                .containsExactly("channel 1 (STM32G031K8): SEGGER J-Link with serial " + J_SERIAL
                        + " is not connected; found only other probes: ST-Link/V2-1 0483:374b serial " + ST_SERIAL
                        + " at usb:1-2");
    }

    @Test
    void flashRunsTheToolForPresentProbesAndMarksAbsentOnesWithoutRunningIt() throws Exception {
        attached.set(List.of(UsbFixtures.stLinkV21(ST_SERIAL, 2)));
        Path calls = dir.resolve("calls.log");
        Path tool = TestScripts.script(dir, "flash", "echo \"$*\" >> '" + calls + "'; echo \"flashed $1 via $2\"");
        backend = backend(flashCommand(tool + "\", \"{chip}\", \"{probeSerial}\", \"{elf}"), "");
        Path elf = TestScripts.image(dir, "testprogram.elf");

        Map<SlotAddress, FlashStatus> result = backend.flash(Map.of(SLOT_0, elf, SLOT_1, elf));

        assertThat(result.get(SLOT_0).outcome()).isEqualTo(FlashStatus.Outcome.OK);
        assertThat(result.get(SLOT_0).toolOutput()).isEqualTo("flashed STM32F401RE via " + ST_SERIAL + "\n");
        assertThat(result.get(SLOT_1).outcome()).isEqualTo(FlashStatus.Outcome.ERROR);
        assertThat(result.get(SLOT_1).message())
                .startsWith("not flashed: the probe of channel 1 is absent: SEGGER J-Link with serial " + J_SERIAL);
        assertThat(Files.readAllLines(calls)).containsExactly("STM32F401RE " + ST_SERIAL + " " + elf);
        assertThat(backend.flashStatus(SLOT_0)).isEqualTo(result.get(SLOT_0));
        assertThat(backend.flashStatus(SLOT_1)).isEqualTo(result.get(SLOT_1));
    }

    @Test
    void targetsAreFlashedInParallel() {
        attached.set(List.of(UsbFixtures.stLinkV21(ST_SERIAL, 2), UsbFixtures.jLink(J_SERIAL, 1)));
        // Each run waits until the other one has started; run one after the other, the first would give up.
        Path tool = TestScripts.script(
                dir,
                "flash-together",
                "touch '" + dir + "'/started-$1\n"
                        + "for i in $(seq 1 100); do\n"
                        + "  [ $(ls '" + dir + "' | grep -c '^started-') -ge 2 ] && exit 0\n"
                        + "  sleep 0.1\n"
                        + "done\n"
                        + "echo 'the other flash never started'; exit 1");
        backend = backend(flashCommand(tool + "\", \"{probeSerial}\", \"{elf}"), "");
        Path elf = TestScripts.image(dir, "testprogram.elf");

        Map<SlotAddress, FlashStatus> result = backend.flash(Map.of(SLOT_0, elf, SLOT_1, elf));

        assertThat(result.values()).extracting(FlashStatus::outcome).containsOnly(FlashStatus.Outcome.OK);
    }

    @Test
    void unknownSlotsAreRefusedBeforeAnythingIsFlashed() {
        backend = backend(flashCommand("true"), "");
        Path elf = TestScripts.image(dir, "testprogram.elf");

        assertThatThrownBy(() -> backend.flash(Map.of(SLOT_0, elf, new SlotAddress(0, 1), elf)))
                .isInstanceOf(RackException.class)
                .hasMessage("slot 0/1 does not exist: this static rack has the slots 0/0 to 1/0, one per channel");
        assertThat(backend.flashStatus(SLOT_0).outcome()).isEqualTo(FlashStatus.Outcome.NOT_FLASHED);
    }

    @Test
    void aChannelConnectsOnlyToTheTargetWiredToIt() {
        attached.set(List.of(UsbFixtures.stLinkV21(ST_SERIAL, 2)));
        backend = backend(flashCommand("true"), "");

        backend.connect(0, SLOT_0);

        assertThat(backend.connection(0)).contains(SLOT_0);
        assertThatThrownBy(() -> backend.connect(0, SLOT_1))
                .isInstanceOf(RackException.class)
                .hasMessage("channel 0 cannot reach slot 1/0 (STM32G031K8): a static rack has no bus switch, and"
                        + " channel 0 is wired to STM32F401RE in slot 0/0 only");
        assertThatThrownBy(() -> backend.connect(2, SLOT_0))
                .isInstanceOf(RackException.class)
                .hasMessage("channel 2 does not exist: this rack has the channels 0 to 1");
        backend.disconnect(0);
        assertThat(backend.connection(0)).isEmpty();
    }

    @Test
    void aChannelWhoseProbeIsAbsentCannotConnect() {
        attached.set(List.of(UsbFixtures.stLinkV21(ST_SERIAL, 2)));
        backend = backend(flashCommand("true"), "");

        assertThatThrownBy(() -> backend.connect(1, SLOT_1))
                .isInstanceOf(RackException.class)
                .hasMessageStartingWith("cannot connect channel 1 to STM32G031K8 in slot 1/0: the probe of channel 1"
                        + " is absent: SEGGER J-Link with serial " + J_SERIAL + " is not connected");
        assertThat(backend.connection(1)).isEmpty();
    }

    @Test
    void healthFollowsTheProbeBeingPluggedInAndOut() {
        backend = backend(flashCommand("true"), "");

        assertThat(backend.health(SLOT_0)).isEqualTo(TargetHealth.LOST);
        attached.set(List.of(UsbFixtures.stLinkV21(ST_SERIAL, 2)));
        assertThat(backend.health(SLOT_0)).isEqualTo(TargetHealth.READY);
        assertThat(backend.health(SLOT_1)).isEqualTo(TargetHealth.LOST);
        backend.connect(0, SLOT_0);
        attached.set(List.of());
        assertThat(backend.health(SLOT_0)).isEqualTo(TargetHealth.LOST);
        assertThat(backend.rack().channels().get(0).probe()).isNull();
    }

    @Test
    void aProbeThatVanishesIsReportedAsATargetLost() {
        backend = backend(flashCommand("true"), "");
        var lost = new java.util.concurrent.CopyOnWriteArrayList<String>();
        backend.addListener((slot, reason) -> lost.add(slot + " " + reason));
        attached.set(List.of(UsbFixtures.stLinkV21(ST_SERIAL, 2)));
        assertThat(backend.health(SLOT_0)).isEqualTo(TargetHealth.READY);
        assertThat(lost).isEmpty();

        attached.set(List.of());
        assertThat(backend.health(SLOT_0)).isEqualTo(TargetHealth.LOST);
        assertThat(lost).singleElement().asString().startsWith("0/0 the probe vanished: ");
    }

    @Test
    void resetRunsTheConfiguredCommandAndReportsItsFailure() throws Exception {
        attached.set(List.of(UsbFixtures.stLinkV21(ST_SERIAL, 2), UsbFixtures.jLink(J_SERIAL, 1)));
        Path calls = dir.resolve("resets.log");
        Path tool = TestScripts.script(
                dir,
                "reset",
                "echo \"$*\" >> '" + calls + "'\n[ \"$2\" = STM32G031K8 ] && { echo 'target not halted'; exit 3; }\n"
                        + "exit 0");
        backend = backend(flashCommand("true"), "resetCommand: ['" + tool + "', '{probeSerial}', '{chip}']");

        backend.reset(SLOT_0);

        assertThat(Files.readAllLines(calls)).containsExactly(ST_SERIAL + " STM32F401RE");
        assertThatThrownBy(() -> backend.reset(SLOT_1))
                .isInstanceOf(RackException.class)
                .hasMessageContaining("resetting STM32G031K8 failed: " + tool + " exited with code 3")
                .hasMessageEndingWith("its output:\ntarget not halted");
    }

    @Test
    void withoutResetCommandOrSwitchablePowerTheRackSaysSo() {
        attached.set(List.of(UsbFixtures.stLinkV21(ST_SERIAL, 2)));
        backend = backend(flashCommand("true"), "");

        assertThatThrownBy(() -> backend.reset(SLOT_0))
                .isInstanceOf(RackException.class)
                .hasMessage("cannot reset STM32F401RE in slot 0/0: this rack has no reset command (add"
                        + " flasher.resetCommand to the rack file)");
        assertThatThrownBy(() -> backend.power(SLOT_0, false))
                .isInstanceOf(RackException.class)
                .hasMessage("cannot power STM32F401RE in slot 0/0 off: a static rack has no switchable power");
    }

    @Test
    void anAbsentUartIsReportedNotInvented() {
        attached.set(List.of(UsbFixtures.stLinkV21(ST_SERIAL, 2)));
        Path uart = Files.exists(Path.of("/dev/null")) ? Path.of("/dev/null") : dir;
        backend = backend(flashCommand("true"), "", uart.toString(), "/dev/hive-no-such-tty");

        Rack rack = backend.rack();

        assertThat(rack.channels().get(0).uart()).contains("serial:" + uart);
        assertThat(rack.channels().get(1).uart()).isEmpty();
        assertThat(backend.notes()).contains("channel 1 (STM32G031K8): the UART /dev/hive-no-such-tty is not present");
    }

    @Test
    void closingStopsARunningFlashAndTheToolWithIt() throws Exception {
        attached.set(List.of(UsbFixtures.stLinkV21(ST_SERIAL, 2)));
        Path pid = dir.resolve("tool.pid");
        Path tool = TestScripts.script(dir, "flash-slow", "echo $$ > '" + pid + "'\nexec sleep 600");
        backend = backend(flashCommand(tool + "\", \"{elf}"), "");
        Path elf = TestScripts.image(dir, "testprogram.elf");

        var flashing = CompletableFuture.supplyAsync(() -> backend.flash(Map.of(SLOT_0, elf)));
        long toolPid = Long.parseLong(TestScripts.awaitLine(pid, Duration.ofSeconds(10)));
        backend.close();
        Map<SlotAddress, FlashStatus> result = flashing.get(20, TimeUnit.SECONDS);

        assertThat(result.get(SLOT_0).outcome()).isEqualTo(FlashStatus.Outcome.ERROR);
        assertThat(result.get(SLOT_0).message()).contains("was cancelled").contains("the rack is closing");
        assertThat(TestScripts.isRunning(toolPid)).isFalse();
        assertThatThrownBy(() -> backend.rack())
                .isInstanceOf(RackException.class)
                .hasMessage("the static rack 'bench' is closed");
    }

    private static String flashCommand(String program) {
        return "command: [\"" + program + "\"]";
    }

    private StaticRackBackend backend(String command, String reset) {
        return backend(command, reset, null, null);
    }

    /** Two channels: an ST-Link on a Nucleo-F401RE and a J-Link on an STM32G031, as a rack file says. */
    private StaticRackBackend backend(String command, String reset, String uart0, String uart1) {
        String yaml =
                """
                name: bench
                backend: static
                channels:
                  - probe: {kind: st-link-v2-1, vendorId: "0483", productId: "374b", serial: "%s"}
                    target: STM32F401RE
                    %s
                  - probe: {kind: J_LINK, serial: "%s"}
                    target: STM32G031K8
                    %s
                flasher:
                  %s
                  timeoutSeconds: 30
                  %s
                """
                        .formatted(
                                ST_SERIAL,
                                uart0 == null ? "" : "uart: " + uart0,
                                J_SERIAL,
                                uart1 == null ? "" : "uart: " + uart1,
                                command.contains("{elf}") ? command : command.replace("]", ", \"{elf}\"]"),
                                reset);
        var config = (StaticRackConfig) new RackFile(CATALOG).parse(yaml, "test rack");
        var discovery = new UsbProbeDiscovery(() -> new UsbScanner.Scan(attached.get(), List.of()), new SerialPorts());
        var flasher =
                new ExternalFlasher(config.flasher(), CATALOG, new ExternalTool(64 * 1024, Duration.ofMillis(500)));
        return new StaticRackBackend(config, discovery, flasher);
    }
}
